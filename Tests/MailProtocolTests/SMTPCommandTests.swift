import Testing

@testable import MailProtocol

/// One row of a command table: lines sent first (their replies are ignored), the command,
/// and the reply lines it must get.
struct CommandCase: CustomTestStringConvertible, Sendable {
    var setup: [String]
    var command: String
    var expected: [String]
    var testDescription: String { command }

    init(_ setup: [String], _ command: String, _ expected: String...) {
        self.setup = setup
        self.command = command
        self.expected = expected
    }

    init(_ command: String, _ expected: String...) {
        self.setup = []
        self.command = command
        self.expected = expected
    }
}

@Suite("SMTP command replies")
struct SMTPCommandTests {
    static let cases: [CommandCase] = [
        CommandCase("NOOP", "250 2.0.0 Ok"),
        CommandCase("noop extra words", "250 2.0.0 Ok"),
        CommandCase("RSET", "250 2.0.0 Ok"),
        CommandCase("RSET now", "501 5.5.4 Syntax: RSET"),
        CommandCase("VRFY testuser@lab.example.jp", "252 2.0.0 testuser@lab.example.jp"),
        CommandCase("VRFY <testuser@lab.example.jp>", "252 2.0.0 <testuser@lab.example.jp>"),
        CommandCase(
            "VRFY nobody@lab.example.jp",
            "550 5.1.1 <nobody@lab.example.jp>: Recipient address rejected:"
                + " User unknown in local recipient table"),
        CommandCase("VRFY", "501 5.5.4 Syntax: VRFY address"),
        CommandCase("ETRN lab.example.jp", "459 4.7.1 <lab.example.jp>: service unavailable"),
        CommandCase("ETRN", "501 5.5.4 Syntax: ETRN domain"),
        CommandCase("QUIT", "221 2.0.0 Bye"),
        CommandCase("HELP", "500 5.5.2 Error: command not recognized"),
        CommandCase("XYZZY", "500 5.5.2 Error: command not recognized"),
        CommandCase("", "500 5.5.2 Error: bad syntax"),
        CommandCase("HELO", "501 Syntax: HELO hostname"),
        CommandCase("EHLO", "501 Syntax: EHLO hostname"),
        CommandCase("HELO client.example", "250 lab.example.jp"),
        CommandCase("MAIL FROM:<a@example.com>", "250 2.1.0 Ok"),
        CommandCase("mail from: <a@example.com>", "250 2.1.0 Ok"),
        CommandCase("MAIL FROM:<>", "250 2.1.0 Ok"),
        CommandCase("MAIL FROM:a@example.com", "250 2.1.0 Ok"),
        CommandCase("MAIL FROM:<a@example.com> SIZE=1000 BODY=8BITMIME", "250 2.1.0 Ok"),
        CommandCase("MAIL TO:<a@example.com>", "501 5.5.4 Syntax: MAIL FROM:<address>"),
        CommandCase("MAIL FROM:", "501 5.5.4 Syntax: MAIL FROM:<address>"),
        CommandCase("MAIL FROM:<a@example.com", "501 5.1.7 Bad sender address syntax"),
        CommandCase("MAIL FROM:<a b@example.com>", "501 5.1.7 Bad sender address syntax"),
        CommandCase(
            "MAIL FROM:<a@example.com> SIZE=10240001",
            "552 5.3.4 Message size exceeds fixed limit"),
        CommandCase("MAIL FROM:<a@example.com> SIZE=big", "501 5.5.4 Bad message size syntax"),
        CommandCase(
            "MAIL FROM:<a@example.com> SMTPUTF8", "555 5.5.4 Unsupported option: SMTPUTF8"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "MAIL FROM:<b@example.com>",
            "503 5.5.1 Error: nested MAIL command"),
        CommandCase("RCPT TO:<testuser@lab.example.jp>", "503 5.5.1 Error: need MAIL command"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<testuser@lab.example.jp>",
            "250 2.1.5 Ok"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<TestUser@LAB.example.jp>",
            "250 2.1.5 Ok"),
        CommandCase(["MAIL FROM:<a@example.com>"], "RCPT TO:<postmaster>", "250 2.1.5 Ok"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<testuser@localhost>",
            "250 2.1.5 Ok"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<someone@example.com>",
            "554 5.7.1 <someone@example.com>: Relay access denied"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<nobody@lab.example.jp>",
            "550 5.1.1 <nobody@lab.example.jp>: Recipient address rejected:"
                + " User unknown in local recipient table"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<>",
            "501 5.1.3 Bad recipient address syntax"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT FROM:<testuser@lab.example.jp>",
            "501 5.5.4 Syntax: RCPT TO:<address>"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"],
            "RCPT TO:<testuser@lab.example.jp> NOTIFY=NEVER", "250 2.1.5 Ok"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "RCPT TO:<testuser@lab.example.jp> X=1",
            "555 5.5.4 Unsupported option: X=1"),
        CommandCase("DATA", "503 5.5.1 Error: need RCPT command"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "DATA",
            "554 5.5.1 Error: no valid recipients"),
        CommandCase(
            ["MAIL FROM:<a@example.com>", "RCPT TO:<testuser@lab.example.jp>"],
            "DATA now", "501 5.5.4 Syntax: DATA"),
        CommandCase(
            ["MAIL FROM:<a@example.com>", "RCPT TO:<testuser@lab.example.jp>"],
            "DATA", "354 End data with <CR><LF>.<CR><LF>"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "ETRN lab.example.jp",
            "503 5.5.1 Error: MAIL transaction in progress"),
        CommandCase("STARTTLS", "502 5.5.1 Error: command not implemented"),
        CommandCase("AUTH", "501 5.5.4 Syntax: AUTH mechanism"),
        CommandCase("AUTH PLAIN a b", "501 5.5.4 Syntax: AUTH mechanism"),
        CommandCase(
            ["MAIL FROM:<a@example.com>"], "AUTH PLAIN",
            "503 5.5.1 Error: MAIL transaction in progress"),
        CommandCase(
            ["AUTH PLAIN \(base64("\0testuser\0password"))"], "AUTH PLAIN",
            "503 5.5.1 Error: already authenticated"),
        CommandCase(
            "AUTH PLAIN \(base64("\0testuser\0password"))",
            "235 2.7.0 Authentication successful"),
        CommandCase(
            "auth plain \(base64("\0testuser\0password"))",
            "235 2.7.0 Authentication successful"),
        CommandCase(
            "AUTH PLAIN \(base64("\0testuser\0wrong"))",
            "535 5.7.8 Error: authentication failed: authentication failure"),
        CommandCase(
            "AUTH PLAIN \(base64("\0nobody\0password"))",
            "535 5.7.8 Error: authentication failed: authentication failure"),
        CommandCase(
            "AUTH PLAIN AHRlc3QAcGFzc3dvcmQ",
            "535 5.7.8 Error: authentication failed: bad protocol / cancel"),
        CommandCase(
            "AUTH PLAIN \(base64("\0testuser"))",
            "535 5.7.8 Error: authentication failed: bad protocol / cancel"),
        CommandCase("AUTH NTLM", "535 5.7.8 Error: authentication failed: no mechanism available"),
        CommandCase(
            "AUTH DIGEST-MD5",
            "535 5.7.8 Error: authentication failed: no mechanism available"),
        CommandCase("AUTH PLAIN", "334 "),
        CommandCase(
            "AUTH PLAIN =",
            "535 5.7.8 Error: authentication failed: bad protocol / cancel"),
        CommandCase("AUTH LOGIN", "334 VXNlcm5hbWU6"),
        CommandCase("AUTH LOGIN \(base64("testuser"))", "334 UGFzc3dvcmQ6"),
        CommandCase("AUTH CRAM-MD5", "334 \(base64("<780995422.1229845@lab.example.jp>"))"),
        CommandCase(
            "AUTH CRAM-MD5 \(base64("testuser 0123"))",
            "535 5.7.8 Error: authentication failed: bad protocol / cancel"),
        CommandCase(["AUTH PLAIN"], "*", "501 5.7.0 Authentication aborted"),
        CommandCase(["AUTH LOGIN"], "*", "501 5.7.0 Authentication aborted"),
        CommandCase(
            ["AUTH PLAIN"], "!!!!",
            "535 5.7.8 Error: authentication failed: bad protocol / cancel"),
        CommandCase(
            ["AUTH PLAIN"], base64("\0testuser\0password"),
            "235 2.7.0 Authentication successful"),
    ]

