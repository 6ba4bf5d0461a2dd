/// Why a lesson folder could not be loaded: the file, the place in it, what is wrong and what
/// to do. `message(_:)` turns it into the instructor's language.
public struct LessonLoadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path relative to the lesson folder, such as `lesson.json` or `steps/2.1.ja.md`.
    public var file: String
    /// The line (from 1) where the problem is, when known.
    public var line: Int?
    /// The column (from 1, in characters) where the problem is, when known.
    public var column: Int?
    /// The JSON path of the field, such as `steps[1].title.en`, when the problem is a field.
    public var field: String?
    public var problem: Problem

    public enum Problem: Equatable, Sendable {
        /// A required file does not exist.
        case fileMissing
        /// The file exists and could not be read; the payload is the system's reason.
        case unreadable(String)
        /// The file is not UTF-8.
        case notUTF8
        /// The JSON text is malformed; the payload says how.
        case syntax(String)
        /// A required field is absent.
        case missingField
        /// A field has the wrong JSON type.
        case wrongType(expected: String, found: String)
        /// A string field is empty or only spaces.
        case emptyValue
        /// A field this format does not define, often a typo; the payload lists the allowed ones.
        case unknownField(allowed: [String])
        /// `format` names a version this program does not read.
        case unsupportedFormat(Int)
        /// An id that cannot name a file or does not follow the pattern.
        case invalidID(String, pattern: String)
        /// A number that must be a positive integer is not.
        case notPositiveInteger
        /// Two steps, checks or report questions have the same id.
        case duplicateID(String)
        /// The folder name and the `id` field differ.
        case idMismatch(folder: String, id: String)
        /// A step's id does not start with its `part`.
        case partMismatch(stepID: String, part: Int)
        /// A line of a solution file is not in the solution syntax; the payload says why.
        case solutionSyntax(String)
    }

    public init(
        file: String, line: Int? = nil, column: Int? = nil, field: String? = nil,
        problem: Problem
    ) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.problem = problem
    }

    public var description: String { message(.en) }

    /// The place, `file:line:column`, as compilers print it.
    public var location: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }

    /// The whole message: where, what is wrong and what to do, in `language`.
    public func message(_ language: Language) -> String {
        var text = location + ": "
        if let field {
            text += language == .ja ? "フィールド \(field): " : "field \(field): "
        }
        let (what, todo) = explanation(language)
        return text + what + " " + todo
    }

    private func explanation(_ language: Language) -> (String, String) {
        let ja = language == .ja
        switch problem {
        case .fileMissing:
            return ja
                ? ("ファイルがありません。", "レッスンのフォルダに作成してください。")
                : ("the file is missing.", "Create it in the lesson folder.")
        case .unreadable(let reason):
            return ja
                ? ("ファイルを読めません (\(reason))。", "ファイルの権限を確かめてください。")
                : ("the file cannot be read (\(reason)).", "Check the file's permissions.")
        case .notUTF8:
            return ja
                ? ("UTF-8 ではありません。", "UTF-8 で保存し直してください。")
                : ("the file is not UTF-8.", "Save it again as UTF-8.")
        case .syntax(let detail):
            return ja
                ? ("JSON の書き方の誤り: \(detail)。", "この位置の直前を確かめてください。")
                : ("invalid JSON: \(detail).", "Look at the text just before this position.")
        case .missingField:
            return ja
                ? ("必須のフィールドがありません。", "このフィールドを追加してください。")
                : ("this required field is missing.", "Add it.")
        case .wrongType(let expected, let found):
            return ja
                ? ("\(expected) が必要ですが \(found) が書かれています。", "値の型を直してください。")
                : ("expected \(expected), found \(found).", "Change the value to \(expected).")
        case .emptyValue:
            return ja
                ? ("値が空です。", "文字列を書いてください。")
                : ("the value is empty.", "Write the text.")
        case .unknownField(let allowed):
            let list = allowed.joined(separator: ", ")
            return ja
                ? ("このフィールドは定義されていません (綴りの誤り?)。", "使えるのは \(list) です。")
                : ("this field is not defined (a typo?).", "The allowed fields are \(list).")
        case .unsupportedFormat(let version):
            return ja
                ? ("format \(version) は読めません。", "format を 1 にしてください。")
                : ("format \(version) is not supported.", "Set format to 1.")
        case .invalidID(let id, let pattern):
            return ja
                ? ("id \"\(id)\" は使えません。", "\(pattern) の形にしてください。")
                : ("the id \"\(id)\" is invalid.", "Use the form \(pattern).")
        case .notPositiveInteger:
            return ja
                ? ("正の整数ではありません。", "1 以上の整数を書いてください。")
                : ("the value is not a positive integer.", "Write a whole number of 1 or more.")
        case .duplicateID(let id):
            return ja
                ? ("id \"\(id)\" が二度使われています。", "どちらかの id を変えてください。")
                : ("the id \"\(id)\" is used twice.", "Give one of them another id.")
        case .idMismatch(let folder, let id):
            return ja
                ? ("id \"\(id)\" がフォルダ名 \"\(folder)\" と違います。", "どちらかを直して揃えてください。")
                : (
                    "the id \"\(id)\" differs from the folder name \"\(folder)\".",
                    "Rename one so that they match."
                )
        case .partMismatch(let stepID, let part):
            return ja
                ? ("手順 \(stepID) の part が \(part) です。", "id の先頭の数と part を揃えてください。")
                : (
                    "step \(stepID) has part \(part).",
                    "Make the number before the dot equal to part."
                )
        case .solutionSyntax(let detail):
            return ja
                ? ("解答の書式の誤り: \(detail)。", "書式は Lessons/README.md を見てください。")
                : ("invalid solution line: \(detail).", "See Lessons/README.md for the syntax.")
        }
    }
}
