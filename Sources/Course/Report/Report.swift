import Foundation

/// A report ready to export: the learner's fields and answers, every check with its state,
/// time and evidence, and the hints used. Built by `ReportBuilder`, which masks every
/// password, so the renderers only lay it out.
public struct Report: Equatable, Sendable, Codable {
    public struct Answer: Equatable, Sendable, Codable {
        public var questionID: String
        public var question: String
        public var answer: String
    }

    public struct CheckEntry: Equatable, Sendable, Codable {
        public var checkID: String
        /// The step that lists the check; nil when no step does.
        public var stepID: String?
        public var title: String
        public var state: CheckState
        public var passedAt: Date?
        public var reason: String
        /// Masked transcript lines.
        public var evidence: [String]
    }

    public struct HintEntry: Equatable, Sendable, Codable {
        public var checkID: String
        public var title: String
        public var shownAt: Date
    }

    public var language: Language
    public var lessonID: String
    public var lessonNumber: Int
    public var lessonTitle: String
    public var generatedAt: Date
    /// The time zone the report's times are written in, as an identifier such as `Asia/Tokyo`.
    public var timeZoneIdentifier: String
    /// The learner's fields; `freeText` and `answers` are masked.
    public var fields: ReportFields
    public var answers: [Answer]
    public var checks: [CheckEntry]
    public var hintsUsed: [HintEntry]

    /// The date the learner wrote, or the build time when the field is empty.
    public var displayDate: String {
        fields.date.isEmpty ? formatted(generatedAt) : fields.date
    }

    /// Formats `date` as `yyyy-MM-dd HH:mm:ss ±hh:mm` in the report's time zone.
    public func formatted(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss xxx"
        return formatter.string(from: date)
    }

    /// Encodes the report as JSON with ISO 8601 times.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Every field is a plain string, number, date or array of them, so encoding cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

/// Builds a `Report` from the lesson, the check results, the hints used and the learner's
/// fields. This is the second masking pass: evidence, reasons, free text and answers all go
/// through `SecretMasker`, whatever the journal already did.
public enum ReportBuilder {
    public static func build(
        lesson: Lesson, results: [CheckResult], hintsUsed: [HintUse], fields: ReportFields,
        language: Language, generatedAt: Date, timeZone: TimeZone = .current
    ) -> Report {
        var masked = fields
        masked.freeText = SecretMasker.maskText(fields.freeText)
        masked.answers = fields.answers.mapValues(SecretMasker.maskText)

        let answers = lesson.reportQuestions.map { question in
            Report.Answer(
                questionID: question.id, question: question.text.text(language),
                answer: masked.answers[question.id] ?? "")
        }
        let hints = hintsUsed.map { use in
            Report.HintEntry(
                checkID: use.checkID,
                title: lesson.check(id: use.checkID)?.title.text(language) ?? use.checkID,
                shownAt: use.shownAt)
        }
        return Report(
            language: language, lessonID: lesson.id, lessonNumber: lesson.number,
            lessonTitle: lesson.title.text(language), generatedAt: generatedAt,
            timeZoneIdentifier: timeZone.identifier, fields: masked, answers: answers,
            checks: checkEntries(lesson: lesson, results: results, language: language),
            hintsUsed: hints)
    }

    /// Lists the checks in step order, then those no step lists, each with its latest result.
    private static func checkEntries(
        lesson: Lesson, results: [CheckResult], language: Language
    ) -> [Report.CheckEntry] {
        var ordered: [(check: CheckDefinition, stepID: String?)] = []
        for step in lesson.steps {
            for id in step.checkIDs {
                guard let check = lesson.check(id: id),
                    !ordered.contains(where: { $0.check.id == id })
                else { continue }
                ordered.append((check, step.id))
            }
        }
        for check in lesson.checks where !ordered.contains(where: { $0.check.id == check.id }) {
            ordered.append((check, nil))
        }
        return ordered.map { check, stepID in
            let result = results.first { $0.checkID == check.id }
            return Report.CheckEntry(
                checkID: check.id, stepID: stepID, title: check.title.text(language),
                state: result?.state ?? .notYet, passedAt: result?.passedAt,
                reason: SecretMasker.maskText(
                    (result?.reason ?? CheckReasonText.reason(for: .notSeenYet, check: check))
                        .text(language)),
                evidence: SecretMasker.maskTranscript(result?.evidence ?? []))
        }
    }
}

extension ReportBuilder {
    /// Builds the report from saved progress: its results and its hints.
    public static func build(
        lesson: Lesson, progress: LessonProgress, fields: ReportFields, language: Language,
        generatedAt: Date, timeZone: TimeZone = .current
    ) -> Report {
        build(
            lesson: lesson, results: progress.results, hintsUsed: progress.hintsUsed,
            fields: fields, language: language, generatedAt: generatedAt, timeZone: timeZone)
    }
}

/// The formats a report can be exported in. The raw value is both the name `maillab report
/// --format` takes and the file name extension.
public enum ReportFormat: String, Sendable, CaseIterable {
    case markdown = "md"
    case html
    case json

    /// The file name extension, without the dot.
    public var fileExtension: String { rawValue }
}

extension Report {
    /// Renders the report in `format` as UTF-8 bytes, ready to write to a file.
    public func rendered(_ format: ReportFormat) -> Data {
        switch format {
        case .markdown: Data(markdown().utf8)
        case .html: Data(html().utf8)
        case .json: json()
        }
    }
}
