import Foundation
import LabSystem

/// The output of `ls`: files first, then each directory's entries, in FreeBSD's formats.
struct LsListing {
    let options: LsCommand.Options
    let context: CommandContext
    /// The terminal width the column layout assumes.
    static let terminalWidth = 80

    func list(_ operands: [String]) -> Int32 {
        var status: Int32 = 0
        var files: [DirectoryEntry] = []
        var directories: [String] = []
        for operand in operands.sorted() {
            do {
                let attributes = try context.sandbox.attributes(of: operand, cwd: context.cwd)
                if attributes.kind == .directory && !options.directoryItself {
                    directories.append(operand)
                } else {
                    let own = try context.sandbox.attributes(
                        of: operand, cwd: context.cwd, followLinks: false)
                    files.append(DirectoryEntry(name: operand, attributes: own, linkTarget: nil))
                }
            } catch {
                context.writeError("ls: \(operand): \(error.reason)\n")
                status = 1
            }
        }
        var sections: [String] = []
        if !files.isEmpty { sections.append(render(files, directory: nil)) }
        for directory in directories {
            do {
                var entries = try context.sandbox.contentsOfDirectory(directory, cwd: context.cwd)
                if options.all {
                    var dots: [DirectoryEntry] = []
                    for name in [".", ".."] {
                        let attributes = try context.sandbox.attributes(
                            of: directory + "/" + name, cwd: context.cwd)
                        dots.append(DirectoryEntry(name: name, attributes: attributes))
                    }
                    entries = dots + entries
                } else if !options.almostAll {
                    entries = entries.filter { !$0.name.hasPrefix(".") }
                }
                var text = operands.count > 1 ? "\(directory):\n" : ""
                if options.long {
                    text += "total \(entries.reduce(0) { $0 + $1.attributes.blocks })\n"
                }
                text += render(entries, directory: context.absolutePath(directory))
                sections.append(text)
            } catch {
                context.writeError("ls: \(directory): \(error.reason)\n")
                status = 1
            }
        }
        context.write(sections.joined(separator: "\n"))
        return status
    }

    private func render(_ entries: [DirectoryEntry], directory: String?) -> String {
        if options.long { return longFormat(entries, directory: directory) }
        let names = entries.map(\.name)
        if options.onePerLine || !context.standardOutputIsTerminal || names.isEmpty {
            return names.map { $0 + "\n" }.joined()
        }
        return columns(names)
    }

    /// Names in columns filled top to bottom, each column as wide as the longest name
    /// rounded up to a tab stop.
    private func columns(_ names: [String]) -> String {
        let longest = names.map(\.count).max() ?? 0
        let width = (longest / 8 + 1) * 8
        let perLine = max(1, LsListing.terminalWidth / width)
        let rows = (names.count + perLine - 1) / perLine
        var text = ""
        for row in 0..<rows {
            var line = ""
            var column = row
            while column < names.count {
                let name = names[column]
                let isLastInRow = column + rows >= names.count
                line +=
                    isLastInRow ? name : name.padding(toLength: width, withPad: " ", startingAt: 0)
                column += rows
            }
            text += line + "\n"
        }
        return text
    }

    private func longFormat(_ entries: [DirectoryEntry], directory: String?) -> String {
        let rows = entries.map { entry -> [String] in
            let path =
                directory.map { Sandbox.normalize(entry.name, cwd: $0) }
                ?? context.absolutePath(entry.name)
            let owner = LsListing.owner(of: path)
            var name = entry.name
            if let target = entry.linkTarget { name += " -> " + target }
            return [
                entry.attributes.modeString, String(entry.attributes.linkCount), owner,
                owner == "root" ? "wheel" : owner,
                String(entry.attributes.size), LsListing.date(entry.attributes.modificationTime),
                name,
            ]
        }
        let linkWidth = rows.map { $0[1].count }.max() ?? 1
        let ownerWidth = rows.map { $0[2].count }.max() ?? 1
        let groupWidth = rows.map { $0[3].count }.max() ?? 1
        let sizeWidth = rows.map { $0[4].count }.max() ?? 1
        return rows.map { row in
            row[0] + "  " + LsListing.padLeft(row[1], linkWidth) + " "
                + row[2].padding(toLength: ownerWidth, withPad: " ", startingAt: 0) + "  "
                + row[3].padding(toLength: groupWidth, withPad: " ", startingAt: 0) + "  "
                + LsListing.padLeft(row[4], sizeWidth) + " " + row[5] + " " + row[6] + "\n"
        }.joined()
    }

    /// Returns the owner the lab shows: a user's home tree belongs to the user, the rest to root.
    // NOTE: the sandbox does not store owners, so this rule replaces them.
    static func owner(of path: String) -> String {
        let parts = path.split(separator: "/")
        if parts.count >= 2 && parts[0] == "home" { return String(parts[1]) }
        return "root"
    }

    /// `Dec  4 14:11` for the last six months, `Dec  4  2025` otherwise.
    static func date(_ time: Date, now: Date = Date(), timeZone: TimeZone = .current) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: time)
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        let day = padLeft(String(parts.day ?? 1), 2)
        let head = "\(months[(parts.month ?? 1) - 1]) \(day)"
        let halfYear: TimeInterval = 365.25 * 86400 / 2
        if time > now.addingTimeInterval(-halfYear) && time < now.addingTimeInterval(halfYear) {
            return head + " " + padLeft(String(parts.hour ?? 0), 2, with: "0") + ":"
                + padLeft(String(parts.minute ?? 0), 2, with: "0")
        }
        return head + "  " + String(parts.year ?? 1970)
    }

    static func padLeft(_ text: String, _ width: Int, with pad: Character = " ") -> String {
        String(repeating: pad, count: max(0, width - text.count)) + text
    }
}
