import Foundation
import Testing

@testable import Course

@Suite("LessonValidator")
struct LessonValidatorTests {
    private func demoLesson() throws -> Lesson {
        try LessonLoader.load(folderName: "demo", files: LessonFixtures.files())
    }

    @Test("lesson09 has no issues")
    func lesson09IsComplete() {
        let issues = LessonValidator.validate(folder: LessonFixtures.lesson09Folder)
        #expect(issues.isEmpty, "\(issues.map(\.description))")
    }

    @Test("fixture has no issues")
    func fixtureIsComplete() throws {
        #expect(LessonValidator.validate(try demoLesson()).isEmpty)
    }

    @Test("missing English text is an error")
    func missingText() throws {
        var lesson = try demoLesson()
        lesson.steps[0].textEn = nil
        let issues = LessonValidator.validate(lesson)
        #expect(issues.count == 1)
        #expect(issues.first?.problem == .missingStepText(stepID: "1.1", language: .en))
        #expect(issues.first?.file == "steps/1.1.en.md")
        #expect(LessonValidator.hasErrors(issues))
    }

    @Test("blank Japanese text is an error")
    func blankText() throws {
        var lesson = try demoLesson()
        lesson.steps[0].textJa = "\n  \n"
        #expect(
            LessonValidator.validate(lesson).map(\.problem) == [
                .missingStepText(stepID: "1.1", language: .ja)
            ])
    }

    @Test("missing solution is an error")
    func missingSolution() throws {
        var lesson = try demoLesson()
        lesson.steps[0].solution = nil
        let issues = LessonValidator.validate(lesson)
        #expect(issues.map(\.problem) == [.missingSolution(stepID: "1.1")])
        #expect(issues.first?.file == "solutions/1.1.txt")
    }

    @Test("unknown check id is an error")
    func unknownCheckID() throws {
        var lesson = try demoLesson()
        lesson.steps[0].checkIDs.append("smtp.typo")
        let issues = LessonValidator.validate(lesson)
        #expect(issues.map(\.problem) == [.unknownCheckID(stepID: "1.1", checkID: "smtp.typo")])
        #expect(issues.first?.severity == .error)
    }

    @Test("unknown check kind is an error")
    func unknownKind() throws {
        var lesson = try demoLesson()
        lesson.checks[0].kind = "smtp.magic"
        let issues = LessonValidator.validate(lesson)
        #expect(
            issues.map(\.problem) == [
                .unknownCheckKind(checkID: "smtp.ehlo_auth", kind: "smtp.magic")
            ])
        #expect(issues.first?.message(.en).contains("smtp.auth_by_hand") == true)
    }

    @Test("missing mechanism parameter is an error")
    func missingParameter() throws {
        var lesson = try demoLesson()
        lesson.checks[0].kind = "smtp.auth_by_hand"
        lesson.checks[0].parameters = ["mechansim": "PLAIN"]
        let issues = LessonValidator.validate(lesson)
        #expect(
            issues.map(\.problem) == [
                .missingParameter(checkID: "smtp.ehlo_auth", name: "mechanism"),
                .unknownParameter(checkID: "smtp.ehlo_auth", name: "mechansim"),
            ])
        #expect(issues.map(\.severity) == [.error, .warning])
    }

    @Test("undefined solution variable is an error")
    func undefinedVariable() throws {
        var lesson = try demoLesson()
        lesson.steps[0].solution = try SolutionScript.parse(
            "set user = testuser\nA> ${user} ${secret}\n", file: "solutions/1.1.txt")
        let issues = LessonValidator.validate(lesson)
        #expect(
            issues.map(\.problem) == [.undefinedVariable(stepID: "1.1", line: 2, name: "secret")])
        #expect(issues.first?.line == 2)
    }

    @Test("answer to unknown question is an error")
    func unknownQuestion() throws {
        var lesson = try demoLesson()
        lesson.reportQuestions = [
            ReportQuestion(id: "known", text: LocalizedText(ja: "問", en: "Q"))
        ]
        lesson.steps[0].solution = try SolutionScript.parse(
            "answer known = yes\nanswer missing = no\n", file: "solutions/1.1.txt")
        let issues = LessonValidator.validate(lesson)
        #expect(
            issues.map(\.problem) == [.unknownQuestion(stepID: "1.1", questionID: "missing")])
        #expect(issues.first?.line == 2)
        #expect(issues.first?.severity == .error)
    }

    @Test("variables carry over between steps")
    func variablesCarryOver() throws {
        var lesson = try demoLesson()
        lesson.steps[0].solution = try SolutionScript.parse(
            "A? ^334 (\\S+)$ -> challenge\n", file: "s")
        var second = lesson.steps[0]
        second.id = "1.2"
        second.solution = try SolutionScript.parse("B> ${challenge}\n", file: "s")
        lesson.steps.append(second)
        #expect(LessonValidator.validate(lesson).isEmpty)
        lesson.steps.swapAt(0, 1)
        #expect(
            LessonValidator.validate(lesson).map(\.problem) == [
                .undefinedVariable(stepID: "1.2", line: 1, name: "challenge")
            ])
    }

    @Test("differing commands are a warning")
    func commandsDiffer() throws {
        var lesson = try demoLesson()
        lesson.steps[0].textJa = "打つ:\n\n    telnet localhost 25\n"
        lesson.steps[0].textEn = "Type:\n\n    telnet localhost 110\n"
        let issues = LessonValidator.validate(lesson)
        #expect(issues.map(\.problem) == [.commandsDiffer(stepID: "1.1")])
        #expect(issues.first?.severity == .warning)
    }

    @Test("check no step lists is a warning")
    func unusedCheck() throws {
        var lesson = try demoLesson()
        lesson.steps[0].checkIDs = []
        let issues = LessonValidator.validate(lesson)
        #expect(issues.map(\.problem) == [.unusedCheck(checkID: "smtp.ehlo_auth")])
        #expect(!LessonValidator.hasErrors(issues))
    }

    @Test("folder with load error gives one issue")
    func loadFailure() throws {
        let folder = try LessonFixtures.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        var files = LessonFixtures.files()
        files["checks.json"] = nil
        try LessonFixtures.write(files, to: folder)
        let issues = LessonValidator.validate(folder: folder)
        #expect(
            issues.map(\.problem) == [
                .loadFailed(LessonLoadError(file: "checks.json", problem: .fileMissing))
            ])
        #expect(
            issues.first?.message(.en) == "error: checks.json: the file is missing. "
                + "Create it in the lesson folder.")
    }

    @Test("stray step file is a warning")
    func strayFile() throws {
        let folder = try LessonFixtures.temporaryFolder("demo")
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        var files = LessonFixtures.files()
        files["steps/1.2.en.md"] = Array("orphan".utf8)
        try LessonFixtures.write(files, to: folder)
        let issues = LessonValidator.validate(folder: folder)
        #expect(issues.map(\.problem) == [.strayFile("steps/1.2.en.md")])
        #expect(issues.first?.severity == .warning)
    }

    @Test("issue message is localized")
    func localizedMessage() {
        let issue = LessonIssue(
            severity: .error, file: "solutions/2.3.txt",
            problem: .missingSolution(stepID: "2.3"))
        #expect(
            issue.message(.en)
                == "solutions/2.3.txt: error: step 2.3 has no reference solution. Write this file.")
        #expect(issue.message(.ja).hasPrefix("solutions/2.3.txt: エラー: 手順 2.3 の模範解答"))
    }
}
