import Foundation
import Testing

/// A lab whose key and certificate were made by the lab's own `openssl genrsa` and
/// `openssl req -subj` in `maillab shell`, with the handout's `smtpd_tls_*` lines appended to
/// `main.cf` there, on a lab prepared through step 2.0 with the SASL user `testuser`
/// (password `password`).
struct TLSLab {
    static let user = "testuser"
    static let password = "password"
    static let keyPath = "/usr/local/etc/postfix/postfix.key"

    let lab: TemporaryLab
    /// What `maillab shell` printed while setting the lab up.
    let setupOutput: String

    init(keyBits: Int = 2048) throws {
        lab = try TemporaryLab()
        // A new lab has SASL off; the reference solutions of Part 1 and 2.0 turn it on.
        let prepared = try runTool(
            maillabExecutable().path,
            ["prepare", "--through", "2.0", "--lab-dir", lab.url.path, "--lang", "en"],
            timeout: 120)
        try #require(prepared.status == 0, "maillab prepare: \(prepared.output) \(prepared.errors)")
        let tlsLines = [
            "smtpd_tls_cert_file = /usr/local/etc/postfix/postfix.crt",
            "smtpd_tls_key_file = \(Self.keyPath)",
            "smtpd_tls_loglevel = 1", "smtpd_tls_received_header = yes",
            "smtpd_tls_security_level = may", "smtp_tls_loglevel = 1",
            "smtp_tls_security_level = may", "smtp_tls_note_starttls_offer = yes",
        ]
        let subject = "/C=JP/ST=Tokyo/O=Lab/CN=lab.example.jp"
        let script = """
            saslpasswd2 -c -u `postconf -h myhostname` \(Self.user)
            \(Self.password)
            \(Self.password)
            cd /usr/local/etc/postfix
            openssl genrsa -out postfix.key \(keyBits)
            openssl req -new -x509 -days 365 -key postfix.key -out postfix.crt -subj \(subject)
            chmod 400 postfix.key postfix.crt
            printf '\(tlsLines.joined(separator: "\\n"))\\n' >> main.cf
            exit

            """
        let shell = try runTool(
            maillabExecutable().path, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
            input: script)
        try #require(shell.status == 0, "maillab shell failed: \(shell.output) \(shell.errors)")
        setupOutput = shell.output + shell.errors
    }

    /// Returns the host path of a sandbox path.
    func hostPath(_ sandboxPath: String) -> String {
        lab.url.appendingPathComponent("root").path + sandboxPath
    }

    var mailLog: String {
        (try? String(contentsOfFile: hostPath("/var/log/maillog"), encoding: .utf8)) ?? ""
    }

    /// The messages in `testuser`'s `Maildir/new`.
    var newMessages: [String] {
        let folder = hostPath("/home/\(Self.user)/Maildir/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.sorted().compactMap {
            try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)
        }
    }
}

/// `maillab serve` running on a `TLSLab`.
final class ServedTLSLab: @unchecked Sendable {
    let lab: TLSLab
    let server: ChildProcess
    let smtpPort: Int

    init(keyBits: Int = 2048) throws {
        lab = try TLSLab(keyBits: keyBits)
        server = try ChildProcess(
            maillabExecutable(), ["serve", "--lab-dir", lab.lab.url.path, "--lang", "en"])
        guard let port = server.output.waitFor(#"^SMTP\s+127\.0\.0\.1:(\d+)"#).flatMap(Int.init)
        else {
            server.terminate()
            throw FixtureError.serverDidNotStart(server.output.text + server.errors.text)
        }
        smtpPort = port
    }

    func stop() {
        server.terminate()
        lab.lab.remove()
    }
}
