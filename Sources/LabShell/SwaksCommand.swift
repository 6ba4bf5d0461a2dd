import Foundation
import LabSystem

#if canImport(Glibc)
    import Glibc
#endif

/// `swaks`, the Swiss Army Knife for SMTP (version 20201014.0), built in: it opens a real
/// socket to the lab's SMTP server and prints the dialogue with swaks's marks. Its sessions
/// are a tool's, not typed by hand, so it publishes no `telnetConnected`.
public struct SwaksCommand: ShellCommand {
    public let name = "swaks"
    public let path: String? = "/usr/local/bin/swaks"
    public let synopsis =
        "swaks [--server HOST[:PORT]] [--to ADDR] [--auth [TYPE]] [-tls] [--quit STAGE]"
    public let summary = LocalizedText(
        ja: "SMTP の対話を自動で行うテストツール (swaks --help で説明)",
        en: "an SMTP test tool that runs the dialogue for you (see swaks --help)")

    /// Starts TLS for `-tls` and `-tlsc`; without one swaks has no TLS, as without Net::SSLeay.
    public var tlsStarter: (any SMTPClientTLSStarter)?

    public init(tlsStarter: (any SMTPClientTLSStarter)? = LabTLSStarter()) {
        self.tlsStarter = tlsStarter
    }

    static let tlsMissing = "*** TLS not available: requires Net::SSLeay.  Exiting\n"

