import Foundation
import Testing

/// The built `maillab` executable, next to the test bundle in `.build/<configuration>/`.
/// `MAILLAB_BIN` overrides it.
func maillabExecutable() -> URL {
    if let path = ProcessInfo.processInfo.environment["MAILLAB_BIN"], !path.isEmpty {
        return URL(fileURLWithPath: path)
    }
    let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = bundle.deletingLastPathComponent()
    while folder.path != "/" {
        let candidate = folder.appendingPathComponent("maillab")
        if FileManager.default.isExecutableFile(atPath: candidate.path),
            !candidate.hasDirectoryPath
        {
            return candidate
        }
        folder = folder.deletingLastPathComponent()
    }
    return URL(fileURLWithPath: ".build/debug/maillab")
}

/// A fresh lab folder in the temporary directory, removed by `remove()`.
struct TemporaryLab {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillab-e2e-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Output of a child process collected as it arrives, so a test can wait for a line.
final class OutputCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var data = Data()
    private var finished = false

    func append(_ chunk: Data) {
        condition.lock()
        if chunk.isEmpty { finished = true } else { data.append(chunk) }
        condition.broadcast()
        condition.unlock()
    }

    var text: String {
        condition.lock()
        defer { condition.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    /// Waits until the stream ends, at most `timeout` seconds; false on timeout.
    @discardableResult
    func waitForEnd(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !finished {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    /// Waits until the output matches `pattern` and returns the first capture group (or the
    /// whole match), or nil when `timeout` seconds pass or the stream ends first.
    func waitFor(_ pattern: String, timeout: Double = 20) -> String? {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let text = String(decoding: data, as: UTF8.self)
            let range = NSRange(text.startIndex..., in: text)
            if let match = regex.firstMatch(in: text, range: range) {
                let group = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
                return Range(group, in: text).map { String(text[$0]) }
            }
            if finished || !condition.wait(until: deadline) { return nil }
        }
    }
}

/// A child process with its standard input, output and error as pipes.
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let output = OutputCollector()
    let errors = OutputCollector()
    private let input = Pipe()

    init(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
        currentDirectory: URL? = nil
    ) throws {
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        process.environment = merged
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        let err = Pipe()
        process.standardInput = input
        process.standardOutput = out
        process.standardError = err
        let output = self.output
        let errors = self.errors
        out.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        err.fileHandleForReading.readabilityHandler = { errors.append($0.availableData) }
        try process.run()
    }

    func send(_ text: String) {
        input.fileHandleForWriting.write(Data(text.utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Sends SIGTERM and waits for the exit; returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Waits for the process to exit on its own, at most `timeout` seconds; nil on timeout.
    func waitForExit(timeout: Double = 60) -> Int32? {
        let done = DispatchSemaphore(value: 0)
        let process = self.process
        DispatchQueue.global().async {
            process.waitUntilExit()
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return process.terminationStatus
    }
}

/// Runs a command to completion with `input` on its standard input.
func runTool(
    _ path: String, _ arguments: [String], input: String = "", timeout: Double = 60,
    environment: [String: String] = [:]
) throws -> (status: Int32, output: String, errors: String) {
    let child = try ChildProcess(
        URL(fileURLWithPath: path), arguments, environment: environment)
    child.send(input)
    child.closeInput()
    guard let status = child.waitForExit(timeout: timeout) else {
        child.terminate()
        Issue.record("\(path) \(arguments) did not exit within \(timeout) s")
        return (-1, child.output.text, child.errors.text)
    }
    child.output.waitForEnd()
    child.errors.waitForEnd()
    return (status, child.output.text, child.errors.text)
}
