import Foundation
import Testing

@testable import MailProtocol

@Suite("SMTP mail transaction")
struct SMTPTransactionTests {
    /// Sends one message to testuser and returns the harness.
    static func sendMessage(
        _ body: [String], authenticate: Bool = false, settings: SMTPSettings = labSettings()
    ) -> SMTPHarness {
        var harness = SMTPHarness.greeted(settings: settings)
        if authenticate {
            harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
        }
        harness.send("MAIL FROM:<sender@example.com>")
        harness.send("RCPT TO:<testuser@lab.example.jp>")
        harness.send("DATA")
        for line in body {
            harness.send(line)
        }
        harness.send(".")
        return harness
    }

    @Test("delivers before the queued reply")
    func deliverThenReply() throws {
        let harness = Self.sendMessage(["Subject: hi", "", "hello"])
        let actions = harness.lastActions
        let deliverIndex = try #require(
            actions.firstIndex { if case .deliver = $0 { return true } else { return false } })
        #expect(actions[deliverIndex + 1] == .reply("250 2.0.0 Ok: queued as 7A120F60B5"))
        let delivery = try #require(deliveries(actions).first)
        #expect(delivery.queueID == "7A120F60B5")
        #expect(delivery.sender == "sender@example.com")
        #expect(delivery.recipients == ["testuser@lab.example.jp"])
        #expect(
            events(actions).contains(
                .messageDelivered(
                    connectionID: 7, queueID: "7A120F60B5", sender: "sender@example.com",
                    recipients: ["testuser@lab.example.jp"], overTLS: false,
                    authenticatedUser: nil)))
    }

    @Test("stores the message with trace and added headers")
    func storedMessage() throws {
        let harness = Self.sendMessage(["Subject: hi", "", "hello", "..dot", "."])
        let delivery = try #require(deliveries(harness.actions).first)
        let expected = """
            Received: from client.example (localhost [127.0.0.1])
            \tby lab.example.jp (Postfix) with ESMTP id 7A120F60B5
            \tfor <testuser@lab.example.jp>; Fri,  4 Dec 2026 13:44:10 +0000 (UTC)
            Subject: hi
            Message-Id: <20261204134410.7A120F60B5@lab.example.jp>
            Date: Fri,  4 Dec 2026 13:44:10 +0000 (UTC)
            From: sender@example.com

            hello
            .dot

            """
        #expect(String(decoding: delivery.message, as: UTF8.self) == expected)
    }

    @Test("ends DATA only at a lone dot")
    func dotUnstuffing() throws {
        var harness = SMTPHarness.greeted()
        harness.send("MAIL FROM:<sender@example.com>")
        harness.send("RCPT TO:<testuser@lab.example.jp>")
        harness.send("DATA")
        #expect(harness.session.maximumLineLength == nil)
        #expect(harness.send("..") == [])
        #expect(harness.send(". ") == [])
        #expect(harness.send("QUIT") == [])
        #expect(harness.send(".") == ["250 2.0.0 Ok: queued as 7A120F60B5"])
        let delivery = try #require(deliveries(harness.actions).first)
        let text = String(decoding: delivery.message, as: UTF8.self)
        #expect(text.hasSuffix("\n\n.\n \nQUIT\n"))
    }

    @Test("authenticated client relays and is named")
    func authenticatedHeader() throws {
        var settings = labSettings()
        settings.smtpdSASLAuthenticatedHeader = true
        settings.smtpdSASLLocalDomain = "lab.example.jp"
        var harness = SMTPHarness.greeted(settings: settings)
        harness.send("AUTH PLAIN \(base64("\0testuser\0password"))")
        harness.send("MAIL FROM:<testuser@lab.example.jp>")
        #expect(harness.send("RCPT TO:<friend@example.com>") == ["250 2.1.5 Ok"])
        #expect(
            logs(harness.actions) == [
                "7A120F60B5: client=localhost[127.0.0.1], sasl_method=PLAIN,"
                    + " sasl_username=testuser@lab.example.jp"
            ])
        harness.send("DATA")
        harness.send("Subject: out")
        harness.send(".")
        let delivery = try #require(deliveries(harness.actions).first)
        let text = String(decoding: delivery.message, as: UTF8.self)
        #expect(
            text.hasPrefix(
                """
                Received: from client.example (localhost [127.0.0.1])
                \t(Authenticated sender: testuser@lab.example.jp)
                \tby lab.example.jp (Postfix) with ESMTPA id 7A120F60B5
                \tfor <friend@example.com>; Fri,  4 Dec 2026 13:44:10 +0000 (UTC)
                Subject: out

                """))
        #expect(delivery.recipients == ["friend@example.com"])
    }

    @Test("relay is decided per recipient")
    func relayPerRecipient() {
        var harness = SMTPHarness.greeted()
        harness.send("MAIL FROM:<sender@example.com>")
        #expect(
            harness.send("RCPT TO:<friend@example.com>")
                == ["554 5.7.1 <friend@example.com>: Relay access denied"])
        #expect(
            logs(harness.lastActions) == [
                "NOQUEUE: reject: RCPT from localhost[127.0.0.1]: 554 5.7.1 <friend@example.com>:"
                    + " Relay access denied; from=<sender@example.com> to=<friend@example.com>"
                    + " proto=ESMTP helo=<client.example>"
            ])
        #expect(harness.send("RCPT TO:<testuser@lab.example.jp>") == ["250 2.1.5 Ok"])
        harness.send("DATA")
        harness.send(".")
        #expect(deliveries(harness.actions).first?.recipients == ["testuser@lab.example.jp"])
    }

    @Test("mynetworks client may relay")
    func mynetworksRelay() {
        var harness = SMTPHarness(address: "192.0.2.15")
        harness.start()
        harness.send("EHLO client.example")
        harness.send("MAIL FROM:<sender@example.com>")
        #expect(harness.send("RCPT TO:<friend@example.com>") == ["250 2.1.5 Ok"])
    }

    @Test("unknown restriction is a server error")
    func unknownRestriction() {
        var settings = labSettings()
        settings.smtpdRecipientRestrictions = [
            "permit_sasl_authenticatd", "reject_unauth_destination",
        ]
        var harness = SMTPHarness.greeted(settings: settings)
        harness.send("MAIL FROM:<sender@example.com>")
        #expect(
            harness.send("RCPT TO:<testuser@lab.example.jp>")
                == ["451 4.3.5 Server configuration error"])
        #expect(
            logs(harness.lastActions).first
                == "warning: unknown smtpd restriction: \"permit_sasl_authenticatd\"")
    }

    @Test("restrictions without a relay guard stop the server")
    func openRelayConfiguration() {
        var settings = labSettings()
        settings.smtpdRecipientRestrictions = ["permit_mynetworks", "permit_sasl_authenticated"]
        var harness = SMTPHarness(settings: settings)
        #expect(harness.start() == [])
        #expect(harness.lastActions.last == .close)
        #expect(logs(harness.actions).contains { $0.hasPrefix("fatal: parameter") })
    }

    @Test("message over the size limit is refused")
    func sizeLimit() {
        var settings = labSettings()
        settings.messageSizeLimit = 100
        let harness = Self.sendMessage(
            [String(repeating: "x", count: 60), String(repeating: "y", count: 60)],
            settings: settings)
        #expect(replies(harness.lastActions) == ["552 5.3.4 Message size exceeds fixed limit"])
        #expect(deliveries(harness.actions).isEmpty)
    }

    @Test("recipient limit gives 452")
    func recipientLimit() {
        var settings = labSettings()
        settings.smtpdRecipientLimit = 2
        var harness = SMTPHarness.greeted(settings: settings)
        harness.send("MAIL FROM:<sender@example.com>")
        harness.send("RCPT TO:<testuser@lab.example.jp>")
        harness.send("RCPT TO:<bob@lab.example.jp>")
        #expect(
            harness.send("RCPT TO:<postmaster@lab.example.jp>")
                == ["452 4.5.3 Error: too many recipients"])
    }

    @Test("pipelined commands are answered in order")
    func pipelining() {
        var harness = SMTPHarness()
        harness.start()
        let lines = [
            "EHLO client.example", "MAIL FROM:<sender@example.com>",
            "RCPT TO:<testuser@lab.example.jp>", "RCPT TO:<nobody@lab.example.jp>", "DATA",
            "Subject: pipelined", "", "body", ".", "QUIT",
        ]
        var answers: [String] = []
        for line in lines {
            answers += harness.send(line).filter { !$0.hasPrefix("250-") }
        }
        #expect(
            answers == [
                "250 DSN", "250 2.1.0 Ok", "250 2.1.5 Ok",
                "550 5.1.1 <nobody@lab.example.jp>: Recipient address rejected:"
                    + " User unknown in local recipient table",
                "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as 7A120F60B5",
                "221 2.0.0 Bye",
            ])
        #expect(deliveries(harness.actions).count == 1)
    }

    @Test("keeps an existing Message-Id and Date")
    func existingHeaders() throws {
        let harness = Self.sendMessage([
            "Message-ID: <abc@client.example>", "Date: Thu, 3 Dec 2026 10:00:00 +0900",
            "From: Someone <someone@example.com>", "", "text",
        ])
        let delivery = try #require(deliveries(harness.actions).first)
        let text = String(decoding: delivery.message, as: UTF8.self)
        #expect(!text.contains("Message-Id: <2026"))
        #expect(!text.contains("Date: Fri"))
        #expect(!text.contains("From: sender@example.com"))
        #expect(logs(harness.lastActions).contains("7A120F60B5: message-id=<abc@client.example>"))
    }
}
