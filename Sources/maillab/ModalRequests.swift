import CursesTerminal
import Dispatch
import Foundation
import LabShell
import LabSystem
import LabUI
import MailProtocol
import MailServer

/// The blocking round trips from a shell thread to the UI: the editor and the port options
/// dialog. The shell thread waits on a semaphore while the UI shows the screen, and the
/// effects that close it wake the shell. One request is shown at a time, so a second shell
/// that asks meanwhile waits for the first to finish.
final class ModalRequests: @unchecked Sendable {
    private let sandbox: Sandbox
    private let bus: EventBus
    private let inbox: TerminalInbox
    private let language: Language
    private let log: AppLog
    private let environment: [String: String]
    /// Held by a shell thread from its request until the UI closes it.
    private let turn = NSLock()
    /// Writes files and wakes shells in the order the effects came.
    private let queue = DispatchQueue(label: "maillab.modal")
    private let lock = NSLock()
    // The pending request, guarded by `lock`.
    private var editor: (path: String, shell: MailProtocol.ShellID, done: DispatchSemaphore)?
    private var options: (done: DispatchSemaphore, chosen: [String: Bool]?)?
    /// The text of the last save when writing it failed, touched only on `queue`.
    private var unsavedText: (path: String, text: String)?

    init(
        sandbox: Sandbox, bus: EventBus, inbox: TerminalInbox, language: Language, log: AppLog,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.sandbox = sandbox
        self.bus = bus
        self.inbox = inbox
        self.language = language
        self.log = log
        self.environment = environment
    }

    /// The learner's own editor command: `$VISUAL`, else `$EDITOR`, when set and not blank.
    var externalEditor: String? {
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !value.trimmingCharacters(in: .whitespaces).isEmpty {
                return value
            }
        }
        return nil
    }

    // MARK: - Called on a shell thread

    /// Opens the editor on the request's file and blocks until it closes. Errors reading the
    /// file go to `output`, the shell's console.
    func edit(
        _ request: EditRequest, shell: MailProtocol.ShellID, output: (String) -> Void
    ) -> Bool {
        turn.lock()
        defer { turn.unlock() }
        if let command = externalEditor {
            runExternal(command, request, shell: shell)
            return true
        }

        var text = ""
        do throws(SandboxError) {
            let bytes = try sandbox.readFile(request.sandboxPath)
            guard let decoded = String(validating: bytes, as: UTF8.self) else {
                output(notText(request.sandboxPath))
                return true
            }
            text = decoded
        } catch .notFound {
            // A new file: the editor starts empty and the first save creates it.
        } catch {
            output("\(request.editorName): \(error.message)\n")
            return true
        }
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        editor = (request.sandboxPath, shell, done)
        lock.unlock()
        log.info("editor", "opened", ["path": request.sandboxPath, "shell": shell.rawValue])
        inbox.post(.openEditor(path: request.sandboxPath, text: text))
        done.wait()
        return true
    }

    /// Shows the dialog and blocks until the learner confirms or cancels it.
    func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]? {
        turn.lock()
        defer { turn.unlock() }
        let done = DispatchSemaphore(value: 0)
        lock.lock()
        options = (done, nil)
        lock.unlock()
        let name = dialog.port.split(separator: "/").last.map(String.init) ?? dialog.port
        // TODO: add the port's version to the title once PortOptionsDialog carries it.
        let state = OptionsDialogState(
            title: "Options for \(name)",
            options: dialog.options.map {
                PortOption(name: $0.name, summary: $0.summary, enabled: $0.enabled)
            })
        inbox.post(.openOptions(state))
        done.wait()

        lock.lock()
        let chosen = options?.chosen
        options = nil
        lock.unlock()
        guard let chosen else {
            return nil
        }
        return dialog.options.map { option in
            var result = option
            result.enabled = chosen[option.name] ?? option.enabled
            return result
        }
    }

    private func runExternal(_ command: String, _ request: EditRequest, shell: MailProtocol.ShellID)
    {
        let done = DispatchSemaphore(value: 0)
        let log = self.log
        log.info("editor", "external editor started", ["path": request.sandboxPath])
        inbox.withTerminalSuspended {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // The command may carry arguments (`EDITOR="code -w"`), so the shell splits it;
            // the path is passed as "$1" and is never parsed.
            process.arguments = ["-c", command + " \"$1\"", "maillab-editor", request.hostPath]
            do {
                try process.run()
                process.waitUntilExit()
                log.info(
                    "editor", "external editor ended", ["status": "\(process.terminationStatus)"])
            } catch {
                log.error("editor", "external editor failed", ["error": "\(error)"])
            }
            done.signal()
        }
        done.wait()
        bus.publish(.fileChanged(path: request.sandboxPath), origin: .shell(shell))
    }

    private func notText(_ path: String) -> String {
        language == .ja
            ? "\(path): UTF-8 のテキストではないため、組み込みエディタでは開けません。\n"
            : "\(path): not UTF-8 text, so the built-in editor cannot open it.\n"
    }

    // MARK: - Called on the UI thread, from the effects

    /// Writes the editor's text atomically, keeping the file's mode, and publishes the change.
    func save(path: String, text: String) {
        queue.async { [self] in
            lock.lock()
            let shell = editor?.shell ?? .a
            lock.unlock()
            do throws(SandboxError) {
                try sandbox.writeFile(path, contents: Array(text.utf8))
                unsavedText = nil
                log.info("editor", "saved", ["path": path, "bytes": "\(text.utf8.count)"])
                bus.publish(.fileChanged(path: path), origin: .shell(shell))
            } catch {
                unsavedText = (path, text)
                log.error("editor", "save failed", ["path": path, "error": error.message])
                let reason =
                    language == .ja
                    ? "保存できませんでした: \(error.message)" : "saving failed: \(error.message)"
                inbox.post(.editorSaveFailed(path: path, reason: reason))
            }
        }
    }

    /// Wakes the shell that opened the editor, after any save queued before. When the editor
    /// closed right after a save (`afterSave`) and that save failed, the editor opens again on
    /// the unsaved text instead, so that leaving with "save" never loses it.
    func editorClosed(path: String, afterSave: Bool) {
        queue.async { [self] in
            if afterSave, let unsaved = unsavedText, unsaved.path == path {
                unsavedText = nil
                inbox.post([
                    .openEditor(path: path, text: unsaved.text),
                    .editorSaveFailed(
                        path: path,
                        reason: language == .ja
                            ? "保存できなかったため、エディタに戻りました"
                            : "saving failed, so the editor is open again"),
                ])
                return
            }
            unsavedText = nil
            lock.lock()
            let pending = editor
            if pending?.path == path {
                editor = nil
            }
            lock.unlock()
            if let pending, pending.path == path {
                log.info("editor", "closed", ["path": path])
                pending.done.signal()
            }
        }
    }

    /// Hands the dialog's result to the waiting shell and wakes it.
    func optionsChosen(_ chosen: [String: Bool]?) {
        lock.lock()
        let pending = options
        options?.chosen = chosen
        lock.unlock()
        pending?.done.signal()
    }
}
