import MailProtocol

/// Bytes that crossed a connection's socket, exactly as on the wire: TLS records after the
/// handshake starts, plaintext before.
public struct WireChunk: Equatable, Sendable {
    public enum Direction: Equatable, Sendable {
        case fromClient
        case toClient
    }

    public var connectionID: Int
    public var service: ServiceKind
    public var direction: Direction
    /// Whether the bytes belong to TLS (the handshake or records after it).
    public var isTLS: Bool
    public var bytes: [UInt8]

    public init(
        connectionID: Int, service: ServiceKind, direction: Direction, isTLS: Bool,
        bytes: [UInt8]
    ) {
        self.connectionID = connectionID
        self.service = service
        self.direction = direction
        self.isTLS = isTLS
        self.bytes = bytes
    }
}

/// The handle of a wire tap, for `MailServer.removeWireTap(_:)`.
public struct WireTapID: Hashable, Sendable {
    let value: Int
}
