/// What a protocol session asks its connection to do. The connection performs the actions in
/// order: a session never touches a socket, TLS, the clock or a file itself.
public enum SessionAction: Equatable, Sendable {
    /// Send one reply line; the connection appends CRLF.
    case reply(String)
    /// Wait this many seconds before performing the actions that follow (Postfix's error delay,
    /// Courier's five-second wait after a failed login).
    case pause(seconds: Double)
    /// Start the TLS handshake once the replies before it are flushed. Every byte that was
    /// already read from the client and not yet handed to the session is discarded first.
    case startTLS
    /// Store a message. When storing fails, the connection replaces the reply that follows
    /// with `451 4.3.0 Error: queue file write error`.
    case deliver(Delivery)
    /// Append a line to the lab's mail log (`/var/log/maillog`), without the date and host
    /// prefix, for example `warning: localhost[127.0.0.1]: SASL PLAIN authentication failed`.
    case log(String)
    /// Publish an event to the event bus.
    case emit(SessionEvent)
    /// Close the connection after flushing what was sent before.
    case close
}

/// A message accepted by a session, ready to be written into each recipient's Maildir.
public struct Delivery: Equatable, Sendable {
    public var queueID: String
    public var sender: String
    public var recipients: [String]
    /// The whole message as stored: trace headers first, lines ending in LF.
    public var message: [UInt8]

    public init(queueID: String, sender: String, recipients: [String], message: [UInt8]) {
        self.queueID = queueID
        self.sender = sender
        self.recipients = recipients
        self.message = message
    }
}

/// Facts about the connection that a session needs and cannot learn from the bytes.
public struct PeerInfo: Equatable, Sendable {
    /// The connection's id on the event bus.
    public var connectionID: Int
    public var address: String
    public var port: Int
    /// The name Postfix would show for the client, `localhost` for 127.0.0.1.
    public var hostname: String

    public init(connectionID: Int, address: String, port: Int, hostname: String) {
        self.connectionID = connectionID
        self.address = address
        self.port = port
        self.hostname = hostname
    }
}

/// The TLS parameters of an upgraded connection, as the Received header and the log show them.
public struct TLSInfo: Equatable, Sendable, Codable {
    /// `TLSv1.2` or `TLSv1.3`.
    public var version: String
    /// OpenSSL's cipher name, for example `TLS_AES_256_GCM_SHA384`.
    public var cipher: String
    public var secretBits: Int
    public var algorithmBits: Int
    /// The key-exchange group, for example `X25519`, which Postfix 3 shows; `nil` when unknown.
    public var keyExchange: String?
    /// The server's signature algorithm, for example `RSA-PSS`; `nil` when unknown.
    public var serverSignature: String?
    /// The bits of the server's signing key, for example 2048.
    public var serverSignatureBits: Int?
    /// The server's signature digest, for example `SHA256`.
    public var serverDigest: String?

    public init(
        version: String, cipher: String, secretBits: Int, algorithmBits: Int,
        keyExchange: String? = nil, serverSignature: String? = nil,
        serverSignatureBits: Int? = nil, serverDigest: String? = nil
    ) {
        self.version = version
        self.cipher = cipher
        self.secretBits = secretBits
        self.algorithmBits = algorithmBits
        self.keyExchange = keyExchange
        self.serverSignature = serverSignature
        self.serverSignatureBits = serverSignatureBits
        self.serverDigest = serverDigest
    }
}

/// A line-oriented server session (SMTP, IMAP, POP3) as a pure state machine.
public protocol LineSession {
    /// The greeting and anything else sent when the connection opens.
    mutating func start() -> [SessionAction]

    /// Handles one line from the client, without its CRLF (a bare LF also ends a line).
    mutating func receive(line: [UInt8]) -> [SessionAction]

    /// Called after a `.startTLS` action when the handshake succeeded.
    mutating func tlsEstablished(_ info: TLSInfo) -> [SessionAction]

    /// Called after a `.startTLS` action when the handshake failed; the connection then closes.
    mutating func tlsFailed(reason: String) -> [SessionAction]

    /// Called when the client stayed silent for `idleTimeout` seconds.
    mutating func timedOut() -> [SessionAction]

    /// Called when the client closed the connection or it broke, before the session closed
    /// it. Only `.log` and `.emit` actions are meaningful here.
    mutating func connectionLost() -> [SessionAction]

    /// Seconds of client silence before `timedOut()` (Postfix's `smtpd_timeout`, 300).
    var idleTimeout: Double { get }

    /// The longest line the session wants. The connection hands a longer line cut to this
    /// length and discards the rest of it; `nil` means no limit (SMTP DATA).
    var maximumLineLength: Int? { get }
}

extension LineSession {
    /// Does nothing: a session that logs nothing on a lost connection needs no code.
    public mutating func connectionLost() -> [SessionAction] { [] }
}
