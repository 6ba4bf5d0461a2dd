import Foundation

/// FreeBSD's printf(1) as a pure function. Its octal escapes differ from GNU's: an escape
/// that begins with `0` takes up to four digits (`\0000` is one NUL byte, `\01pw` is 0x01
/// then `pw`), any other up to three. The format is used again while arguments remain.
enum FreeBSDPrintf {
    struct Result: Equatable {
        var output: [UInt8] = []
        /// Messages for standard error, without the `printf: ` prefix.
        var errors: [String] = []
        var status: Int32 = 0
    }

    static func format(_ format: String, arguments: [String]) -> Result {
        let bytes = Array(format.utf8)
        var result = Result()
        var remaining = arguments[...]
        repeat {
            let consumedBefore = remaining.count
            if !formatOnce(bytes, arguments: &remaining, into: &result) { break }
            if remaining.count == consumedBefore { break }
        } while !remaining.isEmpty
        return result
    }

    /// Writes the format once; returns `false` when output must stop (`\c` in `%b`, or a
    /// format error).
    private static func formatOnce(
        _ bytes: [UInt8], arguments: inout ArraySlice<String>, into result: inout Result
    ) -> Bool {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") {
                index += 1
                let escaped = escape(bytes, at: &index, inPercentB: false)
                result.output += escaped.bytes
            } else if byte == UInt8(ascii: "%") {
                index += 1
                guard conversion(bytes, at: &index, arguments: &arguments, into: &result) else {
                    return false
                }
            } else {
                result.output.append(byte)
                index += 1
            }
        }
        return true
    }

    /// Decodes the escape whose backslash is just before `index` and moves past it. `stop`
    /// is set by `\c`, which only `%b` interprets.
    static func escape(
        _ bytes: [UInt8], at index: inout Int, inPercentB: Bool
    ) -> (bytes: [UInt8], stop: Bool) {
        guard index < bytes.count else { return ([UInt8(ascii: "\\")], false) }
        let character = bytes[index]
        if (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(character) {
            var digits = character == UInt8(ascii: "0") ? 4 : 3
            var value = 0
            while digits > 0, index < bytes.count,
                (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index])
            {
                value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                index += 1
                digits -= 1
            }
            return ([UInt8(truncatingIfNeeded: value)], false)
        }
        index += 1
        switch character {
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): return ([character], false)
        case UInt8(ascii: "a"): return ([0x07], false)
        case UInt8(ascii: "b"): return ([0x08], false)
        case UInt8(ascii: "f"): return ([0x0C], false)
        case UInt8(ascii: "n"): return ([0x0A], false)
        case UInt8(ascii: "r"): return ([0x0D], false)
        case UInt8(ascii: "t"): return ([0x09], false)
        case UInt8(ascii: "v"): return ([0x0B], false)
        case UInt8(ascii: "c") where inPercentB: return ([], true)
        default: return ([UInt8(ascii: "\\"), character], false)
        }
    }

    /// Formats one `%` conversion whose `%` is just before `index`; `false` stops output.
    private static func conversion(
        _ bytes: [UInt8], at index: inout Int, arguments: inout ArraySlice<String>,
        into result: inout Result
    ) -> Bool {
        if index < bytes.count && bytes[index] == UInt8(ascii: "%") {
            result.output.append(UInt8(ascii: "%"))
            index += 1
            return true
        }

        var flags = ""
        while index < bytes.count, "-+ #0".utf8.contains(bytes[index]) {
            flags.unicodeScalars.append(Unicode.Scalar(bytes[index]))
            index += 1
        }
        let width = number(bytes, at: &index, arguments: &arguments, into: &result)
        var precision: Int?
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            precision = number(bytes, at: &index, arguments: &arguments, into: &result) ?? 0
        }
        while index < bytes.count, "hlLqjtz".utf8.contains(bytes[index]) { index += 1 }
        guard index < bytes.count else {
            result.errors.append("missing format character")
            result.status = 1
            return false
        }

        let letter = Character(Unicode.Scalar(bytes[index]))
        index += 1
        let spec = Spec(flags: flags, width: width, precision: precision)
        switch letter {
        case "s":
            let text = Array((arguments.popFirst() ?? "").utf8)
            result.output += spec.pad(precision.map { Array(text.prefix($0)) } ?? text)
        case "b":
            let text = Array((arguments.popFirst() ?? "").utf8)
            let (expanded, stop) = expandPercentB(text)
            result.output += spec.pad(precision.map { Array(expanded.prefix($0)) } ?? expanded)
            if stop { return false }
        case "c":
            let text = Array((arguments.popFirst() ?? "").utf8)
            result.output += spec.pad(Array(text.prefix(1)))
        case "d", "i", "o", "u", "x", "X":
            let value = integer(arguments.popFirst(), into: &result)
            result.output += Array(spec.formatInteger(value, letter: letter).utf8)
        case "e", "E", "f", "F", "g", "G", "a", "A":
            let value = floatingPoint(arguments.popFirst(), into: &result)
            result.output += Array(spec.formatDouble(value, letter: letter).utf8)
        default:
            result.errors.append("illegal format character \(letter)")
            result.status = 1
            return false
        }
        return true
    }

    /// Reads a width or precision: digits, or `*` for the next argument.
    private static func number(
        _ bytes: [UInt8], at index: inout Int, arguments: inout ArraySlice<String>,
        into result: inout Result
    ) -> Int? {
        if index < bytes.count && bytes[index] == UInt8(ascii: "*") {
            index += 1
            return Int(clamping: integer(arguments.popFirst(), into: &result))
        }
        var value: Int?
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
            value = (value ?? 0) * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
        }
        return value
    }

    private static func expandPercentB(_ text: [UInt8]) -> ([UInt8], Bool) {
        var output: [UInt8] = []
        var index = 0
        while index < text.count {
            if text[index] == UInt8(ascii: "\\") {
                index += 1
                let escaped = escape(text, at: &index, inPercentB: true)
                output += escaped.bytes
                if escaped.stop { return (output, true) }
            } else {
                output.append(text[index])
                index += 1
            }
        }
        return (output, false)
    }

    /// Converts an argument as `strtoimax(…, 0)` does, with `'c` for a character's code.
    static func integer(_ argument: String?, into result: inout Result) -> Int64 {
        guard let argument, !argument.isEmpty else { return 0 }
        if let first = argument.first, first == "'" || first == "\"" {
            return Int64(argument.unicodeScalars.dropFirst().first?.value ?? 0)
        }
        errno = 0
        var end: UnsafeMutablePointer<CChar>?
        let value = argument.withCString { pointer -> Int64 in
            let converted = strtoll(pointer, &end, 0)
            if let end, end == UnsafeMutablePointer(mutating: pointer) {
                result.errors.append("\(argument): expected numeric value")
                result.status = 1
            } else if let end, end.pointee != 0 {
                result.errors.append("\(argument): not completely converted")
                result.status = 1
            } else if errno == ERANGE {
                result.errors.append("\(argument): Result too large")
                result.status = 1
            }
            return Int64(converted)
        }
        return value
    }

    private static func floatingPoint(_ argument: String?, into result: inout Result) -> Double {
        guard let argument, !argument.isEmpty else { return 0 }
        guard let value = Double(argument.trimmingCharacters(in: .whitespaces)) else {
            result.errors.append("\(argument): expected numeric value")
            result.status = 1
            return 0
        }
        return value
    }
}

/// The flags, width and precision of one conversion.
private struct Spec {
    var flags: String
    var width: Int?
    var precision: Int?

    func pad(_ bytes: [UInt8]) -> [UInt8] {
        guard let width, bytes.count < width else { return bytes }
        let padding = [UInt8](repeating: UInt8(ascii: " "), count: width - bytes.count)
        return flags.contains("-") ? bytes + padding : padding + bytes
    }

    private var prefix: String {
        var text = "%" + flags
        if let width { text += String(width) }
        if let precision { text += "." + String(precision) }
        return text
    }

    func formatInteger(_ value: Int64, letter: Character) -> String {
        switch letter {
        case "d", "i": return String(format: prefix + "lld", value)
        default: return String(format: prefix + "ll" + String(letter), UInt64(bitPattern: value))
        }
    }

    func formatDouble(_ value: Double, letter: Character) -> String {
        String(format: prefix + String(letter), value)
    }
}
