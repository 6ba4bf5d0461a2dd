/// Expands Postfix's `$name` references in a value, recursively, as `postconf -x` does.
struct MacroExpander {
    /// Returns a parameter's value before expansion, or `nil` when it is undefined (which
    /// expands to nothing).
    let lookup: (String) -> String?

    /// Postfix gives up past this depth of nested references.
    static let maximumDepth = 100

    func expand(_ text: String, depth: Int) throws(MainCFError) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "$" else {
                output.append(character)
                index += 1
                continue
            }
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            if next == "$" {
                output.append("$")
                index += 2
            } else if next == "{" || next == "(" {
                let end = try MacroExpander.closingIndex(characters, openAt: index + 1, text: text)
                let inner = String(characters[(index + 2)..<end])
                output += try expandBracketed(inner, text: text, depth: depth)
                index = end + 1
            } else {
                var end = index + 1
                while end < characters.count && MacroExpander.isNameCharacter(characters[end]) {
                    end += 1
                }
                guard end > index + 1 else { throw .emptyMacroName(text: text) }
                output += try expandName(String(characters[(index + 1)..<end]), depth: depth)
                index = end
            }
        }
        return output
    }

    /// Lists the names a value refers to, without expanding anything and without failing.
    static func referencedNames(in text: String) -> [String] {
        let characters = Array(text)
        var names: [String] = []
        var index = 0
        while index < characters.count {
            guard characters[index] == "$" else {
                index += 1
                continue
            }
            var cursor = index + 1
            if cursor < characters.count && characters[cursor] == "$" {
                index = cursor + 1
                continue
            }
            if cursor < characters.count && (characters[cursor] == "{" || characters[cursor] == "(")
            {
                cursor += 1
                while cursor < characters.count && PostfixMainCF.isBlank(characters[cursor]) {
                    cursor += 1
                }
            }
            let start = cursor
            while cursor < characters.count && isNameCharacter(characters[cursor]) { cursor += 1 }
            if cursor > start { names.append(String(characters[start..<cursor])) }
            index = max(cursor, index + 1)
        }
        return names
    }

    private func expandName(_ name: String, depth: Int) throws(MainCFError) -> String {
        guard depth < MacroExpander.maximumDepth else { throw .nestingTooDeep(name: name) }
        guard let value = lookup(name) else { return "" }
        return try expand(value, depth: depth + 1)
    }

    /// Expands the inside of `${…}` or `$(…)`: `name`, `name?text`, `name:text`,
    /// `name?{text}`, `name:{text}` or `name?{text}:{text}`. `?` picks its text when the
    /// parameter is non-empty, `:` when it is empty or undefined.
    private func expandBracketed(_ inner: String, text: String, depth: Int) throws(MainCFError)
        -> String
    {
        let body = Array(PostfixMainCF.trimBlanks(inner))
        var cursor = 0
        while cursor < body.count && MacroExpander.isNameCharacter(body[cursor]) { cursor += 1 }
        guard cursor > 0 else { throw .emptyMacroName(text: text) }
        let name = String(body[..<cursor])
        guard cursor < body.count else { return try expandName(name, depth: depth) }
        let operation = body[cursor]
        guard operation == "?" || operation == ":" else { throw .invalidMacro(text: text) }
        let isSet = !PostfixMainCF.trimBlanks(lookup(name) ?? "").isEmpty
        let rest = Array(body[(cursor + 1)...])
        let (whenSet, whenUnset) = try MacroExpander.branches(
            rest, operation: operation, text: text)
        guard let chosen = isSet ? whenSet : whenUnset else { return "" }
        guard depth < MacroExpander.maximumDepth else { throw .nestingTooDeep(name: name) }
        return try expand(chosen, depth: depth + 1)
    }

    /// Splits the text after `?` or `:` into what to expand when the parameter is set and
    /// when it is not; `nil` means nothing.
    private static func branches(
        _ rest: [Character], operation: Character, text: String
    ) throws(MainCFError) -> (String?, String?) {
        var cursor = 0
        while cursor < rest.count && PostfixMainCF.isBlank(rest[cursor]) { cursor += 1 }
        guard cursor < rest.count, rest[cursor] == "{" else {
            let plain = String(rest)
            return operation == "?" ? (plain, nil) : (nil, plain)
        }
        let firstEnd = try closingIndex(rest, openAt: cursor, text: text)
        let first = String(rest[(cursor + 1)..<firstEnd])
        cursor = skipBlanks(rest, from: firstEnd + 1)
        var second: String?
        if operation == "?" && cursor < rest.count && rest[cursor] == ":" {
            cursor = skipBlanks(rest, from: cursor + 1)
            if cursor < rest.count && rest[cursor] == "{" {
                let secondEnd = try closingIndex(rest, openAt: cursor, text: text)
                second = String(rest[(cursor + 1)..<secondEnd])
                cursor = skipBlanks(rest, from: secondEnd + 1)
            }
        }
        guard cursor == rest.count else { throw .invalidMacro(text: text) }
        return operation == "?" ? (first, second) : (nil, first)
    }

    private static func skipBlanks(_ characters: [Character], from start: Int) -> Int {
        var cursor = start
        while cursor < characters.count && PostfixMainCF.isBlank(characters[cursor]) { cursor += 1 }
        return cursor
    }

    /// Finds the index of the bracket that closes the one at `openAt`, counting nested pairs of
    /// the same kind.
    private static func closingIndex(
        _ characters: [Character], openAt: Int, text: String
    ) throws(MainCFError) -> Int {
        let open = characters[openAt]
        let close: Character = open == "{" ? "}" : ")"
        var level = 0
        var index = openAt
        while index < characters.count {
            if characters[index] == open {
                level += 1
            } else if characters[index] == close {
                level -= 1
                if level == 0 { return index }
            }
            index += 1
        }
        throw .truncatedMacro(text: text)
    }

    static func isNameCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A)
            || (ascii >= 0x61 && ascii <= 0x7A) || ascii == 0x5F
    }
}

extension PostfixMainCF {
    static func trimBlanks(_ text: String) -> String {
        let head = text.drop(while: { isBlank($0) })
        return String(head.reversed().drop(while: { isBlank($0) }).reversed())
    }
}
