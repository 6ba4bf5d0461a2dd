import Course
import Foundation
import LabSystem

extension Commands {
    /// `maillab prepare --through STEP`: plays the reference solutions of the steps up to and
    /// including STEP that the lab has not done yet, so that the learner can start after it.
    static func prepare(
        _ folder: LabFolder, _ invocation: Invocation, _ language: Language, through: String
    ) -> Int32 {
        guard let lesson = loadLesson(invocation.lessonID, language) else { return 1 }
        guard lesson.step(id: through) != nil else {
            let known = lesson.steps.map(\.id).joined(separator: ", ")
            return fail(
                language == .ja
                    ? "手順 \(through) はこの課題にありません。使える手順: \(known)"
                    : "the lesson has no step \(through); its steps are \(known)")
        }
        guard let runtime = openRuntime(folder, invocation, language, owner: "maillab prepare")
        else { return 1 }
        defer { runtime.stop() }

        let results = LabPreparation.grade(lesson, folder: folder)
        let steps = LabPreparation.stepsToPlay(through: through, in: lesson, results: results)
        guard let steps, !steps.isEmpty else {
            print(
                language == .ja
                    ? "手順 \(through) までは済んでいます。何もしませんでした。"
                    : "the steps through \(through) are done already; nothing to do")
            return 0
        }
        let list = steps.map(\.id).joined(separator: " ")
        print(language == .ja ? "模範解答を再生します: \(list)" : "playing the solutions of \(list)")
        do {
            try LabPreparation.play(steps, lesson: lesson, runtime: runtime, language: language)
        } catch {
            return fail(error.message(language))
        }
        print(
            language == .ja
                ? "手順 \(through) まで準備しました。" : "the lab is prepared through step \(through)")
        return 0
    }
}
