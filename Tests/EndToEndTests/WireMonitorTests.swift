import CursesTerminal
import Foundation
import LabSystem
import LabUI
import MailProtocol
import MailServer
import Testing

@testable import maillab

@Suite("Wire view of a shell's connection", .serialized)
struct WireMonitorTests {
    static let plain = "AHRlc3QAcGFzc3dvcmQ="

    @Test("a real session shows with the password masked")
    func realSession() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let runtime = try LabRuntime(folder: LabFolder(url: lab.url), smtpPort: nil, owner: "test")
        defer { runtime.stop() }
        let inbox = try TerminalInbox()
        let monitor = WireMonitor(inbox: inbox, language: .en)
        let tap = runtime.server.addWireTap { monitor.receive($0) }
        defer { runtime.server.removeWireTap(tap) }
        let subscription = runtime.bus.subscribe { monitor.observe($0) }
        defer { runtime.bus.unsubscribe(subscription) }

        // A client that prints its local port, then talks SMTP and waits for each reply.
        let script = """
            import socket
            s = socket.create_connection(("127.0.0.1", \(runtime.smtp.port)))
            print(s.getsockname()[1], flush=True)
            f = s.makefile("rb")
            f.readline()
            for line in [b"EHLO localhost", b"AUTH PLAIN \(Self.plain)", b"QUIT"]:
                s.sendall(line + b"\\r\\n")
                while True:
                    reply = f.readline()
                    if not reply or reply[3:4] != b"-":
                        break
            """
        let client = try runTool("/usr/bin/python3", ["-c", script])
        try #require(client.status == 0, "the client failed: \(client.errors)")
        let localPort = try #require(
            Int(client.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        runtime.bus.publish(
            .telnetConnected(shell: .a, localPort: localPort, serverPort: runtime.smtp.port),
            origin: .shell(.a))

        monitor.toggle(.a)
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !lines.contains(where: { $0.hasPrefix("S: 221") }) {
            for case .wireChanged(let shown?) in inbox.waitForMessages(timeoutMilliseconds: 200) {
                lines = shown
            }
        }
        #expect(lines.first?.hasPrefix("Shell-A, connection") == true)
        #expect(lines.contains("C: EHLO localhost"))
        #expect(lines.contains("C: AUTH PLAIN ********"))
        #expect(lines.contains("   ← password in base64, readable by anyone on the link"))
        #expect(lines.contains { $0.hasPrefix("S: 220 ") })
        #expect(!lines.joined().contains(Self.plain))
    }

    @Test("no connection yet says how to make one")
    func noConnection() throws {
        let inbox = try TerminalInbox()
        let monitor = WireMonitor(inbox: inbox, language: .ja)
        monitor.toggle(nil)
        let shown = inbox.waitForMessages(timeoutMilliseconds: 5000)
        guard shown.count == 1, case .wireChanged(let lines?) = shown[0] else {
            Issue.record("expected the wire view's lines, got \(shown)")
            return
        }
        #expect(lines == [UIText.wireNoConnection.text(.ja)])
        monitor.toggle(nil)
        let hidden = inbox.waitForMessages(timeoutMilliseconds: 5000)
        guard hidden.count == 1, case .wireChanged(nil) = hidden[0] else {
            Issue.record("expected the wire view to close, got \(hidden)")
            return
        }
    }
}
