import Course
import Foundation
import LabSystem
import Testing

@testable import maillab

@Suite("Lab preparation")
struct PreparationTests {
    private func lesson() throws -> Lesson {
        let folder = try #require(Resources.lessons, "the Lessons folder")
        return try LessonLoader.load(folder: folder.appendingPathComponent("lesson09"))
    }

    private func passed(_ ids: [String], in lesson: Lesson) -> [CheckResult] {
        ids.map { id in
            CheckResult(
                checkID: id, state: .passed, passedAt: Date(), finding: .notSeenYet,
                reason: LocalizedText(ja: "", en: ""), evidence: [], evidenceConnectionID: nil,
                evaluatedAt: Date())
        }
    }

    @Test("new lab plays from the first graded step")
    func newLab() throws {
        let lesson = try lesson()
        let steps = LabPreparation.stepsToPlay(before: "2.1", in: lesson, results: [])
        #expect(
            steps.map(\.id) == [
                "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10", "2.0",
            ])
        let unfinished = LabPreparation.unfinishedSteps(before: "2.1", in: lesson, results: [])
        #expect(!unfinished.map(\.id).contains("1.8"), "a reading step is never unfinished")
        let through = LabPreparation.stepsToPlay(through: "2.0", in: lesson, results: [])
        #expect(through?.last?.id == "2.0")
        #expect(LabPreparation.stepsToPlay(through: "9.9", in: lesson, results: []) == nil)
    }

    @Test("done steps before the first gap are skipped")
    func partlyDone() throws {
        let lesson = try lesson()
        let done = lesson.steps.prefix(while: { $0.id != "1.10" }).flatMap(\.checkIDs)
        let results = passed(done, in: lesson)
        let steps = LabPreparation.stepsToPlay(before: "2.2", in: lesson, results: results)
        #expect(steps.map(\.id) == ["1.10", "2.0", "2.1"])
        let all = passed(lesson.checks.map(\.id), in: lesson)
        #expect(LabPreparation.stepsToPlay(before: "2.4", in: lesson, results: all).isEmpty)
        #expect(LabPreparation.stepsToPlay(before: "1.1", in: lesson, results: []).isEmpty)
    }

    @Test("prepare and step options parse")
    func options() throws {
        let prepare = try Invocation.parse(["prepare", "--through", "2.0", "--lab-dir", "/tmp/x"])
        #expect(prepare.command == .prepare(through: "2.0"))
        #expect(prepare.labDirectory == "/tmp/x")
        #expect(throws: UsageError.missingThrough) { try Invocation.parse(["prepare"]) }
        #expect(throws: UsageError.unexpectedArgument("2.0")) {
            try Invocation.parse(["check", "--through", "2.0"])
        }
        let tui = try Invocation.parse(["--step", "2.1"])
        #expect(tui.command == .tui)
        #expect(tui.startStep == "2.1")
    }

    @Test("prepare through an unknown step fails")
    func unknownStep() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let result = try runTool(
            maillabExecutable().path,
            ["prepare", "--through", "7.7", "--lab-dir", lab.url.path, "--lang", "en"])
        #expect(result.status == 1)
        #expect(result.errors.contains("the lesson has no step 7.7"))
        #expect(
            !FileManager.default.fileExists(atPath: lab.url.appendingPathComponent("root").path))
    }

    @Test("prepare twice plays once")
    func prepareTwice() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let arguments = ["prepare", "--through", "2.0", "--lab-dir", lab.url.path, "--lang", "en"]
        let first = try runTool(maillabExecutable().path, arguments, timeout: 120)
        #expect(first.status == 0, "\(first.output) \(first.errors)")
        #expect(first.output.contains("playing the solutions of 1.2 1.3"))
        #expect(first.output.contains("the lab is prepared through step 2.0"))

        let second = try runTool(maillabExecutable().path, arguments, timeout: 120)
        #expect(second.status == 0)
        #expect(second.output.contains("the steps through 2.0 are done already"))
        let graded = try runTool(
            maillabExecutable().path, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
        #expect(graded.output.contains("PASS  postfix.running_matches_files"))
        #expect(graded.output.contains("PASS  ports.mmencode"))
        #expect(graded.output.contains("TODO  smtp.ehlo_auth"))
    }

    @Test("new lab has SASL off")
    func freshLab() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let folder = LabFolder(url: lab.url)
        let runtime = try LabRuntime(folder: folder, smtpPort: nil, owner: "preparation test")
        defer { runtime.stop() }
        #expect(runtime.configuration.smtpSettings.smtpdSASLAuthEnable == false)
        let sandbox = Sandbox(folder: folder)
        #expect(!sandbox.exists("/usr/local/lib/sasl2/smtpd.conf"))
        #expect(!sandbox.exists("/etc/sasldb2"))
    }
}
