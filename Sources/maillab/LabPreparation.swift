import Course
import Foundation
import LabSystem
import MailServer

/// Lays a lab as the earlier steps of a lesson leave it, by playing their reference solutions.
/// A new lab is the machine before Part 1; a learner who starts at a later step uses this to
/// skip what the steps before it do (`maillab prepare --through STEP`, or `L` in the TUI).
enum LabPreparation {
    /// Grades a lab folder as `maillab check` does: the journal, the sandbox facts and the
    /// results kept in the progress file.
    static func grade(_ lesson: Lesson, folder: LabFolder) -> [CheckResult] {
        let events = (try? EventJournal.read(url: folder.journal)) ?? []
        let progress = (try? ProgressStore.load(from: folder)) ?? nil
        return CheckEngine.evaluate(
            lesson: lesson, events: events, now: Date(),
            facts: SandboxFacts.gather(folder: folder, lesson: lesson),
            previous: progress?.results ?? [])
    }

    /// Returns whether every check of the step passed. A step without checks counts as done.
    static func isDone(_ step: LessonStep, results: [CheckResult]) -> Bool {
        CheckEngine.results(for: step, in: results).count == step.checkIDs.count
            && CheckEngine.results(for: step, in: results).allSatisfy { $0.state == .passed }
    }

    /// Returns the steps to play so that the lab is as it would be on reaching `stepID`: from the
    /// first graded step before it that is not done, every step up to `stepID` (left out).
    /// Steps in that range that are done are played again, because later solutions may use
    /// what they print. Empty when every graded step before `stepID` is done.
    static func stepsToPlay(
        before stepID: String, in lesson: Lesson, results: [CheckResult]
    ) -> [LessonStep] {
        guard let end = lesson.steps.firstIndex(where: { $0.id == stepID }) else { return [] }
        return stepsToPlay(endingBefore: end, in: lesson, results: results)
    }

    /// Returns the steps to play for `maillab prepare --through stepID`: the same range with `stepID`
    /// included; nil when the lesson has no such step.
    static func stepsToPlay(
        through stepID: String, in lesson: Lesson, results: [CheckResult]
    ) -> [LessonStep]? {
        guard let index = lesson.steps.firstIndex(where: { $0.id == stepID }) else { return nil }
        return stepsToPlay(endingBefore: index + 1, in: lesson, results: results)
    }

    private static func stepsToPlay(
        endingBefore end: Int, in lesson: Lesson, results: [CheckResult]
    ) -> [LessonStep] {
        let range = lesson.steps[..<end]
        let start = range.firstIndex { !$0.checkIDs.isEmpty && !isDone($0, results: results) }
        return start.map { Array(range[$0...]) } ?? []
    }

    /// Returns the graded steps before `stepID` that are not done, for the learner's notice.
    static func unfinishedSteps(
        before stepID: String, in lesson: Lesson, results: [CheckResult]
    ) -> [LessonStep] {
        stepsToPlay(before: stepID, in: lesson, results: results).filter {
            !$0.checkIDs.isEmpty && !isDone($0, results: results)
        }
    }

    /// Plays `steps` on the open lab and waits until the journal contains what they did.
    static func play(
        _ steps: [LessonStep], lesson: Lesson, runtime: LabRuntime, language: Language
    ) throws(SolutionPlayer.Failure) {
        guard let first = steps.first,
            let start = lesson.steps.firstIndex(where: { $0.id == first.id })
        else { return }
        let player = SolutionPlayer(runtime: runtime, language: language)
        defer {
            player.finish()
            runtime.bus.flush()
        }
        player.adoptSettings(of: Array(lesson.steps[..<start]))
        runtime.log.info(
            "prepare", "playing solutions", ["steps": steps.map(\.id).joined(separator: ",")])
        do {
            try player.play(steps)
        } catch {
            runtime.log.error("prepare", "solution failed", ["error": error.message(.en)])
            throw error
        }
    }
}
