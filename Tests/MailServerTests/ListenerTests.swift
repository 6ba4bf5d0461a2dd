import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("Listener lifecycle")
struct ListenerTests {
    @Test("taken port is reported as in use")
    func portInUse() throws {
        let first = try TestServer()
        let server = MailServer()
        try server.start()
        defer { server.stop() }
        #expect(throws: MailServerError.portInUse(port: first.port)) {
            try server.listen(
                MailListener.Configuration(service: .smtp, port: first.port),
                settings: SessionSettings { ScriptSession(peer: $0) })
        }
    }

    @Test("invalid port is rejected")
    func invalidPort() throws {
        let server = MailServer()
        try server.start()
        defer { server.stop() }
        #expect(throws: MailServerError.invalidPort(70000)) {
            try server.listen(
                MailListener.Configuration(service: .smtp, port: 70000),
                settings: SessionSettings { ScriptSession(peer: $0) })
        }
    }

    @Test("listen before start fails")
    func notRunning() {
        #expect(throws: MailServerError.notRunning) {
            try MailServer().listen(
                MailListener.Configuration(service: .imap),
                settings: SessionSettings { ScriptSession(peer: $0) })
        }
    }

    @Test("stopped listener's port can be reused")
    func restartOnSamePort() throws {
        let server = MailServer()
        try server.start()
        defer { server.stop() }
        let settings = SessionSettings { ScriptSession(peer: $0) }
        let first = try server.listen(
            MailListener.Configuration(service: .smtp), settings: settings)
        let port = first.port
        let client = try TestClient(port: port)
        _ = try client.readLine()
        first.stop()
        #expect(try client.readUntilClosed() == "")
        let second = try server.listen(
            MailListener.Configuration(service: .smtp, port: port), settings: settings)
        #expect(second.port == port)
        #expect(try TestClient(port: port).readLine() == "220 test.example ESMTP A")
        #expect(server.listeners.map(\.port) == [port])
    }

    @Test("first connection after a reload logs the pending lines")
    func firstConnectionLogLines() throws {
        let server = try TestServer()
        let warning = "warning: cannot get RSA private key from file \"k\": disabling TLS support"
        let settings = SessionSettings(firstConnectionLogLines: [warning]) {
            ScriptSession(peer: $0)
        }
        server.listener.reload(settings)
        #expect(server.log.values.isEmpty)
        for _ in 0..<3 {
            let client = try server.connect()
            _ = try client.readLine()
        }
        #expect(server.log.values == [warning])
        server.listener.reload(settings)
        _ = try server.connect().readLine()
        #expect(server.log.values == [warning, warning])
    }

    @Test("event loops run on their own threads")
    func loopThreads() throws {
        let server = MailServer(configuration: MailServer.Configuration(eventLoopCount: 3))
        try server.start()
        defer { server.stop() }
        let listener = try server.listen(
            MailListener.Configuration(service: .smtp),
            settings: SessionSettings { ScriptSession(peer: $0) })
        let clients = try (0..<30).map { _ in try TestClient(port: listener.port) }
        for client in clients {
            #expect(try client.readLine() == "220 test.example ESMTP A")
        }
        #expect(listener.openConnectionCount == 30)
    }
}

@Suite("TLS context cache")
struct TLSContextCacheTests {
    @Test("unchanged files reuse the context")
    func reuse() throws {
        let folder = try TemporaryFolder()
        let fixture = TLSFixture.shared
        let certificate = folder.file("cert.pem").path
        let key = folder.file("key.pem").path
        try FileManager.default.copyItem(atPath: fixture.certificate, toPath: certificate)
        try FileManager.default.copyItem(atPath: fixture.key, toPath: key)
        let cache = TLSContextCache()
        let first = try cache.context(certificateFile: certificate, keyFile: key)
        let second = try cache.context(certificateFile: certificate, keyFile: key)
        #expect(first === second)

        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: fixture.otherKey, toPath: key)
        #expect(throws: TLSContextError.self) {
            try cache.context(certificateFile: certificate, keyFile: key)
        }
        try FileManager.default.removeItem(atPath: key)
        try FileManager.default.copyItem(atPath: fixture.key, toPath: key)
        let third = try cache.context(certificateFile: certificate, keyFile: key)
        #expect(third !== first)
    }
}
