import Foundation
import Glibc
import LabShell

/// Standard input and output as a lab shell's terminal, for `maillab shell`. Prompts are
/// written as the real programs write them, so a script's output reads like a terminal's.
final class StandardTerminal: ShellTerminal, @unchecked Sendable {
    private let lock = NSLock()
    private let isInteractive = isatty(STDIN_FILENO) == 1

    func write(_ text: String) {
        lock.lock()
        defer { lock.unlock() }
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes {
                Glibc.write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
    }

    func readLine(prompt: String, echo: Bool) -> String? {
        write(prompt)
        guard !echo, isInteractive else { return Swift.readLine(strippingNewline: true) }

        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSANOW, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSANOW, &saved)
            write("\n")
        }
        return Swift.readLine(strippingNewline: true)
    }

    /// Shows a port's options as a list and lets the learner toggle them by name until an
    /// empty line. A script (standard input not a terminal) takes the defaults, so its next
    /// lines stay commands.
    func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]? {
        guard isInteractive else { return dialog.options }
        var options = dialog.options
        while true {
            write("\(dialog.port) のオプション / Options for \(dialog.port):\n")
            for option in options {
                write("  [\(option.enabled ? "X" : " ")] \(option.name)\t\(option.summary)\n")
            }
            let prompt = "切り替える名前、Enter で確定 / Names to toggle, Enter to accept: "
            guard let line = readLine(prompt: prompt, echo: true) else { return nil }
            let names = line.split(separator: " ").map { $0.uppercased() }
            if names.isEmpty { return options }
            for index in options.indices where names.contains(options[index].name) {
                options[index].enabled.toggle()
            }
        }
    }

    /// Runs `$VISUAL`, or else `$EDITOR`, on the sandbox file's host path and waits for it;
    /// returns false when neither is set or the editor cannot be started.
    func edit(_ request: EditRequest) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        guard
            let editor = [environment["VISUAL"], environment["EDITOR"]].compactMap({ $0 })
                .first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty })
        else { return false }
        // The variable may carry arguments (`emacs -nw`), so a shell splits it. The file is
        // passed as "$1", so its name is never parsed as shell syntax.
        let arguments = ["/bin/sh", "-c", editor + " \"$1\"", "sh", request.hostPath]
        var pid: pid_t = 0
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, cArguments, environ)
        guard spawned == 0 else { return false }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return true
    }
}

/// A console pane of the TUI as a lab shell's terminal. The shell runs on its own thread and
/// blocks in `readLine` until the UI submits the learner's line.
final class PaneTerminal: ShellTerminal, @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String?] = []  // guarded by condition
    private var waitingReads = 0  // guarded by condition
    private var interrupted = false  // guarded by condition
    private let onOutput: @Sendable (String) -> Void
    private let onLineRequest: @Sendable (_ prompt: String, _ echo: Bool) -> Void
    private let onEdit: @Sendable (EditRequest) -> Bool
    private let onChooseOptions: @Sendable (PortOptionsDialog) -> [PortOptionsDialog.Option]?

    init(
        onOutput: @escaping @Sendable (String) -> Void,
        onLineRequest: @escaping @Sendable (_ prompt: String, _ echo: Bool) -> Void,
        onEdit: @escaping @Sendable (EditRequest) -> Bool = { _ in false },
        onChooseOptions: @escaping @Sendable (PortOptionsDialog) -> [PortOptionsDialog.Option]? =
            { $0.options }
    ) {
        self.onOutput = onOutput
        self.onLineRequest = onLineRequest
        self.onEdit = onEdit
        self.onChooseOptions = onChooseOptions
    }

    func write(_ text: String) {
        onOutput(text)
    }

    /// Opens the built-in editor, or `$VISUAL`/`$EDITOR`, and blocks until it closes.
    func edit(_ request: EditRequest) -> Bool {
        onEdit(request)
    }

    /// Shows the options dialog and blocks until the learner confirms or cancels it.
    func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]? {
        onChooseOptions(dialog)
    }

    func readLine(prompt: String, echo: Bool) -> String? {
        readLine(prompt: prompt, echo: echo, cancellation: ReadCancellation())
    }

    /// Waits for the learner's line, or returns nil once `cancellation` is cancelled (telnet's
    /// server hung up). A line submitted after that goes to the next read.
    func readLine(prompt: String, echo: Bool, cancellation: ReadCancellation) -> String? {
        onLineRequest(prompt, echo)
        let condition = self.condition
        cancellation.onCancel {
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        defer { condition.unlock() }
        waitingReads += 1
        defer { waitingReads -= 1 }
        while lines.isEmpty {
            if cancellation.isCancelled { return nil }
            if interrupted {
                interrupted = false
                return nil
            }
            condition.wait()
        }
        return lines.removeFirst()
    }

    /// Ends the read that waits now as at end of input (Ctrl-C); does nothing when no read
    /// waits, so the next command is not affected.
    func interrupt() {
        condition.lock()
        if waitingReads > 0 {
            interrupted = true
            condition.broadcast()
        }
        condition.unlock()
    }

    /// Hands the learner's line to the waiting shell. A `nil` line ends its input.
    func submit(_ line: String?) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }
}
