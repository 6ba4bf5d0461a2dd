import LabSystem
import SASL

/// The lines Cyrus SASL's tools print before their usage and version text.
private let cmuNotice = """

    This product includes software developed by Computing Services
    at Carnegie Mellon University (http://www.cmu.edu/computing/).


    """

/// The Cyrus SASL version of the lab's FreeBSD port.
private let cyrusVersion = "2.1.22"

/// `saslpasswd2 [-c [-p] [-n]] [-d] [-a APP] [-f FILE] [-u REALM] USER`: Cyrus SASL's tool
/// that adds, changes and deletes sasldb users. Prompts, messages and exit statuses are the
/// real tool's (Cyrus SASL 2.1.28 on Debian); option errors use FreeBSD getopt's words.
struct SaslpasswdCommand: ShellCommand {
    let name = "saslpasswd2"
    let path: String? = "/usr/local/sbin/saslpasswd2"
    let synopsis = "saslpasswd2 -c [-p] [-f FILE] -u REALM USER"
    let summary = LocalizedText(
        ja: "SASL の利用者を登録する (-d で削除)", en: "add a SASL user (-d: delete)")

    static let usage =
        cmuNotice
        + "saslpasswd2: usage: saslpasswd2 [-v] [-c [-p] [-n]] [-d] [-a appname] [-f sasldb] "
        + "[-u DOM] userid\n"
        + "\t-p\tpipe mode -- no prompt, password read on stdin\n"
        + "\t-c\tcreate -- ask mechs to create the account\n"
        + "\t-d\tdisable -- ask mechs to disable/delete the account\n"
        + "\t-n\tno userPassword -- don't set plaintext userPassword property\n"
        + "\t  \t                   (only set mechanism-specific secrets)\n"
        + "\t-f sasldb\tuse given file as sasldb\n"
        + "\t-a appname\tuse appname as application name\n"
        + "\t-u DOM\tuse DOM for user domain\n"
        + "\t-v\tprint version numbers and exit\n"

    /// `exit(-SASL_BADPARAM)`, the status for a rejected password.
    static let badParameterStatus: Int32 = 7

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsed: Getopt.Parsed
        switch Getopt.parse(arguments, specification: "vcpnda:f:u:") {
        case .success(let value):
            parsed = value
        case .failure(let failure):
            context.writeError("saslpasswd2: \(failure.message)\n" + SaslpasswdCommand.usage)
            return 1
        }

        if parsed.has("v") {
            context.writeError(cmuNotice + SaslpasswdCommand.versionText)
            return 0
        }
        guard parsed.operands.count == 1, !(parsed.has("c") && parsed.has("d")) else {
            context.writeError(SaslpasswdCommand.usage)
            return 1
        }

        let user = parsed.operands[0]
        let realm = parsed.value("u") ?? context.shell.hostname
        let store = SASLStore(
            sandbox: context.sandbox,
            path: context.absolutePath(parsed.value("f") ?? SASLStore.defaultPath))

        if parsed.has("d") {
            return update(store, context: context) { $0.removeUser(user, realm: realm) }
        }

        let password: String
        if parsed.has("p") {
            password = context.readLine(prompt: "", echo: true) ?? ""
        } else {
            let first = context.readPassword(prompt: "Password: ") ?? ""
            let again = context.readPassword(prompt: "Again (for verification): ") ?? ""
            guard first == again else {
                context.writeError("saslpasswd2: passwords don't match; aborting\n")
                return SaslpasswdCommand.badParameterStatus
            }
            password = first
        }

        guard !password.isEmpty else {
            context.writeError("saslpasswd2: invalid parameter supplied\n")
            return SaslpasswdCommand.badParameterStatus
        }
        // NOTE: with -n Cyrus SASL stores only mechanism-specific secrets, and the lab's
        // mechanisms have none, so nothing is stored, as `sasldblistusers2` then shows.
        if parsed.has("n") { return 0 }
        return update(store, context: context) {
            $0.setPassword(Array(password.utf8), user: user, realm: realm)
        }
    }

    static var versionText: String {
        "Built against SASL API version \(cyrusVersion)\n"
            + "LibSasl version \(cyrusVersion) by \"Cyrus SASL\"\n"
    }

    private func update(
        _ store: SASLStore, context: CommandContext, change: (inout SASLDatabase) -> Void
    ) -> Int32 {
        do {
            try store.update(change)
        } catch {
            context.writeError("saslpasswd2: \(error.message)\n")
            return 1
        }
        context.publishFileChanged(store.path)
        return 0
    }
}

/// `sasldblistusers2 [-v] [[-f] FILE]`: lists the sasldb users as `user@realm: userPassword`.
struct SasldbListUsersCommand: ShellCommand {
    let name = "sasldblistusers2"
    let path: String? = "/usr/local/sbin/sasldblistusers2"
    let synopsis = "sasldblistusers2 [-f FILE]"
    let summary = LocalizedText(ja: "SASL の利用者を一覧する", en: "list the SASL users")

    static let usage =
        cmuNotice + "sasldblistusers2: usage: sasldblistusers2 [-v] [[-f] sasldb]\n"
        + "\t-f sasldb\tuse given file as sasldb\n"
        + "\t-v\tprint version numbers and exit\n"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsed: Getopt.Parsed
        switch Getopt.parse(arguments, specification: "vf:") {
        case .success(let value):
            parsed = value
        case .failure(let failure):
            context.writeError(
                "sasldblistusers2: \(failure.message)\n" + SasldbListUsersCommand.usage)
            return 1
        }
        if parsed.has("v") {
            context.writeError(cmuNotice + SaslpasswdCommand.versionText)
            return 0
        }
        guard parsed.operands.count <= 1 else {
            context.writeError(SasldbListUsersCommand.usage)
            return 1
        }
        let file = parsed.operands.first ?? parsed.value("f") ?? SASLStore.defaultPath
        let store = SASLStore(sandbox: context.sandbox, path: context.absolutePath(file))
        // The real tool reports a missing or unreadable database this way and exits with 0.
        guard context.sandbox.exists(store.path), let database = try? store.load() else {
            context.writeError("listusers failed\n")
            return 0
        }
        for line in database.listing() {
            context.write(line + "\n")
            context.publishOutput(line)
        }
        return 0
    }
}
