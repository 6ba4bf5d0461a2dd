/// A command of the lab shell. Every command is Swift code over the sandbox; nothing runs on
/// the host.
public protocol ShellCommand: Sendable {
    /// The name typed to run it (`saslpasswd2`).
    var name: String { get }
    /// The program's location on the lab's FreeBSD machine (`/usr/local/sbin/saslpasswd2`),
    /// so that it also runs by that path; `nil` for a shell built-in.
    var path: String? { get }
    /// The usage line `help` shows (`saslpasswd2 -c [-p] -u REALM USER`).
    var synopsis: String { get }
    /// A description of the command for `help`.
    var summary: LocalizedText { get }

    /// Runs the command with the arguments after its name and returns its exit status.
    func run(_ arguments: [String], context: CommandContext) -> Int32
}

/// The commands every lab shell starts with.
public enum StandardCommands {
    public static var all: [any ShellCommand] {
        [
            CdCommand(), PwdCommand(), EchoCommand(), ExitCommand(), SetenvCommand(),
            UnsetenvCommand(), HelpCommand(), CatCommand(), LsCommand(), ChmodCommand(),
            PrintfCommand(), MmencodeCommand(), CramMD5TestCommand(), SaslpasswdCommand(),
            SasldbListUsersCommand(), PostconfCommand(), TelnetCommand(), OpenSSLCommand(),
            SwaksCommand(),
        ] + fileCommands + systemCommands
    }

    static var fileCommands: [any ShellCommand] {
        [
            CpCommand(), MvCommand(), RmCommand(), MkdirCommand(), TouchCommand(),
            GrepCommand(), HeadCommand(), TailCommand(), DiffCommand(),
            PagerCommand(name: "more"), PagerCommand(name: "less"),
        ]
    }

    static var systemCommands: [any ShellCommand] {
        [
            HostnameCommand(), WhoamiCommand(), DateCommand(), PostfixCommand(),
            RcScriptCommand(service: "postfix"), LsofCommand(), PortinstallCommand(),
            PkgInfoCommand(), PortsnapCommand(),
        ] + rcScripts + ["ee", "vi", "emacs", "edit"].map(EditorCommand.init)
    }

    /// The rc.d scripts the ports install; each runs only once its file exists.
    static var rcScripts: [any ShellCommand] {
        [
            "courier-authdaemond", "courier-imap-imapd", "courier-imap-imapd-ssl",
            "courier-imap-pop3d", "courier-imap-pop3d-ssl", "saslauthd",
        ].map(RcScriptCommand.init)
    }
}
