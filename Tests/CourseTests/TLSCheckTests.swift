import Foundation
import MailProtocol
import Testing

@testable import Course

/// Journal helpers for TLS sessions, next to `JournalBuilder`'s plaintext ones.
extension JournalBuilder {
    mutating func ehloWithSTARTTLS(_ id: Int, offered: Bool = true) {
        server(id, "220 lab.example.jp ESMTP Postfix")
        client(id, "EHLO localhost")
        server(id, "250-lab.example.jp")
        if offered { server(id, "250-STARTTLS") }
        server(id, "250 DSN")
        add(
            .session(
                .ehloAnswered(
                    connectionID: id, name: "localhost", authMechanisms: ["PLAIN", "CRAM-MD5"],
                    offeredStartTLS: offered)), origin: .server(.smtp))
    }

    mutating func startTLS(_ id: Int, reply: String = "220 2.0.0 Ready to start TLS") {
        client(id, "STARTTLS")
        server(id, reply)
    }

    mutating func tlsStarted(_ id: Int) {
        add(
            .session(
                .tlsStarted(
                    connectionID: id,
                    info: TLSInfo(
                        version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384",
                        secretBits: 256, algorithmBits: 256))), origin: .server(.smtp))
    }

    mutating func authOverTLS(_ id: Int, _ mechanism: String, overTLS: Bool) {
        client(id, "AUTH \(mechanism)")
        add(
            .session(
                .authSucceeded(
                    connectionID: id, service: .smtp, mechanism: mechanism, user: "testuser",
                    realm: "lab.example.jp", overTLS: overTLS)), origin: .server(.smtp))
        server(id, "235 2.7.0 Authentication successful")
    }

    mutating func delivered(_ id: Int, overTLS: Bool) {
        add(
            .session(
                .messageDelivered(
                    connectionID: id, queueID: "ABC123", sender: "root@lab.example.jp",
                    recipients: ["testuser@lab.example.jp"], overTLS: overTLS,
                    authenticatedUser: nil)), origin: .server(.smtp))
    }
}

@Suite("TLS and swaks checks")
struct TLSCheckTests {
    static let key = "/usr/local/etc/postfix/postfix.key"
    static let certificate = "/usr/local/etc/postfix/postfix.crt"
    let now = Date(timeIntervalSince1970: 1_765_100_000)

    private func evaluate(
        _ journal: JournalBuilder, values: [String: String] = [:]
    ) throws -> [String: CheckResult] {
        let lesson = try LessonFixtures.loadLesson09()
        let results = CheckEngine.evaluate(
            lesson: lesson, events: journal.events, now: now,
            facts: SandboxFacts(values: values))
        return Dictionary(uniqueKeysWithValues: results.map { ($0.checkID, $0) })
    }

    private func result(
        _ id: String, _ journal: JournalBuilder = JournalBuilder(),
        values: [String: String] = [:]
    ) throws -> CheckResult {
        try #require(try evaluate(journal, values: values)[id])
    }

    // MARK: - Key and certificate

    static func pair(key: String, certificate: String, match: String?) -> [String: String] {
        var values = [
            TLSFacts.keyFact(Self.key): key,
            TLSFacts.certificateFact(Self.certificate): certificate,
        ]
        if let match {
            values[TLSFacts.pairFact(key: Self.key, certificate: Self.certificate)] = match
        }
        return values
    }

    @Test(
        "key and certificate states",
        arguments: [
            (
                "ok:2048", "ok", "match", CheckState.passed,
                TLSFinding.keyCertificateValid(bits: 2048)
            ),
            ("ok:1024", "ok", "match", .failed, .keyTooShort(path: key, bits: 1024)),
            ("missing", "missing", nil, .notYet, .keyMissing(path: key)),
            ("invalid", "ok", nil, .failed, .keyInvalid(path: key)),
            ("ok:2048", "missing", nil, .notYet, .certificateMissing(path: certificate)),
            ("ok:2048", "invalid", nil, .failed, .certificateInvalid(path: certificate)),
            ("ok:4096", "expired", "match", .failed, .certificateExpired(path: certificate)),
            ("ok:2048", "ok", "mismatch", .failed, .keyCertificateMismatch),
        ] as [(String, String, String?, CheckState, TLSFinding)])
    func keyCertificate(
        key: String, certificate: String, match: String?, state: CheckState, finding: TLSFinding
    ) throws {
        let outcome = try result(
            "tls.key_certificate",
            values: Self.pair(key: key, certificate: certificate, match: match))
        #expect(outcome.state == state)
        #expect(outcome.finding == .tls(finding))
        #expect(!outcome.reason.ja.isEmpty)
        #expect(!outcome.reason.en.isEmpty)
    }

