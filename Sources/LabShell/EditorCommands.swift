import LabSystem

/// `ee FILE`, `vi FILE`, `emacs FILE` and `edit FILE`: open the terminal's editor on a sandbox
/// file. A terminal with no editor (a script) gets a message saying how to get one.
struct EditorCommand: ShellCommand {
    let name: String
    var path: String? { name == "ee" || name == "edit" ? "/usr/bin/\(name)" : "/usr/bin/vi" }
    var synopsis: String { "\(name) FILE" }
    let summary = LocalizedText(
        ja: "ファイルをエディタで編集する", en: "edit a file in the editor")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let files = arguments.filter { !$0.hasPrefix("-") && !$0.hasPrefix("+") }
        guard files.count == 1 else {
            context.writeError("usage: \(name) file\n")
            return 1
        }
        let file = files[0]
        let sandboxPath = context.absolutePath(file)
        if context.sandbox.isDirectory(sandboxPath) {
            context.writeError("\(name): \(file): Is a directory\n")
            return 1
        }
        let resolved: Sandbox.ResolvedPath
        do throws(SandboxError) {
            resolved = try context.sandbox.resolve(sandboxPath)
            guard context.sandbox.isDirectory(Sandbox.parent(sandboxPath)) else {
                throw SandboxError.notFound(path: Sandbox.parent(sandboxPath))
            }
        } catch {
            context.writeError("\(name): \(file): \(error.reason)\n")
            return 1
        }
        let request = EditRequest(
            sandboxPath: resolved.sandboxPath, hostPath: resolved.hostPath, editorName: name)
        guard context.terminal.edit(request) else {
            context.writeError(EditorCommand.unavailableMessage(name, context.language) + "\n")
            return 1
        }
        context.publishFileChanged(sandboxPath)
        return 0
    }

    static func unavailableMessage(_ editor: String, _ language: ShellLanguage) -> String {
        switch language {
        case .ja:
            return "\(editor): この端末ではエディタを開けません。環境変数 VISUAL か EDITOR に"
                + "エディタを設定して maillab shell を起動し直すか, maillab の画面で編集してください。"
        case .en:
            return "\(editor): this terminal has no editor. Set VISUAL or EDITOR and start"
                + " maillab shell again, or edit the file in the maillab screen."
        }
    }
}
