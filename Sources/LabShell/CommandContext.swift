import LabSystem
import MailProtocol

/// The source of a command's standard input.
enum ShellInput {
    /// The learner's terminal.
    case terminal
    /// A pipe or a `<` file, already read.
    case bytes(ByteReader)
}

/// The destination of a command's standard output or error.
enum ShellOutput {
    case terminal
    /// A pipe, a `>` file or a command substitution, collected until the command ends.
    case buffer(ByteBuffer)
}

final class ByteBuffer {
    var bytes: [UInt8] = []
}

/// Reads lines from bytes that are already in memory.
final class ByteReader {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Returns the next line without its `\n`, or `nil` at the end. A last line without `\n` counts.
    func readLine() -> [UInt8]? {
        guard position < bytes.count else { return nil }
        let start = position
        while position < bytes.count && bytes[position] != 0x0A { position += 1 }
        let line = Array(bytes[start..<position])
        if position < bytes.count { position += 1 }
        return line
    }

    func readRemaining() -> [UInt8] {
        let rest = Array(bytes[position...])
        position = bytes.count
        return rest
    }
}

/// The environment of a running command: its standard streams, the shell's state and the lab.
public final class CommandContext {
    /// The shell running the command.
    public let shell: LabShell
    /// The name the command was typed as (`saslpasswd2` or `/usr/local/sbin/saslpasswd2`).
    public let commandName: String
    let input: ShellInput
    let output: ShellOutput
    let errorOutput: ShellOutput

    init(
        shell: LabShell, commandName: String, input: ShellInput, output: ShellOutput,
        errorOutput: ShellOutput
    ) {
        self.shell = shell
        self.commandName = commandName
        self.input = input
        self.output = output
        self.errorOutput = errorOutput
    }

    public var sandbox: Sandbox { shell.sandbox }
    public var language: ShellLanguage { shell.language }
    public var terminal: ShellTerminal { shell.terminal }

    /// The shell's working directory, a sandbox path.
    public var cwd: String {
        get { shell.cwd }
        set { shell.cwd = newValue }
    }

    public var standardInputIsTerminal: Bool {
        if case .terminal = input { return true }
        return false
    }

    public var standardOutputIsTerminal: Bool {
        if case .terminal = output { return true }
        return false
    }

    /// Makes a path absolute against the working directory.
    public func absolutePath(_ path: String) -> String {
        Sandbox.normalize(path, cwd: cwd)
    }

    public func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    public func write(bytes: [UInt8]) {
        emit(bytes, to: output)
    }

    /// Writes to standard error, which is the terminal unless `>&` took it.
    public func writeError(_ text: String) {
        emit(Array(text.utf8), to: errorOutput)
    }

    private func emit(_ bytes: [UInt8], to destination: ShellOutput) {
        switch destination {
        case .terminal:
            if !bytes.isEmpty { terminal.write(String(decoding: bytes, as: UTF8.self)) }
        case .buffer(let buffer):
            buffer.bytes += bytes
        }
    }

    /// Reads a line of standard input after showing `prompt`, the way a program prints a
    /// prompt and reads. At the terminal the prompt and the echo show together, and from a
    /// pipe the prompt goes to standard output.
    public func readLine(prompt: String, echo: Bool = true) -> String? {
        switch input {
        case .terminal:
            if standardOutputIsTerminal {
                return terminal.readLine(prompt: prompt, echo: echo)
            }
            write(prompt)
            return terminal.readLine(prompt: "", echo: echo)
        case .bytes(let reader):
            write(prompt)
            return reader.readLine().map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Reads standard input to its end; at the terminal, lines until end of input.
    public func readAllInput() -> [UInt8] {
        switch input {
        case .bytes(let reader):
            return reader.readRemaining()
        case .terminal:
            var bytes: [UInt8] = []
            // NOTE: a terminal has no end of input until the learner sends one (Ctrl-D in
            // `maillab shell`), so commands such as `mmencode` with no pipe wait until then.
            while let line = terminal.readLine(prompt: "", echo: true) {
                bytes += Array(line.utf8) + [0x0A]
            }
            return bytes
        }
    }

    /// Reads a password at the terminal without echo, whatever standard input is, as
    /// `getpass(3)` reads from `/dev/tty`.
    public func readPassword(prompt: String) -> String? {
        terminal.readLine(prompt: prompt, echo: false)
    }

    /// Publishes an event from this shell.
    public func publish(_ payload: LabEventPayload) {
        shell.events.publish(payload, origin: .shell(shell.shellID))
    }

    /// Publishes that a sandbox file was written.
    public func publishFileChanged(_ path: String) {
        publish(.fileChanged(path: absolutePath(path)))
    }

    /// Publishes a printed line that the checks may use as evidence. Only for output that
    /// carries no password and no base64 that contains one.
    public func publishOutput(_ line: String) {
        publish(.shellOutput(shell: shell.shellID, line: line))
    }
}
