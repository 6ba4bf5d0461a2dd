import Foundation
import SASL

/// An SMTP server session that behaves like Postfix's smtpd with Cyrus SASL, as a pure state
/// machine: lines in, replies and actions out.
public struct SMTPSession: LineSession, Sendable {
    /// The stage of the dialogue. Internal rather than private so that the session's
    /// extensions in the other `SMTPSession+*.swift` files can switch on it.
    enum State: Sendable {
        /// `start()` has not been called.
        case notStarted
        /// Reading commands.
        case command
        /// An AUTH exchange sent a `334` challenge and waits for the client's next line.
        case authenticating(PendingAuthentication)
        /// Between the `354` reply and the line with a single dot.
        case data(MessageBuffer)
        /// STARTTLS was accepted and the handshake is due; lines that arrive are dropped.
        case startingTLS
        /// The session ended; nothing more is read.
        case closed
    }

    let settings: SMTPSettings
    let peer: PeerInfo
    let authenticator: SASLAuthenticator
    let now: @Sendable () -> Date
    let randomBytes: @Sendable (Int) -> [UInt8]
    let localRecipientExists: @Sendable (String) -> Bool

    var state = State.notStarted
    /// The HELO or EHLO argument, forgotten after STARTTLS.
    var heloName: String?
    var usedEHLO = false
    var tlsInfo: TLSInfo?
    var authenticated: AuthenticatedClient?
    var transaction: MailTransaction?
    var errorCount = 0
    var junkCommandCount = 0
    /// The last command's name, as Postfix's `timeout after EHLO` and `lost connection after`
    /// lines show it.
    var lastCommand = "CONNECT"
    /// Actions collected while one call runs.
    var pending: [SessionAction] = []

    /// Makes a session for one connection.
    ///
    /// - Parameters:
    ///   - authenticator: The SASL server. Its realm and host name are replaced by
    ///     `smtpd_sasl_local_domain` and `myhostname` from `settings`.
    ///   - now: The clock, for queue IDs and the Received header.
    ///   - randomBytes: The random source, for queue IDs.
    ///   - localRecipientExists: Whether a local part, lowercased and without its domain,
    ///     names a local mailbox (Postfix's local recipient table: users and aliases).
    public init(
        settings: SMTPSettings, peer: PeerInfo, authenticator: SASLAuthenticator,
        now: @escaping @Sendable () -> Date,
        randomBytes: @escaping @Sendable (Int) -> [UInt8],
        localRecipientExists: @escaping @Sendable (String) -> Bool
    ) {
        var authenticator = authenticator
        authenticator.configuration.realm = settings.smtpdSASLLocalDomain
        authenticator.environment.hostname = settings.myhostname
        self.settings = settings
        self.peer = peer
        self.authenticator = authenticator
        self.now = now
        self.randomBytes = randomBytes
        self.localRecipientExists = localRecipientExists
    }

    public var idleTimeout: Double { settings.smtpdTimeout }

    public var maximumLineLength: Int? {
        switch state {
        case .data: nil
        // One byte more than the limit, so that a longer line is seen as too long.
        case .authenticating: settings.smtpdSASLResponseLimit + 1
        default: settings.lineLengthLimit
        }
    }

    /// `localhost[127.0.0.1]`, as Postfix names the client in its log.
    var clientName: String { "\(peer.hostname)[\(peer.address)]" }

    public mutating func start() -> [SessionAction] {
        guard case .notStarted = state else { return [] }
        log("connect from \(clientName)")
        if let problem = SMTPRestrictions.configurationProblem(settings.smtpdRecipientRestrictions)
        {
            // Postfix 2.x's smtpd exits at start-up with this error, so the client sees the
            // connection close without a greeting.
            log("fatal: \(problem)")
            close()
            return flush()
        }
        if case .broken(let warning) = settings.tls, settings.smtpdTLSSecurityLevel != .none {
            log(warning)
        }
        state = .command
        reply("220 \(settings.bannerText)", countsAsError: false)
        return flush()
    }

