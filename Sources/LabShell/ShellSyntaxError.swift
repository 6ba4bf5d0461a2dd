/// A command line the lab shell cannot parse. The messages are FreeBSD csh's, which is what
/// the learner would see on the real machine.
public enum ShellSyntaxError: Error, Equatable, Sendable {
    /// A quote without its closing partner: `'`, `"` or `` ` ``.
    case unmatchedQuote(Character)
    /// `>`, `>>` or `<` with no file name after it.
    case missingRedirectName
    /// An empty command next to `|`, `&&` or `||`.
    case invalidNullCommand
    /// Two output redirections, or output redirected before a `|`.
    case ambiguousOutputRedirect
    /// Two input redirections, or input redirected after a `|`.
    case ambiguousInputRedirect
    /// `(` or `)`: the lab shell has no subshells.
    case badlyPlacedParentheses
    /// A trailing `&`: the lab shell runs no background jobs.
    case backgroundNotSupported

    /// Returns the message csh prints, or the lab's own in the learner's language where csh would
    /// have done something the lab does not do.
    public func message(_ language: ShellLanguage) -> String {
        switch self {
        case .unmatchedQuote(let quote): return "Unmatched \(quote)."
        case .missingRedirectName: return "Missing name for redirect."
        case .invalidNullCommand: return "Invalid null command."
        case .ambiguousOutputRedirect: return "Ambiguous output redirect."
        case .ambiguousInputRedirect: return "Ambiguous input redirect."
        case .badlyPlacedParentheses: return "Badly placed ()'s."
        case .backgroundNotSupported:
            return LocalizedText(
                ja: "この演習のシェルではバックグラウンド実行 (&) は使えません。",
                en: "Background jobs (&) are not available in the lab shell."
            )(language)
        }
    }
}

/// The learner's language for what the lab itself prints.
public enum ShellLanguage: String, Sendable, Equatable {
    case ja, en
}

/// A text in both of the lab's languages.
public struct LocalizedText: Sendable, Equatable {
    public var ja: String
    public var en: String

    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }

    public func callAsFunction(_ language: ShellLanguage) -> String {
        language == .ja ? ja : en
    }
}
