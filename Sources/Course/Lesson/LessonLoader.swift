import Foundation

/// Loads a lesson folder: `lesson.json`, `checks.json`, `steps/<step>.ja.md`,
/// `steps/<step>.en.md` and `solutions/<step>.txt`. Missing step texts and solutions load as nil
/// so that `LessonValidator` can list every gap at once; everything else that is wrong stops
/// the load with a `LessonLoadError`. No input makes it crash.
public enum LessonLoader {
    /// The format version this program reads.
    public static let formatVersion = 1
    static let lessonIDPattern = "lowercase letters, digits, '-' or '_' (lesson09)"
    static let stepIDPattern = "<part>.<number> (2.1)"
    static let checkIDPattern = "lowercase letters, digits, '_', '-' and dots (smtp.ehlo_auth)"

    /// The outcome of reading one file of the folder.
    public enum FileContents: Sendable {
        case missing
        case unreadable(String)
        case bytes([UInt8])
    }

    /// Loads the lesson in `folder`, whose last path component must equal the lesson's id.
    public static func load(folder: URL) throws(LessonLoadError) -> Lesson {
        try load(folderName: folder.lastPathComponent) { relativePath in
            read(folder.appendingPathComponent(relativePath))
        }
    }

    /// Loads a lesson from file contents keyed by their path relative to the lesson folder.
    public static func load(
        folderName: String, files: [String: [UInt8]]
    ) throws(LessonLoadError) -> Lesson {
        try load(folderName: folderName) { files[$0].map(FileContents.bytes) ?? .missing }
    }

    /// Loads a lesson through `readFile`, which returns the contents of a relative path.
    public static func load(
        folderName: String, readFile: (String) -> FileContents
    ) throws(LessonLoadError) -> Lesson {
        let lessonRoot = try parseJSON(
            file: "lesson.json", readFile("lesson.json"), required: true)!
        let checksRoot = try parseJSON(
            file: "checks.json", readFile("checks.json"), required: true)!
        var lesson = try LessonFileDecoder.decodeLesson(lessonRoot, folderName: folderName)
        lesson.checks = try LessonFileDecoder.decodeChecks(checksRoot)

        for index in lesson.steps.indices {
            let id = lesson.steps[index].id
            lesson.steps[index].textJa = try text(file: "steps/\(id).ja.md", readFile)
            lesson.steps[index].textEn = try text(file: "steps/\(id).en.md", readFile)
            let solutionFile = "solutions/\(id).txt"
            if let solution = try text(file: solutionFile, readFile) {
                lesson.steps[index].solution = try SolutionScript.parse(
                    solution, file: solutionFile)
            }
        }
        return lesson
    }

    /// The lesson folders under `root` (those that contain a `lesson.json`), sorted by name.
    public static func lessonFolders(in root: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().map { root.appendingPathComponent($0, isDirectory: true) }
            .filter {
                FileManager.default.fileExists(
                    atPath: $0.appendingPathComponent("lesson.json").path)
            }
    }

    static func read(_ url: URL) -> FileContents {
        guard FileManager.default.fileExists(atPath: url.path) else { return .missing }
        do {
            return .bytes(Array(try Data(contentsOf: url)))
        } catch {
            return .unreadable(error.localizedDescription)
        }
    }

    private static func decodeUTF8(
        file: String, _ contents: FileContents
    ) throws(LessonLoadError) -> String? {
        switch contents {
        case .missing:
            return nil
        case .unreadable(let reason):
            throw LessonLoadError(file: file, problem: .unreadable(reason))
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw LessonLoadError(file: file, line: firstInvalidLine(bytes), problem: .notUTF8)
            }
            return text
        }
    }

    private static func text(
        file: String, _ readFile: (String) -> FileContents
    ) throws(LessonLoadError) -> String? {
        try decodeUTF8(file: file, readFile(file))
    }

    private static func parseJSON(
        file: String, _ contents: FileContents, required: Bool
    ) throws(LessonLoadError) -> JSONNode? {
        guard try decodeUTF8(file: file, contents) != nil, case .bytes(let bytes) = contents else {
            if required { throw LessonLoadError(file: file, problem: .fileMissing) }
            return nil
        }
        do {
            return try JSONDocumentParser.parse(bytes)
        } catch {
            throw LessonLoadError(
                file: file, line: error.line, column: error.column, problem: .syntax(error.problem))
        }
    }

    /// The line of the first byte sequence that is not UTF-8, for the error message.
    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if String(validating: bytes[start..<index], as: UTF8.self) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
