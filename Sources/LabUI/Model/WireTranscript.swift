/// The bytes of one connection as an eavesdropper on the link sees them, kept as lines for
/// the wire view: readable `C: ` and `S: ` lines until TLS starts, a hex dump after it.
///
/// A password that crosses the link readable (AUTH PLAIN's base64, the password line of AUTH
/// LOGIN, IMAP's LOGIN, POP3's PASS) is masked as `********` and marked as the moment the
/// eavesdropper would have read it. The password itself is never stored: a client line
/// stays in a small buffer only until its newline arrives, and is masked then.
public struct WireTranscript: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        case client
        case server

        var prefix: String {
            switch self {
            case .client: "C: "
            case .server: "S: "
            }
        }
    }

    enum PasswordForm: Hashable, Sendable {
        case base64
        case plaintext
    }

    enum Entry: Hashable, Sendable {
        case line(Direction, String)
        case password(Direction, String, PasswordForm)
        case tlsStarted
        case encrypted(Direction, [UInt8])
    }

    /// What the next client line is, after an AUTH command and the server's continuation.
    enum Expecting: Hashable, Sendable {
        case nothing
        /// The credentials of PLAIN, in base64.
        case plainCredentials
        /// LOGIN's user name, in base64, before its password.
        case loginUser
        case loginPassword
    }

    /// The raw bytes kept per connection; older entries are dropped past it.
    public static let maximumBytes = 64 * 1024
    /// Bytes per row of the hex dump, which fits the lesson pane of an 80-column terminal.
    static let hexBytesPerRow = 8
    /// A client or server line longer than this is shown in pieces of this size.
    static let maximumLineBytes = 4096

    private(set) var entries: [Entry] = []
    private var entrySizes: [Int] = []
    private var storedBytes = 0
    public private(set) var droppedBytes = 0
    private var partialClient: [UInt8] = []
    private var partialServer: [UInt8] = []
    private var expecting = Expecting.nothing
    private var tlsStarted = false

    public init() {}

    /// Adds a chunk of bytes in `direction`; `isTLS` chunks are encrypted records.
    public mutating func append(_ direction: Direction, isTLS: Bool, bytes: [UInt8]) {
        guard !bytes.isEmpty else {
            return
        }
        if isTLS {
            appendEncrypted(direction, bytes)
            return
        }
        for byte in bytes {
            let count: Int
            if direction == .client {
                partialClient.append(byte)
                count = partialClient.count
            } else {
                partialServer.append(byte)
                count = partialServer.count
            }
            if byte == 10 || count >= Self.maximumLineBytes {
                completeLine(direction)
            }
        }
    }

    private mutating func appendEncrypted(_ direction: Direction, _ bytes: [UInt8]) {
        if !tlsStarted {
            tlsStarted = true
            // Bytes before the handshake without a newline are still plaintext.
            flushPartial()
            store(.tlsStarted, size: 0)
        }
        if case .encrypted(let last, var previous) = entries.last, last == direction,
            previous.count + bytes.count <= Self.maximumLineBytes
        {
            previous.append(contentsOf: bytes)
            entries[entries.count - 1] = .encrypted(direction, previous)
            entrySizes[entrySizes.count - 1] += bytes.count
            storedBytes += bytes.count
            trim()
            return
        }
        store(.encrypted(direction, bytes), size: bytes.count)
    }

    private mutating func flushPartial() {
        if !partialClient.isEmpty {
            completeLine(.client)
        }
        if !partialServer.isEmpty {
            completeLine(.server)
        }
    }

    private mutating func completeLine(_ direction: Direction) {
        var bytes: [UInt8]
        if direction == .client {
            bytes = partialClient
            partialClient.removeAll()
        } else {
            bytes = partialServer
            partialServer.removeAll()
        }
        let size = bytes.count
        while let last = bytes.last, last == 10 || last == 13 {
            bytes.removeLast()
        }
        let text = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll()
        if direction == .server {
            noteServerLine(text)
            store(.line(.server, text), size: size)
        } else {
            store(clientEntry(text), size: size)
        }
    }

    /// A server line that is not a continuation (`334 …`, `+ …`) ends an AUTH exchange.
    private mutating func noteServerLine(_ text: String) {
        if !(text.hasPrefix("334") || text == "+" || text.hasPrefix("+ ")) {
            expecting = .nothing
        }
    }

    /// Returns the entry for a client line, masking the password it carries, and notes what
    /// the next client line will be.
    private mutating func clientEntry(_ text: String) -> Entry {
        let words = text.split(separator: " ", omittingEmptySubsequences: true)
        let upper = words.map { $0.uppercased() }
        let previous = expecting
        expecting = .nothing
        if text == "*" {
            return .line(.client, text)
        }
        switch previous {
        case .plainCredentials, .loginPassword:
            return .password(.client, "********", .base64)
        case .loginUser:
            expecting = .loginPassword
            return .line(.client, text)
        case .nothing:
            break
        }
        // SMTP and POP3 start with AUTH; IMAP puts a tag before AUTHENTICATE and LOGIN.
        let command = upper.first == "AUTH" ? 0 : (upper.count > 1 ? 1 : -1)
        if command >= 0, ["AUTH", "AUTHENTICATE"].contains(upper[command]),
            upper.count > command + 1
        {
            let mechanism = upper[command + 1]
            let hasInitialResponse = upper.count > command + 2
            let kept = words.prefix(command + 2).joined(separator: " ")
            switch mechanism {
            case "PLAIN" where hasInitialResponse:
                return .password(.client, kept + " ********", .base64)
            case "PLAIN":
                expecting = .plainCredentials
            case "LOGIN":
                expecting = hasInitialResponse ? .loginPassword : .loginUser
            default:
                break
            }
            return .line(.client, text)
        }
        if upper.count >= 4 && upper[1] == "LOGIN" {
            return .password(
                .client, words.prefix(3).joined(separator: " ") + " ********", .plaintext)
        }
        if upper.first == "PASS" && upper.count >= 2 {
            return .password(.client, String(words[0]) + " ********", .plaintext)
        }
        return .line(.client, text)
    }

    private mutating func store(_ entry: Entry, size: Int) {
        entries.append(entry)
        entrySizes.append(size)
        storedBytes += size
        trim()
    }

    private mutating func trim() {
        var drop = 0
        var removed = 0
        while storedBytes - removed > Self.maximumBytes && drop < entries.count - 1 {
            removed += entrySizes[drop]
            drop += 1
        }
        guard drop > 0 else {
            return
        }
        entries.removeFirst(drop)
        entrySizes.removeFirst(drop)
        storedBytes -= removed
        droppedBytes += removed
    }
}
