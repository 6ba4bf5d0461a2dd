import LabSystem
import SASL

/// `printf FORMAT [ARG…]`: FreeBSD's printf, with its octal escapes.
struct PrintfCommand: ShellCommand {
    let name = "printf"
    let path: String? = "/usr/bin/printf"
    let synopsis = "printf FORMAT [ARGUMENT ...]"
    let summary = LocalizedText(
        ja: "書式に従って出力する (\\0000 は NUL 1 バイト)",
        en: "print by a format (\\0000 is one NUL byte)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard let format = arguments.first else {
            context.writeError("usage: printf format [arguments ...]\n")
            return 1
        }
        let result = FreeBSDPrintf.format(format, arguments: Array(arguments.dropFirst()))
        context.write(bytes: result.output)
        for error in result.errors { context.writeError("printf: \(error)\n") }
        return result.status
    }
}

/// `mmencode [-u] [-b] [-p] [-o FILE] [FILE]`: metamail's base64 encoder, and with `-u` its
/// decoder.
struct MmencodeCommand: ShellCommand {
    let name = "mmencode"
    let path: String? = "/usr/local/bin/mmencode"
    let synopsis = "mmencode [-u] [-o OUTPUT] [FILE]"
    let summary = LocalizedText(
        ja: "base64 にエンコードする (-u でデコード)", en: "encode to base64 (-u: decode)")

    /// metamail writes 18 groups of four characters a line.
    static let lineLength = 72
    static let usage = "Usage: mmencode [-u] [-b] [-q] [-p] [-o outputfile] [file name]\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        var decode = false
        var outputFile: String?
        var inputFile: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-u": decode = true
            case "-b", "-p": break
            case "-q":
                context.writeError(
                    LocalizedText(
                        ja: "mmencode: この演習では -q (quoted-printable) は使えません。\n",
                        en: "mmencode: -q (quoted-printable) is not available in the lab.\n"
                    )(context.language))
                return 1
            case "-o":
                index += 1
                guard index < arguments.count else {
                    context.writeError(MmencodeCommand.usage)
                    return 1
                }
                outputFile = arguments[index]
            default:
                guard !argument.hasPrefix("-"), inputFile == nil else {
                    context.writeError(MmencodeCommand.usage)
                    return 1
                }
                inputFile = argument
            }
            index += 1
        }
        let input: [UInt8]
        if let inputFile {
            do {
                input = try context.sandbox.readFile(inputFile, cwd: context.cwd)
            } catch {
                context.writeError("\(inputFile): \(error.reason)\n")
                return 1
            }
        } else {
            input = context.readAllInput()
        }
        guard let output = decode ? MmencodeCommand.decode(input) : MmencodeCommand.encode(input)
        else {
            context.writeError(
                LocalizedText(
                    ja: "mmencode: 入力が正しい base64 ではありません。\n",
                    en: "mmencode: the input is not valid base64.\n"
                )(context.language))
            return 1
        }
        guard let outputFile else {
            context.write(bytes: output)
            return 0
        }
        do {
            try context.sandbox.writeFile(outputFile, cwd: context.cwd, contents: output)
            context.publishFileChanged(outputFile)
        } catch {
            context.writeError("\(outputFile): \(error.reason)\n")
            return 1
        }
        return 0
    }

    /// Base64 in lines of 72 characters, each ending in a newline; nothing for no input.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        let text = Array(Base64.encode(bytes).utf8)
        var output: [UInt8] = []
        var start = 0
        while start < text.count {
            let end = min(start + lineLength, text.count)
            output += text[start..<end]
            output.append(0x0A)
            start = end
        }
        return output
    }

    /// Decodes base64 with the line breaks and blanks between its characters removed;
    /// `nil` when what is left is not base64.
    static func decode(_ bytes: [UInt8]) -> [UInt8]? {
        let significant = bytes.filter { byte in
            byte != 0x0A && byte != 0x0D && byte != 0x20 && byte != 0x09
        }
        return Base64.decode(bytes: significant)
    }
}
