import Foundation
import LabSystem
import MailProtocol
import Testing

@testable import Course

@Suite("ProgressStore")
struct ProgressStoreTests {
    private func makeFolder() throws -> LabFolder {
        LabFolder(url: try LessonFixtures.temporaryFolder("lab"))
    }

    private func remove(_ folder: LabFolder) {
        try? FileManager.default.removeItem(at: folder.url.deletingLastPathComponent())
    }

    static func sampleProgress() -> LessonProgress {
        let start = Date(timeIntervalSince1970: 1_765_000_000.5)
        var progress = LessonProgress(lessonID: "lesson09", currentStepID: "2.3", startedAt: start)
        progress.update(
            results: [
                CheckResult(
                    checkID: "smtp.auth_plain_by_hand", state: .failed, passedAt: nil,
                    finding: .authFailed(
                        mechanism: "PLAIN",
                        reason: .malformedPLAIN(fieldCount: 2, controlBytes: [1])),
                    reason: LocalizedText(ja: "失敗", en: "failed"),
                    evidence: ["C: AUTH PLAIN ********", "S: 535 5.7.8 Error"],
                    evidenceConnectionID: 4, evaluatedAt: start.addingTimeInterval(60)),
                CheckResult(
                    checkID: "smtp.ehlo_auth", state: .passed,
                    passedAt: start.addingTimeInterval(30),
                    finding: .ehloAdvertisedAuth(mechanisms: ["PLAIN"]),
                    reason: LocalizedText(ja: "済", en: "done"), evidence: [],
                    evidenceConnectionID: nil, evaluatedAt: start.addingTimeInterval(60)),
            ], at: start.addingTimeInterval(60))
        progress.recordHint(checkID: "smtp.auth_plain_by_hand", at: start.addingTimeInterval(90))
        return progress
    }

    @Test("progress round trip")
    func roundTrip() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        let progress = Self.sampleProgress()
        try ProgressStore.save(progress, to: folder)
        #expect(try ProgressStore.load(from: folder) == progress)
    }

    @Test("save leaves no temporary file")
    func noTemporaryFile() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        var progress = Self.sampleProgress()
        try ProgressStore.save(progress, to: folder)
        progress.currentStepID = "2.4"
        try ProgressStore.save(progress, to: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(names == ["progress.json"])
        #expect(try ProgressStore.load(from: folder)?.currentStepID == "2.4")
    }

    @Test("missing progress is nil")
    func missing() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        #expect(try ProgressStore.load(from: folder) == nil)
    }

    @Test("corrupt progress names the file")
    func corrupt() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        try Data("{\"format\": 1, \"lessonID\": ".utf8).write(to: folder.progress)
        let error = try #require(throws: LabFileError.self) {
            try ProgressStore.load(from: folder)
        }
        #expect(error.path == folder.progress.path)
        #expect(error.problem == .corrupt("not valid JSON"))
        #expect(
            error.message(.en).hasPrefix("\(folder.progress.path) is corrupt (not valid JSON)."))
        #expect(error.message(.ja).contains("壊れています"))
    }

    @Test("wrong field type names the field")
    func wrongFieldType() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        try ProgressStore.save(Self.sampleProgress(), to: folder)
        var text = try String(contentsOf: folder.progress, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\"currentStepID\" : \"2.3\"", with: "\"currentStepID\" : 3")
        try Data(text.utf8).write(to: folder.progress)
        let error = try #require(throws: LabFileError.self) {
            try ProgressStore.load(from: folder)
        }
        #expect(error.problem == .corrupt("wrong type at currentStepID"))
    }

    @Test("newer format is rejected")
    func newerFormat() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        var progress = Self.sampleProgress()
        progress.format = 2
        try ProgressStore.save(progress, to: folder)
        #expect(
            throws: LabFileError(
                path: folder.progress.path, problem: .corrupt("format 2 is not supported"))
        ) {
            try ProgressStore.load(from: folder)
        }
    }

    @Test("unwritable folder gives an error")
    func unwritable() throws {
        let folder = try makeFolder()
        defer { remove(folder) }
        let blocker = folder.url.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        let inside = LabFolder(url: blocker.appendingPathComponent("lab"))
        let error = try #require(throws: LabFileError.self) {
            try ProgressStore.save(Self.sampleProgress(), to: inside)
        }
        #expect(error.path == inside.progress.path)
        guard case .writeFailed = error.problem else {
            Issue.record("expected a write failure, got \(error.problem)")
            return
        }
    }

    @Test("hint is recorded once")
    func hintOnce() {
        var progress = Self.sampleProgress()
        let later = Date(timeIntervalSince1970: 1_765_009_999)
        progress.recordHint(checkID: "smtp.auth_plain_by_hand", at: later)
        progress.recordHint(checkID: "smtp.ehlo_auth", at: later)
        #expect(progress.hintsUsed.map(\.checkID) == ["smtp.auth_plain_by_hand", "smtp.ehlo_auth"])
        #expect(progress.hintsUsed.first?.shownAt == Date(timeIntervalSince1970: 1_765_000_090.5))
        #expect(progress.updatedAt == later)
    }

    @Test("new progress starts at first step")
    func startsAtFirstStep() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let time = Date(timeIntervalSince1970: 1_765_000_000)
        let progress = LessonProgress(starting: lesson, at: time)
        #expect(progress.currentStepID == "1.1")
        #expect(progress.startedAt == time)
        #expect(progress.updatedAt == time)
        #expect(progress.results.isEmpty)
    }
}

@Suite("ReportFieldsStore")
struct ReportFieldsStoreTests {
    @Test("report fields round trip")
    func roundTrip() throws {
        let folder = LabFolder(url: try LessonFixtures.temporaryFolder("lab"))
        defer { try? FileManager.default.removeItem(at: folder.url.deletingLastPathComponent()) }
        let fields = ReportFields(
            faculty: "工学部", department: "情報工学科", studentNumber: "09B12345", year: "3",
            name: "山田 花子", date: "2026-12-04 13:00", freeText: "気づいたこと\n二行目",
            answers: ["plain-eavesdrop": "パスワードが分かる"])
        try ReportFieldsStore.save(fields, to: folder)
        #expect(try ReportFieldsStore.load(from: folder) == fields)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.url.path)
        #expect(names == ["report-fields.json"])
        #expect(fields.affiliation == "工学部 情報工学科")
    }

    @Test("missing fields decode as empty")
    func olderFile() throws {
        let folder = LabFolder(url: try LessonFixtures.temporaryFolder("lab"))
        defer { try? FileManager.default.removeItem(at: folder.url.deletingLastPathComponent()) }
        #expect(try ReportFieldsStore.load(from: folder) == ReportFields())
        try Data("{\"name\": \"Hanako\"}".utf8).write(to: folder.reportFields)
        #expect(try ReportFieldsStore.load(from: folder) == ReportFields(name: "Hanako"))
    }

    @Test("corrupt report fields name the file")
    func corrupt() throws {
        let folder = LabFolder(url: try LessonFixtures.temporaryFolder("lab"))
        defer { try? FileManager.default.removeItem(at: folder.url.deletingLastPathComponent()) }
        try Data("[1, 2]".utf8).write(to: folder.reportFields)
        let error = try #require(throws: LabFileError.self) {
            try ReportFieldsStore.load(from: folder)
        }
        #expect(error.path == folder.reportFields.path)
    }
}
