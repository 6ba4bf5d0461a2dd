/// The messages of Postfix 2.5's `postfix-script`, which `postfix start|stop|reload|status`
/// runs. A `LabServices` implementation builds its results from these, so the runtime and a
/// test double print the same words.
public enum PostfixScript {
    public static let tag = "postfix/postfix-script"

    public static let starting = "\(tag): starting the Postfix mail system"
    public static let stopping = "\(tag): stopping the Postfix mail system"
    public static let refreshing = "\(tag): refreshing the Postfix mail system"
    public static let alreadyRunning = "\(tag): fatal: the Postfix mail system is already running"
    public static let notRunningFatal = "\(tag): fatal: the Postfix mail system is not running"
    public static let notRunning = "\(tag): the Postfix mail system is not running"

    public static func running(pid: Int32) -> String {
        "\(tag): the Postfix mail system is running: PID: \(pid)"
    }

    /// The result of `action` on a mail system in the given state, for everything but a
    /// start or reload that the caller performs itself.
    public static func result(
        of action: ServiceAction, isRunning: Bool, pid: Int32
    ) -> ServiceControlResult {
        switch (action, isRunning) {
        case (.start, true): return ServiceControlResult(output: [alreadyRunning], exitStatus: 1)
        case (.start, false): return ServiceControlResult(output: [starting], exitStatus: 0)
        case (.stop, true): return ServiceControlResult(output: [stopping], exitStatus: 0)
        case (.stop, false), (.reload, false):
            return ServiceControlResult(output: [notRunningFatal], exitStatus: 1)
        case (.reload, true): return ServiceControlResult(output: [refreshing], exitStatus: 0)
        case (.status, true):
            return ServiceControlResult(output: [running(pid: pid)], exitStatus: 0)
        case (.status, false): return ServiceControlResult(output: [notRunning], exitStatus: 1)
        case (.restart, true):
            return ServiceControlResult(output: [stopping, starting], exitStatus: 0)
        case (.restart, false):
            return ServiceControlResult(output: [notRunningFatal, starting], exitStatus: 0)
        }
    }
}
