import Foundation

@testable import Course

/// Minimal lesson files that load without errors, for tests that break one thing at a time.
enum LessonFixtures {
    static let lessonJSON = """
        {
          "format": 1,
          "id": "demo",
          "number": 1,
          "title": { "ja": "デモ", "en": "Demo" },
          "steps": [
            { "id": "1.1", "part": 1, "title": { "ja": "一", "en": "One" },
              "checks": ["smtp.ehlo_auth"] }
          ],
          "reportQuestions": [ { "id": "q1", "text": { "ja": "問い", "en": "Question" } } ]
        }
        """

    static let checksJSON = """
        {
          "checks": [
            { "id": "smtp.ehlo_auth", "kind": "smtp.ehlo_auth",
              "title": { "ja": "題", "en": "Title" }, "hint": { "ja": "ヒント", "en": "Hint" } }
          ]
        }
        """

    static func files(
        lesson: String = lessonJSON, checks: String = checksJSON
    ) -> [String: [UInt8]] {
        [
            "lesson.json": Array(lesson.utf8),
            "checks.json": Array(checks.utf8),
            "steps/1.1.ja.md": Array("本文\n".utf8),
            "steps/1.1.en.md": Array("Text\n".utf8),
            "solutions/1.1.txt": Array("A> telnet localhost 25\nA? ^220 \n".utf8),
        ]
    }

    /// The repository's `Lessons` folder.
    static var lessonsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons", isDirectory: true)
    }

    static var lesson09Folder: URL {
        lessonsFolder.appendingPathComponent("lesson09", isDirectory: true)
    }

    static func loadLesson09() throws -> Lesson {
        try LessonLoader.load(folder: lesson09Folder)
    }

    /// A new empty folder under the temporary directory, named `name`.
    static func temporaryFolder(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillab-course-\(UUID().uuidString)", isDirectory: true)
            .appendingPathComponent(name, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func write(_ files: [String: [UInt8]], to folder: URL) throws {
        for (path, bytes) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
    }
}
