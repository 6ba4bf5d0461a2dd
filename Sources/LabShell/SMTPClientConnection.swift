import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A byte stream that an SMTP client talks over: the plain socket, or TLS on top of it.
public protocol SMTPClientTransport: AnyObject {
    /// Sends all of `bytes`; `false` when the connection is gone.
    func send(_ bytes: [UInt8]) -> Bool
    /// Returns the next bytes that arrive, an empty array when the peer closed the
    /// connection, or `nil` when `timeout` seconds passed or the connection failed.
    func receive(timeout: Double) -> [UInt8]?
}

/// A TLS session that a client opened on a connected socket.
public protocol SMTPClientTLSSession: SMTPClientTransport {
    /// `VERSION:CIPHER:BITS`, as swaks prints it (`TLSv1.3:TLS_AES_256_GCM_SHA384:256`).
    var cipherDescription: String { get }
    /// The subject of the server's certificate, in OpenSSL's one-line form
    /// (`/C=JP/ST=Osaka/O=Lab/CN=lab.example.jp`), or nil when the server sent none.
    var peerSubject: String? { get }
}

/// Starts client TLS on a connected socket. The TLS client of the lab shell implements it;
/// a shell without one has no TLS, as swaks without Net::SSLeay.
public protocol SMTPClientTLSStarter: Sendable {
    /// Performs the client handshake on `descriptor`, which stays owned by the caller, and
    /// returns the session, or an OpenSSL error text for the learner.
    func startTLS(descriptor: Int32, serverName: String)
        -> Result<any SMTPClientTLSSession, SMTPClientTLSError>
}

/// A failed client TLS handshake, with OpenSSL's error text
/// (`error:0A00010B:SSL routines::wrong version number`).
public struct SMTPClientTLSError: Error, Equatable {
    public var message: String

    public init(message: String) {
        self.message = message
    }
}

/// The plain TCP side of an SMTP client connection to 127.0.0.1.
final class SocketTransport: SMTPClientTransport {
    let connection: TelnetConnection

    init(connection: TelnetConnection) {
        self.connection = connection
    }

    func send(_ bytes: [UInt8]) -> Bool {
        connection.send(bytes)
    }

    func receive(timeout: Double) -> [UInt8]? {
        var descriptor = pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let milliseconds = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { return nil }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = buffer.withUnsafeMutableBytes {
                recv(connection.descriptor, $0.baseAddress, $0.count, 0)
            }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            return Array(buffer[..<count])
        }
    }
}

/// An SMTP client's connection: lines out with CRLF, replies in as lists of lines, over the
/// socket or, after `upgrade(to:)`, over TLS.
final class SMTPClientConnection {
    /// The outcome of reading one reply.
    enum ReadResult: Equatable {
        /// The lines of a complete reply, without CRLF.
        case reply([String])
        /// The server closed the connection; the lines read before that.
        case closed([String])
        /// No complete reply within the timeout; the lines read before that.
        case timedOut([String])
    }

    let socket: TelnetConnection
    private(set) var transport: any SMTPClientTransport
    private var pending: [UInt8] = []
    /// The seconds to wait for a reply, swaks's default `--timeout`.
    var timeout = 30.0

    init(socket: TelnetConnection) {
        self.socket = socket
        transport = SocketTransport(connection: socket)
    }

    var localPort: Int { socket.localPort }

    /// Switches to `session` for all later bytes. Bytes already buffered are dropped, as they
    /// came before the handshake.
    func upgrade(to session: any SMTPClientTransport) {
        pending = []
        transport = session
    }

    func send(line: String) -> Bool {
        transport.send(Array(line.utf8) + [0x0D, 0x0A])
    }

    func send(bytes: [UInt8]) -> Bool {
        transport.send(bytes)
    }

    /// Reads lines until one has a space after its three-digit code, the last line of a reply.
    func readReply() -> ReadResult {
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let end = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<end])
                pending.removeSubrange(...end)
                if line.last == 0x0D { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                lines.append(text)
                if SMTPClientConnection.isLastLine(text) { return .reply(lines) }
                continue
            }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0, let chunk = transport.receive(timeout: remaining) else {
                return .timedOut(lines)
            }
            guard !chunk.isEmpty else {
                if !pending.isEmpty {
                    lines.append(String(decoding: pending, as: UTF8.self))
                    pending = []
                }
                return .closed(lines)
            }
            pending += chunk
        }
    }

    static func isLastLine(_ line: String) -> Bool {
        let bytes = Array(line.utf8)
        guard bytes.count >= 4 else { return false }
        return bytes[0..<3].allSatisfy { (0x30...0x39).contains($0) } && bytes[3] == 0x20
    }
}
