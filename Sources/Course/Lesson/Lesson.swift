/// A lesson as loaded from `Lessons/<id>/`: its metadata, its steps with their texts and
/// reference solutions, its checks and its report questions.
public struct Lesson: Equatable, Sendable {
    /// The folder name and the `id` of `lesson.json`, for example `lesson09`.
    public var id: String
    /// The lesson's number in the course, for example 9.
    public var number: Int
    public var title: LocalizedText
    /// The steps in the order the learner works through them.
    public var steps: [LessonStep]
    /// The checks in `checks.json` order.
    public var checks: [CheckDefinition]
    public var reportQuestions: [ReportQuestion]

    public init(
        id: String, number: Int, title: LocalizedText, steps: [LessonStep],
        checks: [CheckDefinition], reportQuestions: [ReportQuestion]
    ) {
        self.id = id
        self.number = number
        self.title = title
        self.steps = steps
        self.checks = checks
        self.reportQuestions = reportQuestions
    }

    public func step(id: String) -> LessonStep? {
        steps.first { $0.id == id }
    }

    public func check(id: String) -> CheckDefinition? {
        checks.first { $0.id == id }
    }

    /// The step after `id`, or nil when `id` is the last step or not a step of this lesson.
    public func step(after id: String) -> LessonStep? {
        guard let index = steps.firstIndex(where: { $0.id == id }), index + 1 < steps.count
        else { return nil }
        return steps[index + 1]
    }
}

/// One step of a lesson, such as `2.3`.
public struct LessonStep: Equatable, Sendable {
    /// `<part>.<number>`, for example `2.3`; also the base name of its text and solution files.
    public var id: String
    public var part: Int
    public var title: LocalizedText
    /// The ids of the checks that grade this step, in display order.
    public var checkIDs: [String]
    /// The step's text from `steps/<id>.ja.md`; nil when that file is missing.
    public var textJa: String?
    /// The step's text from `steps/<id>.en.md`; nil when that file is missing.
    public var textEn: String?
    /// The reference solution from `solutions/<id>.txt`; nil when that file is missing.
    public var solution: SolutionScript?

    public init(
        id: String, part: Int, title: LocalizedText, checkIDs: [String], textJa: String? = nil,
        textEn: String? = nil, solution: SolutionScript? = nil
    ) {
        self.id = id
        self.part = part
        self.title = title
        self.checkIDs = checkIDs
        self.textJa = textJa
        self.textEn = textEn
        self.solution = solution
    }

    /// The step's text in `language`, or nil when its file is missing.
    public func text(_ language: Language) -> String? {
        switch language {
        case .ja: textJa
        case .en: textEn
        }
    }
}

/// A question the learner answers in the report ("look this up" items).
public struct ReportQuestion: Equatable, Sendable, Codable {
    public var id: String
    public var text: LocalizedText

    public init(id: String, text: LocalizedText) {
        self.id = id
        self.text = text
    }
}

/// One automatic check from `checks.json`.
public struct CheckDefinition: Equatable, Sendable {
    public var id: String
    /// The kind as written in the file; `CheckKind(rawValue:)` tells whether the engine knows it.
    public var kind: String
    /// Kind-specific settings, such as `mechanism` for `smtp.auth_by_hand`.
    public var parameters: [String: String]
    public var title: LocalizedText
    public var hint: LocalizedText

    public init(
        id: String, kind: String, parameters: [String: String] = [:], title: LocalizedText,
        hint: LocalizedText
    ) {
        self.id = id
        self.kind = kind
        self.parameters = parameters
        self.title = title
        self.hint = hint
    }
}

/// The check kinds the engine evaluates.
public enum CheckKind: String, Sendable, CaseIterable {
    /// An SMTP EHLO reply that advertised AUTH was seen, on any connection.
    case smtpEHLOAuth = "smtp.ehlo_auth"
    /// A successful SMTP AUTH with `mechanism`, typed by hand in a lab shell's telnet.
    case smtpAuthByHand = "smtp.auth_by_hand"
    /// A successful IMAP AUTHENTICATE with `mechanism`, typed by hand.
    case imapAuthByHand = "imap.auth_by_hand"
    /// A successful POP3 AUTH with `mechanism`, typed by hand.
    case pop3AuthByHand = "pop3.auth_by_hand"
    // The configuration kinds; CheckEngine+Configuration.swift evaluates them.
    /// `main.cf` sets `name` to `expected`, as Postfix reads it.
    case postfixMainCFValue = "postfix.main_cf_value"
    /// The SASL application file that `smtpd_sasl_path` names sets `option` to `expected`.
    case saslConfigValue = "sasl.config_value"
    /// The sasldb contains a user in the realm that `myhostname` names.
    case saslUserInRealm = "sasl.user_in_realm"
    /// A lab shell ran `command` successfully after a successful command line starting `after`.
    case shellCommandAfter = "shell.command_after"
    /// The report answers `question`, or its free text names every word of `keywords`.
    case reportAnswer = "report.answer"
    /// The SMTP server started or reloaded after the last change of its configuration files.
    case postfixRunningMatchesFiles = "postfix.running_matches_files"
    /// The port `name` is installed, with the port option `option` on when it is set.
    case portInstalled = "ports.installed"

    /// The parameters a check of this kind must set.
    public var requiredParameters: [String] {
        switch self {
        case .smtpEHLOAuth: []
        case .smtpAuthByHand, .imapAuthByHand, .pop3AuthByHand: ["mechanism"]
        default: configurationParameters
        }
    }

    /// The parameters a check of this kind may set besides the required ones.
    public var optionalParameters: [String] {
        self == .portInstalled ? ["option"] : []
    }
}
