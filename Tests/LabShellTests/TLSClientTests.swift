import Foundation
import MailProtocol
import Testing

@testable import LabShell

#if canImport(Glibc)
    import Glibc
#endif

@Suite("TLS client and openssl s_client", .serialized)
struct TLSClientConnectionTests {
    /// Connects a TCP socket to 127.0.0.1 on `port`.
    private func connectedSocket(port: Int) throws -> TelnetConnection {
        switch TelnetConnection.connect(port: port) {
        case .success(let connection): return connection
        case .failure(let error): throw error
        }
    }

    @Test("handshake with a real s_server")
    func handshakeWithServer() throws {
        let peer = try TLSPeer(commonName: "peer.example")
        defer { peer.stop() }
        let socket = try connectedSocket(port: peer.port)

        let tls = try TLSClientConnection(descriptor: socket.descriptor, serverName: "localhost")
        try tls.handshake(timeout: 10)

        #expect(tls.protocolVersion == "TLSv1.3")
        #expect(tls.cipher.name == "TLS_AES_256_GCM_SHA384")
        #expect(tls.cipher.secretBits == 256)
        #expect(tls.verifyResult == 18)
        #expect(tls.verificationSteps.first?.depth == 0)
        #expect(tls.verificationSteps.first?.subject == "CN = peer.example")
        #expect(tls.verificationSteps.first?.errorText == "self-signed certificate")
        let leaf = try #require(tls.peerCertificates.first)
        #expect(leaf.subject == "CN = peer.example")
        #expect(leaf.publicKeyBits == 2048)
        #expect(leaf.pem.hasPrefix("-----BEGIN CERTIFICATE-----\n"))
        #expect(tls.keyExchange.temporaryKey == "X25519, 253 bits")
    }

    @Test("reads and writes over TLS")
    func readsAndWrites() throws {
        let peer = try TLSPeer()
        defer { peer.stop() }
        let socket = try connectedSocket(port: peer.port)
        let tls = try TLSClientConnection(descriptor: socket.descriptor)
        try tls.handshake(timeout: 10)

        try tls.write(Array("ping from the lab\n".utf8))
        #expect(peer.waitFor("ping from the lab"))
        peer.send("pong from s_server")
        var received = ""
        while !received.contains("pong from s_server") {
            let bytes = try tls.read(timeout: 10)
            if bytes.isEmpty { break }
            received += String(decoding: bytes, as: UTF8.self)
        }

        #expect(received.contains("pong from s_server"))
        peer.stop()
        #expect(try tls.read(timeout: 10) == [], "close_notify reads as the end")
    }

    @Test("read times out when the server is silent")
    func readTimesOut() throws {
        let peer = try TLSPeer()
        defer { peer.stop() }
        let socket = try connectedSocket(port: peer.port)
        let tls = try TLSClientConnection(descriptor: socket.descriptor)
        try tls.handshake(timeout: 10)

        #expect(throws: TLSClientError.timedOut) {
            // Session tickets may arrive first; they produce no plaintext.
            while true { _ = try tls.read(timeout: 0.3) }
        }
    }

    @Test("handshake with a plaintext server fails")
    func plaintextServerFails() throws {
        let server = try LineServer()
        defer { server.stop() }
        let socket = try connectedSocket(port: server.port)
        let tls = try TLSClientConnection(descriptor: socket.descriptor)

        do {
            try tls.handshake(timeout: 10)
            Issue.record("the handshake succeeded against a plaintext server")
        } catch {
            #expect(error.openSSLErrors.contains { $0.contains("wrong version number") })
        }
    }

    @Test("s_client prints the handshake and relays lines")
    func clientPrintsHandshake() throws {
        let peer = try TLSPeer(commonName: "lab.example.jp")
        defer { peer.stop() }
        let fixture = try ShellFixture(portMap: [465: peer.port])
        let line = BackgroundLine(fixture, "openssl s_client -connect localhost:465 -crlf")
        let terminal = fixture.terminal

        #expect(terminal.waitFor("Verify return code: 18 (self-signed certificate)\n---\n"))
        let shown = terminal.transcript
        #expect(shown.hasPrefix("CONNECTED(00000003)\n"))
        #expect(
            shown.contains(
                "depth=0 CN = lab.example.jp\nverify error:num=18:self-signed certificate\n"
                    + "verify return:1\ndepth=0 CN = lab.example.jp\nverify return:1\n"))
        #expect(
            shown.contains(
                "Certificate chain\n 0 s:CN = lab.example.jp\n   i:CN = lab.example.jp\n"))
        #expect(shown.contains("subject=CN = lab.example.jp\nissuer=CN = lab.example.jp\n"))
        #expect(shown.contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384\n"))
        #expect(shown.contains("Server public key is 2048 bit\n"))
        let connected = fixture.events.payloads.contains {
            if case .telnetConnected(.a, _, let serverPort) = $0 { return serverPort == peer.port }
            return false
        }
        #expect(connected)

        terminal.feed("hello over TLS")
        #expect(peer.waitFor("hello over TLS"))
        peer.send("reply from the server")
        #expect(terminal.waitFor("reply from the server\n"))
        terminal.feed("Q")
        #expect(terminal.waitFor("DONE\n"))
        #expect(line.wait() == 0)
    }

    @Test("-ign_eof sends a Q line as text")
    func ignoreEOFSendsQ() throws {
        let peer = try TLSPeer()
        defer { peer.stop() }
        let fixture = try ShellFixture(portMap: [465: peer.port])
        let line = BackgroundLine(fixture, "openssl s_client -connect 127.0.0.1:465 -ign_eof")
        let terminal = fixture.terminal
        #expect(terminal.waitFor("Verify return code:"))

        terminal.feed("QUITE A LINE")
        #expect(peer.waitFor("QUITE A LINE"))
        #expect(!terminal.transcript.contains("DONE"))
        peer.stop()
        #expect(terminal.waitFor("closed\n"), "\(terminal.transcript)")
        #expect(line.wait() == 0)
    }

    @Test("s_client to a closed port fails")
    func closedPortFails() throws {
        let server = try LineServer()
        let port = server.port
        server.stop()
        let fixture = try ShellFixture(portMap: [25: port])

        let result = fixture.run("openssl s_client -connect localhost:25 -starttls smtp")

        #expect(result.status == 1)
        #expect(
            result.output.contains(":error:8000006F:system library:BIO_connect:Connection refused"))
        #expect(result.output.hasSuffix("connect:errno=111\n"))
    }
}
