import Foundation
import LabSystem
import MailProtocol

@testable import LabShell

/// A terminal driven by the test, with the lines to read queued. Everything the shell shows
/// is recorded twice: as the screen would show it (`transcript`, with the echo of typed
/// lines), and as the program wrote it (`output`, prompts included, no echo).
final class ScriptedTerminal: ShellTerminal, @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String?] = []
    private var screen = ""
    private var written = ""
    private(set) var prompts: [(prompt: String, echo: Bool)] = []

    init(lines: [String] = []) {
        self.lines = lines
    }

    /// Queues a line for the next read; `nil` is the end of input.
    func feed(_ line: String?) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }

    func write(_ text: String) {
        condition.lock()
        screen += text
        written += text
        condition.broadcast()
        condition.unlock()
    }

    func readLine(prompt: String, echo: Bool) -> String? {
        readLine(prompt: prompt, echo: echo, cancellation: ReadCancellation())
    }

    func readLine(prompt: String, echo: Bool, cancellation: ReadCancellation) -> String? {
        cancellation.onCancel { [condition] in
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        defer { condition.unlock() }
        screen += prompt
        written += prompt
        prompts.append((prompt, echo))
        condition.broadcast()
        // Without queued input the read waits for a fed line or a cancellation. A test that
        // feeds too few lines fails by its own timeout, because this wait ends too.
        let deadline = Date().addingTimeInterval(20)
        while lines.isEmpty && !cancellation.isCancelled {
            if !condition.wait(until: deadline) { return nil }
        }
        if cancellation.isCancelled { return nil }
        let line = lines.removeFirst()
        screen += (echo ? (line ?? "") : "") + "\n"
        return line
    }

    var transcript: String {
        condition.lock()
        defer { condition.unlock() }
        return screen
    }

    var output: String {
        condition.lock()
        defer { condition.unlock() }
        return written
    }

    /// Waits until the screen contains `text`; `false` after `timeout` seconds.
    func waitFor(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !screen.contains(text) {
            if !condition.wait(until: deadline) { return screen.contains(text) }
        }
        return true
    }

    /// Waits until a read is pending with `prompt`, counting earlier ones as well.
    func waitForPrompt(_ prompt: String, count: Int = 1, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while prompts.filter({ $0.prompt == prompt }).count < count {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    func clear() {
        condition.lock()
        screen = ""
        written = ""
        condition.unlock()
    }
}

/// An event sink that keeps what is published.
final class RecordingSink: EventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [(LabEventPayload, EventOrigin)] = []

    func publish(_ payload: LabEventPayload, origin: EventOrigin) {
        lock.lock()
        recorded.append((payload, origin))
        lock.unlock()
    }

    var payloads: [LabEventPayload] {
        lock.lock()
        defer { lock.unlock() }
        return recorded.map(\.0)
    }

    var origins: [EventOrigin] {
        lock.lock()
        defer { lock.unlock() }
        return recorded.map(\.1)
    }

    var commandLines: [String] {
        payloads.compactMap {
            if case .commandRun(_, let line, _) = $0 { return line }
            return nil
        }
    }
}

/// A fresh lab tree in a temporary folder with a shell on it.
final class ShellFixture {
    let folder: URL
    let sandbox: Sandbox
    let terminal: ScriptedTerminal
    let events = RecordingSink()
    let shell: LabShell

    init(lines: [String] = [], portMap: [Int: Int] = [:], shellID: ShellID = .a) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-labshell-\(UUID().uuidString)", isDirectory: true)
        let assets = try LabSetup.defaultAssetsDirectory().orThrow()
        sandbox = try LabSetup.layFreshTree(in: LabFolder(url: folder), assets: assets)
        terminal = ScriptedTerminal(lines: lines)
        shell = LabShell(
            terminal: terminal, sandbox: sandbox, events: events, shellID: shellID,
            portMap: portMap)
    }

    /// Runs a line and returns what it printed.
    @discardableResult
    func run(_ line: String) -> (status: Int32, output: String) {
        terminal.clear()
        let status = shell.execute(line)
        return (status, terminal.output)
    }

    func file(_ path: String) throws -> String {
        String(decoding: try sandbox.readFile(path), as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
    }
}

struct MissingValue: Error {}

extension Optional {
    func orThrow() throws -> Wrapped {
        guard let self else { throw MissingValue() }
        return self
    }
}

/// Runs one of the real Debian tools the lab imitates, for comparison only.
struct ExternalTool {
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
    }

    static func run(_ path: String, _ arguments: [String], input: [UInt8] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let standardInput = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        try process.run()
        standardInput.fileHandleForWriting.write(Data(input))
        try standardInput.fileHandleForWriting.close()
        let output = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errorOutput = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            output: String(decoding: output, as: UTF8.self),
            errorOutput: String(decoding: errorOutput, as: UTF8.self))
    }

    static func isInstalled(_ path: String) -> Bool {
        FileManager.default.isExecutableFile(atPath: path)
    }
}
