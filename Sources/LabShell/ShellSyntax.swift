/// A parsed command line: pipelines joined by `;`, `&&` and `||`.
public struct ShellCommandList: Equatable, Sendable {
    public var items: [ShellListItem]

    public init(items: [ShellListItem]) {
        self.items = items
    }
}

/// One pipeline of a command list and how it joins the one before it.
public struct ShellListItem: Equatable, Sendable {
    public enum Connector: Equatable, Sendable {
        /// `;` (and the first item): run regardless of the status before.
        case sequence
        /// `&&`: run when the status before is 0.
        case and
        /// `||`: run when the status before is not 0.
        case or
    }

    public var connector: Connector
    public var pipeline: ShellPipeline

    public init(connector: Connector, pipeline: ShellPipeline) {
        self.connector = connector
        self.pipeline = pipeline
    }
}

/// Commands joined by `|`, each one's standard output the next one's standard input.
public struct ShellPipeline: Equatable, Sendable {
    public var commands: [ShellSimpleCommand]

    public init(commands: [ShellSimpleCommand]) {
        self.commands = commands
    }
}

/// A command name with its arguments and redirections.
public struct ShellSimpleCommand: Equatable, Sendable {
    public var words: [ShellWord]
    public var redirections: [ShellRedirection]

    public init(words: [ShellWord], redirections: [ShellRedirection] = []) {
        self.words = words
        self.redirections = redirections
    }
}

/// `> file`, `>> file`, `< file`, and csh's `>& file` and `>>& file`, which take standard
/// error as well.
public struct ShellRedirection: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case output, append, input, outputAndError, appendAndError
    }

    public var kind: Kind
    public var target: ShellWord

    public init(kind: Kind, target: ShellWord) {
        self.kind = kind
        self.target = target
    }
}

/// One word before expansion, with where it sits in the line (offsets in Unicode scalars),
/// so that a masked copy of the line can replace it.
public struct ShellWord: Equatable, Sendable {
    public var parts: [ShellWordPart]
    public var range: Range<Int>

    public init(parts: [ShellWordPart], range: Range<Int>) {
        self.parts = parts
        self.range = range
    }

    /// The word's text when it has no variable or command substitution in it.
    public var staticText: String? {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let value), .quoted(let value): text += value
            case .variable, .commandSubstitution, .home: return nil
            }
        }
        return text
    }

    /// The word's quoted and unquoted text with the substitutions left out.
    var literalText: String {
        parts.map { part in
            switch part {
            case .literal(let value), .quoted(let value): return value
            case .variable, .commandSubstitution, .home: return ""
            }
        }.joined()
    }
}

/// A piece of a word.
public enum ShellWordPart: Equatable, Sendable {
    /// Unquoted text, backslash escapes already removed.
    case literal(String)
    /// Text from single or double quotes.
    case quoted(String)
    /// `$name`, `${name}` or `$?`; `quoted` when inside double quotes.
    case variable(name: String, quoted: Bool)
    /// `` `command` ``. Unquoted, its output splits into words at blanks and newlines;
    /// quoted, it stays one word without its trailing newlines.
    case commandSubstitution(ShellCommandList, quoted: Bool)
    /// `~` or `~user` at the start of a word.
    case home(user: String)
}
