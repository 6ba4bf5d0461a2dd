import Foundation
import Glibc
import LabSystem

/// `hostname`: prints the lab machine's host name.
struct HostnameCommand: ShellCommand {
    let name = "hostname"
    let path: String? = "/bin/hostname"
    let synopsis = "hostname"
    let summary = LocalizedText(ja: "ホスト名を表示する", en: "print the host name")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        if arguments.first == "-s" {
            context.write(String(context.shell.hostname.prefix { $0 != "." }) + "\n")
        } else {
            context.write(context.shell.hostname + "\n")
        }
        return 0
    }
}

/// `whoami`: prints the user the shell runs as.
struct WhoamiCommand: ShellCommand {
    let name = "whoami"
    let path: String? = "/usr/bin/whoami"
    let synopsis = "whoami"
    let summary = LocalizedText(ja: "ユーザ名を表示する", en: "print the user name")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        context.write((context.shell.environment["USER"] ?? "root") + "\n")
        return 0
    }
}

/// `date`: prints the time as FreeBSD's date does (`Fri Dec  4 15:05:06 JST 2026`).
struct DateCommand: ShellCommand {
    let name = "date"
    let path: String? = "/bin/date"
    let synopsis = "date"
    let summary = LocalizedText(ja: "日付と時刻を表示する", en: "print the date and time")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        context.write(DateCommand.format(Date()) + "\n")
        return 0
    }

    static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        var seconds = time_t(date.timeIntervalSince1970)
        var parts = tm()
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a %b %e %H:%M:%S %Z %Y", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `more FILE…` and `less FILE…`: print the files. The lab's panes scroll by themselves, so
/// the pager shows the whole text at once.
struct PagerCommand: ShellCommand {
    let name: String
    var path: String? { "/usr/bin/" + name }
    var synopsis: String { "\(name) FILE ..." }
    let summary = LocalizedText(ja: "ファイルを表示する", en: "show files")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let files = arguments.filter { !$0.hasPrefix("-") }
        guard !files.isEmpty else {
            if context.standardInputIsTerminal {
                context.writeError("Missing filename (\"\(name) --help\" for help)\n")
                return 1
            }
            context.write(bytes: context.readAllInput())
            return 0
        }
        var status: Int32 = 0
        for (position, file) in files.enumerated() {
            do {
                let bytes = try context.sandbox.readFile(file, cwd: context.cwd)
                if files.count > 1 {
                    context.write(
                        (position > 0 ? "\n" : "") + "::::::::::::::\n\(file)\n::::::::::::::\n")
                }
                context.write(bytes: bytes)
            } catch {
                context.writeError("\(file): \(error.reason)\n")
                status = 1
            }
        }
        return status
    }
}
