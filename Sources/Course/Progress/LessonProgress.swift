import Foundation
import LabSystem

/// A hint the learner asked for.
public struct HintUse: Equatable, Sendable, Codable {
    public var checkID: String
    public var shownAt: Date

    public init(checkID: String, shownAt: Date) {
        self.checkID = checkID
        self.shownAt = shownAt
    }
}

/// The learner's position in a lesson: the current step, the last check results and the hints
/// shown. Stored in `LabFolder.progress`.
public struct LessonProgress: Equatable, Sendable, Codable {
    /// The version of this file's layout.
    public static let formatVersion = 1

    public var format: Int
    public var lessonID: String
    public var currentStepID: String
    public var results: [CheckResult]
    public var hintsUsed: [HintUse]
    public var startedAt: Date
    public var updatedAt: Date

    public init(
        lessonID: String, currentStepID: String, results: [CheckResult] = [],
        hintsUsed: [HintUse] = [], startedAt: Date, updatedAt: Date? = nil
    ) {
        self.format = Self.formatVersion
        self.lessonID = lessonID
        self.currentStepID = currentStepID
        self.results = results
        self.hintsUsed = hintsUsed
        self.startedAt = startedAt
        self.updatedAt = updatedAt ?? startedAt
    }

    /// Starts the lesson afresh at its first step.
    public init(starting lesson: Lesson, at time: Date) {
        self.init(lessonID: lesson.id, currentStepID: lesson.steps.first?.id ?? "", startedAt: time)
    }

    /// Records that the hint of `checkID` was shown. Showing it again adds nothing, since the
    /// report counts which hints were used, not how often.
    public mutating func recordHint(checkID: String, at time: Date) {
        updatedAt = time
        guard !hintsUsed.contains(where: { $0.checkID == checkID }) else { return }
        hintsUsed.append(HintUse(checkID: checkID, shownAt: time))
    }

    /// Stores new results from the check engine.
    public mutating func update(results: [CheckResult], at time: Date) {
        self.results = results
        updatedAt = time
    }

    public func result(checkID: String) -> CheckResult? {
        results.first { $0.checkID == checkID }
    }
}

/// Reads and writes the progress file of a lab folder.
public enum ProgressStore {
    /// Reads the saved progress; returns nil when the folder has none yet.
    public static func load(from folder: LabFolder) throws(LabFileError) -> LessonProgress? {
        let progress = try LabJSON.load(LessonProgress.self, from: folder.progress)
        if let progress, progress.format != LessonProgress.formatVersion {
            throw LabFileError(
                path: folder.progress.path,
                problem: .corrupt("format \(progress.format) is not supported"))
        }
        return progress
    }

    public static func save(_ progress: LessonProgress, to folder: LabFolder) throws(LabFileError) {
        try LabJSON.save(progress, to: folder.progress)
    }
}
