/// The state of one check as the check engine graded it.
public enum CheckState: Hashable, Sendable {
    case passed
    case failed
    /// Not graded yet, or nothing relevant happened so far.
    case pending

    /// The mark shown before the check: `✓`, `✗` or `·`.
    public var mark: Character {
        switch self {
        case .passed: "✓"
        case .failed: "✗"
        case .pending: "·"
        }
    }
}

/// One check of the current step, already in the learner's language.
public struct CheckView: Hashable, Sendable {
    public var state: CheckState
    public var title: String
    /// Why the check has its state, such as `not seen yet`; empty for none.
    public var reason: String

    public init(state: CheckState, title: String, reason: String = "") {
        self.state = state
        self.title = title
        self.reason = reason
    }
}

/// What the lesson pane shows for the current step, already in the learner's language.
public struct LessonView: Hashable, Sendable {
    /// The lesson's name, such as `Lesson 9`.
    public var lessonTitle: String
    /// The step's number in the handout, such as `2.4`.
    public var stepNumber: String
    public var stepTitle: String
    /// The step's one-based position and the number of steps, for `(7/12)`.
    public var stepIndex: Int
    public var stepCount: Int
    /// The step's text, one paragraph or command a line; long lines are wrapped.
    public var text: [String]
    public var checks: [CheckView]
    /// The hint shown below the checks; empty until the learner asks for one.
    public var hint: [String]

    public init(
        lessonTitle: String = "", stepNumber: String = "", stepTitle: String = "",
        stepIndex: Int = 0, stepCount: Int = 0, text: [String] = [],
        checks: [CheckView] = [], hint: [String] = []
    ) {
        self.lessonTitle = lessonTitle
        self.stepNumber = stepNumber
        self.stepTitle = stepTitle
        self.stepIndex = stepIndex
        self.stepCount = stepCount
        self.text = text
        self.checks = checks
        self.hint = hint
    }

    /// The step's position, such as `2.4 (7/12)`, or just the number when the count is unknown.
    public var position: String {
        guard stepCount > 0 else {
            return stepNumber
        }
        return "\(stepNumber) (\(stepIndex)/\(stepCount))"
    }
}

/// A server the status bar lists, such as `SMTP:2525`.
public struct ServerPort: Hashable, Sendable {
    public var name: String
    public var port: Int
    /// A server that is stopped is shown dimmed.
    public var running: Bool

    public init(name: String, port: Int, running: Bool = true) {
        self.name = name
        self.port = port
        self.running = running
    }
}

/// The right-hand side of the status bar.
public struct StatusView: Hashable, Sendable {
    public var servers: [ServerPort]

    public init(servers: [ServerPort] = []) {
        self.servers = servers
    }
}
