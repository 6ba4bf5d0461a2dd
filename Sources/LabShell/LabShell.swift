import LabSystem
import MailProtocol

/// One lab shell (Shell-A or Shell-B): a csh-like prompt over the sandbox, running only the
/// lab's own commands. Each command line it runs is published as `.commandRun` with
/// credentials masked. A shell is driven from one thread at a time; `telnet` adds a reader
/// thread that only writes to the terminal.
public final class LabShell: @unchecked Sendable {
    public let terminal: ShellTerminal
    public let sandbox: Sandbox
    public let events: EventSink
    public let shellID: ShellID
    /// Maps the ports the handout uses (25, 143, 110, …) to the ports the embedded servers
    /// listen on. `telnet` uses any other port as it is.
    public var portMap: [Int: Int]
    public var language: ShellLanguage
    /// The lab machine's host name, the default realm of `saslpasswd2`.
    public var hostname: String
    /// The prompt `run()` shows.
    public var prompt = "% "
    /// The working directory, a sandbox path.
    public var cwd: String
    /// The variables `$NAME` expands and `setenv` sets.
    public var environment: [String: String]
    /// The status of the last command, as `$?` and `$status` show it.
    public internal(set) var lastExitStatus: Int32 = 0
    /// Set by `exit`; `run()` returns once it is.
    public internal(set) var hasExited = false
    /// Decides whether a command is installed yet. A command it rejects prints
    /// `NAME: Command not found.`, as before its port is installed. All are by default.
    public var isCommandAvailable: @Sendable (String) -> Bool = { _ in true }

    /// The running services that `postfix`, the rc.d scripts and `lsof` control and show.
    public var services: (any LabServices)?

    private(set) var commands: [any ShellCommand] = []

    public init(
        terminal: ShellTerminal, sandbox: Sandbox, events: EventSink, shellID: ShellID,
        portMap: [Int: Int] = [:], language: ShellLanguage = .en,
        hostname: String = PostfixMainCF.labHostname
    ) {
        self.terminal = terminal
        self.sandbox = sandbox
        self.events = events
        self.shellID = shellID
        self.portMap = portMap
        self.language = language
        self.hostname = hostname
        let home = "/root"
        cwd = sandbox.isDirectory(home) ? home : "/"
        environment = [
            "HOME": home, "USER": "root", "LOGNAME": "root", "SHELL": "/bin/csh",
            "HOST": hostname,
            "PATH": "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin:/root/bin",
        ]
        for command in StandardCommands.all { register(command) }
    }

    /// Adds a command, replacing one of the same name.
    public func register(_ command: any ShellCommand) {
        commands.removeAll { $0.name == command.name }
        commands.append(command)
    }

    /// The registered commands, sorted by name.
    public var registeredCommands: [any ShellCommand] {
        commands.sorted { $0.name < $1.name }
    }

    /// Reads and runs lines with the prompt until `exit` or the end of input.
    public func run() {
        while !hasExited {
            guard let line = terminal.readLine(prompt: prompt, echo: true) else { break }
            execute(line)
        }
    }

    /// Runs one command line, publishes `.commandRun` with credentials masked, and returns
    /// its exit status. A blank line runs nothing and publishes nothing.
    @discardableResult
    public func execute(_ line: String) -> Int32 {
        guard line.contains(where: { $0 != " " && $0 != "\t" }) else { return lastExitStatus }
        let status: Int32
        let published: String
        switch ShellParser.parse(line) {
        case .failure(let error):
            terminal.write(error.message(language) + "\n")
            status = 1
            lastExitStatus = status
            published = CommandLineMasker.mask(unparsedLine: line)
        case .success(let list):
            published = CommandLineMasker.mask(line: line, list: list)
            status = run(list, input: .terminal, output: .terminal)
        }
        events.publish(
            .commandRun(
                shell: shellID, line: KnownPasswordMasker.mask(published, sandbox: sandbox),
                exitStatus: status),
            origin: .shell(shellID))
        return status
    }

    /// Finds the command a typed name means: a bare name, or a path that names a command's
    /// FreeBSD location.
    func command(named name: String) -> (any ShellCommand)? {
        if name.contains("/") {
            let path = Sandbox.normalize(name, cwd: cwd)
            return commands.first { $0.path == path }
        }
        return commands.first { $0.name == name }
    }
}
