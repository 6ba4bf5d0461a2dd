import Foundation
import MailProtocol
import Testing

@testable import Course

@Suite("CheckEngine")
struct CheckEngineTests {
    static let ehloID = "smtp.ehlo_auth"
    static let plainID = "smtp.auth_plain_by_hand"
    static let cramID = "smtp.auth_cram_md5_by_hand"
    let now = Date(timeIntervalSince1970: 1_765_100_000)

    private func evaluate(
        _ journal: JournalBuilder, previous: [CheckResult] = []
    ) throws -> [String: CheckResult] {
        let lesson = try LessonFixtures.loadLesson09()
        let results = CheckEngine.evaluate(
            lesson: lesson, events: journal.events, now: now, previous: previous)
        #expect(results.map(\.checkID) == lesson.checks.map(\.id))
        return Dictionary(uniqueKeysWithValues: results.map { ($0.checkID, $0) })
    }

    /// A telnet session from Shell-A on port 40001 that greets the server.
    private func handSession(_ journal: inout JournalBuilder, id: Int = 1, port: Int = 40001) {
        journal.telnet(.a, localPort: port)
        journal.open(id, peerPort: port)
        journal.ehlo(id)
    }

    @Test("empty journal is not seen yet")
    func emptyJournal() throws {
        let results = try evaluate(JournalBuilder())
        for id in [Self.ehloID, Self.plainID, Self.cramID] {
            let result = try #require(results[id])
            #expect(result.state == .notYet)
            #expect(result.finding == .notSeenYet)
            #expect(result.passedAt == nil)
            #expect(result.evidence.isEmpty)
            #expect(result.evaluatedAt == now)
        }
        #expect(results[Self.plainID]?.reason.en.hasPrefix("No AUTH PLAIN seen yet.") == true)
        #expect(results[Self.ehloID]?.reason.ja.hasPrefix("まだ EHLO の応答がありません") == true)
    }

