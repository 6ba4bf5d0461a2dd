import Foundation
import MailProtocol

/// A step's reference solution: what to type into the lab shells and what to wait for, so that
/// a runner can prove the step solvable. The syntax is documented in `Lessons/README.md`.
public struct SolutionScript: Equatable, Sendable {
    public var lines: [SolutionLine]

    public init(lines: [SolutionLine]) {
        self.lines = lines
    }

    /// The names this script defines, by `set` or by a capture, in order.
    public var definedVariables: [String] {
        lines.flatMap { line -> [String] in
            switch line.action {
            case .set(let name, _): [name]
            case .expect(_, _, let captures): captures
            case .type, .press, .answer: []
            }
        }
    }
}

/// One meaningful line of a solution file, with its line number for error messages.
public struct SolutionLine: Equatable, Sendable {
    public var number: Int
    public var action: SolutionAction

    public init(number: Int, action: SolutionAction) {
        self.number = number
        self.action = action
    }
}

public enum SolutionAction: Equatable, Sendable {
    /// `A> text`: type `text` and Enter into the shell. `${name}` is replaced first.
    case type(shell: ShellID, text: String)
    /// `A! key`: press one key in the shell.
    case press(shell: ShellID, key: SolutionKey)
    /// `A? regex` or `A? regex -> name, …`: wait until the shell shows a line (or a prompt)
    /// that matches `pattern`, and store capture group 1, 2, … in the names.
    case expect(shell: ShellID, pattern: String, captures: [String])
    /// `set name = value`: define a variable for the lines that follow.
    case set(name: String, value: String)
    /// `answer question = text`: write `text` as the report's answer to the question with
    /// that id, as the learner does in the report form. `${name}` is replaced first.
    case answer(questionID: String, text: String)
}

/// The keys a solution can press.
public enum SolutionKey: String, Equatable, Sendable, CaseIterable {
    /// Control-], telnet's escape character.
    case controlRightBracket = "^]"
    case controlC = "^C"
    case controlD = "^D"
    /// F2 pastes the last challenge the server sent.
    case f2 = "F2"
    /// F3 pastes the last response `userdb-test-cram-md5` printed.
    case f3 = "F3"
}

extension SolutionScript {
    /// Parses a solution file. `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(LessonLoadError) -> SolutionScript
    {
        var lines: [SolutionLine] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let number = offset + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            do {
                lines.append(SolutionLine(number: number, action: try parseAction(line)))
            } catch {
                throw LessonLoadError(
                    file: file, line: number, problem: .solutionSyntax(error.detail))
            }
        }
        return SolutionScript(lines: lines)
    }

    /// Replaces every `${name}` in `text`; returns nil when a name has no value.
    public static func substitute(_ text: String, variables: [String: String]) -> String? {
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "${") {
            result += rest[..<start.lowerBound]
            guard let end = rest[start.upperBound...].firstIndex(of: "}") else {
                return nil
            }
            guard let value = variables[String(rest[start.upperBound..<end])] else { return nil }
            result += value
            rest = rest[rest.index(after: end)...]
        }
        return result + rest
    }

    /// Returns the names that `text` refers to with `${name}`, in order.
    public static func referencedVariables(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.range(of: "${"),
            let end = rest[start.upperBound...].firstIndex(of: "}")
        {
            names.append(String(rest[start.upperBound..<end]))
            rest = rest[rest.index(after: end)...]
        }
        return names
    }

    private struct SyntaxProblem: Error {
        var detail: String
    }

    private static func parseAction(_ line: String) throws(SyntaxProblem) -> SolutionAction {
        if line.hasPrefix("set ") {
            return try parseSet(String(line.dropFirst(4)))
        }
        if line.hasPrefix("answer ") {
            return try parseAnswer(String(line.dropFirst(7)))
        }
        let characters = Array(line)
        guard characters.count >= 2 else {
            throw SyntaxProblem(
                detail: "expected A>, A!, A?, B>, B!, B?, set or answer at the start")
        }
        let shell: ShellID
        switch characters[0] {
        case "A": shell = .a
        case "B": shell = .b
        default:
            throw SyntaxProblem(detail: "a line must start with A or B (the shell) or with set")
        }
        var argument = String(characters.dropFirst(2))
        if argument.hasPrefix(" ") { argument.removeFirst() }
        switch characters[1] {
        case ">":
            return .type(shell: shell, text: argument)
        case "!":
            let name = argument.trimmingCharacters(in: .whitespaces)
            guard let key = SolutionKey(rawValue: name) else {
                let known = SolutionKey.allCases.map(\.rawValue).joined(separator: " ")
                throw SyntaxProblem(detail: "unknown key \"\(name)\"; known keys: \(known)")
            }
            return .press(shell: shell, key: key)
        case "?":
            return try parseExpect(shell: shell, argument: argument)
        default:
            throw SyntaxProblem(detail: "after the shell letter write >, ! or ?")
        }
    }

    private static func parseExpect(
        shell: ShellID, argument: String
    ) throws(SyntaxProblem) -> SolutionAction {
        var pattern = argument
        var captures: [String] = []
        if let arrow = argument.range(of: " -> ", options: .backwards) {
            let names = argument[arrow.upperBound...].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            if !names.isEmpty && names.allSatisfy(isVariableName) {
                pattern = String(argument[..<arrow.lowerBound])
                captures = names
            }
        }
        guard !pattern.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw SyntaxProblem(detail: "the pattern after ? is empty")
        }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw SyntaxProblem(detail: "the regular expression \(pattern) is invalid")
        }
        guard captures.count <= expression.numberOfCaptureGroups else {
            throw SyntaxProblem(
                detail: "\(captures.count) names after -> but the pattern has "
                    + "\(expression.numberOfCaptureGroups) capture groups")
        }
        return .expect(shell: shell, pattern: pattern, captures: captures)
    }

    private static func parseSet(_ rest: String) throws(SyntaxProblem) -> SolutionAction {
        guard let equals = rest.firstIndex(of: "=") else {
            throw SyntaxProblem(detail: "set needs the form: set name = value")
        }
        let name = rest[..<equals].trimmingCharacters(in: .whitespaces)
        guard isVariableName(name) else {
            throw SyntaxProblem(detail: "\"\(name)\" is not a variable name (letters, digits, _)")
        }
        let value = rest[rest.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        return .set(name: name, value: value)
    }

    private static func parseAnswer(_ rest: String) throws(SyntaxProblem) -> SolutionAction {
        guard let equals = rest.firstIndex(of: "=") else {
            throw SyntaxProblem(detail: "answer needs the form: answer question-id = text")
        }
        let questionID = rest[..<equals].trimmingCharacters(in: .whitespaces)
        let text = rest[rest.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !questionID.isEmpty, !text.isEmpty else {
            throw SyntaxProblem(detail: "answer needs a question id and a non-empty text")
        }
        return .answer(questionID: questionID, text: text)
    }

    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && CharacterSet.alphanumerics.contains($0))
        }
    }
}
