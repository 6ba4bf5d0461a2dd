import Foundation
import MailProtocol
import Testing

@testable import Course

@Suite("ReportBuilder")
struct ReportBuilderTests {
    /// base64 of NUL "testuser" NUL "s3cretpw".
    static let leakedPLAIN = "AHRlc3R1c2VyAHMzY3JldHB3"
    static let password = "s3cretpw"
    static let tokyo = TimeZone(identifier: "Asia/Tokyo")!
    static let generatedAt = Date(timeIntervalSince1970: 1_765_100_000)

    static let fields = ReportFields(
        faculty: "工学部", department: "情報工学科", studentNumber: "09B12345", year: "3",
        name: "山田 花子", date: "2026-12-04 13:00",
        freeText: "I typed printf '\\0000testuser\\0000s3cretpw' | mmencode and got "
            + "\(leakedPLAIN) back.",
        answers: ["plain-eavesdrop": "Anyone can decode \(leakedPLAIN)."])

    /// Builds a journal where the servers leaked secrets unmasked: the PLAIN string on the AUTH line
    /// and the CRAM-MD5 response after the challenge.
    static func leakyJournal() -> JournalBuilder {
        var journal = JournalBuilder()
        journal.serviceStarted()
        journal.telnet(.a, localPort: 40001)
        journal.open(1, peerPort: 40001)
        journal.ehlo(1, mechanisms: ["PLAIN", "CRAM-MD5"])
        journal.client(1, "AUTH PLAIN \(leakedPLAIN)")
        journal.authSucceeded(1, "PLAIN")
        journal.server(1, "235 2.7.0 Authentication successful")
        journal.close(1)
        journal.telnet(.a, localPort: 40002)
        journal.open(2, peerPort: 40002)
        journal.ehlo(2, mechanisms: ["PLAIN", "CRAM-MD5"])
        journal.client(2, "AUTH CRAM-MD5")
        journal.server(2, "334 PDEyMzQ1Ni4xNzAwMDAwQGxhYi5leGFtcGxlLmpwPg==")
        journal.client(2, "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=")
        journal.authFailed(2, "CRAM-MD5", .wrongPassword)
        journal.server(2, "535 5.7.8 Error: authentication failed: authentication failure")
        return journal
    }

    private func report(_ language: Language) throws -> Report {
        let lesson = try LessonFixtures.loadLesson09()
        let results = CheckEngine.evaluate(
            lesson: lesson, events: Self.leakyJournal().events, now: Self.generatedAt)
        var progress = LessonProgress(
            lessonID: lesson.id, currentStepID: "2.4", startedAt: JournalBuilder.start)
        progress.update(results: results, at: Self.generatedAt)
        progress.recordHint(
            checkID: "smtp.auth_cram_md5_by_hand", at: JournalBuilder.start.addingTimeInterval(600))
        return ReportBuilder.build(
            lesson: lesson, progress: progress, fields: Self.fields, language: language,
            generatedAt: Self.generatedAt, timeZone: Self.tokyo)
    }

    @Test("Markdown has the fields")
    func markdownFields() throws {
        let markdown = try report(.ja).markdown()
        #expect(markdown.hasPrefix("# レポート: 第9回 メールサーバの認証\n"))
        #expect(markdown.contains("| 所属 (学部・学科) | 工学部 情報工学科 |"))
        #expect(markdown.contains("| 学籍番号 | 09B12345 |"))
        #expect(markdown.contains("| 学年 | 3 |"))
        #expect(markdown.contains("| 氏名 | 山田 花子 |"))
        #expect(markdown.contains("| 日時 | 2026-12-04 13:00 |"))
        #expect(markdown.contains("| レポート作成日時 | 2025-12-07 18:33:20 +09:00 |"))
        #expect(markdown.contains("## 調べてみよう"))
        #expect(markdown.contains("- 理由: AUTH CRAM-MD5 が失敗しました。レスポンスが合いません。"))
        #expect(markdown.contains("Anyone can decode ********."))
    }

