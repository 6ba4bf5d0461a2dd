import Foundation
import Glibc
import Testing

@Suite("Mail log of maillab serve", .serialized)
struct MailLogTests {
    @Test("client that hangs up is logged as lost")
    func lostConnectionLogged() throws {
        let served = try ServedLab()
        defer { served.lab.remove() }

        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            f = s.makefile("rb")
            f.readline()
            s.sendall(b"EHLO client.example\\r\\n")
            while not f.readline().startswith(b"250 "):
                pass
            s.close()
            """
        let client = try runTool(
            "/usr/bin/env", ["python3", "-c", script, String(served.smtpPort)])
        #expect(client.status == 0, "python: \(client.errors)")
        // Stopping the server flushes the mail log, which is written off the event loops.
        #expect(served.server.terminate() == 0)

        let log = try String(
            contentsOf: served.lab.url.appendingPathComponent("root/var/log/maillog"),
            encoding: .utf8)
        #expect(log.contains("connect from localhost[127.0.0.1]"))
        #expect(log.contains("lost connection after EHLO from localhost[127.0.0.1]"))
        #expect(log.contains("disconnect from localhost[127.0.0.1]"))
    }
}
