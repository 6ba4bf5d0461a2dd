/// Base64 as RFC 4648 defines it, with the standard alphabet and `=` padding.
///
/// Decoding is strict, like Cyrus SASL's `sasl_decode64`: the length must be a multiple of four,
/// only alphabet characters may appear, padding may only end the text, and no whitespace or
/// line break is skipped. A client's reply that fails these rules is a protocol error.
public enum Base64 {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// The 6-bit value of each byte, or -1 for a byte outside the alphabet.
    private static let values: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (index, byte) in alphabet.enumerated() {
            table[Int(byte)] = Int8(index)
        }
        return table
    }()

    public static func encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let group =
                UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
                | UInt32(bytes[index + 2])
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(alphabet[Int(group >> 6 & 0x3F)])
            output.append(alphabet[Int(group & 0x3F)])
            index += 3
        }
        let remaining = bytes.count - index
        if remaining == 1 {
            let group = UInt32(bytes[index]) << 16
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(UInt8(ascii: "="))
            output.append(UInt8(ascii: "="))
        } else if remaining == 2 {
            let group = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            output.append(alphabet[Int(group >> 18 & 0x3F)])
            output.append(alphabet[Int(group >> 12 & 0x3F)])
            output.append(alphabet[Int(group >> 6 & 0x3F)])
            output.append(UInt8(ascii: "="))
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes `text`, or returns `nil` when it is not strict base64. The empty text decodes to
    /// no bytes.
    public static func decode(_ text: String) -> [UInt8]? {
        decode(bytes: Array(text.utf8))
    }

    /// Decodes base64 given as bytes (a protocol line), with the same rules as `decode(_:)`.
    public static func decode(bytes input: [UInt8]) -> [UInt8]? {
        guard input.count % 4 == 0 else { return nil }
        let equals = UInt8(ascii: "=")
        var output: [UInt8] = []
        output.reserveCapacity(input.count / 4 * 3)
        var index = 0
        while index < input.count {
            let isLastGroup = index + 4 == input.count
            let c0 = values[Int(input[index])]
            let c1 = values[Int(input[index + 1])]
            guard c0 >= 0, c1 >= 0 else { return nil }
            let b2 = input[index + 2]
            let b3 = input[index + 3]
            let byte0 = UInt8(c0) << 2 | UInt8(c1) >> 4
            if b2 == equals {
                guard b3 == equals, isLastGroup else { return nil }
                output.append(byte0)
                break
            }
            let c2 = values[Int(b2)]
            guard c2 >= 0 else { return nil }
            let byte1 = UInt8(c1 & 0x0F) << 4 | UInt8(c2) >> 2
            if b3 == equals {
                guard isLastGroup else { return nil }
                output.append(byte0)
                output.append(byte1)
                break
            }
            let c3 = values[Int(b3)]
            guard c3 >= 0 else { return nil }
            output.append(byte0)
            output.append(byte1)
            output.append(UInt8(c2 & 0x03) << 6 | UInt8(c3))
            index += 4
        }
        return output
    }
}
