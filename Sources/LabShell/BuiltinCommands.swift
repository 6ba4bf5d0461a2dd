import LabSystem

/// `cd [DIR]`: changes the working directory; without an argument to `$HOME`.
struct CdCommand: ShellCommand {
    let name = "cd"
    let path: String? = nil
    let synopsis = "cd [DIRECTORY]"
    let summary = LocalizedText(ja: "作業ディレクトリを移る", en: "change the working directory")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard arguments.count <= 1 else {
            context.writeError("cd: Too many arguments.\n")
            return 1
        }
        let target = arguments.first ?? context.shell.environment["HOME"] ?? "/"
        let path = context.absolutePath(target)
        do {
            let attributes = try context.sandbox.attributes(of: path)
            guard attributes.kind == .directory else {
                context.writeError("\(target): Not a directory.\n")
                return 1
            }
        } catch {
            context.writeError("\(target): \(error.reason).\n")
            return 1
        }
        context.cwd = path
        return 0
    }
}

/// `pwd`: prints the working directory.
struct PwdCommand: ShellCommand {
    let name = "pwd"
    let path: String? = "/bin/pwd"
    let synopsis = "pwd"
    let summary = LocalizedText(ja: "作業ディレクトリを表示する", en: "print the working directory")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        context.write(context.cwd + "\n")
        return 0
    }
}

/// `echo [-n] WORD…`: csh's built-in echo, which prints its words and interprets no
/// escapes.
struct EchoCommand: ShellCommand {
    let name = "echo"
    let path: String? = "/bin/echo"
    let synopsis = "echo [-n] [WORD ...]"
    let summary = LocalizedText(
        ja: "引数を表示する (-n で改行なし)", en: "print the words (-n: no newline)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        var words = arguments
        var newline = true
        if words.first == "-n" {
            newline = false
            words.removeFirst()
        }
        context.write(words.joined(separator: " ") + (newline ? "\n" : ""))
        return 0
    }
}

/// `exit [STATUS]`: leaves the shell; without an argument with the last status.
struct ExitCommand: ShellCommand {
    let name = "exit"
    let path: String? = nil
    let synopsis = "exit [STATUS]"
    let summary = LocalizedText(ja: "シェルを終える", en: "leave the shell")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        var status = context.shell.lastExitStatus
        if let text = arguments.first {
            guard let value = Int32(text) else {
                context.writeError("exit: Badly formed number.\n")
                return 1
            }
            status = value
        }
        context.shell.hasExited = true
        return status
    }
}

/// `setenv [NAME [VALUE]]`: sets a variable, or lists them all.
struct SetenvCommand: ShellCommand {
    let name = "setenv"
    let path: String? = nil
    let synopsis = "setenv [NAME [VALUE]]"
    let summary = LocalizedText(
        ja: "環境変数を設定する (引数なしで一覧)", en: "set a variable (no arguments: list them)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        switch arguments.count {
        case 0:
            for (key, value) in context.shell.environment.sorted(by: { $0.key < $1.key }) {
                context.write("\(key)=\(value)\n")
            }
        case 1, 2:
            context.shell.environment[arguments[0]] = arguments.count == 2 ? arguments[1] : ""
        default:
            context.writeError("setenv: Too many arguments.\n")
            return 1
        }
        return 0
    }
}

/// `unsetenv NAME…`: removes variables.
struct UnsetenvCommand: ShellCommand {
    let name = "unsetenv"
    let path: String? = nil
    let synopsis = "unsetenv NAME ..."
    let summary = LocalizedText(ja: "環境変数を消す", en: "remove variables")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard !arguments.isEmpty else {
            context.writeError("unsetenv: Too few arguments.\n")
            return 1
        }
        for name in arguments { context.shell.environment[name] = nil }
        return 0
    }
}

/// `help`: lists the commands with what each does, in Japanese and English.
struct HelpCommand: ShellCommand {
    let name = "help"
    let path: String? = nil
    let synopsis = "help"
    let summary = LocalizedText(ja: "コマンドの一覧を表示する", en: "list the commands")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let available = context.shell.registeredCommands.filter {
            context.shell.isCommandAvailable($0.name)
        }
        let japanese = context.shell.language == .ja
        context.write(japanese ? "この演習のシェルで使えるコマンド:\n" : "Commands of the lab shell:\n")
        for command in available {
            context.write("  \(command.synopsis)\n")
            context.write("      \(japanese ? command.summary.ja : command.summary.en)\n")
        }
        context.write(
            japanese
                ? "ホストのコマンドは実行されません。使えるのはこれらのコマンドだけです。\n"
                : "Nothing runs on the host: only these commands.\n")
        return 0
    }
}
