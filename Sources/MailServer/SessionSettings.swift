import MailProtocol

/// Stores the messages that sessions accept.
public protocol MessageDelivery: Sendable {
    /// Stores `delivery` for every recipient, durably, before returning. Runs on a worker
    /// thread, never on an event loop, so it may block on the disk. A thrown error makes the
    /// connection replace the session's next reply with `451 4.3.0 Error: queue file write error`.
    func deliver(_ delivery: Delivery) throws
}

/// What a listener gives each new connection. A reload replaces the whole value: connections
/// accepted afterwards get the new settings, open connections keep theirs.
public struct SessionSettings: Sendable {
    /// Creates the protocol session of a new connection, on that connection's event loop.
    public var makeSession: @Sendable (PeerInfo) -> any LineSession
    /// The context for `.startTLS` and for TLS from connect; nil when TLS is off or the key
    /// and certificate did not load. A `.startTLS` without one fails with `tlsFailed`.
    public var tls: TLSServerContext?
    /// The limit on simultaneous connections from one client address; nil for none.
    public var connectionLimit: ConnectionLimit?

    public init(
        tls: TLSServerContext? = nil, connectionLimit: ConnectionLimit? = nil,
        makeSession: @escaping @Sendable (PeerInfo) -> any LineSession
    ) {
        self.makeSession = makeSession
        self.tls = tls
        self.connectionLimit = connectionLimit
    }
}

/// A limit on simultaneous connections from one client address, like Postfix's
/// `smtpd_client_connection_count_limit`. A connection over the limit gets the rejection reply
/// and is closed; its session is never created.
public struct ConnectionLimit: Sendable {
    public var maximumPerClient: Int
    /// The reply line sent to the rejected client, without CRLF.
    public var rejectionReply: @Sendable (PeerInfo) -> String
    /// The mail log line for a rejection, given the client and its connection count including
    /// the rejected one; nil writes nothing.
    public var rejectionLogLine: (@Sendable (PeerInfo, Int) -> String)?

    public init(
        maximumPerClient: Int, rejectionReply: @escaping @Sendable (PeerInfo) -> String,
        rejectionLogLine: (@Sendable (PeerInfo, Int) -> String)? = nil
    ) {
        self.maximumPerClient = maximumPerClient
        self.rejectionReply = rejectionReply
        self.rejectionLogLine = rejectionLogLine
    }

    /// Postfix's limit (default 50), with the reply and warning that Postfix 3.7's smtpd sends
    /// and logs. `hostname` is `myhostname`; `service` is the master.cf service name.
    ///
    /// NOTE: Postfix exempts `smtpd_client_event_limit_exceptions` (by default `$mynetworks`,
    /// which contains 127.0.0.0/8) from this limit; the caller decides whether to apply it.
    public static func postfix(
        maximumPerClient: Int = 50, hostname: String, service: String = "smtp"
    ) -> ConnectionLimit {
        ConnectionLimit(
            maximumPerClient: maximumPerClient,
            rejectionReply: { peer in
                "421 4.7.0 \(hostname) Error: too many connections from \(peer.address)"
            },
            rejectionLogLine: { peer, count in
                "warning: Connection concurrency limit exceeded: \(count) from"
                    + " \(peer.hostname)[\(peer.address)] for service \(service)"
            })
    }
}

/// The session of a connection over its client's connection limit: one reply, then close.
struct RejectingSession: LineSession {
    var reply: String
    var logLine: String?

    mutating func start() -> [SessionAction] {
        var actions: [SessionAction] = []
        if let logLine {
            actions.append(.log(logLine))
        }
        actions.append(.reply(reply))
        actions.append(.close)
        return actions
    }

    mutating func receive(line: [UInt8]) -> [SessionAction] { [] }
    mutating func tlsEstablished(_ info: TLSInfo) -> [SessionAction] { [] }
    mutating func tlsFailed(reason: String) -> [SessionAction] { [.close] }
    mutating func timedOut() -> [SessionAction] { [.close] }
    var idleTimeout: Double { 10 }
    var maximumLineLength: Int? { 512 }
}
