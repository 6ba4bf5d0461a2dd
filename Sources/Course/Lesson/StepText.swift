/// One line of a step's text, classified for display. The format is plain text: a line
/// indented by four spaces is a command to type, one indented by four spaces and starting with
/// `| ` is output to expect, and a single short line between blank lines is a heading.
public enum StepTextLine: Equatable, Sendable {
    case heading(String)
    case text(String)
    case command(String)
    case output(String)
    case blank
}

public enum StepText {
    /// The longest line, in characters, that still counts as a heading.
    static let maximumHeadingLength = 40

    /// Classifies every line of `text`.
    public static func lines(_ text: String) -> [StepTextLine] {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var result: [StepTextLine] = []
        for (index, line) in raw.enumerated() {
            if line.allSatisfy(\.isWhitespace) {
                result.append(.blank)
            } else if line.hasPrefix("    ") {
                let content = String(line.dropFirst(4))
                if content.hasPrefix("| ") || content == "|" {
                    result.append(.output(String(content.dropFirst(2))))
                } else {
                    result.append(.command(content))
                }
            } else if isHeading(line, index: index, in: raw) {
                result.append(.heading(line))
            } else {
                result.append(.text(line))
            }
        }
        while result.last == .blank { result.removeLast() }
        return result
    }

    /// The commands of `text` in order, for a "copy command" action.
    public static func commands(_ text: String) -> [String] {
        lines(text).compactMap {
            if case .command(let command) = $0 { command } else { nil }
        }
    }

    private static func isHeading(_ line: String, index: Int, in lines: [String]) -> Bool {
        let isBlank: (Int) -> Bool = { position in
            position < 0 || position >= lines.count || lines[position].allSatisfy(\.isWhitespace)
        }
        guard isBlank(index - 1), isBlank(index + 1), line.count <= maximumHeadingLength,
            let last = line.last
        else { return false }
        return !".。:：,、)）".contains(last)
    }
}
