import Foundation
import LabSystem

/// `telnet HOST [PORT]`: a console on a real TCP connection to one of the lab's servers.
/// The handout's ports (25, 143, 110, …) go to the embedded servers through the shell's
/// port map. Other ports are used as they are, always on 127.0.0.1. Typed lines go out with
/// CRLF, and a line that is only Ctrl-] (U+001D) opens the `telnet> ` prompt.
struct TelnetCommand: ShellCommand {
    let name = "telnet"
    let path: String? = "/usr/bin/telnet"
    let synopsis = "telnet HOST [PORT]"
    let summary = LocalizedText(
        ja: "サーバに接続して手で対話する (^] の後 quit で終了)",
        en: "talk to a server by hand (^] then quit to leave)")

    /// The escape character as the terminal delivers it.
    static let escapeLine = "\u{1D}"
    /// The seconds telnet waits, after the end of input, for the server to hang up.
    static let closeWaitSeconds = 10.0

    static let services: [String: Int] = [
        "telnet": 23, "smtp": 25, "submission": 587, "smtps": 465, "pop3": 110, "pop-3": 110,
        "imap": 143, "imap2": 143, "imaps": 993, "pop3s": 995,
    ]

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let operands = arguments.filter { !$0.hasPrefix("-") }
        guard let host = operands.first else { return commandMode(context: context) }
        guard operands.count <= 2 else {
            context.writeError("usage: telnet [-l user] [host-name [port]]\n")
            return 1
        }
        return open(
            host: host, port: operands.count == 2 ? operands[1] : "telnet", context: context)
    }

    /// Runs `telnet` without a host: the `telnet> ` prompt, with `open`, `quit` and `?`.
    private func commandMode(context: CommandContext) -> Int32 {
        while let line = context.terminal.readLine(prompt: "telnet> ", echo: true) {
            let words = line.split(separator: " ").map(String.init)
            switch words.first?.lowercased() {
            case nil:
                continue
            case "quit", "q":
                return 0
            case "open", "o":
                guard words.count >= 2 else {
                    context.terminal.write("usage: open [-l user] host-name [port]\n")
                    continue
                }
                return open(
                    host: words[1], port: words.count >= 3 ? words[2] : "telnet", context: context)
            case "?", "help":
                context.terminal.write(TelnetCommand.helpText)
            default:
                context.terminal.write("?Invalid command\n")
            }
        }
        return 0
    }

    static let helpText = """
        Commands may be abbreviated.  Commands are:

        close       close current connection
        open        connect to a site
        quit        exit telnet
        status      print status information
        ?           print help information

        """

    private func open(host: String, port portText: String, context: CommandContext) -> Int32 {
        let terminal = context.terminal
        guard TelnetCommand.loopbackNames(context.sandbox).contains(host.lowercased()) else {
            terminal.write("\(host): hostname nor servname provided, or not known\n")
            return 1
        }
        guard
            let port = Int(portText).flatMap({ (1...65535).contains($0) ? $0 : nil })
                ?? TelnetCommand.services[portText.lowercased()]
        else {
            terminal.write("tcp/\(portText): servname not supported for ai_socktype\n")
            return 1
        }

        let serverPort = context.shell.portMap[port] ?? port
        terminal.write("Trying 127.0.0.1...\n")
        // The lab machine has only the lab's own servers: another port of the host, where
        // some other program may listen, is closed from inside the sandbox.
        guard Set(context.shell.portMap.values).contains(serverPort) else {
            terminal.write("telnet: connect to address 127.0.0.1: Connection refused\n")
            terminal.write("telnet: Unable to connect to remote host\n")
            return 1
        }
        let connection: TelnetConnection
        switch TelnetConnection.connect(port: serverPort) {
        case .success(let value):
            connection = value
        case .failure(let error):
            terminal.write("telnet: connect to address 127.0.0.1: \(error.message)\n")
            terminal.write("telnet: Unable to connect to remote host\n")
            return 1
        }

        // Published before a byte is sent, so the check engine can join this session with
        // the server's connectionOpened on the same port.
        context.publish(
            .telnetConnected(
                shell: context.shell.shellID, localPort: connection.localPort,
                serverPort: serverPort))
        terminal.write("Connected to \(host.lowercased()).\nEscape character is '^]'.\n")
        let session = TelnetSession(
            connection: connection, terminal: terminal, host: host.lowercased())
        session.run(input: context)
        return 0
    }

    /// Returns the host names that mean this machine: the usual ones and every name that the
    /// sandbox's `/etc/hosts` gives a loopback address.
    static func loopbackNames(_ sandbox: Sandbox) -> Set<String> {
        var names: Set<String> = [
            "localhost", "127.0.0.1", "lab.example.jp", "localhost.example.jp",
        ]
        let text = String(decoding: (try? sandbox.readFile("/etc/hosts")) ?? [], as: UTF8.self)
        for line in text.split(separator: "\n") {
            let content = line.prefix { $0 != "#" }
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let address = fields.first, address == "::1" || address.hasPrefix("127.") else {
                continue
            }
            for name in fields.dropFirst() { names.insert(name.lowercased()) }
        }
        return names
    }
}
