/// The lab shell's parser: a pure function from a command line to its syntax tree, or the
/// error csh would report. Quoting follows the Bourne shell where csh differs in ways a
/// learner would not expect: inside double quotes a backslash escapes `"`, `\`, `$` and
/// `` ` ``. Backquoted commands do not nest.
public enum ShellParser {
    public static func parse(_ line: String) -> Result<ShellCommandList, ShellSyntaxError> {
        let scalars = Array(line.unicodeScalars)
        var parser = Parser(scalars: scalars, index: 0, end: scalars.count)
        do {
            return .success(try parser.parseList())
        } catch {
            return .failure(error)
        }
    }
}

private struct Parser {
    let scalars: [Unicode.Scalar]
    var index: Int
    let end: Int

    mutating func parseList() throws(ShellSyntaxError) -> ShellCommandList {
        var items: [ShellListItem] = []
        var connector = ShellListItem.Connector.sequence
        while true {
            let pipeline = try parsePipeline()
            let isEmpty = pipeline.commands.isEmpty
            if isEmpty && connector != .sequence { throw .invalidNullCommand }
            if !isEmpty { items.append(ShellListItem(connector: connector, pipeline: pipeline)) }
            skipBlanks()
            guard index < end else { break }
            switch (scalars[index], peek(1)) {
            case (";", _):
                connector = .sequence
                index += 1
            case ("&", "&"):
                if isEmpty { throw .invalidNullCommand }
                connector = .and
                index += 2
            case ("|", "|"):
                if isEmpty { throw .invalidNullCommand }
                connector = .or
                index += 2
            case ("&", _):
                throw .backgroundNotSupported
            default:
                throw .badlyPlacedParentheses
            }
        }
        return ShellCommandList(items: items)
    }

    private mutating func parsePipeline() throws(ShellSyntaxError) -> ShellPipeline {
        var commands: [ShellSimpleCommand] = []
        while true {
            let command = try parseSimpleCommand()
            let isEmpty = command.words.isEmpty
            if !isEmpty || !command.redirections.isEmpty {
                if isEmpty { throw .invalidNullCommand }
                commands.append(command)
            }
            skipBlanks()
            if index < end && scalars[index] == "|" && peek(1) != "|" {
                if isEmpty { throw .invalidNullCommand }
                index += 1
                continue
            }
            if isEmpty && !commands.isEmpty { throw .invalidNullCommand }
            break
        }
        try checkRedirections(commands)
        return ShellPipeline(commands: commands)
    }

    private func checkRedirections(_ commands: [ShellSimpleCommand]) throws(ShellSyntaxError) {
        for (position, command) in commands.enumerated() {
            let outputs = command.redirections.filter { $0.kind != .input }.count
            let inputs = command.redirections.filter { $0.kind == .input }.count
            if outputs > 1 || (outputs == 1 && position < commands.count - 1) {
                throw .ambiguousOutputRedirect
            }
            if inputs > 1 || (inputs == 1 && position > 0) { throw .ambiguousInputRedirect }
        }
    }

    private mutating func parseSimpleCommand() throws(ShellSyntaxError) -> ShellSimpleCommand {
        var words: [ShellWord] = []
        var redirections: [ShellRedirection] = []
        while true {
            skipBlanks()
            guard index < end else { break }
            let character = scalars[index]
            if character == ";" || character == "|" || character == "&" { break }
            if character == "(" || character == ")" { throw .badlyPlacedParentheses }
            if character == ">" || character == "<" {
                redirections.append(try parseRedirection())
            } else {
                words.append(try parseWord())
            }
        }
        return ShellSimpleCommand(words: words, redirections: redirections)
    }

    private mutating func parseRedirection() throws(ShellSyntaxError) -> ShellRedirection {
        var kind: ShellRedirection.Kind
        if scalars[index] == "<" {
            kind = .input
            index += 1
            if peek(0) == "<" { throw .ambiguousInputRedirect }
        } else {
            kind = .output
            index += 1
            if peek(0) == ">" {
                kind = .append
                index += 1
            }
            if peek(0) == "&" {
                kind = kind == .append ? .appendAndError : .outputAndError
                index += 1
            }
            // `>!` overrides csh's noclobber, which the lab shell does not set.
            if peek(0) == "!" { index += 1 }
        }
        skipBlanks()
        guard index < end, !Parser.isOperator(scalars[index]) else { throw .missingRedirectName }
        return ShellRedirection(kind: kind, target: try parseWord())
    }

