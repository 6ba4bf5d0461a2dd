import Foundation
import Glibc

/// ISO 8601 timestamps in UTC with milliseconds, `2026-12-04T13:44:10.123Z`, for the journal.
/// Foundation's `.iso8601` strategy drops the fraction, which would lose the order of the
/// events within one second.
enum JournalDate {
    /// Rounds `date` down to a whole millisecond, so that it survives a round trip exactly.
    static func truncatedToMilliseconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
        var seconds = time_t(milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000)
        let fraction = Int(milliseconds - Int64(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900,
            Int(parts.tm_mon) + 1, Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min),
            Int(parts.tm_sec), fraction)
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS` with an optional fraction and a final `Z`.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.last == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int32? {
            var value: Int32 = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int32(byte - 0x30)
            }
            return value
        }
        let separators: [(Int, Character)] = [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":")]
        for (index, separator) in separators where bytes[index] != separator.asciiValue {
            return nil
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16),
            let second = number(17..<19), (1...12).contains(month), (1...31).contains(day),
            hour < 24, minute < 60, second < 61
        else { return nil }
        var fraction = 0.0
        if bytes.count > 20 {
            guard bytes[19] == UInt8(ascii: "."), bytes.count > 21, bytes.count - 21 <= 9,
                let digits = number(20..<bytes.count - 1)
            else { return nil }
            fraction = Double(digits) / pow(10, Double(bytes.count - 21))
        }
        var parts = tm()
        parts.tm_year = year - 1900
        parts.tm_mon = month - 1
        parts.tm_mday = day
        parts.tm_hour = hour
        parts.tm_min = minute
        parts.tm_sec = second
        let seconds = timegm(&parts)
        if bytes.count - 21 == 3 {
            // Milliseconds, as written by `format`: the same arithmetic as the writer's.
            let milliseconds = Int64(seconds) * 1000 + Int64((fraction * 1000).rounded())
            return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}
