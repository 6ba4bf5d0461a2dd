import Foundation

/// An open mail transaction: from `MAIL FROM` to the end of DATA or RSET.
struct MailTransaction: Sendable {
    var sender: String
    var recipients: [String] = []
    /// Assigned at the first accepted recipient, as Postfix opens its queue file then.
    var queueID: String?
}

/// The message text received after `354`.
struct MessageBuffer: Sendable {
    /// The unstuffed lines, each ending in LF; emptied once the size limit is passed.
    var content: [UInt8] = []
    /// Bytes received so far, LFs included, whether kept or not.
    var size = 0
    var exceedsLimit = false
}

extension SMTPSession {
    mutating func mail(_ line: String) {
        if settings.smtpdHELORequired, heloName == nil {
            reply("503 5.5.1 Error: send HELO/EHLO first")
            return
        }
        guard transaction == nil else {
            reply("503 5.5.1 Error: nested MAIL command")
            return
        }
        let path: SMTPPath
        switch SMTPPath.parse(line, keyword: "FROM") {
        case .syntaxError:
            reply("501 5.5.4 Syntax: MAIL FROM:<address>")
            return
        case .badAddress:
            reply("501 5.1.7 Bad sender address syntax")
            return
        case .path(let parsed):
            path = parsed
        }
        if let rejection = checkMailParameters(path.parameters) {
            reply(rejection)
            return
        }
        transaction = MailTransaction(sender: path.address)
        reply("250 2.1.0 Ok")
    }

    private func checkMailParameters(_ parameters: [String]) -> String? {
        for parameter in parameters {
            let (name, value) = Self.splitParameter(parameter)
            switch name {
            case "SIZE":
                guard let size = Int(value), size >= 0 else {
                    return "501 5.5.4 Bad message size syntax"
                }
                if settings.messageSizeLimit > 0, size > settings.messageSizeLimit {
                    return "552 5.3.4 Message size exceeds fixed limit"
                }
            case "BODY":
                guard ["7BIT", "8BITMIME"].contains(value.uppercased()) else {
                    return "501 5.5.4 Bad BODY keyword value"
                }
            case "RET":
                guard ["FULL", "HDRS"].contains(value.uppercased()) else {
                    return "501 5.5.4 Bad RET parameter syntax"
                }
            case "ENVID", "AUTH":
                continue
            default:
                return "555 5.5.4 Unsupported option: \(parameter)"
            }
        }
        return nil
    }

    mutating func recipient(_ line: String) {
        guard var current = transaction else {
            reply("503 5.5.1 Error: need MAIL command")
            return
        }
        let path: SMTPPath
        switch SMTPPath.parse(line, keyword: "TO") {
        case .syntaxError:
            reply("501 5.5.4 Syntax: RCPT TO:<address>")
            return
        case .badAddress:
            reply("501 5.1.3 Bad recipient address syntax")
            return
        case .path(let parsed):
            path = parsed
        }
        guard !path.address.isEmpty else {
            reply("501 5.1.3 Bad recipient address syntax")
            return
        }
        for parameter in path.parameters {
            let name = Self.splitParameter(parameter).name
            guard name == "NOTIFY" || name == "ORCPT" else {
                reply("555 5.5.4 Unsupported option: \(parameter)")
                return
            }
        }
        guard current.recipients.count < settings.smtpdRecipientLimit else {
            // Postfix does not count this as an error until the overshoot limit.
            reply("452 4.5.3 Error: too many recipients", countsAsError: false)
            return
        }

        if let rejection = recipientRejection(path) {
            log(
                "\(current.queueID ?? "NOQUEUE"): reject: RCPT from \(clientName): \(rejection);"
                    + " from=<\(current.sender)> to=<\(path.address)> proto=\(protocolName)"
                    + " helo=<\(heloName ?? "")>")
            reply(rejection)
            return
        }
        if current.queueID == nil {
            let queueID = makeQueueID()
            current.queueID = queueID
            var line = "\(queueID): client=\(clientName)"
            if let authenticated {
                line +=
                    ", sasl_method=\(authenticated.mechanism)"
                    + ", sasl_username=\(authenticated.identity.username)"
            }
            log(line)
        }
        current.recipients.append(path.address)
        transaction = current
        reply("250 2.1.5 Ok")
    }

    /// Returns the reply that rejects `path`, or `nil` to accept it. A name in the restriction list
    /// that Postfix does not know logs a warning and gives `451 4.3.5`.
    private mutating func recipientRejection(_ path: SMTPPath) -> String? {
        // RFC 5321 makes `postmaster` without a domain always deliverable.
        if path.domain == nil, path.address.lowercased() == "postmaster" {
            return nil
        }
        let destinations = settings.mydestination
        let client = SMTPRestrictions.Client(
            address: peer.address, mynetworks: settings.mynetworks,
            isAuthenticated: authenticated != nil,
            isLocalDomain: { domain in Self.isLocal(domain, destinations: destinations) })
        let decision = SMTPRestrictions.evaluate(
            settings.smtpdRecipientRestrictions, recipient: path, client: client)
        switch decision {
        case .permit:
            return localRecipientRejection(path.address)
        case .reject(let line):
            return line
        case .unknownRestriction(let name):
            log("warning: unknown smtpd restriction: \"\(name)\"")
            return "451 4.3.5 Server configuration error"
        }
    }

