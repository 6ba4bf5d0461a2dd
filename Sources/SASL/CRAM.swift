import Foundation

/// The keyed-hash challenge-response mechanisms of RFC 2195 and Courier's SHA variants.
public enum CRAMAlgorithm: String, Sendable, CaseIterable {
    case md5 = "CRAM-MD5"
    case sha1 = "CRAM-SHA1"
    case sha256 = "CRAM-SHA256"
}

/// The client side of CRAM and the challenges that the servers make.
public enum CRAM {
    /// "user <lowercase hex HMAC(password, challenge)>" — the text a client base64-encodes.
    public static func response(
        challenge: [UInt8], user: String, password: [UInt8], algorithm: CRAMAlgorithm
    ) -> String {
        let digest = HMACDigest.hmac(algorithm, key: password, data: challenge)
        return "\(user) \(Hex.encode(digest))"
    }

    /// Cyrus SASL's challenge: `<R.T@host>`, where R is a random 32-bit number in decimal and T
    /// the Unix time modulo 0xFFFFFF, for example `<780978014.1229718@lab.example.jp>`.
    public static func cyrusChallenge(randomBytes: [UInt8], time: Date, hostname: String)
        -> String
    {
        let number = randomBytes.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let seconds = Int64(time.timeIntervalSince1970.rounded(.down))
        let stamp = ((seconds % 0xFF_FFFF) + 0xFF_FFFF) % 0xFF_FFFF
        return "<\(number).\(stamp)@\(hostname)>"
    }

    /// Courier's challenge: `<` 32 upper-case hex digits of 16 random bytes `@host>`.
    public static func courierChallenge(randomBytes: [UInt8], hostname: String) -> String {
        "<\(Hex.encode(Array(randomBytes.prefix(16))).uppercased())@\(hostname)>"
    }
}
