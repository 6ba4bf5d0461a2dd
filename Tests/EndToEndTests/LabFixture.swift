import Foundation
import Testing

/// A lab folder laid by `maillab prepare --through 2.0`, so Parts 1 and 2.0 are done and the
/// SASL user `testuser` (password `password`) is registered, with `maillab serve` running on it.
/// `shellScript` runs in `maillab shell` before the server starts, for extra settings.
final class ServedLab: @unchecked Sendable {
    static let user = "testuser"
    static let password = "password"

    let lab: TemporaryLab
    let server: ChildProcess
    let smtpPort: Int

    init(shellScript: String = "") throws {
        lab = try TemporaryLab()
        let prepared = try runTool(
            maillabExecutable().path,
            ["prepare", "--through", "2.0", "--lab-dir", lab.url.path, "--lang", "en"],
            timeout: 120)
        try #require(
            prepared.status == 0, "maillab prepare failed: \(prepared.output) \(prepared.errors)")
        if !shellScript.isEmpty {
            let shell = try runTool(
                maillabExecutable().path, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
                input: shellScript + "\nexit\n")
            try #require(shell.status == 0, "maillab shell failed: \(shell.output) \(shell.errors)")
        }

        server = try ChildProcess(
            maillabExecutable(), ["serve", "--lab-dir", lab.url.path, "--lang", "en"])
        guard let port = server.output.waitFor(#"^SMTP\s+127\.0\.0\.1:(\d+)"#).flatMap(Int.init)
        else {
            server.terminate()
            throw FixtureError.serverDidNotStart(server.output.text + server.errors.text)
        }
        smtpPort = port
    }

    /// The messages in a user's `Maildir/new`, oldest first.
    func newMessages(of user: String) -> [String] {
        let folder = lab.url.appendingPathComponent("root/home/\(user)/Maildir/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    func stop() {
        server.terminate()
        lab.remove()
    }
}

enum FixtureError: Error {
    case serverDidNotStart(String)
}
