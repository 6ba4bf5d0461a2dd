/// A `main.cf` read with Postfix's rules. A line whose first non-blank character is `#` is a
/// comment, wherever it is. A line that starts with whitespace continues the previous logical
/// line. In `name = value` the spaces around `=` and at the ends are trimmed, and the last
/// assignment of a name wins. Values are expanded on request, with `$name`, `${name}`,
/// `$(name)`, `${name?text}`, `${name:text}` and the `{text}` forms of Postfix 3.
public struct PostfixMainCF: Sendable, Equatable {
    /// One assignment in the file.
    public struct Assignment: Sendable, Equatable {
        public var name: String
        /// The value with the continuation lines joined by one space.
        public var value: String
        /// The line the assignment starts on, from 1.
        public var line: Int
    }

    /// Every assignment, in file order, overridden ones included.
    public private(set) var assignments: [Assignment] = []
    public private(set) var warnings: [MainCFWarning] = []
    /// The name `myhostname` defaults to when the file does not set it.
    public let systemHostname: String
    private var settings: [String: Assignment] = [:]

    /// The host name of the lab machine, as `hostname` in its `rc.conf`.
    public static let labHostname = "lab.example.jp"

    /// Parses the bytes of a `main.cf`. Throws the errors that make Postfix stop (`fatal:`);
    /// lesser problems end up in `warnings`.
    public init(bytes: [UInt8], systemHostname: String = PostfixMainCF.labHostname)
        throws(MainCFError)
    {
        self.systemHostname = systemHostname
        for logical in PostfixMainCF.logicalLines(bytes, warnings: &warnings) {
            let assignment = try PostfixMainCF.assignment(logical.text, line: logical.line)
            assignments.append(assignment)
            settings[assignment.name] = assignment
        }
    }

    /// Creates the configuration of an empty file, in which every parameter has its default.
    public init(systemHostname: String = PostfixMainCF.labHostname) {
        self.systemHostname = systemHostname
    }

    /// The parameters the lab has defaults for, sorted.
    public static var knownParameterNames: [String] {
        Set(PostfixDefaults.postfix.keys).union(PostfixDefaults.lab.keys)
            .union(["myhostname", "mydomain"]).sorted()
    }

    /// The names the file assigns, sorted, as `postconf -n` lists them.
    public var explicitlySet: [String] { settings.keys.sorted() }

    /// Returns the line of the assignment that is in effect for `name`.
    public func line(of name: String) -> Int? { settings[name]?.line }

    /// Returns whether the lab has a default for `name` or the file sets it.
    public func isKnown(_ name: String) -> Bool {
        settings[name] != nil || PostfixMainCF.defaultRawValue(of: name, in: self) != nil
    }

    /// Returns the value before expansion, as `postconf -h NAME` prints it: the file's value or the
    /// default, with each run of whitespace shown as one space. `nil` for an unknown name.
    public func rawValue(of name: String) -> String? {
        guard let raw = storedValue(of: name) else { return nil }
        return PostfixMainCF.collapseWhitespace(raw)
    }

    /// Returns the expanded value, as `postconf -x -h NAME` prints it. `nil` for an unknown name and
    /// when the expansion fails (use `expandedValue(of:)` to learn why).
    public func value(of name: String) -> String? {
        (try? expandedValue(of: name)) ?? nil
    }

    /// Expands the value, and throws the error Postfix would stop with when that fails.
    public func expandedValue(of name: String) throws(MainCFError) -> String? {
        guard let raw = storedValue(of: name) else { return nil }
        let expander = MacroExpander(lookup: { self.storedValue(of: $0) })
        return PostfixMainCF.collapseWhitespace(try expander.expand(raw, depth: 0))
    }

    /// Returns the default value, as `postconf -d -h NAME` prints it.
    public func defaultValue(of name: String) -> String? {
        PostfixMainCF.defaultRawValue(of: name, in: self).map(PostfixMainCF.collapseWhitespace)
    }

    /// Parameters the file sets that the lab does not know and that no value refers to with
    /// `$name`; Postfix logs `warning: …: unused parameter: name=value` for them, which is
    /// how a misspelt name shows.
    public var unusedParameters: [String] {
        let referenced = Set(
            settings.values.flatMap { MacroExpander.referencedNames(in: $0.value) })
        return explicitlySet.filter { name in
            PostfixMainCF.defaultRawValue(of: name, in: self) == nil && !referenced.contains(name)
        }
    }

    /// Returns the value as stored: the file's, else the default.
    func storedValue(of name: String) -> String? {
        if let assignment = settings[name] { return assignment.value }
        return PostfixMainCF.defaultRawValue(of: name, in: self)
    }

    static func defaultRawValue(of name: String, in file: PostfixMainCF) -> String? {
        switch name {
        case "myhostname":
            return file.systemHostname
        case "mydomain":
            // Postfix takes myhostname without its first label, or `localdomain` when the
            // host name has a single label.
            let host = (try? file.expandedValue(of: "myhostname")) ?? nil ?? file.systemHostname
            guard let dot = host.firstIndex(of: "."), host.index(after: dot) < host.endIndex else {
                return "localdomain"
            }
            return String(host[host.index(after: dot)...])
        default:
            return PostfixDefaults.lab[name] ?? PostfixDefaults.postfix[name]
        }
    }

    /// Joins a value's words with single spaces, the way `postconf` prints values.
    static func collapseWhitespace(_ text: String) -> String {
        text.split(whereSeparator: { isBlank($0) }).joined(separator: " ")
    }

    static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\n" || character == "\r"
            || character == "\u{0B}" || character == "\u{0C}"
    }
}

extension PostfixMainCF {
    struct LogicalLine {
        var text: String
        var line: Int
    }

    /// Splits the file into logical lines: comments and blank lines dropped, indented lines
    /// appended to the line before them with one space.
    static func logicalLines(_ bytes: [UInt8], warnings: inout [MainCFWarning]) -> [LogicalLine] {
        let text = String(decoding: bytes, as: UTF8.self)
        var result: [LogicalLine] = []
        var lineNumber = 0
        for physical in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = physical.drop(while: { isBlank($0) })
            if trimmed.isEmpty || trimmed.first == "#" { continue }
            let content = String(trimmed.reversed().drop(while: { isBlank($0) }).reversed())
            if let first = physical.first, isBlank(first) {
                if result.isEmpty {
                    warnings.append(
                        .logicalLineStartsWithWhitespace(line: lineNumber, text: String(physical)))
                } else {
                    result[result.count - 1].text += " " + content
                }
                continue
            }
            result.append(LogicalLine(text: content, line: lineNumber))
        }
        return result
    }

    /// Splits `name = value`. The name ends at the first blank or `=`.
    static func assignment(_ text: String, line: Int) throws(MainCFError) -> Assignment {
        let name = String(text.prefix(while: { !isBlank($0) && $0 != "=" }))
        var rest = text.dropFirst(name.count).drop(while: { isBlank($0) })
        guard !name.isEmpty else { throw .missingName(line: line, text: text) }
        guard rest.first == "=" else { throw .missingEquals(line: line, text: text) }
        rest = rest.dropFirst().drop(while: { isBlank($0) })
        return Assignment(name: name, value: String(rest), line: line)
    }
}
