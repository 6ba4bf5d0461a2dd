import Foundation

/// The test message swaks sends after DATA: its default headers, the `--header` lines (each
/// replaces a default header of the same name or is added after `X-Mailer`), a blank line,
/// the body, and the lines swaks ends its data with.
struct SwaksMessage {
    static let version = "20201014.0"
    static let mailer = "swaks v\(version) jetmore.org/john/code/swaks/"
    static let defaultBody = "This is a test mailing"

    var to: String
    var from: String
    var hostname: String
    var date: Date
    var processID: Int
    var timeZone: TimeZone = .current
    var headers: [String] = []
    var body: String?

    /// The lines of the data, without CRLF, ending with the terminating `.`.
    var lines: [String] {
        let dateText = SwaksMessage.rfc2822(date, timeZone: timeZone)
        var header: [(name: String, line: String)] = [
            ("date", "Date: \(dateText)"), ("to", "To: \(to)"), ("from", "From: \(from)"),
            ("subject", "Subject: test \(dateText)"),
            ("message-id", "Message-Id: <\(messageID)>"),
            ("x-mailer", "X-Mailer: \(SwaksMessage.mailer)"),
        ]
        for line in headers {
            let name = line.prefix { $0 != ":" }.lowercased()
            if let position = header.firstIndex(where: { $0.name == name }) {
                header[position].line = line
            } else {
                header.append((name, line))
            }
        }
        let bodyLines = (body ?? SwaksMessage.defaultBody)
            .replacingOccurrences(of: "\\n", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Dot-stuffing: a body line that starts with "." gets a second one, as SMTP requires.
        let stuffed = bodyLines.map { $0.hasPrefix(".") ? "." + $0 : $0 }
        return header.map(\.line) + [""] + stuffed + ["", "", "."]
    }

    /// `YYYYMMDDhhmmss.PID@host`, swaks's Message-Id.
    var messageID: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents(
            [.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp =
            pad(parts.year ?? 0, 4) + pad(parts.month ?? 0, 2) + pad(parts.day ?? 0, 2)
            + pad(parts.hour ?? 0, 2) + pad(parts.minute ?? 0, 2) + pad(parts.second ?? 0, 2)
        return "\(stamp).\(pad(processID, 6))@\(hostname)"
    }

    /// `Fri, 04 Dec 2026 15:07:48 +0000`, the date format swaks writes.
    static func rfc2822(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
