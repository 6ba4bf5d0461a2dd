/// The computations and the message syntax of DIGEST-MD5 (RFC 2831), shared by the server
/// mechanism and by clients in the lab.
public enum DigestMD5 {
    /// The values that enter the `response` and `rspauth` digests.
    public struct Parameters: Equatable, Sendable {
        public var username: String
        public var realm: String
        public var nonce: String
        public var cnonce: String
        public var nonceCount: String
        public var qop: String
        public var digestURI: String
        public var authzid: String?

        public init(
            username: String, realm: String, nonce: String, cnonce: String,
            nonceCount: String = "00000001", qop: String = "auth", digestURI: String,
            authzid: String? = nil
        ) {
            self.username = username
            self.realm = realm
            self.nonce = nonce
            self.cnonce = cnonce
            self.nonceCount = nonceCount
            self.qop = qop
            self.digestURI = digestURI
            self.authzid = authzid
        }
    }

    /// Computes `H(username:realm:password)`, the secret a server stores (RFC 2831, section 2.1.2.1).
    public static func secret(username: String, realm: String, password: [UInt8]) -> [UInt8] {
        MessageDigest.md5(Array("\(username):\(realm):".utf8) + password)
    }

    /// Computes the client's `response` value, in lowercase hex, from the stored secret.
    public static func response(secret: [UInt8], parameters: Parameters) -> String {
        digest(secret: secret, parameters: parameters, a2Prefix: "AUTHENTICATE")
    }

    /// Computes the server's `rspauth` value, which proves to the client that the server had
    /// the secret.
    public static func responseAuthentication(secret: [UInt8], parameters: Parameters) -> String {
        digest(secret: secret, parameters: parameters, a2Prefix: "")
    }

    private static func digest(secret: [UInt8], parameters: Parameters, a2Prefix: String)
        -> String
    {
        var a1 = secret + Array(":\(parameters.nonce):\(parameters.cnonce)".utf8)
        if let authzid = parameters.authzid {
            a1 += Array(":\(authzid)".utf8)
        }
        let a2 = Array("\(a2Prefix):\(parameters.digestURI)".utf8)
        let text =
            Hex.encode(MessageDigest.md5(a1)) + ":\(parameters.nonce):\(parameters.nonceCount)"
            + ":\(parameters.cnonce):\(parameters.qop):" + Hex.encode(MessageDigest.md5(a2))
        return Hex.encode(MessageDigest.md5(Array(text.utf8)))
    }

    /// Parses a `key=value, key="quoted value"` list, or returns `nil` for a syntax error or a
    /// repeated key. Keys are lowercased; backslash escapes in quoted values are removed.
    public static func parseDirectives(_ text: [UInt8]) -> [String: String]? {
        var result: [String: String] = [:]
        var index = 0
        func skipSpaceAndCommas() {
            while index < text.count, [0x20, 0x09, 0x2C].contains(text[index]) {
                index += 1
            }
        }
        skipSpaceAndCommas()
        while index < text.count {
            let keyStart = index
            while index < text.count, text[index] != UInt8(ascii: "="), text[index] != 0x2C {
                index += 1
            }
            guard index < text.count, text[index] == UInt8(ascii: "="), index > keyStart else {
                return nil
            }
            let key = String(decoding: text[keyStart..<index], as: UTF8.self)
                .trimmingSpaces().lowercased()
            index += 1
            var value: [UInt8] = []
            if index < text.count, text[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < text.count {
                    let byte = text[index]
                    index += 1
                    if byte == UInt8(ascii: "\\"), index < text.count {
                        value.append(text[index])
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else {
                        value.append(byte)
                    }
                }
                guard closed else { return nil }
            } else {
                while index < text.count, text[index] != 0x2C {
                    value.append(text[index])
                    index += 1
                }
            }
            guard result[key] == nil else { return nil }
            result[key] = String(decoding: value, as: UTF8.self).trimmingSpaces()
            skipSpaceAndCommas()
        }
        return result
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" {
            scalars.removeFirst()
        }
        while scalars.last == " " || scalars.last == "\t" {
            scalars.removeLast()
        }
        return String(scalars)
    }
}
