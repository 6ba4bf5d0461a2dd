/// The lab's running services as the shell's `postfix`, `rc.d` scripts and `lsof` reach them.
/// The runtime that owns the servers implements it; a shell without one (unit tests) reports
/// every service as not running.
public protocol LabServices: AnyObject, Sendable {
    /// Performs `action` (`start`, `stop`, `restart`, `reload`, `status`) on a service named
    /// as its rc.d script is (`postfix`, `courier-imap-imapd`). Returns the lines the real
    /// script or `postfix` command prints and its exit status; a reload re-reads the
    /// service's configuration files, as the real daemons do.
    func control(service: String, action: ServiceAction) -> ServiceControlResult

    /// The services that listen now, for `lsof -i` and the status bar.
    func listeningServices() -> [ListeningService]
}

public enum ServiceAction: String, Sendable, CaseIterable {
    case start, stop, restart, reload, status
}

public struct ServiceControlResult: Sendable, Equatable {
    public var output: [String]
    public var exitStatus: Int32

    public init(output: [String], exitStatus: Int32) {
        self.output = output
        self.exitStatus = exitStatus
    }
}

/// One listening socket of a lab service.
public struct ListeningService: Sendable, Equatable {
    /// The daemon's command name as `lsof` shows it (`master`, `couriertcpd`).
    public var command: String
    /// The well-known port inside the lab (25, 143, 110) and the real one on 127.0.0.1.
    public var labPort: Int
    public var realPort: Int
    public var pid: Int32

    public init(command: String, labPort: Int, realPort: Int, pid: Int32) {
        self.command = command
        self.labPort = labPort
        self.realPort = realPort
        self.pid = pid
    }
}
