import SASL

extension SMTPSession {
    /// The commands Postfix implements, with its flags: whether a command is allowed before TLS
    /// under `smtpd_tls_security_level = encrypt`, and whether it is a junk command that
    /// `smtpd_junk_command_limit` counts.
    private static let commandTable: [String: (allowedBeforeTLS: Bool, isJunk: Bool)] = [
        "HELO": (true, false), "EHLO": (true, false), "STARTTLS": (true, false),
        "AUTH": (false, false), "MAIL": (false, false), "RCPT": (false, false),
        "DATA": (false, false), "RSET": (false, true), "NOOP": (true, true),
        "VRFY": (false, true), "ETRN": (false, true), "QUIT": (true, false),
    ]

    mutating func receiveCommand(_ received: [UInt8]) {
        var line = received
        if line.count >= settings.lineLengthLimit {
            line = Array(line.prefix(settings.lineLengthLimit))
            log("warning: \(clientName): request longer than \(settings.lineLengthLimit)")
        }
        let text = String(decoding: line, as: UTF8.self)
        emit(.commandReceived(connectionID: peer.connectionID, line: Self.masked(text)))
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let verb = words.first else {
            reply("500 5.5.2 Error: bad syntax")
            return
        }
        let command = verb.uppercased()
        guard let flags = Self.commandTable[command] else {
            lastCommand = "UNKNOWN"
            reply("500 5.5.2 Error: command not recognized")
            return
        }
        lastCommand = command
        if settings.smtpdTLSSecurityLevel == .encrypt, tlsInfo == nil, !flags.allowedBeforeTLS {
            reply("530 5.7.0 Must issue a STARTTLS command first")
            return
        }
        if flags.isJunk {
            // Postfix compares before counting, so the limit's own command is still free.
            if junkCommandCount > settings.smtpdJunkCommandLimit {
                errorCount += 1
            }
            junkCommandCount += 1
        }
        let arguments = Array(words.dropFirst())
        switch command {
        case "HELO": helo(arguments, extended: false)
        case "EHLO": helo(arguments, extended: true)
        case "STARTTLS": startTLS(arguments)
        case "AUTH": authenticate(arguments)
        case "MAIL": mail(text)
        case "RCPT": recipient(text)
        case "DATA": data(arguments)
        case "RSET": reset(arguments)
        case "NOOP": reply("250 2.0.0 Ok")
        case "VRFY": verify(arguments)
        case "ETRN": etrn(arguments)
        case "QUIT": quit()
        default: preconditionFailure("command table and switch disagree on \(command)")
        }
    }

    /// Returns the line for the event log, with an AUTH initial response replaced by `********`.
    static func masked(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard words.count >= 3, words[0].uppercased() == "AUTH" else { return text }
        return "\(words[0]) \(words[1]) ********"
    }

    private mutating func helo(_ arguments: [Substring], extended: Bool) {
        let name = extended ? "EHLO" : "HELO"
        guard !arguments.isEmpty else {
            reply("501 Syntax: \(name) hostname")
            return
        }
        heloName = arguments.joined(separator: " ")
        usedEHLO = extended
        transaction = nil
        guard extended else {
            reply("250 \(settings.myhostname)")
            return
        }
        var keywords = ["PIPELINING"]
        keywords.append(
            settings.messageSizeLimit > 0 ? "SIZE \(settings.messageSizeLimit)" : "SIZE")
        keywords += ["VRFY", "ETRN"]
        let offersSTARTTLS = settings.offersSTARTTLS && tlsInfo == nil
        if offersSTARTTLS {
            keywords.append("STARTTLS")
        }
        let mechanisms = authenticationAvailable ? authenticator.mechanismNames : []
        if !mechanisms.isEmpty {
            let list = mechanisms.joined(separator: " ")
            keywords.append("AUTH \(list)")
            if settings.brokenSASLAuthClients {
                keywords.append("AUTH=\(list)")
            }
        }
        keywords += ["ENHANCEDSTATUSCODES", "8BITMIME", "DSN"]
        var lines = ["250-\(settings.myhostname)"]
        for (index, keyword) in keywords.enumerated() {
            lines.append((index == keywords.count - 1 ? "250 " : "250-") + keyword)
        }
        reply(lines)
        emit(
            .ehloAnswered(
                connectionID: peer.connectionID, name: heloName ?? "",
                authMechanisms: mechanisms, offeredStartTLS: offersSTARTTLS))
    }

    /// Whether AUTH is offered and accepted now: SASL is on, and TLS is active unless neither
    /// `smtpd_tls_auth_only` nor the `encrypt` level requires it.
    ///
    /// NOTE: Postfix documents `smtpd_tls_auth_only` for optional TLS; treating `encrypt` the
    /// same keeps AUTH out of a plaintext EHLO, where every AUTH would get a 530 anyway.
    var authenticationAvailable: Bool {
        guard settings.smtpdSASLAuthEnable else { return false }
        let needsTLS = settings.smtpdTLSAuthOnly || settings.smtpdTLSSecurityLevel == .encrypt
        return tlsInfo != nil || !needsTLS
    }

    private mutating func startTLS(_ arguments: [Substring]) {
        guard arguments.isEmpty else {
            reply("501 5.5.4 Syntax: STARTTLS")
            return
        }
        guard tlsInfo == nil else {
            reply("554 5.5.1 Error: TLS already active")
            return
        }
        guard settings.offersSTARTTLS else {
            reply("502 5.5.1 Error: command not implemented")
            return
        }
        guard settings.tls == .available else {
            reply("454 4.7.0 TLS not available due to local problem")
            return
        }
        reply("220 2.0.0 Ready to start TLS")
        state = .startingTLS
        pending.append(.startTLS)
    }

    private mutating func reset(_ arguments: [Substring]) {
        guard arguments.isEmpty else {
            reply("501 5.5.4 Syntax: RSET")
            return
        }
        transaction = nil
        reply("250 2.0.0 Ok")
    }

    private mutating func verify(_ arguments: [Substring]) {
        guard !arguments.isEmpty else {
            reply("501 5.5.4 Syntax: VRFY address")
            return
        }
        let argument = arguments.joined(separator: " ")
        var address = Substring(argument)
        if address.hasPrefix("<"), address.hasSuffix(">") {
            address = address.dropFirst().dropLast()
        }
        if let rejection = localRecipientRejection(String(address)) {
            reply(rejection)
            return
        }
        reply("252 2.0.0 \(argument)")
    }

    private mutating func etrn(_ arguments: [Substring]) {
        guard heloName != nil else {
            reply("503 5.5.1 Error: send HELO/EHLO first")
            return
        }
        guard transaction == nil else {
            reply("503 5.5.1 Error: MAIL transaction in progress")
            return
        }
        guard arguments.count == 1 else {
            reply("501 5.5.4 Syntax: ETRN domain")
            return
        }
        // `fast_flush_domains` defaults to `$relay_domains`, which lists no domain here.
        reply("459 4.7.1 <\(arguments[0])>: service unavailable")
    }

    private mutating func quit() {
        reply("221 2.0.0 Bye", countsAsError: false)
        close()
    }
}
