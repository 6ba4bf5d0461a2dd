import Dispatch
import Foundation
import Glibc
import LabSystem

/// Appends the servers' lines to the sandbox's `/var/log/maillog` on a queue of its own, so an
/// event loop that logs never waits for the disk. Lines keep their order. Like syslogd, it
/// does not sync each line: the journal, not the mail log, is what grading relies on.
final class MailLogWriter: @unchecked Sendable {
    private let mailLog: MailLog
    private let queue = DispatchQueue(label: "maillab.maillog")
    private var descriptor: Int32 = -1  // used only on queue
    private let pid = Int(getpid())

    init(mailLog: MailLog) {
        self.mailLog = mailLog
    }

    func append(_ message: String, program: String = "postfix/smtpd") {
        let time = Date()
        queue.async { [self] in
            let line = mailLog.format(program: program, pid: pid, message: message, time: time)
            write(Array((line + "\n").utf8))
        }
    }

    /// Waits until every line appended so far is written.
    func flush() {
        queue.sync {}
    }

    private func write(_ bytes: [UInt8]) {
        if descriptor < 0 {
            guard let resolved = try? mailLog.sandbox.resolve(mailLog.path) else { return }
            descriptor = open(
                resolved.hostPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard descriptor >= 0 else { return }
        }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                Glibc.write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            offset += count
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }
}
