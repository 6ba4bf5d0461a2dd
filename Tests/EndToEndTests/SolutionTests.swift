import Course
import Foundation
import LabShell
import LabSystem
import MailProtocol
import MailServer
import Testing

@testable import maillab

/// A lab shell's terminal driven by a script: lines go in through `send`, output is kept so
/// that `expect` can wait for a pattern after the last match.
final class ScriptTerminal: ShellTerminal, @unchecked Sendable {
    private let condition = NSCondition()
    private var output = ""
    private var consumed: String.Index
    private var input: [String?] = []

    init() {
        consumed = output.startIndex
    }

    func write(_ text: String) {
        condition.lock()
        let offset = output.distance(from: output.startIndex, to: consumed)
        output += text
        consumed = output.index(output.startIndex, offsetBy: offset)
        condition.broadcast()
        condition.unlock()
    }

    /// Writes the prompt, waits for a scripted line and echoes it as a terminal would, so
    /// that what a program prints next starts on a line of its own.
    func readLine(prompt: String, echo: Bool) -> String? {
        write(prompt)
        condition.lock()
        while input.isEmpty { condition.wait() }
        let line = input.removeFirst()
        condition.unlock()
        write(echo ? (line ?? "") + "\n" : "\n")
        return line
    }

    func send(_ line: String?) {
        condition.lock()
        input.append(line)
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until the output after the last match matches `pattern` (lines anchored with ^ and
    /// $); returns the capture groups, or nil after `timeout` seconds.
    func expect(_ pattern: String, timeout: Double = 20) -> [String]? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: .anchorsMatchLines)
        else { return nil }
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let rest = String(output[consumed...]).replacingOccurrences(of: "\r", with: "")
            let range = NSRange(rest.startIndex..., in: rest)
            if let match = regex.firstMatch(in: rest, range: range) {
                let end = Range(match.range, in: rest)!.upperBound
                let matchedLength = rest.distance(from: rest.startIndex, to: end)
                advance(by: matchedLength)
                return (1..<match.numberOfRanges).compactMap {
                    Range(match.range(at: $0), in: rest).map { String(rest[$0]) }
                }
            }
            if !condition.wait(until: deadline) { return nil }
        }
    }

    /// Moves the match cursor past `count` characters of the output, skipping the carriage
    /// returns that `expect` removed before matching.
    private func advance(by count: Int) {
        var remaining = count
        while remaining > 0, consumed < output.endIndex {
            if output[consumed] != "\r" { remaining -= 1 }
            consumed = output.index(after: consumed)
        }
    }

    var transcript: String {
        condition.lock()
        defer { condition.unlock() }
        return output
    }
}

@Suite("Reference solutions", .serialized)
struct SolutionTests {
    @Test("lesson 9 solutions pass every check")
    func lessonNineSolutions() throws {
        let lessonsFolder = try #require(Resources.lessons, "the Lessons folder")
        let lesson = try LessonLoader.load(folder: lessonsFolder.appendingPathComponent("lesson09"))
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let runtime = try LabRuntime(
            folder: LabFolder(url: lab.url), smtpPort: nil, owner: "solution test")
        defer { runtime.stop() }

        var terminals: [MailProtocol.ShellID: ScriptTerminal] = [:]
        for id in MailProtocol.ShellID.allCases {
            let terminal = ScriptTerminal()
            terminals[id] = terminal
            let shell = runtime.makeShell(id, terminal: terminal, language: .en)
            let thread = Thread { shell.run() }
            thread.stackSize = 4 << 20
            thread.start()
        }

        var variables: [String: String] = [:]
        for step in lesson.steps {
            let script = try #require(step.solution, "step \(step.id) has a solution")
            for line in script.lines {
                let place = "step \(step.id), solution line \(line.number)"
                switch line.action {
                case .set(let name, let value):
                    variables[name] = value
                case .type(let shell, let text):
                    let expanded = try #require(
                        SolutionScript.substitute(text, variables: variables), "\(place)")
                    terminals[shell]!.send(expanded)
                case .press(let shell, let key):
                    switch key {
                    case .controlRightBracket: terminals[shell]!.send("\u{1D}")
                    case .controlD: terminals[shell]!.send(nil)
                    default: Issue.record("\(place): key \(key.rawValue) is not scripted here")
                    }
                case .expect(let shell, let pattern, let captures):
                    let terminal = terminals[shell]!
                    let groups = terminal.expect(pattern)
                    let printed = terminal.transcript.suffix(1500)
                    let matched = try #require(
                        groups,
                        "\(place): no output matched \(pattern); Shell-\(shell.rawValue) printed \(printed)"
                    )
                    for (name, value) in zip(captures, matched) { variables[name] = value }
                }
            }
        }

        runtime.bus.flush()
        let events = try EventJournal.read(url: runtime.folder.journal)
        let facts = SandboxFacts(values: TLSFacts.values(sandbox: runtime.sandbox, lesson: lesson))
        let results = CheckEngine.evaluate(
            lesson: lesson, events: events, now: Date(), facts: facts)
        for result in results {
            #expect(result.state == .passed, "\(result.checkID): \(result.reason.en)")
        }
        terminals.values.forEach { $0.send("exit") }
    }
}