    @Test("short key reason explains OpenSSL 3")
    func shortKeyReason() throws {
        let outcome = try result(
            "tls.key_certificate",
            values: Self.pair(key: "ok:1024", certificate: "ok", match: "match"))
        #expect(outcome.reason.en.contains("OpenSSL 3 rejects RSA keys under 2048 bits"))
        #expect(outcome.reason.ja.contains("2048 ビット未満"))
    }

    @Test("no facts is not seen yet")
    func noFacts() throws {
        for id in ["tls.key_certificate", "tls.key_modes", "postfix.tls_settings"] {
            let outcome = try result(id)
            #expect(outcome.state == .notYet, "\(id)")
            #expect(outcome.finding == .notSeenYet, "\(id)")
        }
    }

    // MARK: - Modes and main.cf

    @Test("modes 400 pass")
    func modesPass() throws {
        let values = [
            TLSFacts.modeFact(Self.key): "400", TLSFacts.modeFact(Self.certificate): "400",
        ]
        let outcome = try result("tls.key_modes", values: values)
        #expect(outcome.state == .passed)
        #expect(outcome.finding == .tls(.modesCorrect(mode: "400")))
        #expect(outcome.passedAt == now)
    }

    @Test("mode 644 fails naming the file")
    func modesFail() throws {
        let values = [
            TLSFacts.modeFact(Self.key): "400", TLSFacts.modeFact(Self.certificate): "644",
        ]
        let outcome = try result("tls.key_modes", values: values)
        #expect(outcome.state == .failed)
        #expect(
            outcome.finding == .tls(.modesWrong(expected: "400", files: [Self.certificate: "644"])))
        #expect(outcome.reason.en.contains("\(Self.certificate) (644)"))
        #expect(outcome.reason.ja.contains("chmod 400"))
    }

    static let tlsSettings = [
        "smtpd_tls_cert_file": certificate, "smtpd_tls_key_file": key, "smtpd_tls_loglevel": "1",
        "smtpd_tls_received_header": "yes", "smtpd_tls_security_level": "may",
        "smtp_tls_loglevel": "1", "smtp_tls_security_level": "may",
        "smtp_tls_note_starttls_offer": "yes",
    ]

    @Test("all TLS settings pass")
    func mainCFPass() throws {
        let values = Dictionary(
            uniqueKeysWithValues: Self.tlsSettings.map { (TLSFacts.mainCFFact($0.key), $0.value) })
        let outcome = try result("postfix.tls_settings", values: values)
        #expect(outcome.state == .passed)
        #expect(outcome.finding == .tls(.mainCFValuesSet))
    }

    @Test("smtp_ for smtpd_ fails with the names")
    func mainCFWrong() throws {
        var values = Dictionary(
            uniqueKeysWithValues: Self.tlsSettings.map { (TLSFacts.mainCFFact($0.key), $0.value) })
        values[TLSFacts.mainCFFact("smtpd_tls_security_level")] = nil
        values[TLSFacts.mainCFFact("smtpd_tls_loglevel")] = "2"
        let outcome = try result("postfix.tls_settings", values: values)
        #expect(outcome.state == .failed)
        guard case .tls(.mainCFValuesWrong(let wrong, _)) = outcome.finding else {
            Issue.record("finding \(outcome.finding)")
            return
        }
        #expect(wrong.keys.sorted() == ["smtpd_tls_loglevel", "smtpd_tls_security_level"])
        #expect(wrong["smtpd_tls_loglevel"] == .some("2"))
        #expect(wrong["smtpd_tls_security_level"] == .some(nil))
        #expect(outcome.reason.en.contains("smtpd_tls_security_level = may (-)"))
        #expect(outcome.reason.en.contains("smtpd_ (server)"))
    }

    // MARK: - Restart

    private func changedMainCF(_ journal: inout JournalBuilder) {
        journal.add(
            .fileChanged(path: "/usr/local/etc/postfix/main.cf"), origin: .shell(.b))
    }

    @Test("restart after change passes")
    func restartPasses() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        changedMainCF(&journal)
        journal.serviceStarted()
        let outcome = try result("postfix.tls_restart", journal)
        #expect(outcome.state == .passed)
        #expect(outcome.passedAt == JournalBuilder.time(ofSequence: 3))
    }

    @Test("change without restart fails")
    func changeWithoutRestart() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        changedMainCF(&journal)
        journal.serviceStarted()
        changedMainCF(&journal)
        let outcome = try result("postfix.tls_restart", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.notRestartedSinceChange))
        #expect(outcome.reason.en.contains("/usr/local/etc/rc.d/postfix stop"))
    }

    @Test("TLS warning after restart fails")
    func restartWithWarning() throws {
        var journal = JournalBuilder()
        changedMainCF(&journal)
        journal.add(.serviceReloaded(service: .smtp))
        let line =
            "warning: cannot get RSA private key from file \(Self.key): disabling TLS support"
        let outcome = try result(
            "postfix.tls_restart", journal, values: [TLSFacts.maillogWarningsFact: line])
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.tlsWarningsLogged(lines: [line])))
        #expect(outcome.reason.ja.contains(line))
    }

    @Test("no change is not seen yet")
    func restartNotSeen() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        let outcome = try result("postfix.tls_restart", journal)
        #expect(outcome.state == .notYet)
        #expect(outcome.finding == .notSeenYet)
    }

    // MARK: - STARTTLS

    @Test("STARTTLS by hand passes both checks")
    func startTLSByHand() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehloWithSTARTTLS(1)
        journal.startTLS(1)
        let results = try evaluate(journal)
        #expect(results["smtp.ehlo_starttls"]?.state == .passed)
        let byHand = try #require(results["smtp.starttls_by_hand"])
        #expect(byHand.state == .passed)
        #expect(byHand.finding == .tls(.startTLSSucceededByHand(shell: .a)))
        #expect(byHand.evidence.last == "S: 220 2.0.0 Ready to start TLS")
        #expect(byHand.evidenceConnectionID == 1)
    }

    @Test("EHLO without STARTTLS fails")
    func ehloWithoutSTARTTLS() throws {
        var journal = JournalBuilder()
        journal.open(1, peerPort: 40001)
        journal.ehloWithSTARTTLS(1, offered: false)
        let outcome = try result("smtp.ehlo_starttls", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.ehloWithoutSTARTTLS))
    }

    @Test("454 to STARTTLS by hand fails")
    func startTLSRefused() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehloWithSTARTTLS(1)
        journal.startTLS(1, reply: "454 4.7.0 TLS not available due to local problem")
        let outcome = try result("smtp.starttls_by_hand", journal)
        #expect(outcome.state == .failed)
        #expect(
            outcome.finding
                == .tls(.startTLSRefused(reply: "454 4.7.0 TLS not available due to local problem"))
        )
    }

    @Test("STARTTLS by a tool does not count by hand")
    func startTLSByTool() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 40002)
        journal.ehloWithSTARTTLS(1)
        journal.startTLS(1)
        journal.tlsStarted(1)
        let outcome = try result("smtp.starttls_by_hand", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.startTLSByToolOnly))
    }

    // MARK: - swaks

    @Test("AUTH by a tool passes")
    func authByTool() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 40003)
        journal.ehlo(1)
        journal.plainLogin(1)
        let outcome = try result("smtp.auth_plain_by_tool", journal)
        #expect(outcome.state == .passed)
        #expect(outcome.finding == .tls(.authSucceededByTool(mechanism: "PLAIN", user: "testuser")))
        #expect(outcome.evidence.contains("S: 235 2.7.0 Authentication successful"))
        let cram = try result("smtp.auth_cram_md5_by_tool", journal)
        #expect(cram.state == .notYet)
    }

    @Test("AUTH by hand does not count for the tool")
    func authByHandOnly() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehlo(1)
        journal.plainLogin(1)
        let outcome = try result("smtp.auth_plain_by_tool", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.authByHandOnly(mechanism: "PLAIN")))
    }

    @Test("failed AUTH by a tool says why")
    func authByToolFails() throws {
        var journal = JournalBuilder()
        journal.open(1, peerPort: 40003)
        journal.ehlo(1)
        journal.plainLogin(1, success: false)
        let outcome = try result("smtp.auth_plain_by_tool", journal)
        #expect(outcome.state == .failed)
        #expect(
            outcome.finding == .tls(.authFailedByTool(mechanism: "PLAIN", reason: .wrongPassword)))
        #expect(outcome.reason.en.contains("password is wrong"))
    }

    @Test("delivery passes and TLS delivery needs TLS")
    func deliveries() throws {
        var journal = JournalBuilder()
        journal.open(1, peerPort: 40003)
        journal.ehlo(1)
        journal.delivered(1, overTLS: false)
        var results = try evaluate(journal)
        #expect(results["smtp.message_delivered"]?.state == .passed)
        #expect(results["smtp.delivered_over_tls"]?.state == .failed)
        #expect(results["smtp.delivered_over_tls"]?.finding == .tls(.deliveredWithoutTLS))

        journal.open(2, peerPort: 40004)
        journal.ehloWithSTARTTLS(2)
        journal.startTLS(2)
        journal.tlsStarted(2)
        journal.delivered(2, overTLS: true)
        results = try evaluate(journal)
        let overTLS = try #require(results["smtp.delivered_over_tls"])
        #expect(overTLS.state == .passed)
        #expect(
            overTLS.finding
                == .tls(.messageDelivered(recipients: ["testuser@lab.example.jp"], overTLS: true)))
        #expect(overTLS.evidenceConnectionID == 2)
    }

    @Test("STARTTLS then AUTH in one session")
    func startTLSThenAuth() throws {
        var journal = JournalBuilder()
        journal.open(1, peerPort: 40003)
        journal.ehlo(1)
        journal.authOverTLS(1, "PLAIN", overTLS: false)
        var outcome = try result("smtp.starttls_then_auth", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.authWithoutTLS(mechanism: "PLAIN")))

        journal.open(2, peerPort: 40004)
        journal.ehloWithSTARTTLS(2)
        journal.startTLS(2)
        journal.tlsStarted(2)
        outcome = try result("smtp.starttls_then_auth", journal)
        #expect(outcome.finding == .tls(.authWithoutTLS(mechanism: "PLAIN")))

        journal.authOverTLS(2, "CRAM-MD5", overTLS: true)
        outcome = try result("smtp.starttls_then_auth", journal)
        #expect(outcome.state == .passed)
        #expect(outcome.finding == .tls(.startTLSThenAuthSucceeded(mechanism: "CRAM-MD5")))
        #expect(outcome.evidenceConnectionID == 2)
    }

    @Test("TLS without AUTH fails")
    func tlsWithoutAuth() throws {
        var journal = JournalBuilder()
        journal.open(1, peerPort: 40003)
        journal.ehloWithSTARTTLS(1)
        journal.startTLS(1)
        journal.tlsStarted(1)
        let outcome = try result("smtp.starttls_then_auth", journal)
        #expect(outcome.state == .failed)
        #expect(outcome.finding == .tls(.tlsWithoutAuth))
    }

    @Test("every kind has a not-seen reason")
    func notSeenReasons() throws {
        let results = try evaluate(JournalBuilder())
        let lesson = try LessonFixtures.loadLesson09()
        for check in lesson.checks where TLSCheckKind(rawValue: check.kind) != nil {
            let outcome = try #require(results[check.id])
            #expect(outcome.state == .notYet, "\(check.id)")
            #expect(!outcome.reason.ja.isEmpty, "\(check.id)")
            #expect(!outcome.reason.en.isEmpty, "\(check.id)")
        }
    }
}
