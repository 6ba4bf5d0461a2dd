import LabSystem

/// `diff FILE1 FILE2`: compares two files line by line and prints the differences in the
/// normal format (`3c3`, `< old`, `---`, `> new`). Exit status 0 when equal, 1 when they
/// differ, 2 on an error.
struct DiffCommand: ShellCommand {
    let name = "diff"
    let path: String? = "/usr/bin/diff"
    let synopsis = "diff FILE1 FILE2"
    let summary = LocalizedText(ja: "2 つのファイルの違いを表示する", en: "compare two files")

    /// Beyond this many lines per file the comparison would need too much memory.
    static let maximumLines = 4000

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard arguments.count == 2, !arguments.contains(where: { $0.hasPrefix("-") && $0 != "-" })
        else {
            context.writeError("usage: diff [-abdilpqTtw] [-c | -e | -f | -n | -u] file1 file2\n")
            return 2
        }
        var texts: [[String]] = []
        for file in arguments {
            if file != "-" && context.sandbox.isDirectory(file, cwd: context.cwd) {
                context.writeError("diff: \(file): Is a directory\n")
                return 2
            }
            guard let bytes = LineCountOption.read(file, program: "diff", context: context)
            else { return 2 }
            texts.append(TextLines.split(bytes))
        }
        guard texts[0].count <= DiffCommand.maximumLines, texts[1].count <= DiffCommand.maximumLines
        else {
            context.writeError("diff: files too large to compare in the lab\n")
            return 2
        }
        let hunks = DiffCommand.normalDiff(texts[0], texts[1])
        for line in hunks { context.write(line + "\n") }
        return hunks.isEmpty ? 0 : 1
    }

    /// Returns the normal-format lines that turn `old` into `new`, from a longest common
    /// subsequence.
    static func normalDiff(_ old: [String], _ new: [String]) -> [String] {
        let rows = old.count + 1
        let columns = new.count + 1
        // lengths[i * columns + j] is the LCS length of old[i...] and new[j...].
        var lengths = [Int](repeating: 0, count: rows * columns)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lengths[i * columns + j] =
                    old[i] == new[j]
                    ? lengths[(i + 1) * columns + j + 1] + 1
                    : max(lengths[(i + 1) * columns + j], lengths[i * columns + j + 1])
            }
        }
        var output: [String] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count && j < new.count && old[i] == new[j] {
                i += 1
                j += 1
                continue
            }
            let startOld = i
            let startNew = j
            while i < old.count || j < new.count {
                if i < old.count && j < new.count && old[i] == new[j] { break }
                if j < new.count
                    && (i == old.count
                        || lengths[i * columns + j + 1] >= lengths[(i + 1) * columns + j])
                {
                    j += 1
                } else {
                    i += 1
                }
            }
            output += hunk(old, startOld..<i, new, startNew..<j)
        }
        return output
    }

    private static func hunk(
        _ old: [String], _ removed: Range<Int>, _ new: [String], _ added: Range<Int>
    ) -> [String] {
        func range(_ r: Range<Int>) -> String {
            r.count == 1 ? "\(r.lowerBound + 1)" : "\(r.lowerBound + 1),\(r.upperBound)"
        }
        var lines: [String] = []
        if added.isEmpty {
            lines.append("\(range(removed))d\(added.lowerBound)")
        } else if removed.isEmpty {
            lines.append("\(removed.lowerBound)a\(range(added))")
        } else {
            lines.append("\(range(removed))c\(range(added))")
        }
        lines += removed.map { "< " + old[$0] }
        if !removed.isEmpty && !added.isEmpty { lines.append("---") }
        lines += added.map { "> " + new[$0] }
        return lines
    }
}