    @Test("EHLO with AUTH passes with evidence")
    func ehloPasses() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 50000)
        journal.ehlo(1)
        journal.client(1, "QUIT")
        journal.server(1, "221 2.0.0 Bye")
        let result = try #require(try evaluate(journal)[Self.ehloID])
        #expect(result.state == .passed)
        #expect(result.passedAt == JournalBuilder.time(ofSequence: 8))
        #expect(result.finding == .ehloAdvertisedAuth(mechanisms: ["PLAIN", "LOGIN", "CRAM-MD5"]))
        #expect(
            result.evidence == [
                "S: 220 lab.example.jp ESMTP Postfix", "C: EHLO localhost",
                "S: 250-lab.example.jp", "S: 250-AUTH PLAIN LOGIN CRAM-MD5", "S: 250 DSN",
            ])
        #expect(result.evidenceConnectionID == 1)
    }

    @Test("EHLO without AUTH fails every check")
    func ehloWithoutAuth() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSessionWithout(&journal)
        let results = try evaluate(journal)
        for id in [Self.ehloID, Self.plainID, Self.cramID] {
            #expect(results[id]?.state == .failed, "\(id)")
            #expect(results[id]?.finding == .ehloWithoutAuth, "\(id)")
        }
        #expect(results[Self.ehloID]?.reason.en.contains("smtpd_sasl_auth_enable = yes") == true)
    }

    private func handSessionWithout(_ journal: inout JournalBuilder) {
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehlo(1, mechanisms: [])
    }

    @Test("AUTH PLAIN by hand passes")
    func plainByHand() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.plainLogin(1)
        journal.client(1, "QUIT")
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.state == .passed)
        #expect(
            result.finding == .authSucceededByHand(mechanism: "PLAIN", user: "testuser", shell: .a))
        #expect(result.passedAt == JournalBuilder.time(ofSequence: 11))
        #expect(
            result.evidence.suffix(2) == [
                "C: AUTH PLAIN ********", "S: 235 2.7.0 Authentication successful",
            ])
        #expect(!result.evidence.contains("C: QUIT"))
        #expect(result.reason.en.contains("typed by hand in Shell-A's telnet"))
        #expect(result.reason.ja.contains("Shell-A の telnet で手で打った"))
    }

    @Test("telnet event after the server's is by hand")
    func telnetPublishedLate() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 40001)
        journal.telnet(.b, localPort: 40001)
        journal.ehlo(1)
        journal.plainLogin(1)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(
            result.finding == .authSucceededByHand(mechanism: "PLAIN", user: "testuser", shell: .b))
    }

    @Test("AUTH from a tool does not count")
    func toolOnly() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 50000)
        journal.ehlo(1)
        journal.plainLogin(1)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.state == .failed)
        #expect(result.finding == .succeededByToolOnly(mechanism: "PLAIN"))
        #expect(result.passedAt == nil)
        #expect(result.reason.en.contains("not typed by hand"))
        #expect(result.evidence.last == "S: 235 2.7.0 Authentication successful")
    }

    @Test("telnet to another server port is a tool")
    func otherServerPort() throws {
        var journal = JournalBuilder()
        journal.serviceStarted(port: 2525)
        journal.telnet(.a, localPort: 40001, serverPort: 1143)
        journal.open(1, peerPort: 40001)
        journal.ehlo(1)
        journal.plainLogin(1)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.finding == .succeededByToolOnly(mechanism: "PLAIN"))
    }

    @Test("reused peer port after close is a tool")
    func reusedPort() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.close(1)
        journal.open(2, peerPort: 40001)
        journal.ehlo(2)
        journal.plainLogin(2)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.finding == .succeededByToolOnly(mechanism: "PLAIN"))
        #expect(result.evidenceConnectionID == 2)
    }

    @Test("connection id reused after restart")
    func connectionIDReused() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 50000)
        journal.ehlo(1)
        journal.serviceStarted(port: 2626)
        journal.telnet(.a, localPort: 40002, serverPort: 2626)
        journal.open(1, peerPort: 40002)
        journal.ehlo(1)
        journal.plainLogin(1)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.state == .passed)
        #expect(result.evidence.first == "S: 220 lab.example.jp ESMTP Postfix")
        #expect(result.evidence.count == 7)
    }

    static let failureCases: [(AuthFailureReason, String)] = [
        (.unknownUser, "the user does not exist"),
        (.wrongPassword, "the password is wrong. Decode your string with mmencode -u"),
        (.invalidBase64, "is not valid base64"),
        (.malformedPLAIN(fieldCount: 2, controlBytes: [0x01]), "It contains the byte 0x01."),
        (.malformedPLAIN(fieldCount: 2, controlBytes: []), "A NUL is missing."),
        (.mechanismUnavailable, "the server does not offer this mechanism"),
        (.aborted, "was cancelled with *"),
        (.backendCannotVerify, "saslauthd and pwcheck verify only PLAIN and LOGIN"),
        (.wrongRealm("other.example"), "the realm other.example"),
        (.other("temporary failure"), "(temporary failure)"),
    ]

    @Test("failure reason is explained", arguments: failureCases)
    func failureReason(reason: AuthFailureReason, expectedText: String) throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.client(1, "AUTH PLAIN ********")
        journal.authFailed(1, "PLAIN", reason)
        journal.server(1, "535 5.7.8 Error: authentication failed: authentication failure")
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.state == .failed)
        #expect(result.finding == .authFailed(mechanism: "PLAIN", reason: reason))
        #expect(result.reason.en.contains(expectedText), "\(result.reason.en)")
        #expect(result.reason.ja.contains("AUTH PLAIN"))
        #expect(result.reason.ja != result.reason.en)
        #expect(result.evidence.last?.hasPrefix("S: 535 5.7.8") == true)
    }

    @Test("control byte reason explains the escape")
    func controlBytesExplained() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.authFailed(1, "PLAIN", .malformedPLAIN(fieldCount: 2, controlBytes: [0x01, 0x1F]))
        let reason = try #require(try evaluate(journal)[Self.plainID]).reason
        #expect(reason.en.contains("0x01, 0x1F"))
        #expect(reason.en.contains("Write \\0000 instead of \\0."))
        #expect(reason.ja.contains("\\0 の代わりに \\0000 と書いてください"))
    }

    @Test("CRAM-MD5 wrong password speaks of the response")
    func cramWrongPassword() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.authFailed(1, "CRAM-MD5", .wrongPassword)
        let result = try #require(try evaluate(journal)[Self.cramID])
        #expect(result.reason.en.contains("the response does not match"))
        #expect(try evaluate(journal)[Self.plainID]?.state == .notYet)
    }

    @Test("mechanism missing from EHLO fails")
    func mechanismNotOffered() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehlo(1, mechanisms: ["PLAIN", "LOGIN"])
        let results = try evaluate(journal)
        #expect(
            results[Self.cramID]?.finding
                == .mechanismNotOffered(mechanism: "CRAM-MD5", offered: ["PLAIN", "LOGIN"]))
        #expect(results[Self.cramID]?.reason.en.contains("Add it to mech_list") == true)
        #expect(results[Self.plainID]?.state == .notYet)
    }

    @Test("EHLO offering the mechanism clears the complaint")
    func offerClearsComplaint() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.open(1, peerPort: 50000)
        journal.ehlo(1, mechanisms: ["PLAIN"])
        journal.authFailed(1, "PLAIN", .wrongPassword)
        journal.open(2, peerPort: 50001)
        journal.ehlo(2, mechanisms: ["PLAIN", "CRAM-MD5"])
        let results = try evaluate(journal)
        #expect(results[Self.cramID]?.finding == .notSeenYet)
        #expect(
            results[Self.plainID]?.finding
                == .authFailed(mechanism: "PLAIN", reason: .wrongPassword))
    }

    @Test("latest failure gives the reason")
    func latestFailure() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.authFailed(1, "PLAIN", .wrongPassword)
        journal.authFailed(1, "PLAIN", .invalidBase64)
        journal.open(2, peerPort: 50000)
        journal.authSucceeded(2, "PLAIN")
        journal.authFailed(1, "PLAIN", .unknownUser)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.finding == .authFailed(mechanism: "PLAIN", reason: .unknownUser))
    }

    @Test("earliest success counts and stays")
    func earliestSuccess() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.plainLogin(1)
        let firstPass = try #require(try evaluate(journal)[Self.plainID]?.passedAt)
        handSession(&journal, id: 2, port: 40002)
        journal.plainLogin(2)
        journal.authFailed(2, "PLAIN", .wrongPassword)
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.state == .passed)
        #expect(result.passedAt == firstPass)
        #expect(result.evidenceConnectionID == 1)
    }

    @Test("mechanism names ignore case")
    func mechanismCase() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.client(1, "auth cram-md5")
        journal.server(1, "334 PDEyMzQ1Ni4xNzAwMDAwQGxhYi5leGFtcGxlLmpwPg==")
        journal.client(1, "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=")
        journal.authSucceeded(1, "cram-md5")
        journal.server(1, "235 2.7.0 Authentication successful")
        let result = try #require(try evaluate(journal)[Self.cramID])
        #expect(result.state == .passed)
        #expect(
            result.evidence.suffix(3) == [
                "S: 334 PDEyMzQ1Ni4xNzAwMDAwQGxhYi5leGFtcGxlLmpwPg==", "C: ********",
                "S: 235 2.7.0 Authentication successful",
            ])
    }

    @Test("leaked PLAIN string is masked in evidence")
    func leakedSecretMasked() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.client(1, "AUTH PLAIN AHRlc3R1c2VyAHBhc3N3b3Jk")
        journal.authSucceeded(1, "PLAIN")
        journal.server(1, "235 2.7.0 Authentication successful")
        let result = try #require(try evaluate(journal)[Self.plainID])
        #expect(result.evidence.contains("C: AUTH PLAIN ********"))
        #expect(!result.evidence.joined().contains("AHRlc3R1c2VyAHBhc3N3b3Jk"))
    }

    @Test("previous pass is kept")
    func previousPassKept() throws {
        let earlier = CheckResult(
            checkID: Self.plainID, state: .passed, passedAt: JournalBuilder.start,
            finding: .authSucceededByHand(mechanism: "PLAIN", user: "testuser", shell: .a),
            reason: LocalizedText(ja: "済", en: "done"), evidence: ["S: 235 2.7.0 ok"],
            evidenceConnectionID: 7, evaluatedAt: JournalBuilder.start)
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.plainLogin(1, success: false)
        let result = try #require(try evaluate(journal, previous: [earlier])[Self.plainID])
        #expect(result.state == .passed)
        #expect(result.passedAt == JournalBuilder.start)
        #expect(result.evidenceConnectionID == 7)
        #expect(result.evaluatedAt == now)
    }

    @Test("earlier proof replaces previous pass")
    func earlierProofWins() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        handSession(&journal)
        journal.plainLogin(1)
        let later = CheckResult(
            checkID: Self.plainID, state: .passed, passedAt: now, finding: .notSeenYet,
            reason: LocalizedText(ja: "", en: ""), evidence: [], evidenceConnectionID: nil,
            evaluatedAt: now)
        let result = try #require(try evaluate(journal, previous: [later])[Self.plainID])
        #expect(result.passedAt == JournalBuilder.time(ofSequence: 11))
        #expect(result.evidenceConnectionID == 1)
    }

    @Test("unknown kind and missing parameter wait")
    func badDefinitions() {
        let text = LocalizedText(ja: "題", en: "Title")
        let lesson = Lesson(
            id: "demo", number: 1, title: text, steps: [],
            checks: [
                CheckDefinition(id: "a", kind: "smtp.magic", title: text, hint: text),
                CheckDefinition(id: "b", kind: "smtp.auth_by_hand", title: text, hint: text),
            ], reportQuestions: [])
        let results = CheckEngine.evaluate(lesson: lesson, events: [], now: now)
        #expect(results.map(\.state) == [.notYet, .notYet])
        #expect(
            results.map(\.finding) == [.unknownKind("smtp.magic"), .missingParameter("mechanism")])
        #expect(results[0].reason.en.contains("maillab lessons validate"))
    }

    @Test("IMAP AUTHENTICATE by hand passes")
    func imapByHand() {
        let text = LocalizedText(ja: "題", en: "Title")
        let lesson = Lesson(
            id: "demo", number: 1, title: text, steps: [],
            checks: [
                CheckDefinition(
                    id: "imap", kind: "imap.auth_by_hand", parameters: ["mechanism": "CRAM-MD5"],
                    title: text, hint: text)
            ], reportQuestions: [])
        var journal = JournalBuilder()
        journal.serviceStarted(.imap, port: 1143)
        journal.telnet(.a, localPort: 40010, serverPort: 1143)
        journal.open(3, peerPort: 40010, service: .imap)
        journal.authSucceeded(3, "CRAM-MD5", service: .smtp)
        var results = CheckEngine.evaluate(lesson: lesson, events: journal.events, now: now)
        #expect(results.first?.state == .notYet)
        #expect(results.first?.reason.en.contains("AUTHENTICATE CRAM-MD5") == true)
        journal.authSucceeded(3, "CRAM-MD5", service: .imap)
        results = CheckEngine.evaluate(lesson: lesson, events: journal.events, now: now)
        #expect(results.first?.state == .passed)
    }

    @Test("step results follow the step")
    func stepResults() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let results = CheckEngine.evaluate(lesson: lesson, events: [], now: now)
        let step = try #require(lesson.step(id: "2.4"))
        #expect(CheckEngine.results(for: step, in: results).map(\.checkID) == [Self.cramID])
    }
}

@Suite("CheckHint")
struct CheckHintTests {
    @Test("failed check adds its reason")
    func failedAddsReason() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let check = try #require(lesson.check(id: "smtp.auth_plain_by_hand"))
        var journal = JournalBuilder()
        journal.open(1, peerPort: 50000)
        journal.authFailed(1, "PLAIN", .invalidBase64)
        let results = CheckEngine.evaluate(lesson: lesson, events: journal.events, now: .now)
        let result = try #require(results.first { $0.checkID == check.id })
        let hint = CheckHint.text(for: check, result: result)
        #expect(hint.en.hasPrefix(check.hint.en))
        #expect(hint.en.hasSuffix(result.reason.en))
        #expect(hint.ja.hasSuffix(result.reason.ja))
        #expect(CheckHint.text(for: check, result: nil) == check.hint)
    }
}