    public func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let options: SwaksOptions
        switch SwaksOptions.parse(arguments) {
        case .success(let value):
            options = value
        case .failure(let failure):
            context.writeError(failure.message + "\n")
            return 1
        }
        if options.help {
            context.write(SwaksCommand.helpText)
            return 0
        }
        if options.version {
            context.write(
                "swaks version \(SwaksMessage.version)\n\n"
                    + "        Copyright (c) 2003-2008,2010-2020 John Jetmore <jj33@pobox.com>\n\n"
                    + "    This program is free software, under the GNU General Public License,\n"
                    + "    version 2 or any later version.\n\n")
            return 0
        }
        if options.support {
            for line in supportText(context: context).split(separator: "\n") {
                if line.hasPrefix("*** ") {
                    context.writeError(line + "\n")
                } else {
                    context.write(line + "\n")
                }
            }
            return 0
        }
        return send(options, context: context)
    }

    /// Returns whether TLS works in this swaks: a TLS client exists and the port was built with it.
    func hasTLS(context: CommandContext) -> Bool {
        guard tlsStarter != nil else { return false }
        // A swaks port built with "TLS support" off lacks Net::SSLeay. Without recorded
        // options (a lab that never ran portinstall swaks) TLS stays available.
        let database = PortsDatabase(sandbox: context.sandbox)
        guard let port = PortsCatalog.standard()?.port(named: "swaks") else { return true }
        return database.recordedOptions(of: port)["TLS"] ?? true
    }

    private func supportText(context: CommandContext) -> String {
        var lines = [
            "=== AUTH CRAM-MD5 supported", "=== AUTH CRAM-SHA1 supported",
            "=== AUTH DIGEST-MD5 supported", "*** AUTH NTLM not available: requires Authen::NTLM",
            "=== Basic AUTH supported", "=== Date Manipulation supported",
            "=== Local Hostname Detection supported", "=== Socket Transport supported",
        ]
        lines.append(
            hasTLS(context: context)
                ? "=== TLS supported" : "*** TLS not available: requires Net::SSLeay")
        return lines.joined(separator: "\n") + "\n"
    }

    private func send(_ options: SwaksOptions, context: CommandContext) -> Int32 {
        if (options.tls || options.tlsOnConnect) && !hasTLS(context: context) {
            context.writeError(SwaksCommand.tlsMissing)
            return 10
        }
        var quitAfter: SwaksStage?
        if let value = options.quitAfter {
            guard let stage = SwaksStage(quitAfter: value) else {
                context.writeError("*** Unknown quit_after value \(value.lowercased()), exiting\n")
                return 1
            }
            quitAfter = stage
        }

        let serverGiven = options.server.map { !$0.isEmpty } ?? false
        let needsRecipient = !(serverGiven && quitAfter.map { $0 != .rcpt } ?? false)
        var to = options.to ?? ""
        while to.isEmpty && needsRecipient {
            guard let line = context.readLine(prompt: "To: ") else { return 1 }
            to = line
        }

        var user = options.authUser ?? ""
        var password = options.authPassword ?? ""
        if options.auth {
            if options.authUser == nil {
                guard let line = context.readLine(prompt: "Username: ") else { return 1 }
                user = line
            }
            if options.authPassword == nil {
                guard let line = context.readLine(prompt: "Password: ", echo: false) else {
                    return 1
                }
                password = line
            }
        }

        let target = SwaksCommand.target(options: options, recipient: to)
        let hostname = context.shell.hostname
        let localUser = context.shell.environment["USER"] ?? "root"
        let from = options.from ?? "\(localUser)@\(hostname)"
        let message = SwaksMessage(
            to: to, from: from, hostname: hostname, date: Date(), processID: Int(getpid()),
            headers: options.headers, body: options.body)

        context.write("=== Trying \(target.host):\(target.port)...\n")
        guard TelnetCommand.loopbackNames(context.sandbox).contains(target.host.lowercased()),
            let port = Int(target.port)
        else {
            context.writeError("*** Error connecting to \(target.host):\(target.port):\n")
            context.writeError("*** \tIO::Socket::INET6: getaddrinfo: Name or service not known\n")
            return 2
        }
        // As for telnet, only the lab's own servers listen: any other host port is closed.
        let serverPort = context.shell.portMap[port] ?? port
        guard Set(context.shell.portMap.values).contains(serverPort) else {
            context.writeError("*** Error connecting to \(target.host):\(target.port):\n")
            context.writeError("*** \tIO::Socket::INET6: connect: Connection refused\n")
            return 2
        }
        let socket: TelnetConnection
        switch TelnetConnection.connect(port: serverPort) {
        case .success(let value):
            socket = value
        case .failure(let error):
            context.writeError("*** Error connecting to \(target.host):\(target.port):\n")
            context.writeError("*** \tIO::Socket::INET6: connect: \(error.message)\n")
            return 2
        }
        context.write("=== Connected to \(target.host).\n")

        let plan = SwaksSession.Plan(
            helo: options.helo ?? hostname, from: from, to: to,
            authTypes: options.auth
                ? (options.authTypes.isEmpty
                    ? SwaksMechanism.allCases.map(\.rawValue) : options.authTypes)
                : nil,
            authUser: user, authPassword: password, tls: options.tls,
            tlsOnConnect: options.tlsOnConnect, quitAfter: quitAfter,
            serverName: target.host, message: message.lines)
        let session = SwaksSession(
            connection: SMTPClientConnection(socket: socket), plan: plan, tlsStarter: tlsStarter,
            write: { context.write($0) }, writeError: { context.writeError($0) })
        let status = session.run()
        socket.shutdownBoth()
        return status
    }

    /// Returns the host and port to connect to: `--server HOST[:PORT]` and `--port`, else the domain
    /// of the recipient, on port 25 unless one is given.
    static func target(options: SwaksOptions, recipient: String) -> (host: String, port: String) {
        var host = options.server ?? ""
        var port = options.port ?? ""
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let rest = host[host.index(after: close)...]
            if rest.hasPrefix(":"), port.isEmpty { port = String(rest.dropFirst()) }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") {
            if port.isEmpty { port = String(host[host.index(after: colon)...]) }
            host = String(host[..<colon])
        }
        if host.isEmpty {
            // NOTE: real swaks looks up the recipient domain's MX record; the lab has no DNS,
            // so the domain itself is the server.
            host = recipient.split(separator: "@").last.map(String.init) ?? "localhost"
        }
        if port.isEmpty { port = "25" }
        return (host, port)
    }
}
