import Course
import Foundation
import LabSystem
import Testing

@testable import maillab

/// The SMTP server's TLS settings as `LabRuntime` loads them at start and at each reload.
@Suite("smtpd TLS settings across reloads", .serialized)
struct TLSReloadTests {
    static let directory = "/usr/local/etc/postfix"

    /// A running lab with a key and certificate made by the real `openssl` in the sandbox.
    final class Lab {
        let temporary: TemporaryLab
        let runtime: LabRuntime

        init() throws {
            temporary = try TemporaryLab()
            runtime = try LabRuntime(
                folder: LabFolder(url: temporary.url), smtpPort: nil, owner: "TLS reload test")
            // A new lab has SASL off; the reference solutions of Part 1 turn it on.
            let lessons = try #require(Resources.lessons, "the Lessons folder")
            let lesson = try LessonLoader.load(folder: lessons.appendingPathComponent("lesson09"))
            let steps = try #require(
                LabPreparation.stepsToPlay(through: "1.10", in: lesson, results: []))
            try LabPreparation.play(steps, lesson: lesson, runtime: runtime, language: .en)
            try makeKey(bits: 2048, name: "postfix")
        }

        func host(_ path: String) -> String { runtime.sandbox.root.path + path }

        /// Makes `NAME.key` and `NAME.crt` in the Postfix directory.
        func makeKey(bits: Int, name: String) throws {
            let key = host("\(TLSReloadTests.directory)/\(name).key")
            let certificate = host("\(TLSReloadTests.directory)/\(name).crt")
            let made = try runTool(
                "/usr/bin/openssl",
                [
                    "req", "-x509", "-newkey", "rsa:\(bits)", "-nodes", "-keyout", key, "-out",
                    certificate, "-days", "30", "-subj", "/CN=lab.example.jp",
                ])
            try #require(made.status == 0, "openssl req: \(made.errors)")
        }

        func appendMainCF(_ lines: [String]) throws {
            let path = PostfixRuntimeConfiguration.mainCFPath
            try runtime.sandbox.appendFile(
                path, contents: Array((lines.joined(separator: "\n") + "\n").utf8))
        }

        var mailLog: String {
            (try? String(contentsOfFile: host("/var/log/maillog"), encoding: .utf8)) ?? ""
        }

        /// Runs EHLO, an optional MAIL, then STARTTLS with Python's smtplib and returns what
        /// it printed.
        func probe(mailFirst: Bool = false) throws -> String {
            let script = """
                import smtplib, ssl, sys
                port, mail_first = int(sys.argv[1]), sys.argv[2] == "1"
                with smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=20) as s:
                    s.ehlo()
                    print("offers", s.has_extn("starttls"), "auth", s.has_extn("auth"))
                    if mail_first:
                        print("mail", s.docmd("MAIL FROM:<student@lab.example.jp>"))
                    code, text = s.docmd("STARTTLS")
                    print("starttls", code, text.decode())
                    if code == 220:
                        context = ssl.create_default_context()
                        context.check_hostname = False
                        context.verify_mode = ssl.CERT_NONE
                        s.sock = context.wrap_socket(s.sock)
                        s.file = None
                        s.ehlo()
                        print("tls", s.sock.version(), s.sock.cipher()[0], "auth", s.has_extn("auth"))
                """
            let result = try runTool(
                "/usr/bin/python3",
                ["-c", script, String(runtime.smtp.port), mailFirst ? "1" : "0"])
            #expect(result.status == 0, "python3: \(result.errors)")
            return result.output
        }

