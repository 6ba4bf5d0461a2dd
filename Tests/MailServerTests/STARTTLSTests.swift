import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("STARTTLS and TLS from connect")
struct STARTTLSTests {
    static func context() throws -> TLSServerContext {
        let fixture = TLSFixture.shared
        return try TLSServerContext(certificateFile: fixture.certificate, keyFile: fixture.key)
    }

    static func python(_ script: String, port: Int) throws -> ProcessResult {
        try runProcess("/usr/bin/python3", ["-", String(port)], input: script)
    }

    @Test("smtplib upgrades with STARTTLS")
    func smtplibSTARTTLS() throws {
        let server = try TestServer(tls: try Self.context())
        let result = try Self.python(
            """
            import smtplib, ssl, sys
            client = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10)
            client.ehlo("client.example")
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            code, _ = client.starttls(context=context)
            print("starttls", code)
            print("version", client.sock.version())
            code, message = client.docmd("TLSINFO")
            print("tlsinfo", code, message.decode())
            client.ehlo("client.example")
            print("starttls offered again", client.has_extn("starttls"))
            client.quit()
            """, port: server.port)
        #expect(result.status == 0, "\(result.errorOutput)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains("starttls 220"))
        #expect(lines.contains("version TLSv1.3"))
        #expect(lines.contains { $0.hasPrefix("tlsinfo 250 TLSv1.3 TLS_AES_") })
        #expect(lines.contains("starttls offered again False"))
        let started = server.events.payloads.contains { payload in
            if case .session(.tlsStarted(_, let info)) = payload {
                return info.version == "TLSv1.3" && info.secretBits >= 128
                    && info.algorithmBits >= info.secretBits
            }
            return false
        }
        #expect(started)
    }

    @Test("TLS 1.2 client gets TLS 1.2")
    func tls12() throws {
        let server = try TestServer(tls: try Self.context())
        let result = try Self.python(
            """
            import smtplib, ssl, sys
            client = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            context.maximum_version = ssl.TLSVersion.TLSv1_2
            client.starttls(context=context)
            code, message = client.docmd("TLSINFO")
            print(code, message.decode())
            client.quit()
            """, port: server.port)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output.hasPrefix("250 TLSv1.2 ECDHE-RSA-"))
    }

    @Test("openssl s_client upgrades with STARTTLS")
    func sClient() throws {
        let server = try TestServer(tls: try Self.context())
        let result = try runProcess(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(server.port)", "-starttls", "smtp",
                "-nocommands", "-ign_eof", "-brief",
            ], input: "TLSINFO\nQUIT\n")
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.errorOutput.contains("Protocol version: TLSv1.3"))
        #expect(result.output.contains("250 TLSv1.3 TLS_AES_"))
        #expect(result.output.contains("221 2.0.0 Bye"))
    }

    @Test("bytes pipelined after STARTTLS are discarded")
    func injectionDiscarded() throws {
        let server = try TestServer(tls: try Self.context())
        let result = try Self.python(
            """
            import socket, ssl, sys
            raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            reader = raw.makefile("rb")
            print(reader.readline().decode().strip())
            raw.sendall(b"STARTTLS\\r\\nRSET\\r\\n")
            print(reader.readline().decode().strip())
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            secure = context.wrap_socket(raw)
            secure.sendall(b"ECHO inside\\r\\n")
            print(secure.makefile("rb").readline().decode().strip())
            """, port: server.port)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(
            result.output
                == "220 test.example ESMTP A\n220 2.0.0 Ready to start TLS\n250 inside\n")
        #expect(server.events.receivedLines == ["STARTTLS", "ECHO inside"])
    }

    @Test("STARTTLS without a context fails the session")
    func noContext() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("STARTTLS\r\n")
        #expect(try client.readLine() == "220 2.0.0 Ready to start TLS")
        #expect(try client.readUntilClosed() == "")
        #expect(server.log.values == ["TLS failed: TLS is not configured"])
    }

    @Test("plaintext instead of a handshake fails")
    func handshakeFailure() throws {
        let server = try TestServer(tls: try Self.context())
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("STARTTLS\r\n")
        #expect(try client.readLine() == "220 2.0.0 Ready to start TLS")
        try client.send("EHLO not-tls.example\r\n")
        _ = try client.readUntilClosed()
        #expect(server.events.waitFor(EventRecorder.isClosed))
        #expect(server.log.values.count == 1)
        #expect(server.log.values.first?.hasPrefix("TLS failed: error:") == true)
    }

    @Test("TLS from connect runs before the greeting")
    func tlsOnConnect() throws {
        let server = try TestServer(tls: try Self.context(), tlsOnConnect: true)
        let result = try Self.python(
            """
            import socket, ssl, sys
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            raw = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
            secure = context.wrap_socket(raw)
            reader = secure.makefile("rb")
            print(reader.readline().decode().strip())
            secure.sendall(b"TLSINFO\\r\\nQUIT\\r\\n")
            print(reader.readline().decode().strip().split(" ")[1])
            print(reader.readline().decode().strip())
            """, port: server.port)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.output == "220 test.example ESMTP A\nTLSv1.3\n221 2.0.0 Bye\n")
    }

    @Test("wire tap sees ciphertext after STARTTLS")
    func wireTap() throws {
        let server = try TestServer(tls: try Self.context())
        let chunks = Recorder<WireChunk>()
        let tap = server.server.addWireTap { chunks.append($0) }
        defer { server.server.removeWireTap(tap) }
        let result = try Self.python(
            """
            import smtplib, ssl, sys
            client = smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=10)
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            client.starttls(context=context)
            client.docmd("ECHO secret-words")
            client.quit()
            """, port: server.port)
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(server.events.waitFor(EventRecorder.isClosed))
        let all = chunks.values
        let plainFromClient = all.filter { !$0.isTLS && $0.direction == .fromClient }
            .flatMap(\.bytes)
        #expect(String(decoding: plainFromClient, as: UTF8.self).contains("STARTTLS\r\n"))
        let tlsChunks = all.filter(\.isTLS)
        #expect(tlsChunks.first?.direction == .fromClient)
        #expect(tlsChunks.first?.bytes.first == 0x16)
        #expect(tlsChunks.contains { $0.direction == .toClient })
        let cipherText = String(decoding: tlsChunks.flatMap(\.bytes), as: UTF8.self)
        #expect(!cipherText.contains("secret-words"))
        #expect(server.events.receivedLines.contains("ECHO secret-words"))
    }
}
