extension WireTranscript {
    /// Returns the wire view's lines in `language`: one line a protocol line, `********` with
    /// a mark below it where a password went over readable, and a hex dump with printable
    /// ASCII beside it once TLS has started.
    public func lines(_ language: Language) -> [String] {
        var result: [String] = []
        if droppedBytes > 0 {
            result.append(UIText.wireDropped(droppedBytes).text(language))
        }
        for entry in entries {
            switch entry {
            case .line(let direction, let text):
                result.append(direction.prefix + text)
            case .password(let direction, let masked, let form):
                result.append(direction.prefix + masked)
                let mark: UIText = form == .base64 ? .wirePasswordBase64 : .wirePasswordPlaintext
                result.append("   " + mark.text(language))
            case .tlsStarted:
                result.append(UIText.wireTLSStarted.text(language))
            case .encrypted(let direction, let bytes):
                result += Self.hexRows(direction, bytes)
            }
        }
        return result
    }

    static func hexRows(_ direction: Direction, _ bytes: [UInt8]) -> [String] {
        var rows: [String] = []
        var start = 0
        while start < bytes.count {
            let row = bytes[start..<min(start + hexBytesPerRow, bytes.count)]
            var hex = ""
            var ascii = ""
            for byte in row {
                if !hex.isEmpty {
                    hex += " "
                }
                hex += hexDigits(byte)
                ascii.append(byte >= 0x20 && byte < 0x7F ? Character(Unicode.Scalar(byte)) : ".")
            }
            let padding = String(repeating: " ", count: (hexBytesPerRow - row.count) * 3)
            rows.append(direction.prefix + hex + padding + "  " + ascii)
            start += hexBytesPerRow
        }
        return rows
    }

    private static func hexDigits(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
