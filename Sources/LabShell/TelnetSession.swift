import Foundation

/// One open telnet connection: the reader thread prints what the server sends, and the
/// shell's thread sends what the learner types until either side closes.
final class TelnetSession: @unchecked Sendable {
    private let connection: TelnetConnection
    private let terminal: ShellTerminal
    private let host: String
    private let cancellation = ReadCancellation()
    private let lock = NSLock()
    private var closingByClient = false
    /// Touched only by the reader thread.
    private var decoder = TelnetTextDecoder()

    init(connection: TelnetConnection, terminal: ShellTerminal, host: String) {
        self.connection = connection
        self.terminal = terminal
        self.host = host
    }

    /// Runs until the server hangs up, the learner quits, or the input ends. Returns once
    /// everything the server sent has been printed.
    func run(input context: CommandContext) {
        startReader()
        if context.standardInputIsTerminal {
            interact()
        } else {
            while let line = context.readLine(prompt: "", echo: true) {
                guard connection.send(Array((line + "\r\n").utf8)) else { break }
            }
            finishAfterEndOfInput()
        }
        connection.waitForReader(seconds: TelnetCommand.closeWaitSeconds)
    }

    private func startReader() {
        connection.startReading(
            onData: { [self] bytes in
                let text = decoder.decode(bytes)
                if !text.isEmpty { terminal.write(text) }
            },
            onClose: { [self] in
                if !isClosingByClient { terminal.write("Connection closed by foreign host.\n") }
                cancellation.cancel()
            })
    }

    private var isClosingByClient: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closingByClient
    }

    private func interact() {
        while true {
            let line = terminal.readLine(prompt: "", echo: true, cancellation: cancellation)
            // A line typed after the server hung up goes nowhere, as in telnet.
            if cancellation.isCancelled { return }
            guard let line else {
                finishAfterEndOfInput()
                return
            }
            if line == TelnetCommand.escapeLine {
                if escapeMode() { return }
                continue
            }
            guard connection.send(Array((line + "\r\n").utf8)) else { return }
            if TelnetSession.asksServerToClose(line)
                && connection.waitForReader(seconds: TelnetSession.closeCommandWaitSeconds)
            {
                return
            }
        }
    }

    /// The seconds to wait for the hang-up after `QUIT` or `LOGOUT` before reading on.
    static let closeCommandWaitSeconds = 5.0

    /// Returns whether `line` is SMTP's or POP3's `QUIT` or IMAP's `TAG LOGOUT`. After one,
    /// the session waits for the server to hang up before it reads the next line, so that a
    /// script's following line goes to the shell rather than to a closing server.
    static func asksServerToClose(_ line: String) -> Bool {
        let words = line.uppercased().split(separator: " ")
        return words == ["QUIT"] || (words.count == 2 && words[1] == "LOGOUT")
    }

    /// Reads one `telnet> ` command; returns `true` when the session is over.
    private func escapeMode() -> Bool {
        guard
            let command = terminal.readLine(
                prompt: "telnet> ", echo: true, cancellation: cancellation)
        else {
            if cancellation.isCancelled { return true }
            closeByClient()
            return true
        }
        switch command.trimmingCharacters(in: .whitespaces).lowercased() {
        case "":
            return false
        case "quit", "q", "close", "c":
            closeByClient()
            return true
        case "status", "st":
            terminal.write("Connected to \(host).\nEscape character is '^]'.\n")
        case "?", "help", "h":
            terminal.write(TelnetCommand.helpText)
        default:
            terminal.write("?Invalid command\n")
        }
        return false
    }

    private func closeByClient() {
        lock.lock()
        closingByClient = true
        lock.unlock()
        connection.shutdownBoth()
        connection.waitForReader(seconds: TelnetCommand.closeWaitSeconds)
        terminal.write("Connection closed.\n")
    }

    /// At the end of input telnet stops sending and waits, within a limit, for the server
    /// to reply to what it was sent and hang up.
    private func finishAfterEndOfInput() {
        connection.shutdownWrite()
        if !connection.waitForReader(seconds: TelnetCommand.closeWaitSeconds) {
            closeByClient()
        }
    }
}
