/// A problem that makes Postfix stop with `fatal:` while reading `main.cf` or expanding a value.
public enum MainCFError: Error, Equatable, Sendable {
    /// A logical line with a name and no `=` after it.
    case missingEquals(line: Int, text: String)
    /// A logical line that starts with `=`.
    case missingName(line: Int, text: String)
    /// A `$` followed by neither a name nor a bracket.
    case emptyMacroName(text: String)
    /// A `${` or `$(` without its closing bracket.
    case truncatedMacro(text: String)
    /// A `${…}` whose inside is not `name`, `name?text`, `name:text` or the `{text}` forms.
    case invalidMacro(text: String)
    /// Expansion went deeper than Postfix allows, which a parameter that refers to itself
    /// (`a = $b`, `b = $a`) causes.
    case nestingTooDeep(name: String)

    /// The text after `fatal: ` or `warning: `, in Postfix's words except for `invalidMacro`,
    /// for which Postfix has several messages. `file` is the sandbox path of the file, for the
    /// line-numbered cases.
    public func message(file: String = "/usr/local/etc/postfix/main.cf") -> String {
        switch self {
        case .missingEquals(let line, let text):
            return "\(file), line \(line): missing '=' after attribute name: \"\(text)\""
        case .missingName(let line, let text):
            return "\(file), line \(line): missing attribute name: \"\(text)\""
        case .emptyMacroName(let text):
            return "empty macro name: \"\(text)\""
        case .truncatedMacro(let text):
            return "truncated macro reference: \"\(text)\""
        case .invalidMacro(let text):
            return "syntax error in macro reference: \"\(text)\""
        case .nestingTooDeep(let name):
            return "unreasonable macro call nesting: \"\(name)\""
        }
    }
}

/// A problem Postfix reads past with a warning.
public enum MainCFWarning: Equatable, Sendable {
    /// An indented line with no logical line before it to continue; Postfix skips it.
    case logicalLineStartsWithWhitespace(line: Int, text: String)

    public func message(file: String = "/usr/local/etc/postfix/main.cf") -> String {
        switch self {
        case .logicalLineStartsWithWhitespace(_, let text):
            return "\(file): logical line must not start with whitespace: \"\(text)\""
        }
    }
}