    @Test("Markdown has check times and evidence")
    func markdownChecks() throws {
        let markdown = try report(.en).markdown()
        #expect(markdown.contains("### ✓ 2.2 EHLO advertised AUTH"))
        #expect(markdown.contains("### ✓ 2.3 AUTH PLAIN typed by hand succeeded"))
        #expect(markdown.contains("### ✗ 2.4 AUTH CRAM-MD5 typed by hand succeeded"))
        let plainPassed = JournalBuilder.time(ofSequence: 11)
        #expect(markdown.contains("- Passed at: 2025-12-06 14:46:50 +09:00"))
        #expect(try report(.en).formatted(plainPassed) == "2025-12-06 14:46:50 +09:00")
        #expect(markdown.contains("- State: failed"))
        #expect(markdown.contains("- Reason: AUTH CRAM-MD5 failed: the response does not match."))
        #expect(markdown.contains("```\nS: 220 lab.example.jp ESMTP Postfix\nC: EHLO localhost\n"))
        #expect(
            markdown.contains("C: AUTH PLAIN ********\nS: 235 2.7.0 Authentication successful\n```")
        )
        #expect(markdown.contains("Checks passed: 2 of 14"))
        #expect(
            markdown.contains(
                "- AUTH CRAM-MD5 typed by hand succeeded (smtp.auth_cram_md5_by_hand): "
                    + "2025-12-06 14:56:40 +09:00"))
    }

    @Test("report shows no secret", arguments: ReportFormat.allCases)
    func noSecret(format: ReportFormat) throws {
        for language in Language.allCases {
            let text = String(decoding: try report(language).rendered(format), as: UTF8.self)
            #expect(!text.contains(Self.leakedPLAIN), "\(format) \(language)")
            #expect(!text.contains(Self.password), "\(format) \(language)")
            #expect(!text.contains("dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M="))
            #expect(text.contains("********"))
        }
    }

    @Test("leaked evidence is masked again")
    func secondPass() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let leaked = CheckResult(
            checkID: "smtp.auth_plain_by_hand", state: .passed, passedAt: Self.generatedAt,
            finding: .authSucceededByHand(mechanism: "PLAIN", user: "testuser", shell: .a),
            reason: LocalizedText(ja: "成功", en: "succeeded"),
            evidence: [
                "C: AUTH PLAIN \(Self.leakedPLAIN)", "S: 235 2.7.0 Authentication successful",
                "C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: dGVzdHVzZXI=", "S: 334 UGFzc3dvcmQ6",
                "C: czNjcmV0cHc=",
            ],
            evidenceConnectionID: 1, evaluatedAt: Self.generatedAt)
        let report = ReportBuilder.build(
            lesson: lesson, results: [leaked], hintsUsed: [], fields: ReportFields(),
            language: .en, generatedAt: Self.generatedAt, timeZone: Self.tokyo)
        let entry = try #require(report.checks.first { $0.checkID == leaked.checkID })
        #expect(
            entry.evidence == [
                "C: AUTH PLAIN ********", "S: 235 2.7.0 Authentication successful",
                "C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: ********", "S: 334 UGFzc3dvcmQ6",
                "C: ********",
            ])
        let markdown = report.markdown()
        #expect(!markdown.contains("czNjcmV0cHc="))
        #expect(markdown.contains("No hints were used."))
        #expect(markdown.contains("| Name | (not filled in) |"))
    }

    @Test("check without result is not yet")
    func missingResult() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let report = ReportBuilder.build(
            lesson: lesson, results: [], hintsUsed: [], fields: ReportFields(), language: .ja,
            generatedAt: Self.generatedAt, timeZone: Self.tokyo)
        #expect(report.checks.allSatisfy { $0.state == .notYet })
        #expect(report.checks.prefix(3).map(\.stepID) == ["2.2", "2.3", "2.4"])
        #expect(report.checks.first?.reason.hasPrefix("まだ EHLO の応答がありません") == true)
        #expect(report.displayDate == "2025-12-07 18:33:20 +09:00")
        #expect(report.markdown().contains("- 状態: 未実施"))
    }

    @Test("JSON report decodes")
    func json() throws {
        let report = try report(.en)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(Report.self, from: report.json())
        #expect(decoded.fields == report.fields)
        #expect(decoded.checks.map(\.state) == report.checks.map(\.state))
        #expect(decoded.checks.map(\.evidence) == report.checks.map(\.evidence))
        let text = String(decoding: report.json(), as: UTF8.self)
        #expect(text.contains("\"generatedAt\" : \"2025-12-07T09:33:20Z\""))
    }

    @Test("HTML escapes and stands alone")
    func html() throws {
        var fields = Self.fields
        fields.name = "<script>alert(1)</script>"
        let lesson = try LessonFixtures.loadLesson09()
        let report = ReportBuilder.build(
            lesson: lesson, results: [], hintsUsed: [], fields: fields, language: .en,
            generatedAt: Self.generatedAt, timeZone: Self.tokyo)
        let html = report.html()
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.contains("src="))
        #expect(!html.contains("href="))
        #expect(html.contains("<h2>Checks</h2>"))
    }
}

@Suite("ReportFormat")
struct ReportFormatTests {
    @Test("format names match the command line")
    func names() {
        #expect(ReportFormat(rawValue: "md") == .markdown)
        #expect(ReportFormat.allCases.map(\.fileExtension) == ["md", "html", "json"])
    }
}