    @Test("command gets Postfix's reply", arguments: cases)
    func reply(row: CommandCase) {
        var harness = SMTPHarness.greeted()
        for line in row.setup {
            harness.send(line)
        }
        #expect(harness.send(row.command) == row.expected)
    }

    @Test("greeting names the host")
    func greeting() {
        var harness = SMTPHarness()
        #expect(harness.start() == ["220 lab.example.jp ESMTP Postfix"])
        #expect(logs(harness.actions) == ["connect from localhost[127.0.0.1]"])
    }

    @Test("greeting uses smtpd_banner")
    func banner() {
        var settings = labSettings()
        settings.smtpdBanner = "lab.example.jp ESMTP ready"
        var harness = SMTPHarness(settings: settings)
        #expect(harness.start() == ["220 lab.example.jp ESMTP ready"])
    }

    @Test("QUIT closes after the reply")
    func quitCloses() {
        var harness = SMTPHarness.greeted()
        harness.send("QUIT")
        #expect(harness.lastActions.last == .close)
        #expect(harness.send("NOOP") == [])
    }

    @Test("AUTH before EHLO is accepted by default")
    func authBeforeEHLO() {
        var harness = SMTPHarness()
        harness.start()
        #expect(
            harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
                == ["235 2.7.0 Authentication successful"])
    }

    @Test("smtpd_helo_required rejects AUTH and MAIL before EHLO")
    func heloRequired() {
        var settings = labSettings()
        settings.smtpdHELORequired = true
        var harness = SMTPHarness(settings: settings)
        harness.start()
        #expect(harness.send("AUTH PLAIN") == ["503 5.5.1 Error: send HELO/EHLO first"])
        #expect(
            harness.send("MAIL FROM:<a@b.example>") == ["503 5.5.1 Error: send HELO/EHLO first"])
    }

    @Test("AUTH with SASL off is not enabled")
    func saslOff() {
        var settings = labSettings()
        settings.smtpdSASLAuthEnable = false
        var harness = SMTPHarness.greeted(settings: settings)
        #expect(harness.send("AUTH PLAIN") == ["503 5.5.1 Error: authentication not enabled"])
    }

    @Test("later EHLO keeps the authentication")
    func ehloKeepsAuth() {
        var harness = SMTPHarness.greeted()
        harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
        harness.send("EHLO again.example")
        #expect(harness.send("AUTH PLAIN") == ["503 5.5.1 Error: already authenticated"])
    }

    @Test("EHLO ends a mail transaction")
    func ehloResetsTransaction() {
        var harness = SMTPHarness.greeted()
        harness.send("MAIL FROM:<a@example.com>")
        harness.send("EHLO client.example")
        #expect(harness.send("MAIL FROM:<a@example.com>") == ["250 2.1.0 Ok"])
    }

    @Test("RSET ends a mail transaction")
    func rsetResetsTransaction() {
        var harness = SMTPHarness.greeted()
        harness.send("MAIL FROM:<a@example.com>")
        harness.send("RSET")
        #expect(harness.send("MAIL FROM:<a@example.com>") == ["250 2.1.0 Ok"])
    }
}
