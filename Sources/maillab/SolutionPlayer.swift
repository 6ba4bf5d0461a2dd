import Course
import Foundation
import LabShell
import LabSystem
import MailProtocol

/// Plays reference solutions on an open lab: two lab shells of its own, Shell-A and Shell-B,
/// on scripted terminals, typing each `A>` line and waiting for each `A?` pattern. The shells
/// publish to the lab's event bus like the learner's, so the checks see what a solution did.
final class SolutionPlayer {
    /// Why a solution could not be played to its end, with the step and the solution line.
    struct Failure: Error, Equatable {
        enum Problem: Equatable {
            case missingSolution
            /// `${name}` has no value: no earlier line defined it.
            case undefinedVariable(String)
            /// Nothing the shell printed matched the pattern in time; `output` is the end of
            /// what it printed.
            case noMatch(pattern: String, output: String)
            /// The key cannot be played without the TUI (F2 and F3 paste from its panes).
            case unsupportedKey(String)
            case reportNotSaved(String)
        }

        var stepID: String
        var line: Int
        var problem: Problem

        func message(_ language: Language) -> String {
            let place =
                language == .ja
                ? "手順 \(stepID) の模範解答 \(line) 行目" : "step \(stepID), solution line \(line)"
            switch (problem, language) {
            case (.missingSolution, .ja): return "\(place): 模範解答がありません"
            case (.missingSolution, .en): return "\(place): the step has no reference solution"
            case (.undefinedVariable(let name), .ja):
                return "\(place): 変数 ${\(name)} が定義されていません"
            case (.undefinedVariable(let name), .en):
                return "\(place): the variable ${\(name)} is not defined"
            case (.noMatch(let pattern, _), .ja):
                return "\(place): \(pattern) に合う出力が時間内にありませんでした"
            case (.noMatch(let pattern, _), .en):
                return "\(place): no output matched \(pattern) in time"
            case (.unsupportedKey(let key), .ja):
                return "\(place): キー \(key) は TUI の外では押せません"
            case (.unsupportedKey(let key), .en):
                return "\(place): the key \(key) cannot be pressed outside the TUI"
            case (.reportNotSaved(let reason), .ja):
                return "\(place): レポートの答えを保存できません: \(reason)"
            case (.reportNotSaved(let reason), .en):
                return "\(place): cannot save the report answer: \(reason)"
            }
        }
    }

    let runtime: LabRuntime
    /// Seconds to wait for each `?` line.
    let timeout: Double
    private(set) var variables: [String: String] = [:]
    private var terminals: [MailProtocol.ShellID: ScriptedTerminal] = [:]
    private let finished = DispatchSemaphore(value: 0)

    /// Starts the two shells. `language` is the language of their messages.
    init(runtime: LabRuntime, language: Language = .en, timeout: Double = 20) {
        self.runtime = runtime
        self.timeout = timeout
        for id in MailProtocol.ShellID.allCases {
            let terminal = ScriptedTerminal()
            terminals[id] = terminal
            let shell = runtime.makeShell(id, terminal: terminal, language: language)
            let finished = self.finished
            let thread = Thread {
                shell.run()
                finished.signal()
            }
            thread.name = "maillab.solution-\(id.rawValue)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    /// Defines the variables that the `set` lines of `steps` define, without playing them, so
    /// that a later step can be played after the learner did these by hand.
    func adoptSettings(of steps: [LessonStep]) {
        for step in steps {
            for line in step.solution?.lines ?? [] {
                guard case .set(let name, let value) = line.action,
                    let expanded = SolutionScript.substitute(value, variables: variables)
                else { continue }
                variables[name] = expanded
            }
        }
    }

    /// Plays the steps' solutions in order; stops at the first line that fails.
    func play(_ steps: [LessonStep]) throws(Failure) {
        for step in steps {
            guard let script = step.solution else {
                throw Failure(stepID: step.id, line: 0, problem: .missingSolution)
            }
            for line in script.lines {
                try play(line, step: step.id)
            }
        }
    }

    /// The output of a shell so far, for a failure's report.
    func transcript(of shell: MailProtocol.ShellID) -> String {
        terminals[shell]?.transcript ?? ""
    }

    /// Ends both shells and waits for them, at most `timeout` seconds in all.
    func finish() {
        for terminal in terminals.values { terminal.send("exit") }
        let deadline = DispatchTime.now() + timeout
        for _ in terminals.keys { _ = finished.wait(timeout: deadline) }
    }

    private func play(_ line: SolutionLine, step: String) throws(Failure) {
        func expanded(_ text: String) throws(Failure) -> String {
            guard let result = SolutionScript.substitute(text, variables: variables) else {
                let name =
                    SolutionScript.referencedVariables(in: text).first { variables[$0] == nil }
                throw Failure(
                    stepID: step, line: line.number, problem: .undefinedVariable(name ?? text))
            }
            return result
        }

        switch line.action {
        case .set(let name, let value):
            variables[name] = try expanded(value)
        case .type(let shell, let text):
            terminals[shell]!.send(try expanded(text))
        case .press(let shell, let key):
            switch key {
            case .controlRightBracket: terminals[shell]!.send("\u{1D}")
            case .controlD: terminals[shell]!.send(nil)
            case .controlC, .f2, .f3:
                throw Failure(
                    stepID: step, line: line.number, problem: .unsupportedKey(key.rawValue))
            }
        case .expect(let shell, let pattern, let captures):
            let terminal = terminals[shell]!
            let expandedPattern = try expanded(pattern)
            guard let groups = terminal.expect(expandedPattern, timeout: timeout) else {
                throw Failure(
                    stepID: step, line: line.number,
                    problem: .noMatch(
                        pattern: expandedPattern, output: String(terminal.transcript.suffix(1500))))
            }
            for (name, value) in zip(captures, groups) { variables[name] = value }
        case .answer(let questionID, let text):
            try saveAnswer(try expanded(text), questionID: questionID, step: step, line: line)
        }
    }

    /// Stores a report answer, leaving one the learner already wrote as it is.
    private func saveAnswer(
        _ text: String, questionID: String, step: String, line: SolutionLine
    ) throws(Failure) {
        do {
            var fields = try ReportFieldsStore.load(from: runtime.folder)
            let current = fields.answers[questionID] ?? ""
            guard current.allSatisfy(\.isWhitespace) else { return }
            fields.answers[questionID] = text
            try ReportFieldsStore.save(fields, to: runtime.folder)
        } catch {
            throw Failure(
                stepID: step, line: line.number, problem: .reportNotSaved(error.message(.en)))
        }
    }
}
