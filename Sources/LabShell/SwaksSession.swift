import Foundation
import SASL

/// One swaks run over a connected socket: banner, EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and
/// QUIT in swaks's order, printed with swaks's marks. It returns swaks's exit status.
final class SwaksSession {
    struct Plan {
        var helo: String
        var from: String
        var to: String
        /// The mechanisms to try in order; nil when `--auth` was not given.
        var authTypes: [String]?
        var authUser: String
        var authPassword: String
        var tls: Bool
        var tlsOnConnect: Bool
        var quitAfter: SwaksStage?
        /// The host the learner named, for the DIGEST-MD5 digest-uri and TLS's server name.
        var serverName: String
        var message: [String]
    }

    /// A reason the session ends early, with swaks's exit status.
    struct Exit: Error {
        var status: Int32
    }

    private let connection: SMTPClientConnection
    private let plan: Plan
    private let write: (String) -> Void
    private let writeError: (String) -> Void
    private let tlsStarter: (any SMTPClientTLSStarter)?
    private var inTLS = false
    private var quitSent = false
    /// The EHLO keywords of the latest EHLO reply, upper-cased, with the AUTH mechanisms.
    private var offersSTARTTLS = false
    private var authMechanisms: Set<String> = []
    private var offersAuth = false

    init(
        connection: SMTPClientConnection, plan: Plan, tlsStarter: (any SMTPClientTLSStarter)?,
        write: @escaping (String) -> Void, writeError: @escaping (String) -> Void
    ) {
        self.connection = connection
        self.plan = plan
        self.tlsStarter = tlsStarter
        self.write = write
        self.writeError = writeError
    }

    func run() -> Int32 {
        do {
            try runStages()
            return 0
        } catch let exit as Exit {
            return exit.status
        } catch {
            return 1
        }
    }

    private func runStages() throws {
        if plan.tlsOnConnect {
            guard case .success = startTLS() else { throw Exit(status: 29) }
            if plan.quitAfter == .tls { try quit(status: 0) }
        }
        guard try transact(nil, expect: "220") else { try quit(status: 21) }
        if plan.quitAfter == .connect { try quit(status: 0) }

        guard try helo() else { try quit(status: 22) }
        if plan.quitAfter == .firstHelo { try quit(status: 0) }

        if plan.tls {
            if !offersSTARTTLS {
                info("*** Host did not advertise STARTTLS")
                try quit(status: 29)
            }
            guard try transact("STARTTLS", expect: "220") else {
                info("*** STARTTLS attempted but failed")
                throw Exit(status: 29)
            }
            guard case .success = startTLS() else {
                info("*** STARTTLS attempted but failed")
                throw Exit(status: 29)
            }
        }
        if plan.quitAfter == .tls { try quit(status: 0) }
        if inTLS && !plan.tlsOnConnect {
            guard try helo() else { try quit(status: 32) }
        }
        if plan.quitAfter == .helo { try quit(status: 0) }

        if let types = plan.authTypes { try authenticate(types: types) }
        if plan.quitAfter == .auth { try quit(status: 0) }

        guard try transact("MAIL FROM:<\(plan.from)>", expect: "250") else { try quit(status: 23) }
        if plan.quitAfter == .mail { try quit(status: 0) }

        let recipients = plan.to.split(separator: ",").map(String.init)
        var failures = 0
        for recipient in recipients where !(try transact("RCPT TO:<\(recipient)>", expect: "250")) {
            failures += 1
        }
        if failures == recipients.count { try quit(status: 24) }
        if plan.quitAfter == .rcpt { try quit(status: 0) }

        guard try transact("DATA", expect: "354") else { try quit(status: 25) }
        guard try sendData() else { try quit(status: 26) }
        guard try sendQuit() else { throw Exit(status: 27) }
    }

    // MARK: - Stages

    private func helo() throws -> Bool {
        var reply: [String] = []
        if try transact("EHLO \(plan.helo)", expect: "250", reply: &reply) {
            offersSTARTTLS = false
            authMechanisms = []
            offersAuth = false
            for line in reply {
                let keyword = String(line.dropFirst(4))
                let upper = keyword.uppercased()
                if upper.hasPrefix("AUTH") {
                    let rest = upper.dropFirst(4).drop { $0 == "=" }
                    offersAuth = true
                    for name in rest.split(separator: " ") { authMechanisms.insert(String(name)) }
                } else if upper == "STARTTLS" {
                    offersSTARTTLS = true
                }
            }
            return true
        }
        return try transact("HELO \(plan.helo)", expect: "250")
    }

