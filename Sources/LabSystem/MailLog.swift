import Foundation

/// Appends syslog lines to the sandbox's `/var/log/maillog` the way FreeBSD's syslogd writes
/// Postfix's messages: `Dec  4 14:11:14 lab postfix/smtpd[1234]: connect from localhost[127.0.0.1]`.
public struct MailLog: Sendable {
    public static let defaultPath = "/var/log/maillog"
    /// The host name syslogd writes: FreeBSD's syslogd drops the local domain, so
    /// `lab.example.jp` logs as `lab`.
    public static let defaultHostname = "lab"

    public var sandbox: Sandbox
    public var path: String
    public var hostname: String
    public var timeZone: TimeZone

    public init(
        sandbox: Sandbox, path: String = MailLog.defaultPath,
        hostname: String = MailLog.defaultHostname, timeZone: TimeZone = .current
    ) {
        self.sandbox = sandbox
        self.path = path
        self.hostname = hostname
        self.timeZone = timeZone
    }

    /// Appends one line. `program` is the syslog tag (`postfix/smtpd`), `message` the text
    /// after `: `; control characters in it are written as `^X`, as syslogd does.
    public func append(
        program: String, pid: Int, message: String, time: Date = Date()
    ) throws(SandboxError) {
        let line = format(program: program, pid: pid, message: message, time: time)
        try sandbox.appendFile(path, contents: Array((line + "\n").utf8), mode: 0o640)
    }

    /// The line `append` writes, without its newline.
    public func format(program: String, pid: Int, message: String, time: Date) -> String {
        "\(MailLog.timestamp(time, timeZone: timeZone)) \(hostname) \(program)[\(pid)]: "
            + MailLog.escapeControlCharacters(message)
    }

    /// `Mmm dd HH:MM:SS` with the day padded by a space, in English whatever the locale.
    public static func timestamp(_ time: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute, .second], from: time)
        let months = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ]
        let month = months[(parts.month ?? 1) - 1]
        let day = parts.day ?? 1
        let dayText = day < 10 ? " \(day)" : "\(day)"
        return "\(month) \(dayText) \(twoDigits(parts.hour)):\(twoDigits(parts.minute)):"
            + twoDigits(parts.second)
    }

    private static func twoDigits(_ value: Int?) -> String {
        let number = value ?? 0
        return number < 10 ? "0\(number)" : "\(number)"
    }

    static func escapeControlCharacters(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                output.append("^")
                output.unicodeScalars.append(Unicode.Scalar(UInt8(scalar.value ^ 0x40)))
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
