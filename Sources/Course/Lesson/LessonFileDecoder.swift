/// Turns the parsed `lesson.json` and `checks.json` into model values, field by field.
enum LessonFileDecoder {
    static func decodeLesson(
        _ root: JSONNode, folderName: String
    ) throws(LessonLoadError) -> Lesson {
        let file = "lesson.json"
        let reader = try JSONFieldReader(file: file, path: "", node: root)
        try reader.rejectUnknownFields(allowed: [
            "format", "id", "number", "title", "steps", "reportQuestions",
        ])
        try checkFormat(reader)

        let id = try reader.string("id")
        let idNode = try reader.required("id")
        guard isIdentifier(id, extraCharacters: "-_") else {
            throw reader.error(
                at: idNode, field: "id", .invalidID(id, pattern: LessonLoader.lessonIDPattern))
        }
        guard id == folderName else {
            throw reader.error(at: idNode, field: "id", .idMismatch(folder: folderName, id: id))
        }
        let number = try reader.positiveInteger("number")
        let title = try reader.localized("title")

        var steps: [LessonStep] = []
        for (index, node) in try reader.array("steps").enumerated() {
            let step = try decodeStep(node, file: file, path: "steps[\(index)]")
            if steps.contains(where: { $0.id == step.id }) {
                throw LessonLoadError(
                    file: file, line: node.line, column: node.column, field: "steps[\(index)].id",
                    problem: .duplicateID(step.id))
            }
            steps.append(step)
        }

        var questions: [ReportQuestion] = []
        for (index, node) in try reader.array("reportQuestions", required: false).enumerated() {
            let path = "reportQuestions[\(index)]"
            let question = try JSONFieldReader(file: file, path: path, node: node)
            try question.rejectUnknownFields(allowed: ["id", "text"])
            let questionID = try question.string("id")
            try checkIdentifier(questionID, reader: question, pattern: LessonLoader.checkIDPattern)
            if questions.contains(where: { $0.id == questionID }) {
                throw question.error(
                    at: node, field: "\(path).id", .duplicateID(questionID))
            }
            questions.append(ReportQuestion(id: questionID, text: try question.localized("text")))
        }
        return Lesson(
            id: id, number: number, title: title, steps: steps, checks: [],
            reportQuestions: questions)
    }

    static func decodeChecks(_ root: JSONNode) throws(LessonLoadError) -> [CheckDefinition] {
        let file = "checks.json"
        let reader = try JSONFieldReader(file: file, path: "", node: root)
        try reader.rejectUnknownFields(allowed: ["format", "checks"])
        try checkFormat(reader)

        var checks: [CheckDefinition] = []
        for (index, node) in try reader.array("checks").enumerated() {
            let path = "checks[\(index)]"
            let check = try JSONFieldReader(file: file, path: path, node: node)
            try check.rejectUnknownFields(allowed: ["id", "kind", "parameters", "title", "hint"])
            let id = try check.string("id")
            try checkIdentifier(id, reader: check, pattern: LessonLoader.checkIDPattern)
            if checks.contains(where: { $0.id == id }) {
                throw check.error(at: node, field: "\(path).id", .duplicateID(id))
            }
            checks.append(
                CheckDefinition(
                    id: id, kind: try check.string("kind"),
                    parameters: try check.stringDictionary("parameters"),
                    title: try check.localized("title"), hint: try check.localized("hint")))
        }
        return checks
    }

    private static func decodeStep(
        _ node: JSONNode, file: String, path: String
    ) throws(LessonLoadError) -> LessonStep {
        let reader = try JSONFieldReader(file: file, path: path, node: node)
        try reader.rejectUnknownFields(allowed: ["id", "part", "title", "checks"])
        let id = try reader.string("id")
        let idNode = try reader.required("id")
        let pieces = id.split(separator: ".", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces.allSatisfy(isDecimalNumber) else {
            throw reader.error(
                at: idNode, field: reader.fieldPath("id"),
                .invalidID(id, pattern: LessonLoader.stepIDPattern))
        }
        let part = try reader.positiveInteger("part")
        guard Int(pieces[0]) == part else {
            throw reader.error(
                at: try reader.required("part"), field: reader.fieldPath("part"),
                .partMismatch(stepID: id, part: part))
        }
        return LessonStep(
            id: id, part: part, title: try reader.localized("title"),
            checkIDs: try reader.stringArray("checks", required: false))
    }

    private static func checkFormat(_ reader: JSONFieldReader) throws(LessonLoadError) {
        guard reader.optional("format") != nil else { return }
        let version = try reader.positiveInteger("format")
        guard version == LessonLoader.formatVersion else {
            throw reader.error(
                at: try reader.required("format"), field: "format", .unsupportedFormat(version))
        }
    }

    private static func checkIdentifier(
        _ id: String, reader: JSONFieldReader, pattern: String
    ) throws(LessonLoadError) {
        guard isIdentifier(id, extraCharacters: "-_.") else {
            throw reader.error(
                at: try reader.required("id"), field: reader.fieldPath("id"),
                .invalidID(id, pattern: pattern))
        }
    }

    private static func isDecimalNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.count <= 4 && text.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Lowercase ASCII letters and digits plus `extraCharacters`, starting with a letter or a
    /// digit, so that the id is safe as a file name.
    static func isIdentifier(_ text: String, extraCharacters: String) -> Bool {
        guard let first = text.unicodeScalars.first, text.count <= 64 else { return false }
        let isPlain: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
        return isPlain(first)
            && text.unicodeScalars.allSatisfy {
                isPlain($0) || extraCharacters.unicodeScalars.contains($0)
            }
    }
}
