import Foundation
import MailProtocol
import Testing

@testable import LabShell

@Suite("telnet")
struct TelnetTests {
    private func telnetEvents(_ sink: RecordingSink) -> [LabEventPayload] {
        sink.payloads.filter {
            if case .telnetConnected = $0 { return true }
            return false
        }
    }

    @Test("session until the server hangs up")
    func sessionUntilQuit() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(portMap: [25: server.port])
        let line = BackgroundLine(fixture, "telnet localhost 25")
        let terminal = fixture.terminal
        #expect(terminal.waitFor("220 test.example ESMTP\n"))
        #expect(
            terminal.transcript.hasPrefix(
                "Trying 127.0.0.1...\nConnected to localhost.\nEscape character is '^]'.\n"))
        #expect(server.receivedLines.isEmpty)
        let connected = telnetEvents(fixture.events)
        #expect(
            connected == [
                .telnetConnected(
                    shell: .a, localPort: server.peerPorts.first ?? -1, serverPort: server.port)
            ])

        terminal.feed("EHLO localhost")
        #expect(terminal.waitFor("250 echo: EHLO localhost\n"))
        terminal.feed("QUIT")
        #expect(terminal.waitFor("221 Bye\nConnection closed by foreign host.\n"))
        #expect(line.wait() == 0)
        #expect(server.receivedLines == ["EHLO localhost", "QUIT"])
        #expect(fixture.events.commandLines == ["telnet localhost 25"])
        #expect(!terminal.transcript.contains("\r"))
    }

    @Test("Ctrl-] then quit closes the connection")
    func escapeQuit() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(portMap: [143: server.port])
        let line = BackgroundLine(fixture, "telnet lab.example.jp 143")
        let terminal = fixture.terminal
        #expect(terminal.waitFor("220 test.example ESMTP\n"))
        terminal.feed("\u{1D}")
        #expect(terminal.waitForPrompt("telnet> "))
        terminal.feed("")
        terminal.feed("a1 NOOP")
        #expect(terminal.waitFor("250 echo: a1 NOOP\n"))
        terminal.feed("\u{1D}")
        #expect(terminal.waitForPrompt("telnet> ", count: 2))
        terminal.feed("quit")
        #expect(line.wait() == 0)
        #expect(terminal.transcript.hasSuffix("telnet> quit\nConnection closed.\n"))
        #expect(!terminal.transcript.contains("foreign host"))
        #expect(server.receivedLines == ["a1 NOOP"])
    }

    @Test("line after QUIT goes to the shell")
    func lineAfterQuit() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(
            lines: ["telnet localhost 25", "QUIT", "echo after", "exit"], portMap: [25: server.port]
        )
        let shell = fixture.shell
        let done = DispatchSemaphore(value: 0)
        Thread {
            shell.run()
            done.signal()
        }.start()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(server.receivedLines == ["QUIT"])
        #expect(
            fixture.terminal.transcript.contains(
                "Connection closed by foreign host.\n% echo after\nafter\n"))
    }

    @Test("input queue read ends on cancellation and keeps lines")
    func inputQueue() {
        let queue = ShellInputQueue()
        let cancellation = ReadCancellation()
        let done = DispatchSemaphore(value: 0)
        let result = ResultBox()
        Thread {
            result.set(queue.take(cancellation: cancellation))
            done.signal()
        }.start()
        cancellation.cancel()
        #expect(done.wait(timeout: .now() + 10) == .success)
        #expect(result.get() == nil)
        queue.put("kept")
        #expect(queue.take(cancellation: cancellation) == nil)
        #expect(queue.take() == "kept")
        queue.put(nil)
        #expect(queue.take() == nil)
    }

    @Test("lines from a pipe are sent")
    func pipedInput() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(portMap: [110: server.port])
        let line = BackgroundLine(fixture, "printf 'CAPA\\nQUIT\\n' | telnet localhost 110")
        #expect(line.wait() == 0)
        #expect(fixture.terminal.transcript.contains("250 echo: CAPA\n221 Bye\n"))
        #expect(server.receivedLines == ["CAPA", "QUIT"])
    }

    @Test("unknown host does not resolve")
    func unknownHost() throws {
        let fixture = try ShellFixture()
        let (status, output) = fixture.run("telnet mail.example.com 25")
        #expect(status == 1)
        #expect(output == "mail.example.com: hostname nor servname provided, or not known\n")
        #expect(telnetEvents(fixture.events).isEmpty)
        #expect(fixture.run("telnet localhost nosuchservice").status == 1)
    }

    @Test("refused connection is reported")
    func refused() throws {
        let fixture = try ShellFixture(portMap: [25: LineServer.closedPort()])
        let (status, output) = fixture.run("telnet localhost 25")
        #expect(status == 1)
        #expect(
            output
                == "Trying 127.0.0.1...\ntelnet: connect to address 127.0.0.1: Connection refused\n"
                + "telnet: Unable to connect to remote host\n")
        #expect(telnetEvents(fixture.events).isEmpty)
    }

    @Test("text decoder joins split UTF-8 and drops CR")
    func decoder() {
        var decoder = TelnetTextDecoder()
        let bytes = Array("* OK 日本\r\n".utf8)
        let first = decoder.decode(Array(bytes[..<7]))
        let second = decoder.decode(Array(bytes[7...]))
        #expect(first + second == "* OK 日本\n")
        #expect(!first.contains("\u{FFFD}"))
    }
}

/// A value one thread sets and another reads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    func set(_ newValue: String?) {
        lock.lock()
        value = newValue
        lock.unlock()
    }

    func get() -> String? {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}

@Suite("telnet port policy")
struct TelnetPortPolicyTests {
    @Test("host port outside the lab is refused")
    func foreignPortRefused() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(portMap: [25: server.port + 1])
        let line = BackgroundLine(fixture, "telnet localhost \(server.port)")
        #expect(line.wait() == 1)
        #expect(fixture.terminal.transcript.contains("Connection refused"))
        #expect(server.receivedLines.isEmpty)
        #expect(server.peerPorts.isEmpty, "no connection reached the host's server")
    }

    @Test("real port of a lab server is allowed")
    func realPortAllowed() throws {
        let server = try LineServer()
        defer { server.stop() }
        let fixture = try ShellFixture(portMap: [25: server.port])
        let line = BackgroundLine(fixture, "telnet 127.0.0.1 \(server.port)")
        #expect(fixture.terminal.waitFor("220 test.example ESMTP\n"))
        fixture.terminal.feed("QUIT")
        #expect(line.wait() == 0)
    }
}