        func stop() {
            runtime.stop()
            temporary.remove()
        }
    }

    static let tlsLines = [
        "smtpd_tls_cert_file = \(directory)/postfix.crt",
        "smtpd_tls_key_file = \(directory)/postfix.key",
        "smtpd_tls_security_level = may",
    ]

    @Test("reload turns STARTTLS on")
    func reloadTurnsTLSOn() throws {
        let lab = try Lab()
        defer { lab.stop() }
        let before = try lab.probe()
        #expect(before.contains("offers False"))
        #expect(before.contains("starttls 502 5.5.1 Error: command not implemented"))

        try lab.appendMainCF(Self.tlsLines)
        try lab.runtime.reload()
        let after = try lab.probe()

        #expect(after.contains("offers True"))
        #expect(after.contains("starttls 220 2.0.0 Ready to start TLS"))
        #expect(after.contains("tls TLSv1.3 TLS_AES_256_GCM_SHA384"))
    }

    @Test(
        "broken key or certificate gets 454",
        arguments: ["weak key", "missing key", "mode 000 key", "garbage certificate", "mismatch"])
    func brokenFilesGet454(problem: String) throws {
        let lab = try Lab()
        defer { lab.stop() }
        let key = lab.host("\(Self.directory)/postfix.key")
        let certificate = lab.host("\(Self.directory)/postfix.crt")
        var expected =
            "warning: cannot get RSA private key from file \"\(Self.directory)/postfix.key\""
        switch problem {
        case "weak key":
            try lab.makeKey(bits: 1024, name: "postfix")
        case "missing key":
            try FileManager.default.removeItem(atPath: key)
        case "mode 000 key":
            try lab.runtime.sandbox.setMode(0, of: "\(Self.directory)/postfix.key")
        case "garbage certificate":
            try "not a certificate\n".write(toFile: certificate, atomically: true, encoding: .utf8)
            expected =
                "warning: cannot get RSA certificate from file \"\(Self.directory)/postfix.crt\""
        default:
            try lab.makeKey(bits: 2048, name: "other")
            try FileManager.default.removeItem(atPath: key)
            try FileManager.default.moveItem(
                atPath: lab.host("\(Self.directory)/other.key"), toPath: key)
        }
        try lab.appendMainCF(Self.tlsLines)

        try lab.runtime.reload()
        #expect(!lab.mailLog.contains("disabling TLS support"), "nothing is logged at the reload")
        let result = try lab.probe()

        #expect(result.contains("offers True"))
        #expect(result.contains("starttls 454 4.7.0 TLS not available due to local problem"))
        #expect(lab.mailLog.contains(expected + ": disabling TLS support"))
        _ = try lab.probe()
        let count = lab.mailLog.components(separatedBy: "disabling TLS support").count - 1
        #expect(count == 1, "the warning is written at the first connection only")
    }

    @Test("smtpd_enforce_tls = yes requires STARTTLS first")
    func enforceTLS() throws {
        let lab = try Lab()
        defer { lab.stop() }
        try lab.appendMainCF([
            "smtpd_tls_cert_file = \(Self.directory)/postfix.crt",
            "smtpd_tls_key_file = \(Self.directory)/postfix.key", "smtpd_enforce_tls = yes",
        ])

        try lab.runtime.reload()
        let result = try lab.probe(mailFirst: true)

        #expect(result.contains("offers True"))
        #expect(result.contains("mail (530, b'5.7.0 Must issue a STARTTLS command first')"))
        #expect(result.contains("tls TLSv1.3"))
    }

    @Test("smtpd_use_tls = yes offers STARTTLS")
    func useTLS() throws {
        let lab = try Lab()
        defer { lab.stop() }
        try lab.appendMainCF([
            "smtpd_tls_cert_file = \(Self.directory)/postfix.crt",
            "smtpd_tls_key_file = \(Self.directory)/postfix.key", "smtpd_use_tls = yes",
        ])

        try lab.runtime.reload()
        let result = try lab.probe(mailFirst: true)

        #expect(result.contains("offers True"))
        #expect(result.contains("mail (250, b'2.1.0 Ok')"))
    }

    @Test("smtpd_tls_auth_only hides AUTH before TLS")
    func authOnly() throws {
        let lab = try Lab()
        defer { lab.stop() }
        try lab.appendMainCF(Self.tlsLines + ["smtpd_tls_auth_only = yes"])

        try lab.runtime.reload()
        let result = try lab.probe()

        #expect(result.contains("offers True auth False"))
        #expect(result.contains("auth True"))
        #expect(result.contains("tls TLSv1.3 TLS_AES_256_GCM_SHA384 auth True"))
    }

    @Test("smtp_tls client parameters are accepted")
    func clientParametersAccepted() throws {
        let lab = try Lab()
        defer { lab.stop() }
        try lab.appendMainCF([
            "smtp_tls_loglevel = 1", "smtp_tls_security_level = may",
            "smtp_tls_note_starttls_offer = yes",
        ])

        try lab.runtime.reload()

        #expect(!lab.mailLog.contains("unused parameter"))
        let mainCF = lab.runtime.configuration.mainCF
        #expect(mainCF.value(of: "smtp_tls_security_level") == "may")
        #expect(mainCF.value(of: "smtp_tls_note_starttls_offer") == "yes")
    }
}
