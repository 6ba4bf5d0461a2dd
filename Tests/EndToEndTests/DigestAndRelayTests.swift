import Foundation
import Testing

/// Real clients against `maillab serve` on a lab prepared through step 2.0: DIGEST-MD5 from
/// swaks and curl, the realm of `smtpd_sasl_local_domain`, and relaying to an outside domain.
@Suite("DIGEST-MD5, realms and relaying against maillab serve", .serialized)
struct DigestAndRelayTests {
    /// Makes the loopback clients outsiders: 127.0.0.1 is in the default `mynetworks`, which
    /// `permit_mynetworks` lets relay. 192.0.2.0/24 is a documentation range, never contacted.
    static let outsiderSettings = "postconf -e 'mynetworks = 192.0.2.0/24'"

    private func swaks(_ served: ServedLab, _ arguments: [String]) throws -> (
        status: Int32, output: String, errors: String
    ) {
        try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort), "--helo",
                "client.example",
            ]
                + arguments)
    }

    @Test("swaks logs in with DIGEST-MD5")
    func swaksDigest() throws {
        let served = try ServedLab()
        defer { served.stop() }

        let result = try swaks(
            served,
            [
                "--from", "student@lab.example.jp", "--to", "testuser@lab.example.jp",
                "--auth", "DIGEST-MD5", "--auth-user", ServedLab.user,
                "--auth-password", ServedLab.password,
            ])

        #expect(result.status == 0, "swaks: \(result.output) \(result.errors)")
        #expect(result.output.contains("<-  334 "))
        #expect(result.output.contains("<-  235 2.7.0 Authentication successful"))
        #expect(result.output.contains("<-  250 2.0.0 Ok: queued as"))
        let messages = served.newMessages(of: "testuser")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("(Authenticated sender: testuser") == true)
    }

    @Test("curl logs in with DIGEST-MD5")
    func curlDigest() throws {
        let served = try ServedLab()
        defer { served.stop() }
        let body = served.lab.url.appendingPathComponent("message.txt")
        try Data("Subject: curl digest\r\n\r\nsent by curl\r\n".utf8).write(to: body)

        let result = try runTool(
            "/usr/bin/curl",
            [
                "--silent", "--show-error", "--verbose", "--max-time", "30",
                "smtp://127.0.0.1:\(served.smtpPort)/client.example",
                "--mail-from", "student@lab.example.jp", "--mail-rcpt", "testuser@lab.example.jp",
                "-T", body.path, "--user", "\(ServedLab.user):\(ServedLab.password)",
                "--login-options", "AUTH=DIGEST-MD5",
            ])

        #expect(result.status == 0, "curl: \(result.errors)")
        #expect(result.errors.contains("> AUTH DIGEST-MD5"))
        #expect(result.errors.contains("< 235 2.7.0 Authentication successful"))
        let messages = served.newMessages(of: "testuser")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("sent by curl") == true)
    }

    @Test("user of another realm is rejected")
    func otherRealm() throws {
        let served = try ServedLab(
            shellScript: """
                saslpasswd2 -c -u other.example alien
                alienpw
                alienpw
                """)
        defer { served.stop() }

        let result = try swaks(
            served,
            [
                "--to", "testuser@lab.example.jp", "--auth", "DIGEST-MD5", "--auth-user", "alien",
                "--auth-password", "alienpw", "--quit-after", "AUTH",
            ])

        #expect(result.status == 28, "swaks exits 28 on an AUTH error: \(result.output)")
        #expect(
            result.output.contains(
                "<** 535 5.7.8 Error: authentication failed: authentication failure"))
        #expect(served.newMessages(of: "testuser").isEmpty)
    }

    @Test("relay without AUTH is denied")
    func relayDenied() throws {
        let served = try ServedLab(shellScript: Self.outsiderSettings)
        defer { served.stop() }

        let result = try swaks(
            served, ["--from", "student@lab.example.jp", "--to", "someone@example.org"])

        #expect(result.status == 24, "swaks exits 24 when no recipient is accepted")
        #expect(result.output.contains("<** 554 5.7.1 <someone@example.org>: Relay access denied"))
        let deferred = served.lab.url.appendingPathComponent("root/var/spool/postfix/deferred")
        let queued = (try? FileManager.default.contentsOfDirectory(atPath: deferred.path)) ?? []
        #expect(queued.isEmpty)
    }

    @Test("relay with AUTH is accepted and kept")
    func relayAccepted() throws {
        let served = try ServedLab(shellScript: Self.outsiderSettings)
        defer { served.stop() }

        let result = try swaks(
            served,
            [
                "--from", "student@lab.example.jp", "--to", "someone@example.org",
                "--auth", "PLAIN", "--auth-user", ServedLab.user,
                "--auth-password", ServedLab.password,
            ])

        #expect(result.status == 0, "swaks: \(result.output)")
        #expect(result.output.contains("<-  250 2.1.5 Ok"))
        let queueID = try #require(
            result.output.split(separator: "\n").first { $0.contains("Ok: queued as") }?
                .split(separator: " ").last.map(String.init))
        // The message stays in the sandbox's deferred queue; the lab has no SMTP client.
        let file = served.lab.url.appendingPathComponent(
            "root/var/spool/postfix/deferred/\(queueID)")
        let stored = try String(contentsOf: file, encoding: .utf8)
        #expect(stored.contains("someone@example.org"))
        let mailLog = try String(
            contentsOf: served.lab.url.appendingPathComponent("root/var/log/maillog"),
            encoding: .utf8)
        #expect(mailLog.contains("\(queueID): to=<someone@example.org>, relay=none"))
        #expect(mailLog.contains("status=deferred"))
        #expect(served.newMessages(of: "testuser").isEmpty)
    }
}
