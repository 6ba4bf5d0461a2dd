import Foundation
import LabSystem

/// `cat [FILE…]`: prints files, or standard input for none or `-`.
struct CatCommand: ShellCommand {
    let name = "cat"
    let path: String? = "/bin/cat"
    let synopsis = "cat [FILE ...]"
    let summary = LocalizedText(ja: "ファイルの中身を表示する", en: "print files")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        if let option = arguments.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            let letter = option.dropFirst().first.map(String.init) ?? ""
            context.writeError(
                "cat: illegal option -- \(letter)\nusage: cat [-benstuv] [file ...]\n")
            return 1
        }
        var status: Int32 = 0
        for file in arguments.isEmpty ? ["-"] : arguments {
            if file == "-" {
                context.write(bytes: context.readAllInput())
                continue
            }
            do {
                context.write(bytes: try context.sandbox.readFile(file, cwd: context.cwd))
            } catch {
                context.writeError("cat: \(file): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }
}

/// `chmod MODE FILE…`: sets permission bits, octal (`400`) or symbolic (`u+w`, `go-rwx`).
struct ChmodCommand: ShellCommand {
    let name = "chmod"
    let path: String? = "/bin/chmod"
    let synopsis = "chmod MODE FILE ..."
    let summary = LocalizedText(
        ja: "ファイルの許可属性を変える (例: chmod 400 postfix.key)",
        en: "change file modes (for example chmod 400 postfix.key)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard arguments.count >= 2 else {
            context.writeError("usage: chmod [-fhv] [-R [-H | -L | -P]] mode file ...\n")
            return 1
        }
        let modeText = arguments[0]
        var status: Int32 = 0
        for file in arguments.dropFirst() {
            do {
                let current = try context.sandbox.attributes(of: file, cwd: context.cwd)
                guard
                    let mode = ChmodCommand.mode(
                        modeText, current: current.mode, isDirectory: current.kind == .directory)
                else {
                    context.writeError("chmod: invalid file mode: \(modeText)\n")
                    return 1
                }
                try context.sandbox.setMode(mode, of: file, cwd: context.cwd)
                context.publishFileChanged(file)
            } catch {
                context.writeError("chmod: \(file): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }

    /// Applies a mode argument to the current bits; `nil` when the argument is invalid.
    static func mode(_ text: String, current: UInt16, isDirectory: Bool) -> UInt16? {
        if let first = text.first, first.isNumber {
            guard text.count <= 4, let value = UInt16(text, radix: 8), value <= 0o7777 else {
                return nil
            }
            return value
        }
        var mode = current
        for clause in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let updated = applyClause(clause, to: mode, isDirectory: isDirectory) else {
                return nil
            }
            mode = updated
        }
        return mode
    }

    private static func applyClause(_ clause: Substring, to start: UInt16, isDirectory: Bool)
        -> UInt16?
    {
        var mode = start
        var who: UInt16 = 0
        var rest = clause[...]
        while let character = rest.first, "ugoa".contains(character) {
            switch character {
            case "u": who |= 0o4700
            case "g": who |= 0o2070
            case "o": who |= 0o1007
            default: who |= 0o7777
            }
            rest = rest.dropFirst()
        }
        if who == 0 { who = 0o7777 }
        guard !rest.isEmpty else { return nil }
        while let operation = rest.first {
            guard "+-=".contains(operation) else { return nil }
            rest = rest.dropFirst()
            var bits: UInt16 = 0
            while let permission = rest.first, "rwxXst".contains(permission) {
                switch permission {
                case "r": bits |= 0o444
                case "w": bits |= 0o222
                case "x": bits |= 0o111
                case "X": if isDirectory || start & 0o111 != 0 { bits |= 0o111 }
                case "s": bits |= 0o6000
                default: bits |= 0o1000
                }
                rest = rest.dropFirst()
            }
            let affected = bits & who
            switch operation {
            case "+": mode |= affected
            case "-": mode &= ~affected
            default: mode = (mode & ~who) | affected
            }
        }
        return mode
    }
}

/// `ls [-1adlA] [FILE…]`: lists files as FreeBSD's ls does.
struct LsCommand: ShellCommand {
    let name = "ls"
    let path: String? = "/bin/ls"
    let synopsis = "ls [-adlA1] [FILE ...]"
    let summary = LocalizedText(
        ja: "ファイルの一覧 (-l で許可属性や大きさも)", en: "list files (-l: with modes and sizes)")

    struct Options {
        var long = false
        var all = false
        var almostAll = false
        var directoryItself = false
        var onePerLine = false
    }

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        var options = Options()
        var operands: [String] = []
        for argument in arguments {
            guard argument.hasPrefix("-"), argument.count > 1, operands.isEmpty else {
                operands.append(argument)
                continue
            }
            for letter in argument.dropFirst() {
                switch letter {
                case "l": options.long = true
                case "a": options.all = true
                case "A": options.almostAll = true
                case "d": options.directoryItself = true
                case "1": options.onePerLine = true
                default:
                    context.writeError(
                        "ls: illegal option -- \(letter)\n"
                            + "usage: ls [-ABCFGHILPRSTWZabcdfghiklmnopqrstuwx1] [file ...]\n")
                    return 1
                }
            }
        }
        return LsListing(options: options, context: context).list(
            operands.isEmpty ? ["."] : operands)
    }
}
