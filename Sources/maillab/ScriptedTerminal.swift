import Foundation
import LabShell

/// A lab shell's terminal driven by a script: lines go in through `send`, output is kept so
/// that `expect` can wait for a pattern after the last match.
final class ScriptedTerminal: ShellTerminal, @unchecked Sendable {
    private let condition = NSCondition()
    private var output = ""  // guarded by condition
    private var consumed: String.Index  // guarded by condition
    private var input: [String?] = []  // guarded by condition

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
