import Foundation
import Glibc
import LabSystem

/// `rm [-f] [-r] FILE…`: removes files, and with `-r` directories with what they contain.
struct RmCommand: ShellCommand {
    let name = "rm"
    let path: String? = "/bin/rm"
    let synopsis = "rm [-fr] FILE ..."
    let summary = LocalizedText(
        ja: "ファイルを消す (-r でディレクトリごと)", en: "remove files (-r: directories too)")

    static let usage = "usage: rm [-f | -i] [-dIPRrvW] file ...\n       unlink file\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsedResult = Getopt.parse(arguments, specification: "fiIdPRrvW")
        guard case .success(let parsed) = parsedResult else {
            if case .failure(let failure) = parsedResult {
                context.writeError("rm: \(failure.message)\n")
            }
            context.writeError(RmCommand.usage)
            return 64
        }
        let force = parsed.has("f")
        let recursive = parsed.has("r") || parsed.has("R")
        guard !parsed.operands.isEmpty else {
            if force { return 0 }
            context.writeError(RmCommand.usage)
            return 64
        }
        var status: Int32 = 0
        for file in parsed.operands {
            let path = context.absolutePath(file)
            guard path != "/" else {
                context.writeError("rm: \"/\" may not be removed\n")
                status = 1
                continue
            }
            guard let isDirectory = RmCommand.isDirectory(path, context.sandbox) else {
                if !force {
                    context.writeError("rm: \(file): No such file or directory\n")
                    status = 1
                }
                continue
            }
            if isDirectory && !recursive {
                context.writeError("rm: \(file): is a directory\n")
                status = 1
                continue
            }
            do {
                try remove(path, context: context)
            } catch {
                context.writeError("rm: \(error.message)\n")
                status = 1
            }
        }
        return status
    }

    private func remove(_ path: String, context: CommandContext) throws(SandboxError) {
        let sandbox = context.sandbox
        if RmCommand.isDirectory(path, sandbox) == true {
            for entry in try sandbox.contentsOfDirectory(path) {
                try remove(Sandbox.normalize(entry.name, cwd: path), context: context)
            }
        }
        try sandbox.remove(path)
        context.publishFileChanged(path)
    }
}

extension RmCommand {
    /// Returns whether the path itself, not a symbolic link's target, is a directory, or nil
    /// when nothing is there. `rm -r` on a link removes only the link, as FreeBSD's does.
    static func isDirectory(_ path: String, _ sandbox: Sandbox) -> Bool? {
        guard let resolved = try? sandbox.resolve(path, followFinalLink: false) else {
            return nil
        }
        var info = stat()
        guard lstat(resolved.hostPath, &info) == 0 else { return nil }
        return (info.st_mode & S_IFMT) == S_IFDIR
    }
}

/// `mkdir [-p] [-m MODE] DIRECTORY…`: creates directories.
struct MkdirCommand: ShellCommand {
    let name = "mkdir"
    let path: String? = "/bin/mkdir"
    let synopsis = "mkdir [-p] DIRECTORY ..."
    let summary = LocalizedText(ja: "ディレクトリを作る (-p で途中も)", en: "make directories (-p: parents too)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsedResult = Getopt.parse(arguments, specification: "pvm:")
        guard case .success(let parsed) = parsedResult, !parsed.operands.isEmpty else {
            if case .failure(let failure) = parsedResult {
                context.writeError("mkdir: \(failure.message)\n")
            }
            context.writeError("usage: mkdir [-pv] [-m mode] directory ...\n")
            return 64
        }
        var mode = Sandbox.defaultDirectoryMode
        if let text = parsed.value("m") {
            guard let value = ChmodCommand.mode(text, current: 0o777, isDirectory: true) else {
                context.writeError("mkdir: invalid file mode: \(text)\n")
                return 1
            }
            mode = value
        }
        var status: Int32 = 0
        for directory in parsed.operands {
            do {
                try context.sandbox.createDirectory(
                    directory, cwd: context.cwd, mode: mode, intermediates: parsed.has("p"))
                context.publishFileChanged(directory)
            } catch {
                context.writeError("mkdir: \(directory): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }
}

/// `touch FILE…`: creates empty files, or sets an existing file's times to now.
struct TouchCommand: ShellCommand {
    let name = "touch"
    let path: String? = "/usr/bin/touch"
    let synopsis = "touch FILE ..."
    let summary = LocalizedText(ja: "空のファイルを作る・時刻を更新する", en: "create files or update their times")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsedResult = Getopt.parse(arguments, specification: "acfhm")
        guard case .success(let parsed) = parsedResult, !parsed.operands.isEmpty else {
            if case .failure(let failure) = parsedResult {
                context.writeError("touch: \(failure.message)\n")
            }
            context.writeError(
                "usage: touch [-A [-][[hh]mm]SS] [-acfhm] [-r file] "
                    + "[-t [[CC]YY]MMDDhhmm[.SS]] file ...\n")
            return 1
        }
        var status: Int32 = 0
        for file in parsed.operands {
            do throws(SandboxError) {
                if context.sandbox.exists(file, cwd: context.cwd) {
                    let resolved = try context.sandbox.resolve(file, cwd: context.cwd)
                    if utimes(resolved.hostPath, nil) != 0 {
                        throw SandboxError.permissionDenied(path: resolved.sandboxPath)
                    }
                } else if !parsed.has("c") {
                    try context.sandbox.writeFile(file, cwd: context.cwd, contents: [])
                }
                context.publishFileChanged(file)
            } catch {
                context.writeError("touch: \(file): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }
}