    private mutating func parseWord() throws(ShellSyntaxError) -> ShellWord {
        let start = index
        var parts: [ShellWordPart] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
        }
        if scalars[index] == "~" {
            index += 1
            var user = ""
            while index < end, scalars[index] != "/", !Parser.isBlank(scalars[index]),
                !Parser.isOperator(scalars[index])
            {
                user.unicodeScalars.append(scalars[index])
                index += 1
            }
            parts.append(.home(user: user))
        }
        while index < end {
            let character = scalars[index]
            if Parser.isBlank(character) || Parser.isOperator(character) { break }
            switch character {
            case "\\":
                literal.unicodeScalars.append(index + 1 < end ? scalars[index + 1] : "\\")
                index += 2
            case "'":
                flush()
                parts.append(.quoted(try readSingleQuoted()))
            case "\"":
                flush()
                parts += try readDoubleQuoted()
            case "`":
                flush()
                parts.append(.commandSubstitution(try readBackquoted(), quoted: false))
            case "$":
                if let name = readVariableName() {
                    flush()
                    parts.append(.variable(name: name, quoted: false))
                } else {
                    literal.append("$")
                    index += 1
                }
            default:
                literal.unicodeScalars.append(character)
                index += 1
            }
        }
        index = min(index, end)
        flush()
        return ShellWord(parts: parts, range: start..<index)
    }

    private mutating func readSingleQuoted() throws(ShellSyntaxError) -> String {
        var text = ""
        index += 1
        while index < end {
            if scalars[index] == "'" {
                index += 1
                return text
            }
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        throw .unmatchedQuote("'")
    }

    private mutating func readDoubleQuoted() throws(ShellSyntaxError) -> [ShellWordPart] {
        var parts: [ShellWordPart] = []
        var text = ""
        index += 1
        while index < end {
            let character = scalars[index]
            switch character {
            case "\"":
                index += 1
                parts.append(.quoted(text))
                return parts
            case "\\" where ["\"", "\\", "$", "`"].contains(peek(1)):
                text.unicodeScalars.append(scalars[index + 1])
                index += 2
            case "$":
                if let name = readVariableName() {
                    parts.append(.quoted(text))
                    text = ""
                    parts.append(.variable(name: name, quoted: true))
                } else {
                    text.append("$")
                    index += 1
                }
            case "`":
                parts.append(.quoted(text))
                text = ""
                parts.append(.commandSubstitution(try readBackquoted(), quoted: true))
            default:
                text.unicodeScalars.append(character)
                index += 1
            }
        }
        throw .unmatchedQuote("\"")
    }

    /// Parses the command between backquotes, in place, and moves past the closing one.
    private mutating func readBackquoted() throws(ShellSyntaxError) -> ShellCommandList {
        let contentStart = index + 1
        var cursor = contentStart
        while cursor < end && scalars[cursor] != "`" {
            cursor += scalars[cursor] == "\\" ? 2 : 1
        }
        guard cursor < end else { throw .unmatchedQuote("`") }
        var inner = Parser(scalars: scalars, index: contentStart, end: cursor)
        let list = try inner.parseList()
        index = cursor + 1
        return list
    }

    /// Reads `$?`, `${name}` or `$name` at `index` and moves past it. Returns `nil`, without
    /// moving, when the `$` starts none of them and so is a plain character.
    private mutating func readVariableName() -> String? {
        guard let next = peek(1) else { return nil }
        if next == "?" {
            index += 2
            return "?"
        }
        if next == "{" {
            var cursor = index + 2
            var name = ""
            while cursor < end, Parser.isNameCharacter(scalars[cursor]) {
                name.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            guard !name.isEmpty, cursor < end, scalars[cursor] == "}" else { return nil }
            index = cursor + 1
            return name
        }
        guard Parser.isNameCharacter(next), !("0"..."9").contains(next) else { return nil }
        var name = ""
        index += 1
        while index < end, Parser.isNameCharacter(scalars[index]) {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        return name
    }

    private mutating func skipBlanks() {
        while index < end && Parser.isBlank(scalars[index]) { index += 1 }
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < end ? scalars[index + offset] : nil
    }

    static func isBlank(_ character: Unicode.Scalar) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r"
    }

    static func isOperator(_ character: Unicode.Scalar) -> Bool {
        ";|&<>()".unicodeScalars.contains(character)
    }

    static func isNameCharacter(_ character: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(character) || ("A"..."Z").contains(character)
            || ("0"..."9").contains(character) || character == "_"
    }
}
