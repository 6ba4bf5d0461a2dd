import Testing

@testable import MailProtocol

@Suite("SMTP EHLO")
struct SMTPEHLOTests {
    @Test("lists the Postfix 2.5 keywords in order")
    func plainList() {
        var harness = SMTPHarness()
        harness.start()
        #expect(
            harness.send("EHLO localhost") == [
                "250-lab.example.jp", "250-PIPELINING", "250-SIZE 10240000", "250-VRFY",
                "250-ETRN", "250-AUTH PLAIN LOGIN CRAM-MD5", "250-ENHANCEDSTATUSCODES",
                "250-8BITMIME", "250 DSN",
            ])
        #expect(
            events(harness.lastActions).contains(
                .ehloAnswered(
                    connectionID: 7, name: "localhost",
                    authMechanisms: ["PLAIN", "LOGIN", "CRAM-MD5"],
                    offeredStartTLS: false)))
    }

    @Test("repeats AUTH for broken clients in mech_list order")
    func brokenClients() {
        var settings = labSettings()
        settings.brokenSASLAuthClients = true
        var harness = SMTPHarness(settings: settings, mechList: ["login", "plain", "cram-md5"])
        harness.start()
        let lines = harness.send("EHLO localhost")
        #expect(lines[5] == "250-AUTH LOGIN PLAIN CRAM-MD5")
        #expect(lines[6] == "250-AUTH=LOGIN PLAIN CRAM-MD5")
        #expect(lines[7] == "250-ENHANCEDSTATUSCODES")
    }

    @Test("leaves AUTH out with SASL off")
    func saslOff() {
        var settings = labSettings()
        settings.smtpdSASLAuthEnable = false
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(!harness.send("EHLO localhost").contains { $0.contains("AUTH") })
        #expect(
            events(harness.lastActions).contains(
                .ehloAnswered(
                    connectionID: 7, name: "localhost", authMechanisms: [],
                    offeredStartTLS: false)))
    }

    @Test("offers STARTTLS before AUTH when TLS is available")
    func startTLSOffered() {
        var settings = labSettings()
        settings.tls = .available
        settings.smtpdTLSSecurityLevel = .may
        var harness = SMTPHarness(settings: settings)
        harness.start()
        let lines = harness.send("EHLO localhost")
        #expect(lines[5] == "250-STARTTLS")
        #expect(lines[6] == "250-AUTH PLAIN LOGIN CRAM-MD5")
    }

    @Test("offers STARTTLS when the key is broken")
    func startTLSBroken() {
        var settings = labSettings()
        settings.tls = .broken(warning: "warning: cannot get RSA private key from file x")
        settings.smtpdTLSSecurityLevel = .may
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(logs(harness.actions).contains("warning: cannot get RSA private key from file x"))
        #expect(harness.send("EHLO localhost").contains("250-STARTTLS"))
        #expect(harness.send("STARTTLS") == ["454 4.7.0 TLS not available due to local problem"])
    }

    @Test("hides STARTTLS at security level none")
    func levelNone() {
        var settings = labSettings()
        settings.tls = .available
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(!harness.send("EHLO localhost").contains("250-STARTTLS"))
        #expect(harness.send("STARTTLS") == ["502 5.5.1 Error: command not implemented"])
    }

    @Test("hides AUTH before TLS with smtpd_tls_auth_only")
    func tlsAuthOnly() {
        var settings = labSettings()
        settings.tls = .available
        settings.smtpdTLSSecurityLevel = .may
        settings.smtpdTLSAuthOnly = true
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(!harness.send("EHLO localhost").contains { $0.contains("AUTH") })
        #expect(harness.send("AUTH PLAIN") == ["503 5.5.1 Error: authentication not enabled"])
    }

    @Test("shows SIZE without a number when unlimited")
    func unlimitedSize() {
        var settings = labSettings()
        settings.messageSizeLimit = 0
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(harness.send("EHLO localhost")[2] == "250-SIZE")
    }
}
