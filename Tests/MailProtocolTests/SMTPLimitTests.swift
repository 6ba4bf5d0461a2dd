import Testing

@testable import MailProtocol

@Suite("SMTP limits")
struct SMTPLimitTests {
    @Test("long line is cut, acted on and logged")
    func lineLength() {
        var harness = SMTPHarness.greeted()
        #expect(harness.session.maximumLineLength == 2048)
        let line = "NOOP " + String(repeating: "x", count: 2043)
        #expect(harness.send(line) == ["250 2.0.0 Ok"])
        #expect(
            logs(harness.lastActions) == ["warning: localhost[127.0.0.1]: request longer than 2048"]
        )
        #expect(harness.send("NOOP short").count == 1)
        #expect(logs(harness.lastActions).isEmpty)
    }

    @Test("timeout closes with 421")
    func timeout() {
        var harness = SMTPHarness.greeted()
        #expect(harness.session.idleTimeout == 300)
        let actions = harness.session.timedOut()
        #expect(replies(actions) == ["421 4.4.2 lab.example.jp Error: timeout exceeded"])
        #expect(logs(actions).first == "timeout after EHLO from localhost[127.0.0.1]")
        #expect(actions.last == .close)
    }

    @Test("errors past the soft limit are delayed")
    func softLimit() {
        var harness = SMTPHarness.greeted()
        for _ in 0..<10 {
            harness.send("BOGUS")
            #expect(!harness.lastActions.contains(.pause(seconds: 1)))
        }
        harness.send("NOOP")
        #expect(harness.lastActions.contains(.pause(seconds: 1)))
        harness.send("QUIT")
        #expect(harness.lastActions.contains(.pause(seconds: 1)))
        #expect(
            harness.lastActions.firstIndex(of: .pause(seconds: 1))! < harness.lastActions
                .firstIndex(of: .reply("221 2.0.0 Bye"))!)
    }

    @Test("hard limit closes with 421")
    func hardLimit() {
        var harness = SMTPHarness.greeted()
        for _ in 0..<19 {
            harness.send("BOGUS")
            #expect(!harness.lastActions.contains(.close))
        }
        #expect(
            harness.send("BOGUS") == [
                "500 5.5.2 Error: command not recognized",
                "421 4.7.0 lab.example.jp Error: too many errors",
            ])
        #expect(harness.lastActions.last == .close)
        #expect(
            logs(harness.lastActions).first
                == "too many errors after UNKNOWN from localhost[127.0.0.1]")
    }

    @Test("junk commands count after the junk limit")
    func junkLimit() {
        var settings = labSettings()
        settings.smtpdJunkCommandLimit = 2
        var harness = SMTPHarness.greeted(settings: settings)
        for _ in 0..<3 {
            harness.send("NOOP")
        }
        #expect(harness.session.errorCount == 0)
        harness.send("NOOP")
        #expect(harness.session.errorCount == 1)
    }

    @Test("lost connection is logged")
    func lostConnection() {
        var harness = SMTPHarness.greeted()
        harness.send("MAIL FROM:<a@example.com>")
        harness.send("RCPT TO:<testuser@lab.example.jp>")
        harness.send("DATA")
        harness.send("Subject: x")
        let actions = harness.session.connectionLost()
        #expect(
            logs(actions) == [
                "lost connection after DATA (11 bytes) from localhost[127.0.0.1]",
                "disconnect from localhost[127.0.0.1]",
            ])
    }
}