    public mutating func receive(line: [UInt8]) -> [SessionAction] {
        switch state {
        case .notStarted, .closed, .startingTLS:
            return []
        case .authenticating(let authentication):
            continueAuthentication(authentication, line: line)
        case .data(let buffer):
            receiveMessageLine(line, buffer: buffer)
        case .command:
            receiveCommand(line)
        }
        enforceHardErrorLimit()
        return flush()
    }

    public mutating func tlsEstablished(_ info: TLSInfo) -> [SessionAction] {
        guard case .startingTLS = state else { return [] }
        state = .command
        tlsInfo = info
        heloName = nil
        usedEHLO = false
        transaction = nil
        authenticated = nil
        if settings.smtpdTLSLogLevel >= 1 {
            log(
                "Anonymous TLS connection established from \(clientName): \(info.version)"
                    + " with cipher \(info.cipher) (\(info.secretBits)/\(info.algorithmBits) bits)")
        }
        emit(.tlsStarted(connectionID: peer.connectionID, info: info))
        return flush()
    }

    public mutating func tlsFailed(reason: String) -> [SessionAction] {
        guard case .startingTLS = state else { return [] }
        state = .closed
        log("SSL_accept error from \(clientName): \(reason)")
        log("lost connection after STARTTLS from \(clientName)")
        log("disconnect from \(clientName)")
        return flush()
    }

    public mutating func timedOut() -> [SessionAction] {
        switch state {
        case .notStarted, .closed, .startingTLS:
            return []
        default:
            break
        }
        reply("421 4.4.2 \(settings.myhostname) Error: timeout exceeded", countsAsError: false)
        log("timeout after \(stageName) from \(clientName)")
        close()
        return flush()
    }

    public mutating func connectionLost() -> [SessionAction] {
        switch state {
        case .notStarted, .closed:
            return []
        default:
            break
        }
        log("lost connection after \(stageName) from \(clientName)")
        log("disconnect from \(clientName)")
        state = .closed
        return flush()
    }

    /// The command name for the log, with the byte count inside DATA as Postfix shows it.
    private var stageName: String {
        if case .data(let buffer) = state {
            return "DATA (\(buffer.size) bytes)"
        }
        return lastCommand
    }

    // MARK: - Actions

    /// Queues a reply of one or more lines. From `smtpd_soft_error_limit` errors on, every
    /// reply first waits `smtpd_error_sleep_time` seconds, as Postfix does. A reply with a 4xx
    /// or 5xx code counts as an error unless `countsAsError` is false.
    mutating func reply(_ lines: [String], countsAsError: Bool? = nil) {
        guard let first = lines.first else { return }
        if errorCount >= settings.smtpdSoftErrorLimit {
            pending.append(.pause(seconds: settings.smtpdErrorSleepTime))
        }
        for line in lines {
            pending.append(.reply(line))
            emit(.replySent(connectionID: peer.connectionID, line: line))
        }
        let isError = countsAsError ?? (first.hasPrefix("4") || first.hasPrefix("5"))
        if isError {
            errorCount += 1
        }
    }

    mutating func reply(_ line: String, countsAsError: Bool? = nil) {
        reply([line], countsAsError: countsAsError)
    }

    mutating func log(_ line: String) {
        pending.append(.log(line))
    }

    mutating func emit(_ event: SessionEvent) {
        pending.append(.emit(event))
    }

    mutating func close() {
        if case .closed = state {
            return
        }
        state = .closed
        log("disconnect from \(clientName)")
        pending.append(.close)
    }

    private mutating func flush() -> [SessionAction] {
        defer { pending = [] }
        return pending
    }

    /// Ends the session once the errors reach `smtpd_hard_error_limit`, as Postfix checks
    /// before reading each command.
    private mutating func enforceHardErrorLimit() {
        guard errorCount >= settings.smtpdHardErrorLimit else { return }
        switch state {
        case .command:
            reply("421 4.7.0 \(settings.myhostname) Error: too many errors", countsAsError: false)
            log("too many errors after \(lastCommand) from \(clientName)")
            close()
        default:
            break
        }
    }
}

/// The client after a successful AUTH.
struct AuthenticatedClient: Sendable {
    var identity: SASLIdentity
    var mechanism: String
}
