import Foundation
import Testing

@testable import LabSystem

@Suite("MailLog")
struct MailLogTests {
    static let utc = TimeZone(identifier: "UTC")!

    @Test("lines look like FreeBSD syslogd's")
    func format() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/var/log", intermediates: true)
        let log = MailLog(sandbox: sandbox, timeZone: Self.utc)
        // 2026-12-04 14:11:14 UTC
        let time = Date(timeIntervalSince1970: 1_796_393_474)
        try log.append(
            program: "postfix/smtpd", pid: 1234, message: "connect from localhost[127.0.0.1]",
            time: time)
        try log.append(
            program: "postfix/smtpd", pid: 1234, message: "a\r\nb",
            time: time.addingTimeInterval(86400 * 10))
        let text = String(decoding: try sandbox.readFile("/var/log/maillog"), as: UTF8.self)
        #expect(
            text == """
                Dec  4 14:11:14 lab postfix/smtpd[1234]: connect from localhost[127.0.0.1]
                Dec 14 14:11:14 lab postfix/smtpd[1234]: a^M^Jb

                """)
    }

    @Test("time stamps pad the day with a space")
    func timestamp() {
        let january = Date(timeIntervalSince1970: 1_767_236_645)  // 2026-01-01 03:04:05 UTC
        #expect(MailLog.timestamp(january, timeZone: Self.utc) == "Jan  1 03:04:05")
    }
}
