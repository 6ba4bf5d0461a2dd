import Foundation

/// The console part of `openssl s_client`: a reader thread prints what the server sends over
/// TLS, and the shell's thread sends what the learner types, until either side closes.
final class OpenSSLClientSession: @unchecked Sendable {
    private let connection: TelnetConnection
    private let tls: TLSClientConnection
    private let terminal: ShellTerminal
    private let options: OpenSSLClient.Options
    private let cancellation = ReadCancellation()
    private let readerDone = DispatchSemaphore(value: 0)

    init(
        connection: TelnetConnection, tls: TLSClientConnection, terminal: ShellTerminal,
        options: OpenSSLClient.Options
    ) {
        self.connection = connection
        self.tls = tls
        self.terminal = terminal
        self.options = options
    }

    /// The seconds to wait, after the end of input with `-ign_eof`, for the server to close.
    static let closeWaitSeconds = 10.0

    /// Runs until the server closes, the learner quits, or the input ends.
    func run(input context: CommandContext) {
        startReader()
        while true {
            let line: String?
            if context.standardInputIsTerminal {
                line = terminal.readLine(prompt: "", echo: true, cancellation: cancellation)
            } else {
                line = context.readLine(prompt: "", echo: true)
            }
            if cancellation.isCancelled { break }
            guard let line else {
                finishAfterEndOfInput()
                break
            }
            if options.commands && !options.ignoreEOF {
                if line.hasPrefix("Q") {
                    close()
                    break
                }
                if line.hasPrefix("R") {
                    terminal.write("RENEGOTIATING\n")
                    _ = tls.renegotiate()
                    continue
                }
            }
            let ending = options.crlf ? "\r\n" : "\n"
            do {
                try tls.write(Array((line + ending).utf8))
            } catch {
                break
            }
            // As in telnet: after QUIT or LOGOUT the next line of a script belongs to the
            // shell, so wait for the server to hang up before reading it.
            if TelnetSession.asksServerToClose(line)
                && readerDone.wait(timeout: .now() + TelnetSession.closeCommandWaitSeconds)
                    == .success
            {
                readerDone.signal()
                break
            }
        }
        _ = readerDone.wait(timeout: .now() + Self.closeWaitSeconds)
    }

    private func startReader() {
        let thread = Thread { [self] in
            var decoder = TelnetTextDecoder()
            while true {
                let bytes: [UInt8]
                do throws(TLSClientError) {
                    bytes = try tls.read()
                } catch {
                    // s_client prints OpenSSL's errors, such as a TCP close without
                    // close_notify (`unexpected eof while reading`).
                    if !cancellation.isCancelled {
                        let lines = error.openSSLErrors
                        terminal.write(
                            lines.isEmpty ? "read:errno=0\n" : lines.joined(separator: "\n") + "\n")
                    }
                    break
                }
                if bytes.isEmpty {
                    if !cancellation.isCancelled && !options.quiet { terminal.write("closed\n") }
                    break
                }
                let text = decoder.decode(bytes)
                if !text.isEmpty { terminal.write(text) }
            }
            cancellation.cancel()
            readerDone.signal()
        }
        thread.name = "s_client reader"
        thread.start()
    }

    /// Without `-ign_eof` the end of input ends the session at once; with it s_client keeps
    /// printing until the server closes, within a limit.
    private func finishAfterEndOfInput() {
        if options.ignoreEOF && readerDone.wait(timeout: .now() + Self.closeWaitSeconds) == .success
        {
            readerDone.signal()
            return
        }
        close()
    }

    private func close() {
        if !options.quiet { terminal.write("DONE\n") }
        cancellation.cancel()
        tls.sendCloseNotify()
        connection.shutdownBoth()
    }
}