    /// Postfix's `smtpd_reject_unlisted_recipient` check for a local domain.
    func localRecipientRejection(_ address: String) -> String? {
        let path = SMTPPath(address: address, parameters: [])
        guard Self.isLocal(path.domain, destinations: settings.mydestination) else { return nil }
        guard !localRecipientExists(path.localPart.lowercased()) else { return nil }
        return "550 5.1.1 <\(address)>: Recipient address rejected:"
            + " User unknown in local recipient table"
    }

    /// Returns whether mail for `domain` stays here; an address without a domain gets `$myorigin`.
    private static func isLocal(_ domain: String?, destinations: [String]) -> Bool {
        guard let domain else { return true }
        return destinations.contains { $0.lowercased() == domain }
    }

    private static func splitParameter(_ parameter: String) -> (name: String, value: String) {
        guard let equals = parameter.firstIndex(of: "=") else {
            return (parameter.uppercased(), "")
        }
        return (
            parameter[..<equals].uppercased(), String(parameter[parameter.index(after: equals)...])
        )
    }

    mutating func data(_ arguments: [Substring]) {
        guard arguments.isEmpty else {
            reply("501 5.5.4 Syntax: DATA")
            return
        }
        guard let transaction else {
            reply("503 5.5.1 Error: need RCPT command")
            return
        }
        guard !transaction.recipients.isEmpty else {
            reply("554 5.5.1 Error: no valid recipients")
            return
        }
        state = .data(MessageBuffer())
        reply("354 End data with <CR><LF>.<CR><LF>")
    }

    /// Takes one line of message text, removes dot-stuffing and ends DATA at a lone dot.
    /// Message lines emit no `commandReceived` event: only command lines do.
    mutating func receiveMessageLine(_ line: [UInt8], buffer: MessageBuffer) {
        if line == [UInt8(ascii: ".")] {
            state = .command
            finishMessage(buffer)
            return
        }
        var buffer = buffer
        let text = line.first == UInt8(ascii: ".") ? line.dropFirst() : line[...]
        buffer.size += text.count + 1
        if settings.messageSizeLimit > 0, buffer.size > settings.messageSizeLimit {
            buffer.exceedsLimit = true
            buffer.content = []
        }
        if !buffer.exceedsLimit {
            buffer.content += text
            buffer.content.append(UInt8(ascii: "\n"))
        }
        state = .data(buffer)
    }

    /// The Received header's protocol word: ESMTP, ESMTPS, ESMTPA or ESMTPSA, or SMTP after
    /// HELO.
    var protocolName: String {
        guard usedEHLO else { return "SMTP" }
        return "ESMTP" + (tlsInfo != nil ? "S" : "") + (authenticated != nil ? "A" : "")
    }

    private mutating func finishMessage(_ buffer: MessageBuffer) {
        guard let current = transaction, let queueID = current.queueID else {
            preconditionFailure("DATA ran without an accepted recipient")
        }
        transaction = nil
        guard !buffer.exceedsLimit else {
            reply("552 5.3.4 Message size exceeds fixed limit")
            return
        }
        let arrival = now()
        let trace = SMTPMessageBuilder.receivedHeader(
            SMTPMessageBuilder.Trace(
                heloName: heloName, peer: peer, myhostname: settings.myhostname,
                tls: settings.smtpdTLSReceivedHeader ? tlsInfo : nil,
                authenticatedSender: settings.smtpdSASLAuthenticatedHeader
                    ? authenticated?.identity.username : nil,
                protocolName: protocolName, queueID: queueID, recipients: current.recipients,
                date: arrival))
        let completed = SMTPMessageBuilder.addMissingHeaders(
            to: buffer.content,
            messageID: SMTPMessageBuilder.messageID(
                date: arrival, queueID: queueID, myhostname: settings.myhostname),
            date: SMTPMessageBuilder.formatDate(arrival), from: current.sender)
        log("\(queueID): message-id=\(completed.messageID)")
        pending.append(
            .deliver(
                Delivery(
                    queueID: queueID, sender: current.sender, recipients: current.recipients,
                    message: Array(trace.utf8) + completed.message)))
        reply("250 2.0.0 Ok: queued as \(queueID)")
        emit(
            .messageDelivered(
                connectionID: peer.connectionID, queueID: queueID, sender: current.sender,
                recipients: current.recipients, overTLS: tlsInfo != nil,
                authenticatedUser: authenticated?.identity.username))
    }

    /// Makes a Postfix-like queue ID: five hex digits of the clock's microseconds, then five of
    /// random bits (Postfix uses the queue file's inode number there).
    private func makeQueueID() -> String {
        let microseconds = Int(now().timeIntervalSince1970 * 1_000_000) % 1_000_000
        let random = randomBytes(3).reduce(0) { $0 << 8 | Int($1) } & 0xFFFFF
        return String(format: "%05X%05X", microseconds, random)
    }
}
