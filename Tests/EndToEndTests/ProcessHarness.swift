import Foundation
import Glibc
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

    var byteCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return data.count
    }

    /// Waits until more than `count` bytes arrived or the stream ended, at most `timeout` s.
    func waitForGrowth(beyond count: Int, timeout: Double) {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while data.count <= count, !finished {
            if !condition.wait(until: deadline) { return }
        }
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
    func waitFor(_ pattern: String, timeout: Double = 45) -> String? {
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

/// A child process started with posix_spawn, with its standard input, output and error as
/// pipes. Foundation's `Process` is not used: on Linux its `waitUntilExit` was seen to hang
/// for a child that had exited while other tests spawned processes in parallel.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let output = OutputCollector()
    let errors = OutputCollector()
    private let inputDescriptor: Int32
    private let exited = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var status: Int32?  // guarded by lock
    private var inputClosed = false  // guarded by lock

    /// Starts `executable`. With `discardOutput` its output goes to /dev/null instead: a
    /// program that leaves a daemon behind (tmux) would otherwise keep the pipes open.
    init(
        _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
        discardOutput: Bool = false
    ) throws {
        var input: [Int32] = [-1, -1]
        var out: [Int32] = [-1, -1]
        var err: [Int32] = [-1, -1]
        guard pipe(&input) == 0, pipe(&out) == 0, pipe(&err) == 0 else {
            throw POSIXError(.EMFILE)
        }
        // NOTE: pipe2(O_CLOEXEC) is not exported by Swift's Glibc module, so a child spawned
        // by another thread between pipe() and fcntl() may inherit these descriptors.
        for descriptor in input + out + err {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        if discardOutput {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, out[1], 1)
            posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        }

        var merged = ProcessInfo.processInfo.environment
        merged.merge(environment) { _, new in new }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        // The test runner's threads block most signals, and a spawned child inherits that
        // mask: without a reset, SIGTERM would never reach maillab or anything tmux starts.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let spawned = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        close(input[0])
        close(out[1])
        close(err[1])
        guard spawned == 0 else {
            close(input[1])
            close(out[0])
            close(err[0])
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        let spawnedPID = child
        pid = spawnedPID
        inputDescriptor = input[1]
        Self.drain(out[0], into: output)
        Self.drain(err[0], into: errors)
        let exited = self.exited
        Thread.detachNewThread { [self] in
            var raw: Int32 = 0
            while waitpid(spawnedPID, &raw, 0) < 0 && errno == EINTR {}
            let code = (raw & 0x7f) == 0 ? (raw >> 8) & 0xff : 128 + (raw & 0x7f)
            lock.lock()
            status = code
            lock.unlock()
            exited.signal()
        }
    }

    private static func drain(_ descriptor: Int32, into collector: OutputCollector) {
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                collector.append(Data(buffer[0..<count]))
            }
            close(descriptor)
            collector.append(Data())
        }
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes {
                write(inputDescriptor, $0.baseAddress, $0.count)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return }
            offset += written
        }
    }

    func closeInput() {
        lock.lock()
        defer { lock.unlock() }
        guard !inputClosed else { return }
        inputClosed = true
        close(inputDescriptor)
    }

    /// Sends SIGTERM and waits for the exit (SIGKILL after 10 s); returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        if let status = currentStatus { return status }
        kill(pid, SIGTERM)
        if let status = waitForExit(timeout: 10) { return status }
        kill(pid, SIGKILL)
        return waitForExit(timeout: 10) ?? -1
    }

    private var currentStatus: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return status
    }

    /// Waits for the process to exit on its own, at most `timeout` seconds; nil on timeout.
    func waitForExit(timeout: Double = 60) -> Int32? {
        if let status = currentStatus { return status }
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()
        closeInput()
        return currentStatus
    }

    deinit {
        closeInput()
    }
}

/// Runs a command to completion with `input` on its standard input.
func runTool(
    _ path: String, _ arguments: [String], input: String = "", timeout: Double = 60,
    environment: [String: String] = [:], discardOutput: Bool = false
) throws -> (status: Int32, output: String, errors: String) {
    let child = try ChildProcess(
        URL(fileURLWithPath: path), arguments, environment: environment,
        discardOutput: discardOutput)
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
