import Foundation

/// The outcome of a program run by `runProcess`.
struct ProcessResult {
    var status: Int32
    var output: String
    var errorOutput: String
}

enum ExternalProcessError: Error {
    case timedOut(String)
    case failed(String)
}

/// Runs `executable` with `arguments`, feeding `input` on standard input, and waits at most
/// `timeout` seconds for it to end. A program that overruns is terminated.
func runProcess(
    _ executable: String, _ arguments: [String], input: String = "", timeout: Double = 30
) throws -> ProcessResult {
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("maillab-process-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let inputURL = folder.appendingPathComponent("stdin")
    let outputURL = folder.appendingPathComponent("stdout")
    let errorURL = folder.appendingPathComponent("stderr")
    try Data(input.utf8).write(to: inputURL)
    _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)

    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardInput = try FileHandle(forReadingFrom: inputURL)
    process.standardOutput = try FileHandle(forWritingTo: outputURL)
    process.standardError = try FileHandle(forWritingTo: errorURL)
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    try process.run()
    if finished.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        finished.wait()
        throw ExternalProcessError.timedOut("\(executable) \(arguments.joined(separator: " "))")
    }
    return ProcessResult(
        status: process.terminationStatus,
        output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
        errorOutput: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
}
