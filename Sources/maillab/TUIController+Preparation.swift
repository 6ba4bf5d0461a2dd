import Course
import Foundation

extension TUIController {
    /// The lines above a step's text that name the earlier steps not done yet and offer to
    /// play their reference solutions; none when every earlier graded step is done.
    func preparationOffer(step: LessonStep, results: [CheckResult]) -> [String] {
        let unfinished = LabPreparation.unfinishedSteps(
            before: step.id, in: lesson, results: results)
        guard !unfinished.isEmpty else { return [] }
        let list = unfinished.map(\.id).joined(separator: ", ")
        let lines =
            language == .ja
            ? [
                "■ まだ済んでいない前の手順: \(list)",
                "課題の欄で L を押すと、それらの模範解答を再生して、済ませた状態にラボを整えます。",
                "",
            ]
            : [
                "■ Earlier steps not done yet: \(list)",
                "Press L in the lesson pane to lay the lab as they leave it, by playing their "
                    + "reference solutions.",
                "",
            ]
        return lines
    }
}
