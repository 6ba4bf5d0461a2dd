/// An error in a stored sasldb text.
public enum SASLDatabaseError: Error, Equatable, Sendable {
    /// The first line is not `#maillab-sasldb 1`.
    case invalidHeader
    /// A line that does not parse. `line` counts from 1 and `reason` describes the problem.
    case invalidEntry(line: Int, reason: String)
    /// The same user and realm appear twice.
    case duplicateEntry(line: Int, user: String, realm: String)
}

/// The text format: a header line, then one account per line as space-separated `key=value`
/// fields. `user` and `realm` are percent-encoded; the verifiers are lowercase hexadecimal:
///
///     #maillab-sasldb 1
///     user=testuser realm=lab.example.jp pbkdf2-sha256=4096:<salt>:<hash> hmac-md5=<outer><inner> …
///
/// `hmac-*` use Courier's `userdb` layout (outer state, then inner state) and `digest-md5` is
/// `H(user:realm:password)`. Every field but `user` and `realm` is optional; an unknown key is
/// an error, so that nothing in a file is silently dropped.
extension SASLDatabase {
    static let header = "#maillab-sasldb 1"

    public init(serialized: [UInt8]) throws(SASLDatabaseError) {
        self.init()
        guard !serialized.isEmpty else { return }
        let text = String(decoding: serialized, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" {
            lines.removeLast()
        }
        guard lines.first == Self.header[...] else { throw .invalidHeader }
        for (offset, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let number = offset + 1
            let (account, secrets) = try Self.parseEntry(line, number: number)
            guard entries[account] == nil else {
                throw .duplicateEntry(line: number, user: account.user, realm: account.realm)
            }
            entries[account] = secrets
        }
    }

    public func serialized() -> [UInt8] {
        var text = Self.header + "\n"
        for account in users {
            guard let secrets = entries[account] else { continue }
            var fields = [
                "user=" + PercentEncoding.encode(account.user),
                "realm=" + PercentEncoding.encode(account.realm),
            ]
            if let verifier = secrets.passwordVerifier {
                fields.append(
                    "pbkdf2-sha256=\(verifier.iterations):\(Hex.encode(verifier.salt))"
                        + ":\(Hex.encode(verifier.hash))")
            }
            for algorithm in CRAMAlgorithm.allCases {
                if let state = secrets.hmacStates[algorithm] {
                    fields.append("\(algorithm.fieldName)=\(state.userdbHex)")
                }
            }
            if let secret = secrets.digestMD5Secret {
                fields.append("digest-md5=" + Hex.encode(secret))
            }
            text += fields.joined(separator: " ") + "\n"
        }
        return Array(text.utf8)
    }

    private static func parseEntry(_ line: Substring, number: Int) throws(SASLDatabaseError)
        -> (SASLUser, SASLSecrets)
    {
        var user: String?
        var realm: String?
        var secrets = SASLSecrets()
        for field in line.split(separator: " ") {
            guard let equals = field.firstIndex(of: "=") else {
                throw .invalidEntry(line: number, reason: "field without '='")
            }
            let key = field[..<equals]
            let value = field[field.index(after: equals)...]
            switch key {
            case "user":
                user = PercentEncoding.decode(value)
                guard user != nil else {
                    throw .invalidEntry(line: number, reason: "invalid percent-encoding in user")
                }
            case "realm":
                realm = PercentEncoding.decode(value)
                guard realm != nil else {
                    throw .invalidEntry(line: number, reason: "invalid percent-encoding in realm")
                }
            case "pbkdf2-sha256":
                secrets.passwordVerifier = try parseVerifier(value, number: number)
            case "digest-md5":
                guard let secret = Hex.decode(value), secret.count == 16 else {
                    throw .invalidEntry(line: number, reason: "digest-md5 is not 32 hex digits")
                }
                secrets.digestMD5Secret = secret
            default:
                guard let algorithm = CRAMAlgorithm.allCases.first(where: { $0.fieldName == key })
                else {
                    throw .invalidEntry(line: number, reason: "unknown field '\(key)'")
                }
                guard
                    let state = HMACPrecomputedState(algorithm: algorithm, userdbHex: String(value))
                else {
                    throw .invalidEntry(line: number, reason: "\(key) has the wrong length")
                }
                secrets.hmacStates[algorithm] = state
            }
        }
        guard let user, let realm else {
            throw .invalidEntry(line: number, reason: "user or realm missing")
        }
        return (SASLUser(user: user, realm: realm), secrets)
    }

    private static func parseVerifier(_ value: Substring, number: Int) throws(SASLDatabaseError)
        -> PasswordVerifier
    {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let iterations = Int(parts[0]), iterations > 0,
            let salt = Hex.decode(parts[1]), let hash = Hex.decode(parts[2]), !hash.isEmpty
        else {
            throw .invalidEntry(line: number, reason: "pbkdf2-sha256 is not ROUNDS:SALT:HASH")
        }
        return PasswordVerifier(iterations: iterations, salt: salt, hash: hash)
    }
}

extension CRAMAlgorithm {
    fileprivate var fieldName: Substring {
        switch self {
        case .md5: "hmac-md5"
        case .sha1: "hmac-sha1"
        case .sha256: "hmac-sha256"
        }
    }
}

/// Percent-encoding of every byte outside letters, digits and `-._@+`, so that a name never
/// contains the format's separators.
enum PercentEncoding {
    static func encode(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            if isPlain(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += "%" + Hex.encode([byte]).uppercased()
            }
        }
        return output
    }

    static func decode(_ text: Substring) -> String? {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%") {
                guard index + 2 < bytes.count,
                    let value = Hex.decode(text.utf8Slice(index + 1, index + 3))
                else { return nil }
                output += value
                index += 3
            } else {
                guard isPlain(bytes[index]) else { return nil }
                output.append(bytes[index])
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }

    private static func isPlain(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "@"),
            UInt8(ascii: "+"):
            true
        default:
            false
        }
    }
}

extension Substring {
    /// Returns the characters between two UTF-8 offsets, for ASCII-only text.
    fileprivate func utf8Slice(_ start: Int, _ end: Int) -> Substring {
        let from = utf8.index(utf8.startIndex, offsetBy: start)
        let to = utf8.index(utf8.startIndex, offsetBy: end)
        return self[from..<to]
    }
}
