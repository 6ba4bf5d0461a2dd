import Foundation
import LabSystem

/// The learner's entries in the report form. Stored in `LabFolder.reportFields`.
public struct ReportFields: Equatable, Sendable, Codable {
    public var faculty: String
    public var department: String
    public var studentNumber: String
    public var year: String
    public var name: String
    /// The date and time as the learner writes it; the report uses its build time when empty.
    public var date: String
    /// The learner's findings and notes from the work.
    public var freeText: String
    /// Answers to the lesson's report questions, by question id.
    public var answers: [String: String]

    public init(
        faculty: String = "", department: String = "", studentNumber: String = "",
        year: String = "", name: String = "", date: String = "", freeText: String = "",
        answers: [String: String] = [:]
    ) {
        self.faculty = faculty
        self.department = department
        self.studentNumber = studentNumber
        self.year = year
        self.name = name
        self.date = date
        self.freeText = freeText
        self.answers = answers
    }

    /// The affiliation as one line: faculty and department.
    public var affiliation: String {
        [faculty, department].filter { !$0.isEmpty }.joined(separator: " ")
    }

    // Fields missing from an older file decode as empty rather than making the file corrupt.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func text(_ key: CodingKeys) throws -> String {
            try container.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        faculty = try text(.faculty)
        department = try text(.department)
        studentNumber = try text(.studentNumber)
        year = try text(.year)
        name = try text(.name)
        date = try text(.date)
        freeText = try text(.freeText)
        answers = try container.decodeIfPresent([String: String].self, forKey: .answers) ?? [:]
    }
}

/// Reads and writes the report fields of a lab folder.
public enum ReportFieldsStore {
    /// Reads the saved fields; returns empty fields when the folder has none yet.
    public static func load(from folder: LabFolder) throws(LabFileError) -> ReportFields {
        try LabJSON.load(ReportFields.self, from: folder.reportFields) ?? ReportFields()
    }

    public static func save(_ fields: ReportFields, to folder: LabFolder) throws(LabFileError) {
        try LabJSON.save(fields, to: folder.reportFields)
    }
}
