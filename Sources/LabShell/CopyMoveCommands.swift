import LabSystem

/// `cp [-R] [-f] [-p] SOURCE… TARGET`: copies files, into TARGET when it is a directory.
struct CpCommand: ShellCommand {
    let name = "cp"
    let path: String? = "/bin/cp"
    let synopsis = "cp [-Rfp] SOURCE ... TARGET"
    let summary = LocalizedText(
        ja: "ファイルをコピーする (例: cp imapd.cnf.dist imapd.cnf)",
        en: "copy files (for example cp imapd.cnf.dist imapd.cnf)")

    static let usage =
        "usage: cp [-R [-H | -L | -P]] [-f | -i | -n] [-lpv] source_file target_file\n"
        + "       cp [-R [-H | -L | -P]] [-f | -i | -n] [-lpv] source_file ... target_directory\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard case .success(let parsed) = Getopt.parse(arguments, specification: "RrfipvnHLP"),
            parsed.operands.count >= 2
        else {
            if case .failure(let failure) = Getopt.parse(arguments, specification: "RrfipvnHLP") {
                context.writeError("cp: \(failure.message)\n")
            }
            context.writeError(CpCommand.usage)
            return 64
        }
        let recursive = parsed.has("R") || parsed.has("r")
        let sources = Array(parsed.operands.dropLast())
        let target = parsed.operands.last!
        let targetIsDirectory = context.sandbox.isDirectory(target, cwd: context.cwd)
        if sources.count > 1 && !targetIsDirectory {
            context.writeError("cp: \(target) is not a directory\n")
            return 1
        }
        var status: Int32 = 0
        for source in sources {
            let destination =
                targetIsDirectory
                ? Sandbox.normalize(
                    Sandbox.lastComponent(source), cwd: context.absolutePath(target))
                : context.absolutePath(target)
            if !copy(source, to: destination, recursive: recursive, context: context) {
                status = 1
            }
        }
        return status
    }

    private func copy(
        _ source: String, to destination: String, recursive: Bool, context: CommandContext
    )
        -> Bool
    {
        let sandbox = context.sandbox
        do {
            let attributes = try sandbox.attributes(of: source, cwd: context.cwd)
            if attributes.kind == .directory {
                guard recursive else {
                    context.writeError("cp: \(source) is a directory (not copied).\n")
                    return false
                }
                if !sandbox.isDirectory(destination) {
                    try sandbox.createDirectory(destination, mode: attributes.mode)
                }
                var ok = true
                for entry in try sandbox.contentsOfDirectory(source, cwd: context.cwd) {
                    let from = Sandbox.normalize(entry.name, cwd: context.absolutePath(source))
                    let to = Sandbox.normalize(entry.name, cwd: destination)
                    if !copy(from, to: to, recursive: true, context: context) { ok = false }
                }
                return ok
            }
            try sandbox.copyFile(from: source, to: destination, cwd: context.cwd)
            context.publishFileChanged(destination)
            return true
        } catch {
            context.writeError(
                "cp: \(error.path == context.absolutePath(source) ? source : error.path): \(error.reason)\n"
            )
            return false
        }
    }
}

/// `mv [-f] SOURCE… TARGET`: renames files, or moves them into TARGET when it is a directory.
struct MvCommand: ShellCommand {
    let name = "mv"
    let path: String? = "/bin/mv"
    let synopsis = "mv [-f] SOURCE ... TARGET"
    let summary = LocalizedText(ja: "ファイルを移動する・名前を変える", en: "move or rename files")

    static let usage =
        "usage: mv [-f | -i | -n] [-v] source target\n"
        + "       mv [-f | -i | -n] [-v] source ... directory\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsedResult = Getopt.parse(arguments, specification: "finv")
        guard case .success(let parsed) = parsedResult, parsed.operands.count >= 2 else {
            if case .failure(let failure) = parsedResult {
                context.writeError("mv: \(failure.message)\n")
            }
            context.writeError(MvCommand.usage)
            return 64
        }
        let sources = Array(parsed.operands.dropLast())
        let target = parsed.operands.last!
        let targetIsDirectory = context.sandbox.isDirectory(target, cwd: context.cwd)
        if sources.count > 1 && !targetIsDirectory {
            context.writeError("mv: \(target) is not a directory\n")
            return 1
        }
        var status: Int32 = 0
        for source in sources {
            let destination =
                targetIsDirectory
                ? Sandbox.normalize(
                    Sandbox.lastComponent(source), cwd: context.absolutePath(target))
                : context.absolutePath(target)
            do {
                try context.sandbox.move(from: source, to: destination, cwd: context.cwd)
                context.publishFileChanged(source)
                context.publishFileChanged(destination)
            } catch {
                context.writeError("mv: rename \(source) to \(destination): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }
}
