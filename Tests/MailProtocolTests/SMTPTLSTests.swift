import Testing

@testable import MailProtocol

@Suite("SMTP STARTTLS")
struct SMTPTLSTests {
    static let info = TLSInfo(
        version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", secretBits: 256, algorithmBits: 256,
        keyExchange: "X25519", serverSignature: "RSA-PSS", serverSignatureBits: 2048,
        serverDigest: "SHA256")

    static func tlsSettings(level: SMTPTLSSecurityLevel = .may) -> SMTPSettings {
        var settings = labSettings()
        settings.tls = .available
        settings.smtpdTLSSecurityLevel = level
        settings.smtpdTLSReceivedHeader = true
        settings.smtpdSASLAuthenticatedHeader = true
        settings.smtpdTLSLogLevel = 1
        return settings
    }

    @Test("upgrade runs reply, startTLS, then events")
    func actionSequence() {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings())
        harness.send("STARTTLS")
        #expect(
            harness.lastActions == [
                .emit(.commandReceived(connectionID: 7, line: "STARTTLS")),
                .reply("220 2.0.0 Ready to start TLS"),
                .emit(.replySent(connectionID: 7, line: "220 2.0.0 Ready to start TLS")),
                .startTLS,
            ])
        #expect(harness.send("RSET") == [])
        let established = harness.session.tlsEstablished(Self.info)
        #expect(
            established == [
                .log(
                    "Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3"
                        + " with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"),
                .emit(.tlsStarted(connectionID: 7, info: Self.info)),
            ])
    }

    @Test("upgrade forgets HELO, MAIL and AUTH")
    func forgetsState() {
        var settings = Self.tlsSettings()
        settings.smtpdHELORequired = true
        var harness = SMTPHarness.greeted(settings: settings)
        harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
        harness.send("STARTTLS")
        _ = harness.session.tlsEstablished(Self.info)
        #expect(
            harness.send("MAIL FROM:<a@example.com>") == ["503 5.5.1 Error: send HELO/EHLO first"])
        let ehlo = harness.send("EHLO client.example")
        #expect(!ehlo.contains("250-STARTTLS"))
        #expect(ehlo.contains("250-AUTH PLAIN LOGIN CRAM-MD5"))
        #expect(
            harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
                == ["235 2.7.0 Authentication successful"])
    }

    @Test(
        "STARTTLS errors",
        arguments: [
            ("STARTTLS now", "501 5.5.4 Syntax: STARTTLS")
        ])
    func syntax(command: String, expected: String) {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings())
        #expect(harness.send(command) == [expected])
    }

    @Test("second STARTTLS inside TLS")
    func alreadyActive() {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings())
        harness.send("STARTTLS")
        _ = harness.session.tlsEstablished(Self.info)
        #expect(harness.send("STARTTLS") == ["554 5.5.1 Error: TLS already active"])
    }

    @Test("encrypt level needs STARTTLS first")
    func encryptLevel() {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings(level: .encrypt))
        for command in [
            "MAIL FROM:<a@example.com>", "RCPT TO:<b@example.com>", "DATA", "AUTH PLAIN",
            "VRFY x", "ETRN x", "RSET",
        ] {
            #expect(harness.send(command) == ["530 5.7.0 Must issue a STARTTLS command first"])
        }
        #expect(harness.send("NOOP") == ["250 2.0.0 Ok"])
        harness.send("STARTTLS")
        _ = harness.session.tlsEstablished(Self.info)
        harness.send("EHLO client.example")
        #expect(harness.send("MAIL FROM:<a@example.com>") == ["250 2.1.0 Ok"])
    }

    @Test("failed handshake logs the loss")
    func failedHandshake() {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings())
        harness.send("STARTTLS")
        let actions = harness.session.tlsFailed(reason: "wrong version number")
        #expect(
            logs(actions) == [
                "SSL_accept error from localhost[127.0.0.1]: wrong version number",
                "lost connection after STARTTLS from localhost[127.0.0.1]",
                "disconnect from localhost[127.0.0.1]",
            ])
    }

    @Test("Received header shows TLS and the sender")
    func receivedHeader() throws {
        var harness = SMTPHarness.greeted(settings: Self.tlsSettings())
        harness.send("STARTTLS")
        _ = harness.session.tlsEstablished(Self.info)
        harness.send("EHLO client.example")
        harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
        harness.send("MAIL FROM:<testuser@lab.example.jp>")
        harness.send("RCPT TO:<testuser@lab.example.jp>")
        harness.send("DATA")
        harness.send("Subject: tls")
        harness.send(".")
        let delivery = try #require(deliveries(harness.actions).first)
        let text = String(decoding: delivery.message, as: UTF8.self)
        #expect(
            text.hasPrefix(
                """
                Received: from client.example (localhost [127.0.0.1])
                \t(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)
                \t key-exchange X25519 server-signature RSA-PSS (2048 bits) server-digest SHA256)
                \t(No client certificate requested)
                \t(Authenticated sender: testuser)
                \tby lab.example.jp (Postfix) with ESMTPSA id 7A120F60B5
                \tfor <testuser@lab.example.jp>; Fri,  4 Dec 2026 13:44:10 +0000 (UTC)

                """))
        #expect(
            events(harness.actions).contains(
                .messageDelivered(
                    connectionID: 7, queueID: "7A120F60B5", sender: "testuser@lab.example.jp",
                    recipients: ["testuser@lab.example.jp"], overTLS: true,
                    authenticatedUser: "testuser")))
    }

    @Test("Received header without TLS details")
    func receivedHeaderShort() {
        let header = SMTPMessageBuilder.receivedHeader(
            SMTPMessageBuilder.Trace(
                heloName: nil,
                peer: PeerInfo(
                    connectionID: 1, address: "127.0.0.1", port: 1, hostname: "localhost"),
                myhostname: "lab.example.jp",
                tls: TLSInfo(
                    version: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384", secretBits: 256,
                    algorithmBits: 256),
                authenticatedSender: nil, protocolName: "ESMTPS", queueID: "ABCDE12345",
                recipients: ["a@lab.example.jp", "b@lab.example.jp"], date: fixedDate))
        #expect(
            header == """
                Received: from localhost (localhost [127.0.0.1])
                \t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))
                \t(No client certificate requested)
                \tby lab.example.jp (Postfix) with ESMTPS id ABCDE12345;
                \tFri,  4 Dec 2026 13:44:10 +0000 (UTC)

                """)
    }
}
