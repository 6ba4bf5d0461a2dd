import COpenSSL

/// One-shot message digests through OpenSSL's EVP interface.
public enum MessageDigest {
    public static func md5(_ data: [UInt8]) -> [UInt8] { digest(data, EVP_md5()) }
    public static func sha1(_ data: [UInt8]) -> [UInt8] { digest(data, EVP_sha1()) }
    public static func sha256(_ data: [UInt8]) -> [UInt8] { digest(data, EVP_sha256()) }

    private static func digest(_ data: [UInt8], _ type: OpaquePointer?) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &output, &length, type, nil)
        }
        precondition(status == 1, "EVP_Digest failed")
        return Array(output.prefix(Int(length)))
    }
}

/// HMAC (RFC 2104) with the hash that a CRAM mechanism names.
public enum HMACDigest {
    public static func hmac(_ algorithm: CRAMAlgorithm, key: [UInt8], data: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // OpenSSL rejects a NULL key pointer, which an empty array may give.
        let keyStorage = key.isEmpty ? [0] : key
        let result = keyStorage.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                HMAC(
                    algorithm.evpType, keyBytes.baseAddress, Int32(key.count),
                    dataBytes.baseAddress?.assumingMemoryBound(to: UInt8.self), dataBytes.count,
                    &output, &length)
            }
        }
        precondition(result != nil, "HMAC failed")
        return Array(output.prefix(Int(length)))
    }
}

extension CRAMAlgorithm {
    fileprivate var evpType: OpaquePointer? {
        switch self {
        case .md5: EVP_md5()
        case .sha1: EVP_sha1()
        case .sha256: EVP_sha256()
        }
    }
}

/// Cryptographically strong random bytes from OpenSSL's generator.
public enum SecureRandom {
    public static func bytes(count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let status = RAND_bytes(&output, Int32(count))
        precondition(status == 1, "RAND_bytes failed")
        return output
    }
}

/// PBKDF2 (RFC 8018) with HMAC-SHA256 as its pseudorandom function.
enum PBKDF2 {
    static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: length)
        let passwordStorage = password.isEmpty ? [0] : password
        let saltStorage = salt.isEmpty ? [0] : salt
        let status = passwordStorage.withUnsafeBytes { passwordBytes in
            saltStorage.withUnsafeBytes { saltBytes in
                PKCS5_PBKDF2_HMAC(
                    passwordBytes.baseAddress?.assumingMemoryBound(to: CChar.self),
                    Int32(password.count),
                    saltBytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                    Int32(salt.count), Int32(iterations), EVP_sha256(), Int32(length), &output)
            }
        }
        precondition(status == 1, "PKCS5_PBKDF2_HMAC failed")
        return output
    }
}

/// Compares two byte strings in time that depends on their lengths only.
func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    guard left.count == right.count else { return false }
    guard !left.isEmpty else { return true }
    return left.withUnsafeBytes { leftBytes in
        right.withUnsafeBytes { rightBytes in
            CRYPTO_memcmp(leftBytes.baseAddress, rightBytes.baseAddress, left.count) == 0
        }
    }
}

enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Lowercase hexadecimal, as Cyrus and Courier write digests.
    static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes hexadecimal in either case, or returns `nil` for anything else.
    static func decode(_ text: Substring) -> [UInt8]? {
        let bytes = Array(text.utf8)
        guard bytes.count % 2 == 0 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count / 2)
        var index = 0
        while index < bytes.count {
            guard let high = value(bytes[index]), let low = value(bytes[index + 1]) else {
                return nil
            }
            output.append(high << 4 | low)
            index += 2
        }
        return output
    }

    private static func value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
