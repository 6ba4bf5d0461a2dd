import Foundation
import Testing

@Suite("Real TLS clients against maillab serve", .serialized)
struct TLSClientTests {
    static let to = "testuser@lab.example.jp"

    @Test("real openssl reads the lab's key and certificate")
    func realOpenSSLReadsFiles() throws {
        let lab = try TLSLab()
        defer { lab.lab.remove() }

        let text = try runTool(
            "/usr/bin/openssl",
            ["x509", "-in", lab.hostPath("/usr/local/etc/postfix/postfix.crt"), "-noout", "-text"])
        #expect(text.status == 0, "openssl x509: \(text.errors)")
        #expect(text.output.contains("Subject: C = JP, ST = Tokyo, O = Lab, CN = lab.example.jp"))
        #expect(text.output.contains("Public-Key: (2048 bit)"))
        #expect(text.output.contains("CA:TRUE"))
        let check = try runTool(
            "/usr/bin/openssl", ["rsa", "-in", lab.hostPath(TLSLab.keyPath), "-check", "-noout"])
        #expect(check.status == 0, "openssl rsa: \(check.errors)")
        #expect(check.output == "RSA key ok\n")
        let modulusOfKey = try runTool(
            "/usr/bin/openssl", ["rsa", "-in", lab.hostPath(TLSLab.keyPath), "-noout", "-modulus"])
        let modulusOfCertificate = try runTool(
            "/usr/bin/openssl",
            [
                "x509", "-in", lab.hostPath("/usr/local/etc/postfix/postfix.crt"), "-noout",
                "-modulus",
            ])
        #expect(!modulusOfKey.output.isEmpty)
        #expect(modulusOfKey.output == modulusOfCertificate.output)
    }

    @Test("swaks -tls delivers with a TLS Received header")
    func swaksTLS() throws {
        let served = try ServedTLSLab()
        defer { served.stop() }

        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort), "-tls",
                "--helo", "client.example", "--from", "student@lab.example.jp", "--to", Self.to,
            ])

        #expect(result.status == 0, "swaks: \(result.output) \(result.errors)")
        #expect(
            result.output.contains("=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384"))
        let message = try #require(served.lab.newMessages.first)
        #expect(
            message.contains("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"))
        #expect(message.contains("with ESMTPS id"))
        #expect(
            served.lab.mailLog.contains(
                "Anonymous TLS connection established from localhost[127.0.0.1]: TLSv1.3 with"
                    + " cipher TLS_AES_256_GCM_SHA384 (256/256 bits)"))
    }

    @Test("swaks --auth PLAIN -tls authenticates inside TLS")
    func swaksAuthTLS() throws {
        let served = try ServedTLSLab()
        defer { served.stop() }

        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort), "-tls",
                "--auth", "PLAIN", "--auth-user", TLSLab.user,
                "--auth-password", TLSLab.password, "--to", Self.to, "--quit-after", "RCPT",
            ])

        #expect(result.status == 0, "swaks: \(result.output) \(result.errors)")
        let tlsStart = try #require(result.output.range(of: "=== TLS started with cipher"))
        let authentication = try #require(
            result.output.range(of: "<~  235 2.7.0 Authentication successful"))
        #expect(tlsStart.lowerBound < authentication.lowerBound)
    }

    @Test("openssl s_client -starttls smtp upgrades")
    func opensslClient() throws {
        let served = try ServedTLSLab()
        defer { served.stop() }

        let result = try runTool(
            "/usr/bin/openssl",
            [
                "s_client", "-connect", "127.0.0.1:\(served.smtpPort)", "-starttls", "smtp",
                "-crlf", "-ign_eof",
            ],
            input: "EHLO client.example\nQUIT\n")

        #expect(result.output.contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"))
        #expect(result.output.contains("subject=C = JP, ST = Tokyo, O = Lab, CN = lab.example.jp"))
        #expect(result.output.contains("250-AUTH PLAIN"))
        #expect(!result.output.contains("250-STARTTLS"))
        #expect(result.output.contains("221 2.0.0 Bye"))
    }

    @Test("smtplib starttls then login sends")
    func smtplibStartTLS() throws {
        let served = try ServedTLSLab()
        defer { served.stop() }
        let script = """
            import smtplib, ssl, sys
            port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=20) as s:
                s.starttls(context=context)
                s.ehlo("client.example")
                print("cipher", s.sock.cipher()[0], s.sock.version())
                s.login(user, password)
                s.sendmail("student@lab.example.jp", ["testuser@lab.example.jp"],
                           "Subject: smtplib over TLS\\r\\n\\r\\nhello\\r\\n")
            print("sent")
            """

        let result = try runTool(
            "/usr/bin/python3",
            ["-c", script, String(served.smtpPort), TLSLab.user, TLSLab.password])

        #expect(result.status == 0, "python3: \(result.output) \(result.errors)")
        #expect(result.output.contains("cipher TLS_AES_256_GCM_SHA384 TLSv1.3"))
        #expect(result.output.contains("sent"))
        let message = try #require(served.lab.newMessages.first)
        #expect(message.contains("with ESMTPSA id"))
        #expect(message.contains("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384"))
    }

    @Test("curl --ssl-reqd sends over STARTTLS")
    func curlSSLRequired() throws {
        let served = try ServedTLSLab()
        defer { served.stop() }
        let body = served.lab.lab.url.appendingPathComponent("body.txt")
        try "Subject: curl over TLS\r\n\r\nhello from curl\r\n".write(
            to: body, atomically: true, encoding: .utf8)

        let result = try runTool(
            "/usr/bin/curl",
            [
                "--silent", "--show-error", "--ssl-reqd", "--insecure",
                "smtp://127.0.0.1:\(served.smtpPort)/client.example",
                "--user", "\(TLSLab.user):\(TLSLab.password)",
                "--mail-from", "student@lab.example.jp", "--mail-rcpt", Self.to,
                "-T", body.path,
            ])

        #expect(result.status == 0, "curl: \(result.errors)")
        let message = try #require(served.lab.newMessages.first)
        #expect(message.contains("hello from curl"))
        #expect(message.contains("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384"))
    }
}
