import Glibc
import LabSystem

/// `grep [-cilnvFE] PATTERN [FILE…]`: prints the lines that match a basic regular expression
/// (`-E`: extended, `-F`: a fixed string), through the C library's regcomp(3). Exit status 0
/// when a line matched, 1 when none did, 2 on an error.
struct GrepCommand: ShellCommand {
    let name = "grep"
    let path: String? = "/usr/bin/grep"
    let synopsis = "grep [-cilnvFE] PATTERN [FILE ...]"
    let summary = LocalizedText(
        ja: "パターンに合う行を表示する (-i 大小無視, -v 反転, -n 行番号)",
        en: "print matching lines (-i: ignore case, -v: invert, -n: line numbers)")

    static let usage =
        "usage: grep [-abcDEFGHhIiJLlmnOoPqRSsUVvwxZ] [-A num] [-B num] [-C[num]]\n"
        + "\t[-e pattern] [-f file] [--binary-files=value] [--color=when]\n"
        + "\t[--context[=num]] [--directories=action] [--label] [--line-buffered]\n"
        + "\t[--null] [pattern] [file ...]\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsedResult = Getopt.parse(arguments, specification: "cilnvFEqhHe:")
        guard case .success(let parsed) = parsedResult else {
            if case .failure(let failure) = parsedResult {
                context.writeError("grep: \(failure.message)\n")
            }
            context.writeError(GrepCommand.usage)
            return 2
        }
        var operands = parsed.operands
        guard let pattern = parsed.value("e") ?? (operands.isEmpty ? nil : operands.removeFirst())
        else {
            context.writeError(GrepCommand.usage)
            return 2
        }
        guard
            let matcher = LineMatcher(
                pattern, fixed: parsed.has("F"), extended: parsed.has("E"),
                ignoreCase: parsed.has("i"))
        else {
            context.writeError("grep: Invalid regular expression\n")
            return 2
        }
        let files = operands.isEmpty ? ["-"] : operands
        let showName = (files.count > 1 || parsed.has("H")) && !parsed.has("h")
        var matched = false
        var failed = false
        for file in files {
            let bytes: [UInt8]
            if file == "-" {
                bytes = context.readAllInput()
            } else {
                do {
                    bytes = try context.sandbox.readFile(file, cwd: context.cwd)
                } catch {
                    context.writeError("grep: \(file): \(error.reason)\n")
                    failed = true
                    continue
                }
            }
            let label = file == "-" ? "(standard input)" : file
            var count = 0
            for (index, line) in TextLines.split(bytes).enumerated() {
                guard matcher.matches(line) != parsed.has("v") else { continue }
                count += 1
                matched = true
                if parsed.has("c") || parsed.has("l") || parsed.has("q") { continue }
                var prefix = showName ? "\(label):" : ""
                if parsed.has("n") { prefix += "\(index + 1):" }
                context.write(prefix + line + "\n")
            }
            if parsed.has("c") { context.write((showName ? "\(label):" : "") + "\(count)\n") }
            if parsed.has("l") && count > 0 { context.write(label + "\n") }
        }
        if failed && !(matched && parsed.has("q")) { return 2 }
        return matched ? 0 : 1
    }
}

/// A compiled grep pattern: a POSIX regular expression or a fixed string.
final class LineMatcher {
    private var regex = regex_t()
    private let fixed: String?
    private let ignoreCase: Bool

    init?(_ pattern: String, fixed: Bool, extended: Bool, ignoreCase: Bool) {
        self.ignoreCase = ignoreCase
        if fixed {
            self.fixed = ignoreCase ? pattern.lowercased() : pattern
            return
        }
        self.fixed = nil
        var flags = REG_NOSUB
        if extended { flags |= REG_EXTENDED }
        if ignoreCase { flags |= REG_ICASE }
        guard regcomp(&regex, pattern, flags) == 0 else { return nil }
    }

    deinit {
        if fixed == nil { regfree(&regex) }
    }

    func matches(_ line: String) -> Bool {
        if let fixed {
            if fixed.isEmpty { return true }
            return (ignoreCase ? line.lowercased() : line).contains(fixed)
        }
        return regexec(&regex, line, 0, nil, 0) == 0
    }
}

/// Splits file bytes into lines the way line-oriented tools read them.
enum TextLines {
    /// The lines without their `\n`; a last line without `\n` counts, an empty file has none.
    static func split(_ bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        if bytes.last == 0x0A || bytes.isEmpty { lines.removeLast() }
        return lines
    }
}
