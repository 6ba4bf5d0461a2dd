import Foundation
import Testing

@testable import Course

@Suite("LessonLoader")
struct LessonLoaderTests {
    @Test("lesson09 loads with its steps")
    func loadsLesson09() throws {
        let lesson = try LessonFixtures.loadLesson09()
        #expect(lesson.id == "lesson09")
        #expect(lesson.number == 9)
        #expect(
            lesson.steps.map(\.id) == [
                "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.0",
                "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4", "3.5", "4.0", "4.1",
                "4.2", "4.3", "4.4", "4.5", "4.6",
            ])
        #expect(lesson.steps.allSatisfy { $0.id.hasPrefix("\($0.part).") })
        #expect(lesson.step(id: "2.3")?.checkIDs == ["smtp.auth_plain_by_hand"])
        #expect(
            lesson.check(id: "smtp.auth_cram_md5_by_hand")?.parameters == [
                "mechanism": "CRAM-MD5"
            ])
        #expect(lesson.checks.count == 30)
        #expect(lesson.reportQuestions.count == 4)
        #expect(lesson.reportQuestions.map(\.id).contains("chroot-jail"))
        for step in lesson.steps {
            #expect(step.textJa?.isEmpty == false, "Japanese text of \(step.id)")
            #expect(step.textEn?.isEmpty == false, "English text of \(step.id)")
            #expect(step.solution?.lines.isEmpty == false, "solution of \(step.id)")
        }
        #expect(lesson.step(after: "2.3")?.id == "2.4")
        #expect(lesson.step(after: "2.4")?.id == "3.1")
        #expect(lesson.step(after: "4.6") == nil)
    }

    @Test("lesson09 step 2.1 teaches the printf escape")
    func lesson09StepText() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let english = try #require(lesson.step(id: "2.1")?.textEn)
        let commands = StepText.commands(english)
        #expect(commands.contains("printf '\\0000NAME\\0000PASSWORD' | mmencode"))
        #expect(commands.contains("sasldblistusers2"))
        let japanese = try #require(lesson.step(id: "2.1")?.textJa)
        #expect(StepText.commands(japanese) == commands)
    }

    @Test("lesson09 CRAM-MD5 solution captures challenge")
    func lesson09Solution() throws {
        let lesson = try LessonFixtures.loadLesson09()
        let solution = try #require(lesson.step(id: "2.4")?.solution)
        #expect(solution.definedVariables == ["challenge", "response"])
        #expect(
            solution.lines.contains {
                $0.action == .expect(shell: .a, pattern: "^334 (\\S+)$", captures: ["challenge"])
            })
        #expect(
            solution.lines.contains { $0.action == .press(shell: .a, key: .controlRightBracket) })
    }

    @Test("lesson folders are listed")
    func listsFolders() {
        let folders = LessonLoader.lessonFolders(in: LessonFixtures.lessonsFolder)
        #expect(folders.map(\.lastPathComponent) == ["lesson09"])
    }

    @Test("fixture loads")
    func fixtureLoads() throws {
        let lesson = try LessonLoader.load(folderName: "demo", files: LessonFixtures.files())
        #expect(lesson.title == LocalizedText(ja: "デモ", en: "Demo"))
        #expect(lesson.steps.first?.textEn == "Text\n")
        #expect(lesson.reportQuestions.first?.id == "q1")
    }

    struct BrokenCase: CustomTestStringConvertible, Sendable {
        var name: String
        var lesson: String = LessonFixtures.lessonJSON
        var checks: String = LessonFixtures.checksJSON
        var expected: LessonLoadError
        var testDescription: String { name }
    }

    static let brokenCases: [BrokenCase] = [
        BrokenCase(
            name: "missing comma",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"number\": 1,", with: "\"number\": 1"),
            expected: LessonLoadError(
                file: "lesson.json", line: 5, column: 3,
                problem: .syntax("expected ',' or '}' after a field (is a comma missing?)"))),
        BrokenCase(
            name: "number as string",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"number\": 1", with: "\"number\": \"9\""),
            expected: LessonLoadError(
                file: "lesson.json", line: 4, column: 13, field: "number",
                problem: .wrongType(expected: "a number", found: "a string"))),
        BrokenCase(
            name: "missing English title",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"title\": { \"ja\": \"デモ\", \"en\": \"Demo\" }",
                with: "\"title\": { \"ja\": \"デモ\" }"),
            expected: LessonLoadError(
                file: "lesson.json", line: 5, column: 12, field: "title.en",
                problem: .missingField)),
        BrokenCase(
            name: "misspelt field",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"title\": { \"ja\": \"一\"", with: "\"tilte\": { \"ja\": \"一\""),
            expected: LessonLoadError(
                file: "lesson.json", line: 7, column: 31, field: "steps[0].tilte",
                problem: .unknownField(allowed: ["id", "part", "title", "checks"]))),
        BrokenCase(
            name: "step id without dot",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"id\": \"1.1\"", with: "\"id\": \"1-1\""),
            expected: LessonLoadError(
                file: "lesson.json", line: 7, column: 13, field: "steps[0].id",
                problem: .invalidID("1-1", pattern: LessonLoader.stepIDPattern))),
        BrokenCase(
            name: "step id with path",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"id\": \"1.1\"", with: "\"id\": \"../1\""),
            expected: LessonLoadError(
                file: "lesson.json", line: 7, column: 13, field: "steps[0].id",
                problem: .invalidID("../1", pattern: LessonLoader.stepIDPattern))),
        BrokenCase(
            name: "part differs from step id",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"part\": 1", with: "\"part\": 2"),
            expected: LessonLoadError(
                file: "lesson.json", line: 7, column: 28, field: "steps[0].part",
                problem: .partMismatch(stepID: "1.1", part: 2))),
        BrokenCase(
            name: "lesson id differs from folder",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"id\": \"demo\"", with: "\"id\": \"other\""),
            expected: LessonLoadError(
                file: "lesson.json", line: 3, column: 9, field: "id",
                problem: .idMismatch(folder: "demo", id: "other"))),
        BrokenCase(
            name: "unsupported format",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"format\": 1", with: "\"format\": 2"),
            expected: LessonLoadError(
                file: "lesson.json", line: 2, column: 13, field: "format",
                problem: .unsupportedFormat(2))),
        BrokenCase(
            name: "empty Japanese text",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"ja\": \"問い\"", with: "\"ja\": \" \""),
            expected: LessonLoadError(
                file: "lesson.json", line: 10, column: 54, field: "reportQuestions[0].text.ja",
                problem: .emptyValue)),
        BrokenCase(
            name: "field given twice",
            lesson: LessonFixtures.lessonJSON.replacingOccurrences(
                of: "\"number\": 1,", with: "\"number\": 1, \"number\": 2,"),
            expected: LessonLoadError(
                file: "lesson.json", line: 4, column: 16,
                problem: .syntax("field \"number\" appears twice"))),
        BrokenCase(
            name: "duplicate check id",
            checks: LessonFixtures.checksJSON.replacingOccurrences(
                of: "\"checks\": [",
                with: """
                    "checks": [ { "id": "smtp.ehlo_auth", "kind": "smtp.ehlo_auth",
                      "title": { "ja": "a", "en": "a" }, "hint": { "ja": "b", "en": "b" } },
                    """),
            expected: LessonLoadError(
                file: "checks.json", line: 4, column: 5, field: "checks[1].id",
                problem: .duplicateID("smtp.ehlo_auth"))),
        BrokenCase(
            name: "hint missing",
            checks: LessonFixtures.checksJSON.replacingOccurrences(
                of: ", \"hint\": { \"ja\": \"ヒント\", \"en\": \"Hint\" }", with: ""),
            expected: LessonLoadError(
                file: "checks.json", line: 3, column: 5, field: "checks[0].hint",
                problem: .missingField)),
        BrokenCase(
            name: "parameters not strings",
            checks: LessonFixtures.checksJSON.replacingOccurrences(
                of: "\"kind\": \"smtp.ehlo_auth\",",
                with: "\"kind\": \"smtp.ehlo_auth\", \"parameters\": { \"n\": 1 },"),
            expected: LessonLoadError(
                file: "checks.json", line: 3, column: 78, field: "checks[0].parameters.n",
                problem: .wrongType(expected: "a string", found: "a number"))),
        BrokenCase(
            name: "checks is an object",
            checks: "{ \"checks\": {} }",
            expected: LessonLoadError(
                file: "checks.json", line: 1, column: 13, field: "checks",
                problem: .wrongType(expected: "an array", found: "an object"))),
    ]

    @Test("broken lesson file gives precise error", arguments: brokenCases)
    func brokenFile(_ broken: BrokenCase) {
        let files = LessonFixtures.files(lesson: broken.lesson, checks: broken.checks)
        #expect(throws: broken.expected) {
            try LessonLoader.load(folderName: "demo", files: files)
        }
    }

    @Test("missing lesson.json is named")
    func missingLessonFile() {
        var files = LessonFixtures.files()
        files["lesson.json"] = nil
        #expect(throws: LessonLoadError(file: "lesson.json", problem: .fileMissing)) {
            try LessonLoader.load(folderName: "demo", files: files)
        }
    }

    @Test("step text that is not UTF-8 is named")
    func notUTF8() {
        var files = LessonFixtures.files()
        files["steps/1.1.en.md"] = Array("line one\nline ".utf8) + [0xFF, 0xFE] + [0x0A]
        #expect(throws: LessonLoadError(file: "steps/1.1.en.md", line: 2, problem: .notUTF8)) {
            try LessonLoader.load(folderName: "demo", files: files)
        }
    }

    @Test("solution syntax error names the line")
    func solutionSyntax() {
        var files = LessonFixtures.files()
        files["solutions/1.1.txt"] = Array("# comment\nA> ok\nC> nope\n".utf8)
        let expected = LessonLoadError(
            file: "solutions/1.1.txt", line: 3,
            problem: .solutionSyntax("a line must start with A or B (the shell) or with set"))
        #expect(throws: expected) {
            try LessonLoader.load(folderName: "demo", files: files)
        }
    }

    @Test("error message says where and what to do")
    func errorMessage() {
        let error = LessonLoadError(
            file: "lesson.json", line: 4, column: 13, field: "number",
            problem: .wrongType(expected: "a number", found: "a string"))
        #expect(
            error.message(.en)
                == "lesson.json:4:13: field number: expected a number, found a string. "
                + "Change the value to a number.")
        #expect(error.message(.ja).hasPrefix("lesson.json:4:13: フィールド number: "))
        #expect(error.message(.ja).contains("型を直してください"))
    }

    @Test("every prefix of lesson.json loads or fails")
    func truncatedFiles() throws {
        let bytes = Array(
            try Data(
                contentsOf: LessonFixtures.lesson09Folder.appendingPathComponent("lesson.json")))
        let lastBrace = try #require(bytes.lastIndex(of: UInt8(ascii: "}")))
        var failures = 0
        for length in 0...lastBrace {
            var files = LessonFixtures.files()
            files["lesson.json"] = Array(bytes[0..<length])
            do {
                _ = try LessonLoader.load(folderName: "lesson09", files: files)
            } catch {
                failures += 1
                #expect(error.file == "lesson.json")
            }
        }
        #expect(failures == lastBrace + 1)
    }

    @Test("deep nesting is rejected")
    func deepNesting() {
        var files = LessonFixtures.files()
        files["lesson.json"] = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(
            throws: LessonLoadError(
                file: "lesson.json", line: 1, column: 65,
                problem: .syntax("nested deeper than 64 levels"))
        ) {
            try LessonLoader.load(folderName: "demo", files: files)
        }
    }

    @Test("lesson folder on disk loads")
    func folderOnDisk() throws {
        let folder = try LessonFixtures.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        try LessonFixtures.write(LessonFixtures.files(), to: folder)
        let lesson = try LessonLoader.load(folder: folder)
        #expect(lesson.steps.first?.solution?.lines.count == 2)
    }
}
