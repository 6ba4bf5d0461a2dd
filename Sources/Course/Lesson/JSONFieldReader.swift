/// Reads the fields of one JSON object of a lesson file and turns every mismatch into a
/// `LessonLoadError` that names the file, the line and the field's path.
struct JSONFieldReader {
    let file: String
    let path: String
    let node: JSONNode
    private let members: [JSONMember]

    /// Fails unless `node` is an object.
    init(file: String, path: String, node: JSONNode) throws(LessonLoadError) {
        guard case .object(let members) = node.value else {
            throw LessonLoadError(
                file: file, line: node.line, column: node.column,
                field: path.isEmpty ? nil : path,
                problem: .wrongType(expected: "an object", found: node.typeName))
        }
        self.file = file
        self.path = path
        self.node = node
        self.members = members
    }

    func fieldPath(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    func error(at node: JSONNode, field: String, _ problem: LessonLoadError.Problem)
        -> LessonLoadError
    {
        LessonLoadError(
            file: file, line: node.line, column: node.column, field: field, problem: problem)
    }

    /// Rejects any field not in `allowed`, which catches typos such as `tilte`.
    func rejectUnknownFields(allowed: [String]) throws(LessonLoadError) {
        for member in members where !allowed.contains(member.key) {
            throw LessonLoadError(
                file: file, line: member.keyLine, column: member.keyColumn,
                field: fieldPath(member.key), problem: .unknownField(allowed: allowed))
        }
    }

    func optional(_ key: String) -> JSONNode? {
        members.first { $0.key == key }?.value
    }

    func required(_ key: String) throws(LessonLoadError) -> JSONNode {
        guard let value = optional(key) else {
            throw LessonLoadError(
                file: file, line: node.line, column: node.column, field: fieldPath(key),
                problem: .missingField)
        }
        return value
    }

    func string(_ key: String) throws(LessonLoadError) -> String {
        let value = try required(key)
        guard case .string(let text) = value.value else {
            throw error(
                at: value, field: fieldPath(key),
                .wrongType(expected: "a string", found: value.typeName))
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            throw error(at: value, field: fieldPath(key), .emptyValue)
        }
        return text
    }

    /// A positive whole number.
    func positiveInteger(_ key: String) throws(LessonLoadError) -> Int {
        let value = try required(key)
        guard case .number(let number) = value.value else {
            throw error(
                at: value, field: fieldPath(key),
                .wrongType(expected: "a number", found: value.typeName))
        }
        guard number >= 1, number <= 1_000_000, number.rounded() == number else {
            throw error(at: value, field: fieldPath(key), .notPositiveInteger)
        }
        return Int(number)
    }

    /// An object with a non-empty `ja` and `en` string.
    func localized(_ key: String) throws(LessonLoadError) -> LocalizedText {
        let reader = try JSONFieldReader(file: file, path: fieldPath(key), node: required(key))
        try reader.rejectUnknownFields(allowed: ["ja", "en"])
        return LocalizedText(ja: try reader.string("ja"), en: try reader.string("en"))
    }

    /// The elements of an array field; an absent optional field is an empty array.
    func array(_ key: String, required isRequired: Bool = true) throws(LessonLoadError)
        -> [JSONNode]
    {
        guard let value = isRequired ? try required(key) : optional(key) else { return [] }
        guard case .array(let elements) = value.value else {
            throw error(
                at: value, field: fieldPath(key),
                .wrongType(expected: "an array", found: value.typeName))
        }
        return elements
    }

    /// An array of non-empty strings.
    func stringArray(_ key: String, required isRequired: Bool = true) throws(LessonLoadError)
        -> [String]
    {
        var strings: [String] = []
        for (index, element) in try array(key, required: isRequired).enumerated() {
            let elementPath = "\(fieldPath(key))[\(index)]"
            guard case .string(let text) = element.value else {
                throw error(
                    at: element, field: elementPath,
                    .wrongType(expected: "a string", found: element.typeName))
            }
            guard !text.allSatisfy(\.isWhitespace) else {
                throw error(at: element, field: elementPath, .emptyValue)
            }
            strings.append(text)
        }
        return strings
    }

    /// An optional object whose values are all strings.
    func stringDictionary(_ key: String) throws(LessonLoadError) -> [String: String] {
        guard let value = optional(key) else { return [:] }
        guard case .object(let members) = value.value else {
            throw error(
                at: value, field: fieldPath(key),
                .wrongType(expected: "an object", found: value.typeName))
        }
        var dictionary: [String: String] = [:]
        for member in members {
            guard case .string(let text) = member.value.value else {
                throw error(
                    at: member.value, field: "\(fieldPath(key)).\(member.key)",
                    .wrongType(expected: "a string", found: member.value.typeName))
            }
            dictionary[member.key] = text
        }
        return dictionary
    }
}
