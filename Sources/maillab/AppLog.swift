import Foundation

/// maillab's own log: a line per event with a level, a label and key=value metadata, appended
/// to the lab folder's `maillab.log` (never to the terminal, which curses may own). Passwords
/// never reach it: callers log names, ports and ids only.
final class AppLog: @unchecked Sendable {
    enum Level: String {
        case trace, debug, info, notice, warning, error, critical
    }

    private let handle: FileHandle?
    private let lock = NSLock()
    private let formatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()

    init(url: URL) {
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        handle = try? FileHandle(forWritingTo: url)
        _ = try? handle?.seekToEnd()
    }

    func log(
        _ level: Level, _ label: String, _ message: String, _ metadata: [String: String] = [:]
    ) {
        let fields = metadata.keys.sorted().map { "\($0)=\(metadata[$0]!)" }.joined(separator: " ")
        lock.lock()
        defer { lock.unlock() }
        let line =
            "\(formatter.string(from: Date())) \(level.rawValue) \(label): \(message)"
            + (fields.isEmpty ? "" : " " + fields) + "\n"
        handle?.write(Data(line.utf8))
    }

    func info(_ label: String, _ message: String, _ metadata: [String: String] = [:]) {
        log(.info, label, message, metadata)
    }

    func warning(_ label: String, _ message: String, _ metadata: [String: String] = [:]) {
        log(.warning, label, message, metadata)
    }

    func error(_ label: String, _ message: String, _ metadata: [String: String] = [:]) {
        log(.error, label, message, metadata)
    }
}
