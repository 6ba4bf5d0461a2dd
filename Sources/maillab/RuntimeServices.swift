import Foundation
import Glibc
import LabShell
import LabSystem

/// The runtime's services as the shells' `postfix`, rc.d scripts and `lsof` control them.
/// Postfix is the embedded SMTP server: a stop closes its listener, a start reads the
/// configuration and listens on the same real port again, and a reload re-reads `main.cf`
/// and `smtpd.conf` for the connections that follow. One control runs at a time.
final class RuntimeServices: LabServices, @unchecked Sendable {
    private unowned let runtime: LabRuntime
    private let lock = NSLock()

    init(runtime: LabRuntime) {
        self.runtime = runtime
    }

    func control(service: String, action: ServiceAction) -> ServiceControlResult {
        lock.lock()
        defer { lock.unlock() }
        guard service == "postfix" else {
            // TODO: start the IMAP and POP3 listeners here once the runtime has them; until
            // then the Courier and saslauthd rc.d scripts report that nothing runs.
            return ServiceControlResult(
                output: ["\(service): this lab does not run \(service) yet"], exitStatus: 1)
        }
        let pid = Int32(getpid())
        let running = runtime.isSMTPRunning
        var result = PostfixScript.result(of: action, isRunning: running, pid: pid)
        switch action {
        case .status:
            break
        case .stop:
            if running { runtime.stopSMTP() }
        case .reload:
            guard running else { break }
            do {
                try runtime.reload()
            } catch {
                result = ServiceControlResult(
                    output: ["postfix: fatal: \(error.message())"], exitStatus: 1)
            }
        case .start:
            guard !running else { break }
            result = start(after: [])
        case .restart:
            if running { runtime.stopSMTP() }
            let stopLine = running ? PostfixScript.stopping : PostfixScript.notRunningFatal
            result = start(after: [stopLine])
        }
        runtime.flushMailLog()
        return result
    }

    private func start(after earlier: [String]) -> ServiceControlResult {
        do {
            try runtime.startSMTP()
        } catch {
            return ServiceControlResult(
                output: earlier + ["postfix: fatal: \(error.message(.en))"], exitStatus: 1)
        }
        return ServiceControlResult(output: earlier + [PostfixScript.starting], exitStatus: 0)
    }

    func listeningServices() -> [ListeningService] {
        guard runtime.isSMTPRunning else { return [] }
        return [
            ListeningService(
                command: "master", labPort: 25, realPort: runtime.smtp.port,
                pid: Int32(getpid()))
        ]
    }
}
