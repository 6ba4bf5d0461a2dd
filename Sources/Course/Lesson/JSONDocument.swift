/// A JSON value with the line and column where it starts, so that an error in a lesson file can
/// point at the exact spot. Lesson files are small, so the whole tree is kept.
struct JSONNode: Sendable {
    enum Value: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONNode])
        /// Members in file order; keys are unique (the parser rejects duplicates).
        case object([JSONMember])
    }

    var value: Value
    var line: Int
    var column: Int

    /// The JSON name of the value's type, for "expected …, found …" messages.
    var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "true/false"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

struct JSONMember: Sendable {
    var key: String
    var keyLine: Int
    var keyColumn: Int
    var value: JSONNode
}

/// Why a JSON text could not be parsed, and where.
struct JSONSyntaxError: Error, Equatable, Sendable {
    var line: Int
    var column: Int
    var problem: String
}

/// Parses RFC 8259 JSON from UTF-8 bytes. Any input gives a value or an error, and nesting is
/// limited so that a hostile file cannot exhaust the stack.
struct JSONDocumentParser {
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var column = 1

    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONNode {
        var parser = JSONDocumentParser(bytes: bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            parser.index = 3
        }
        parser.skipWhitespace()
        let node = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        if parser.index < bytes.count {
            throw parser.error("unexpected text after the end of the JSON value")
        }
        return node
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func error(_ problem: String) -> JSONSyntaxError {
        JSONSyntaxError(line: line, column: column, problem: problem)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Moves one byte on, counting columns in Unicode scalars rather than in bytes.
    private mutating func advance() {
        guard index < bytes.count else { return }
        let byte = bytes[index]
        index += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = current,
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        {
            advance()
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONNode {
        guard depth < Self.maximumDepth else {
            throw error("nested deeper than \(Self.maximumDepth) levels")
        }
        let startLine = line
        let startColumn = column
        guard let byte = current else { throw error("unexpected end of file") }
        let value: JSONNode.Value
        switch byte {
        case UInt8(ascii: "{"): value = try parseObject(depth: depth)
        case UInt8(ascii: "["): value = try parseArray(depth: depth)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): value = try parseLiteral("true", .bool(true))
        case UInt8(ascii: "f"): value = try parseLiteral("false", .bool(false))
        case UInt8(ascii: "n"): value = try parseLiteral("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            value = .number(try parseNumber())
        default:
            throw error("unexpected character \(Self.describe(byte)); expected a JSON value")
        }
        return JSONNode(value: value, line: startLine, column: startColumn)
    }

    private mutating func parseLiteral(
        _ word: String, _ value: JSONNode.Value
    ) throws(JSONSyntaxError) -> JSONNode.Value {
        for expected in word.utf8 {
            guard current == expected else {
                throw error("invalid literal; expected \(word)")
            }
            advance()
        }
        return value
    }

    private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        advance()
        var members: [JSONMember] = []
        var seen = Set<String>()
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            advance()
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else {
                throw error("expected a field name in double quotes")
            }
            let keyLine = line
            let keyColumn = column
            let key = try parseString()
            guard seen.insert(key).inserted else {
                throw JSONSyntaxError(
                    line: keyLine, column: keyColumn, problem: "field \"\(key)\" appears twice")
            }
            skipWhitespace()
            guard current == UInt8(ascii: ":") else {
                throw error("expected ':' after the field name \"\(key)\"")
            }
            advance()
            skipWhitespace()
            let value = try parseValue(depth: depth + 1)
            members.append(
                JSONMember(key: key, keyLine: keyLine, keyColumn: keyColumn, value: value))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            if current == UInt8(ascii: "}") {
                advance()
                return .object(members)
            }
            throw error("expected ',' or '}' after a field (is a comma missing?)")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONNode.Value {
        advance()
        var elements: [JSONNode] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            advance()
            return .array(elements)
        }
        while true {
            skipWhitespace()
            elements.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            if current == UInt8(ascii: ",") {
                advance()
                continue
            }
            if current == UInt8(ascii: "]") {
                advance()
                return .array(elements)
            }
            throw error("expected ',' or ']' after an array element (is a comma missing?)")
        }
    }

    private mutating func parseString() throws(JSONSyntaxError) -> String {
        advance()
        var scalars = String.UnicodeScalarView()
        var pending: [UInt8] = []
        while true {
            guard let byte = current else { throw error("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try flush(&pending, into: &scalars)
                advance()
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush(&pending, into: &scalars)
                advance()
                scalars.append(try parseEscape())
            case 0x00..<0x20:
                throw error(
                    "control character \(Self.describe(byte)) inside a string; write it as \\n or \\t"
                )
            default:
                pending.append(byte)
                advance()
            }
        }
    }

    private func flush(
        _ pending: inout [UInt8], into scalars: inout String.UnicodeScalarView
    ) throws(JSONSyntaxError) {
        guard !pending.isEmpty else { return }
        guard let text = String(validating: pending, as: UTF8.self) else {
            throw error("the string is not valid UTF-8")
        }
        scalars.append(contentsOf: text.unicodeScalars)
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func parseEscape() throws(JSONSyntaxError) -> Unicode.Scalar {
        guard let byte = current else { throw error("unterminated escape") }
        advance()
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard current == UInt8(ascii: "\\") else {
                    throw error("a high surrogate \\u escape must be followed by a low one")
                }
                advance()
                guard current == UInt8(ascii: "u") else {
                    throw error("a high surrogate \\u escape must be followed by a low one")
                }
                advance()
                let second = try parseHex4()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw error("invalid low surrogate in a \\u escape")
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                return Unicode.Scalar(combined) ?? "\u{FFFD}"
            }
            guard let scalar = Unicode.Scalar(first) else {
                throw error("a lone low surrogate in a \\u escape")
            }
            return scalar
        default:
            throw error("invalid escape \\\(Self.describe(byte)) in a string")
        }
    }

    private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current, let digit = Self.hexValue(byte) else {
                throw error("a \\u escape needs four hexadecimal digits")
            }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> Double {
        let start = index
        if current == UInt8(ascii: "-") { advance() }
        guard let first = current, Self.isDigit(first) else {
            throw error("invalid number: a digit must follow '-'")
        }
        if first == UInt8(ascii: "0") {
            advance()
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            advance()
            guard let byte = current, Self.isDigit(byte) else {
                throw error("invalid number: a digit must follow '.'")
            }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            advance()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { advance() }
            guard let byte = current, Self.isDigit(byte) else {
                throw error("invalid number: a digit must follow the exponent")
            }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw error("the number \(text) is out of range")
        }
        return number
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { advance() }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    private static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F {
            return "'\(Character(Unicode.Scalar(byte)))'"
        }
        return "0x" + String(byte, radix: 16, uppercase: true)
    }
}
