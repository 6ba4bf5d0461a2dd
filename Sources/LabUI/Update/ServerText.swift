/// Recognition of the console lines that F2 and F3 paste from.
enum ServerText: Hashable {
    /// A server's SASL challenge, `334 <base64>` in SMTP or `+ <base64>` in IMAP and POP3,
    /// with the base64 text.
    case challenge(String)
    /// `Send this response:` alone, as `userdb-test-cram-md5` prints it; the response
    /// follows on the next line.
    case responseFollows
    /// `Send this response: <text>` on one line.
    case response(String)

    static func classify(_ line: String) -> ServerText? {
        if let rest = line.dropPrefix("334 ") ?? line.dropPrefix("+ "), isBase64(rest) {
            return .challenge(String(rest))
        }
        var trimmed = Substring(line.trimmingSpaces())
        if trimmed.hasPrefix("+ ") {
            trimmed = trimmed.dropFirst(2)
        }
        guard let rest = trimmed.dropPrefix("Send this response:") else {
            return nil
        }
        let response = String(rest).trimmingSpaces()
        return response.isEmpty ? .responseFollows : .response(response)
    }

    /// Whether `text` looks like base64: at least four characters of the base64 alphabet,
    /// a length that is a multiple of four, and `=` padding only at the end.
    static func isBase64(_ text: Substring) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 4 && bytes.count % 4 == 0 else {
            return false
        }
        var padding = 0
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "="):
                padding += 1
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                if padding > 0 {
                    return false
                }
            default:
                return false
            }
        }
        return padding <= 2
    }
}

extension StringProtocol {
    fileprivate func dropPrefix(_ prefix: String) -> SubSequence? {
        hasPrefix(prefix) ? self[index(startIndex, offsetBy: prefix.count)...] : nil
    }
}
