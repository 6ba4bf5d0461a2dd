import Foundation
import LabSystem

/// `postfix check|start|stop|reload|status`: Postfix's control program. The services do the
/// work and return `postfix-script`'s lines, which go to standard error as `postlog -s`
/// writes them.
struct PostfixCommand: ShellCommand {
    let name = "postfix"
    let path: String? = "/usr/local/sbin/postfix"
    let synopsis = "postfix check|start|stop|reload|status"
    let summary = LocalizedText(
        ja: "Postfix を起動・停止・再読み込みする (reload で main.cf を読み直す)",
        en: "start, stop or reload Postfix (reload re-reads main.cf)")

    static let usage = "postfix: fatal: usage: postfix [-c config_dir] [-Dv] command\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let operands = arguments.filter { !$0.hasPrefix("-") }
        guard operands.count == 1 else {
            context.writeError(PostfixCommand.usage)
            return 1
        }
        let command = operands[0]
        if command == "check" { return check(context) }
        guard let action = ServiceAction(rawValue: command), action != .restart else {
            context.writeError("postfix: fatal: unknown command: '\(command)'\n")
            return 1
        }
        if action == .start || action == .reload {
            let status = check(context)
            if status != 0 { return status }
        }
        let result = ServiceControl.perform(action, on: "postfix", context: context)
        for line in result.output { context.writeError(line + "\n") }
        return result.exitStatus
    }

    /// Parses `main.cf` as `postfix check` does and prints its fatal error, if any.
    private func check(_ context: CommandContext) -> Int32 {
        let file = PostfixRuntimeConfiguration.mainCFPath
        let bytes = (try? context.sandbox.readFile(file)) ?? []
        do {
            _ = try PostfixMainCF(bytes: bytes, systemHostname: context.shell.hostname)
        } catch {
            context.writeError("postfix: fatal: \(error.message(file: file))\n")
            return 1
        }
        return 0
    }
}

/// Performs an action through the shell's services. A shell without services reports that
/// nothing runs.
enum ServiceControl {
    static func perform(_ action: ServiceAction, on service: String, context: CommandContext)
        -> ServiceControlResult
    {
        guard let services = context.shell.services else {
            return PostfixScript.result(
                of: action == .start ? .status : action, isRunning: false, pid: 0)
        }
        let result = services.control(service: service, action: action)
        if action == .start || action == .restart || action == .stop {
            context.publishOutput("\(service) \(action.rawValue): exit \(result.exitStatus)")
        }
        return result
    }
}

/// `/usr/local/etc/rc.d/SERVICE start|stop|restart|reload|status`: a FreeBSD rc.d script. As
/// rc.subr does, it refuses `start` unless `SERVICE_enable="YES"` is in `/etc/rc.conf`, and
/// `onestart` and the other `one` forms skip that check.
struct RcScriptCommand: ShellCommand {
    let service: String
    var name: String { RcScriptCommand.directory + "/" + service }
    var path: String? { name }
    var synopsis: String { "\(name) start|stop|restart|reload|status" }
    let summary = LocalizedText(
        ja: "サービスを起動・停止・再起動する rc.d スクリプト",
        en: "the rc.d script that starts, stops and restarts the service")

    static let directory = "/usr/local/etc/rc.d"

    /// The `rcvar` of the script: `postfix_enable`, `courier_imap_imapd_enable`.
    var enableVariable: String {
        service.replacingOccurrences(of: "-", with: "_") + "_enable"
    }

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let usageText =
            "Usage: \(context.commandName) [fast|force|one](start|stop|restart|rcvar|reload|status|poll)\n"
        guard context.sandbox.exists(name) else {
            context.writeError("\(context.commandName): Command not found.\n")
            return 1
        }
        guard arguments.count == 1 else {
            context.writeError(usageText)
            return 1
        }
        var verb = arguments[0]
        var skipEnableCheck = false
        for prefix in ["one", "force", "fast"] where verb.hasPrefix(prefix) {
            verb.removeFirst(prefix.count)
            skipEnableCheck = true
        }
        if verb == "rcvar" {
            context.write(
                "# \(service)\n\(enableVariable)=\"\(isEnabled(context) ? "YES" : "NO")\"\n")
            return 0
        }
        guard let action = ServiceAction(rawValue: verb) else {
            context.writeError(usageText)
            return 1
        }
        if !skipEnableCheck && !isEnabled(context) {
            context.write(
                "Cannot '\(verb)' \(service). Set \(enableVariable) to YES in /etc/rc.conf"
                    + " or use 'one\(verb)' instead of '\(verb)'.\n")
            return 0
        }
        if action == .status { return status(context) }
        let result = ServiceControl.perform(action, on: service, context: context)
        for line in result.output { context.writeError(line + "\n") }
        return result.exitStatus
    }

    /// rc.subr's own `status`, which reads the daemon's pid.
    private func status(_ context: CommandContext) -> Int32 {
        let daemon = service == "postfix" ? "master" : service
        let pid = context.shell.services?.listeningServices().first {
            $0.command == daemon || service != "postfix"
        }?.pid
        guard let pid,
            ServiceControl.perform(.status, on: service, context: context).exitStatus == 0
        else {
            context.write("\(service) is not running.\n")
            return 1
        }
        context.write("\(service) is running as pid \(pid).\n")
        return 0
    }

    /// Whether `/etc/rc.conf` sets the script's `rcvar` to YES (TRUE, ON and 1 count too).
    func isEnabled(_ context: CommandContext) -> Bool {
        let text = String(
            decoding: (try? context.sandbox.readFile("/etc/rc.conf")) ?? [], as: UTF8.self)
        var enabled = false
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix(enableVariable + "=") else { continue }
            let value = line.dropFirst(enableVariable.count + 1)
                .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            enabled = ["yes", "true", "on", "1"].contains(value.lowercased())
        }
        return enabled
    }
}
