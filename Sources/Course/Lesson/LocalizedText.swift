/// The languages every text the learner reads exists in.
public enum Language: String, Sendable, Codable, CaseIterable, Equatable {
    case ja
    case en

    /// Picks the language from a POSIX locale name such as `ja_JP.UTF-8`; English otherwise.
    public init(localeName: String) {
        self = localeName.lowercased().hasPrefix("ja") ? .ja : .en
    }
}

/// A text in Japanese and in English.
public struct LocalizedText: Equatable, Sendable, Codable, Hashable {
    public var ja: String
    public var en: String

    public init(ja: String, en: String) {
        self.ja = ja
        self.en = en
    }

    public func text(_ language: Language) -> String {
        switch language {
        case .ja: ja
        case .en: en
        }
    }
}