    private func authenticate(types: [String]) throws {
        guard offersAuth else {
            info("*** Host did not advertise authentication")
            try quit(status: 28)
        }
        var attempted = false
        for type in types where authMechanisms.contains(type) {
            attempted = true
            if try SwaksAuthenticator(
                session: self, user: plan.authUser, password: plan.authPassword
            )
            .run(type, serverName: plan.serverName) {
                return
            }
        }
        if attempted {
            info("*** No authentication type succeeded")
        } else if types.count == SwaksMechanism.allCases.count {
            info("*** Auth not attempted, no advertised types available")
        } else {
            info("*** Auth not attempted, requested type not available")
        }
        try quit(status: 28)
    }

    private func startTLS() -> Result<Void, Exit> {
        guard let tlsStarter else { return .failure(Exit(status: 29)) }
        switch tlsStarter.startTLS(
            descriptor: connection.socket.descriptor, serverName: plan.serverName)
        {
        case .success(let session):
            connection.upgrade(to: session)
            inTLS = true
            info("=== TLS started with cipher \(session.cipherDescription)")
            info("=== TLS no local certificate set")
            info("=== TLS peer DN=\"\(session.peerSubject ?? "")\"")
            return .success(())
        case .failure(let error):
            info("*** TLS startup failed (\(error.message))")
            return .failure(Exit(status: 29))
        }
    }

    private func sendData() throws -> Bool {
        let data = plan.message.map { $0 + "\r\n" }.joined()
        for line in plan.message { info(sentMark + line) }
        guard connection.send(bytes: Array(data.utf8)) else { throw lostConnection() }
        var reply: [String] = []
        return try read(expect: "250", reply: &reply)
    }

    private func sendQuit() throws -> Bool {
        quitSent = true
        show(sent: "QUIT")
        _ = connection.send(line: "QUIT")
        let result = connection.readReply()
        switch result {
        case .reply(let lines):
            printReply(lines, expected: "221")
            info("=== Connection closed with remote host.")
            return lines.last?.hasPrefix("221") == true
        case .closed(let lines), .timedOut(let lines):
            if !lines.isEmpty { printReply(lines, expected: "221") }
            throw lostConnection()
        }
    }

    /// Sends QUIT unless it was sent, then ends the session with `status`.
    private func quit(status: Int32) throws -> Never {
        if !quitSent { _ = try sendQuit() }
        throw Exit(status: status)
    }

    // MARK: - Transactions

    private var sentMark: String { inTLS ? " ~> " : " -> " }
    private var receivedMark: String { inTLS ? "<~  " : "<-  " }

    /// Sends `command` (nothing for the banner) and reads the reply; true when its code starts
    /// with `expect`.
    func transact(_ command: String?, expect: String, show shown: String? = nil) throws -> Bool {
        var ignored: [String] = []
        return try transact(command, expect: expect, reply: &ignored, show: shown)
    }

    func transact(
        _ command: String?, expect: String, reply: inout [String], show shown: String? = nil
    ) throws -> Bool {
        if let command {
            show(sent: shown ?? command)
            guard connection.send(line: command) else { throw lostConnection() }
        }
        var lines: [String] = []
        let accepted = try read(expect: expect, reply: &lines)
        reply = lines
        return accepted
    }

    private func read(expect: String, reply: inout [String]) throws -> Bool {
        switch connection.readReply() {
        case .reply(let lines):
            reply = lines
            return printReply(lines, expected: expect)
        case .closed(let lines):
            if !lines.isEmpty { printReply(lines, expected: expect) }
            throw lostConnection()
        case .timedOut(let lines):
            if !lines.isEmpty { printReply(lines, expected: expect) }
            info("*** Timeout (\(Int(connection.timeout)) secs) waiting for server response")
            throw lostConnection()
        }
    }

    /// Prints a reply with `<-  ` (or `<~  `) when its code matches, `<** ` when not.
    @discardableResult
    private func printReply(_ lines: [String], expected: String) -> Bool {
        let accepted = lines.last.map { $0.hasPrefix(expected + " ") || $0 == expected } ?? false
        let mark = accepted ? receivedMark : (inTLS ? "<~* " : "<** ")
        for line in lines { info(mark + line) }
        return accepted
    }

    func show(sent line: String) {
        info(sentMark + line)
    }

    private func lostConnection() -> Exit {
        info("*** Remote host closed connection unexpectedly.")
        return Exit(status: 6)
    }

    /// Prints a line; swaks's error lines (`*** `) go to standard error, as swaks prints them.
    private func info(_ line: String) {
        if line.hasPrefix("*** ") {
            writeError(line + "\n")
        } else {
            write(line + "\n")
        }
    }
}
