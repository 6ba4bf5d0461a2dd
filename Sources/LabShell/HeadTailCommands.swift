import Foundation
import LabSystem

/// Reads the `-n N` (or `-N`) count of `head` and `tail`.
enum LineCountOption {
    /// Returns the count and the operands, or nil with the message already written.
    static func parse(_ arguments: [String], program: String, context: CommandContext)
        -> (count: Int, follow: Bool, operands: [String])?
    {
        var count = 10
        var follow = false
        var index = 0
        while index < arguments.count, arguments[index].hasPrefix("-"), arguments[index] != "-" {
            let argument = arguments[index]
            index += 1
            if argument == "--" { break }
            if let value = Int(argument.dropFirst()) {
                count = value
                continue
            }
            if argument == "-f" && program == "tail" {
                follow = true
                continue
            }
            if argument.hasPrefix("-n") {
                var text = String(argument.dropFirst(2))
                if text.isEmpty, index < arguments.count {
                    text = arguments[index]
                    index += 1
                }
                guard let value = Int(text), value >= 0 else {
                    context.writeError("\(program): illegal line count -- \(text)\n")
                    return nil
                }
                count = value
                continue
            }
            let letter = argument.dropFirst().first.map(String.init) ?? ""
            context.writeError("\(program): illegal option -- \(letter)\n")
            context.writeError(
                program == "head"
                    ? "usage: head [-n lines | -c bytes] [file ...]\n"
                    : "usage: tail [-F | -f | -r] [-q] [-b # | -c # | -n #] [file ...]\n")
            return nil
        }
        return (count, follow, Array(arguments[index...]))
    }

    /// Reads a file operand or standard input, writing the error when it fails.
    static func read(_ file: String, program: String, context: CommandContext) -> [UInt8]? {
        if file == "-" { return context.readAllInput() }
        do {
            return try context.sandbox.readFile(file, cwd: context.cwd)
        } catch {
            context.writeError("\(program): \(file): \(error.reason)\n")
            return nil
        }
    }
}

/// `head [-n N] [FILE…]`: prints the first lines of files.
struct HeadCommand: ShellCommand {
    let name = "head"
    let path: String? = "/usr/bin/head"
    let synopsis = "head [-n N] [FILE ...]"
    let summary = LocalizedText(ja: "ファイルの先頭を表示する", en: "print the first lines")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard let parsed = LineCountOption.parse(arguments, program: name, context: context)
        else { return 1 }
        let files = parsed.operands.isEmpty ? ["-"] : parsed.operands
        var status: Int32 = 0
        for (position, file) in files.enumerated() {
            guard let bytes = LineCountOption.read(file, program: name, context: context) else {
                status = 1
                continue
            }
            if files.count > 1 { context.write((position > 0 ? "\n" : "") + "==> \(file) <==\n") }
            for line in TextLines.split(bytes).prefix(parsed.count) { context.write(line + "\n") }
        }
        return status
    }
}

/// `tail [-n N] [-f] [FILE…]`: prints the last lines of files; `-f` then follows the file,
/// printing what is appended, until the learner enters a line or Ctrl-].
struct TailCommand: ShellCommand {
    let name = "tail"
    let path: String? = "/usr/bin/tail"
    let synopsis = "tail [-n N] [-f] [FILE ...]"
    let summary = LocalizedText(
        ja: "ファイルの末尾を表示する (-f で追記を追い続け, Enter か Ctrl-] で終了)",
        en: "print the last lines (-f: follow appends until Enter or Ctrl-])")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard let parsed = LineCountOption.parse(arguments, program: name, context: context)
        else { return 1 }
        let files = parsed.operands.isEmpty ? ["-"] : parsed.operands
        var status: Int32 = 0
        for (position, file) in files.enumerated() {
            guard let bytes = LineCountOption.read(file, program: name, context: context) else {
                status = 1
                continue
            }
            if files.count > 1 { context.write((position > 0 ? "\n" : "") + "==> \(file) <==\n") }
            for line in TextLines.split(bytes).suffix(parsed.count) { context.write(line + "\n") }
        }
        if parsed.follow, status == 0, files.count == 1, files[0] != "-" {
            follow(
                files[0],
                from: (try? context.sandbox.readFile(files[0], cwd: context.cwd))?.count ?? 0,
                context: context)
        }
        return status
    }

    /// Prints what is appended to `file` from a helper thread while this thread waits for the
    /// learner's line, which ends the follow.
    private func follow(_ file: String, from offset: Int, context: CommandContext) {
        let done = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let sandbox = context.sandbox
        let path = context.absolutePath(file)
        let writer = FollowWriter(context: context)
        let thread = Thread {
            var position = offset
            // The file is polled: the sandbox offers no change notification, and a quarter
            // second is as quick as FreeBSD's tail notices an append through kqueue here.
            while done.wait(timeout: .now() + 0.25) == .timedOut {
                guard let bytes = try? sandbox.readFile(path) else { continue }
                if bytes.count < position { position = 0 }
                guard bytes.count > position else { continue }
                writer.write(Array(bytes[position...]))
                position = bytes.count
            }
            finished.signal()
        }
        thread.start()
        _ = context.terminal.readLine(prompt: "", echo: false)
        done.signal()
        finished.wait()
    }
}

/// Lets the follow thread write to the command's output.
private final class FollowWriter: @unchecked Sendable {
    private let context: CommandContext
    private let lock = NSLock()

    init(context: CommandContext) {
        self.context = context
    }

    func write(_ bytes: [UInt8]) {
        lock.lock()
        context.write(bytes: bytes)
        lock.unlock()
    }
}
