import LabSystem

/// `lsof -i [4|6]`: lists the lab's listening sockets as lsof shows Internet files.
struct LsofCommand: ShellCommand {
    let name = "lsof"
    let path: String? = "/usr/local/sbin/lsof"
    let synopsis = "lsof -i4"
    let summary = LocalizedText(
        ja: "待ち受けているネットワークサービスを表示する (lsof -i4 | grep -i smtp)",
        en: "list the listening network services (lsof -i4 | grep -i smtp)")

    /// The names `/etc/services` gives the lab's ports.
    static let serviceNames = [
        25: "smtp", 110: "pop3", 143: "imap", 465: "smtps", 587: "submission", 993: "imaps",
        995: "pop3s",
    ]

    // NOTE: only the SMTP master is listed, because the runtime has no IMAP or POP3
    // listener yet; the device column is made up, as it is a kernel address in real lsof.
    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard !arguments.isEmpty,
            arguments.allSatisfy({ ["-i", "-i4", "-i6", "-n", "-P"].contains($0) })
        else {
            context.writeError(
                "lsof: the lab's lsof lists only network files: lsof -i or lsof -i4\n")
            return 1
        }
        let numericHosts = arguments.contains("-n")
        let numericPorts = arguments.contains("-P")
        if arguments.contains("-i6") { return 1 }
        let services = context.shell.services?.listeningServices() ?? []
        guard !services.isEmpty else { return 1 }
        context.write(
            row("COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE", "SIZE/OFF", "NODE", "NAME"))
        for (index, service) in services.enumerated() {
            let host = numericHosts ? "127.0.0.1" : "localhost"
            let port =
                numericPorts
                ? "\(service.labPort)"
                : LsofCommand.serviceNames[service.labPort] ?? "\(service.labPort)"
            let device = "0xc" + String(0x4a3b000 + index * 0x1d0, radix: 16)
            context.write(
                row(
                    service.command, "\(service.pid)", "root", "\(12 + index)u", "IPv4", device,
                    "0t0",
                    "TCP", "\(host):\(port) (LISTEN)"))
        }
        return 0
    }

    private func row(
        _ command: String, _ pid: String, _ user: String, _ descriptor: String, _ type: String,
        _ device: String, _ size: String, _ node: String, _ name: String
    ) -> String {
        func left(_ text: String, _ width: Int) -> String {
            text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0)
        }
        func right(_ text: String, _ width: Int) -> String {
            String(repeating: " ", count: max(0, width - text.count)) + text
        }
        return left(command, 8) + right(pid, 6) + " " + left(user, 6) + right(descriptor, 4) + "  "
            + left(type, 4) + right(device, 11) + right(size, 9) + right(node, 5) + " " + name
            + "\n"
    }
}
