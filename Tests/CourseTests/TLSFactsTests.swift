import Foundation
import LabSystem
import Testing

@testable import Course

/// `TLSFacts` over real files that Debian's `openssl` command writes into a sandbox.
@Suite("TLS sandbox facts", .serialized)
struct TLSFactsTests {
    static let folder = "/usr/local/etc/postfix"

    /// Makes a sandbox root with the postfix folder, which the caller removes.
    private func makeSandbox() throws -> (Sandbox, URL) {
        let root = try LessonFixtures.temporaryFolder("tls-facts")
        let postfix = root.appendingPathComponent("usr/local/etc/postfix")
        try FileManager.default.createDirectory(at: postfix, withIntermediateDirectories: true)
        return (Sandbox(root: root), postfix)
    }

    /// Runs `/usr/bin/openssl` with `arguments` in `directory` and requires exit status 0.
    private func openssl(_ arguments: [String], in directory: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "openssl \(arguments)")
    }

    private func makeCertificate(key: String, output: String, in directory: URL) throws {
        try openssl(
            [
                "req", "-new", "-x509", "-days", "365", "-key", key, "-out", output, "-subj",
                "/C=JP/CN=lab.example.jp",
            ], in: directory)
    }

    @Test("matching 2048-bit pair is valid")
    func matchingPair() throws {
        let (sandbox, postfix) = try makeSandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        try openssl(["genrsa", "-out", "postfix.key", "2048"], in: postfix)
        try makeCertificate(key: "postfix.key", output: "postfix.crt", in: postfix)

        let key = Self.folder + "/postfix.key"
        let certificate = Self.folder + "/postfix.crt"
        let values = TLSFacts.pairValues(key: key, certificate: certificate, sandbox: sandbox)
        #expect(values[TLSFacts.keyFact(key)] == "ok:2048")
        #expect(values[TLSFacts.certificateFact(certificate)] == "ok")
        #expect(values[TLSFacts.pairFact(key: key, certificate: certificate)] == "match")
    }

    @Test("certificate of another key mismatches")
    func mismatchedPair() throws {
        let (sandbox, postfix) = try makeSandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        try openssl(["genrsa", "-out", "old.key", "2048"], in: postfix)
        try makeCertificate(key: "old.key", output: "postfix.crt", in: postfix)
        try openssl(["genrsa", "-out", "postfix.key", "1024"], in: postfix)

        let key = Self.folder + "/postfix.key"
        let certificate = Self.folder + "/postfix.crt"
        let values = TLSFacts.pairValues(key: key, certificate: certificate, sandbox: sandbox)
        #expect(values[TLSFacts.keyFact(key)] == "ok:1024")
        #expect(values[TLSFacts.pairFact(key: key, certificate: certificate)] == "mismatch")
    }

    @Test("missing and garbage files")
    func missingAndGarbage() throws {
        let (sandbox, postfix) = try makeSandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        try Data("not a key\n".utf8).write(to: postfix.appendingPathComponent("postfix.key"))

        let key = Self.folder + "/postfix.key"
        let certificate = Self.folder + "/postfix.crt"
        let values = TLSFacts.pairValues(key: key, certificate: certificate, sandbox: sandbox)
        #expect(values[TLSFacts.keyFact(key)] == "invalid")
        #expect(values[TLSFacts.certificateFact(certificate)] == "missing")
        #expect(values[TLSFacts.pairFact(key: key, certificate: certificate)] == nil)
    }

    @Test("lesson facts read modes, main.cf and maillog")
    func lessonFacts() throws {
        let (sandbox, postfix) = try makeSandbox()
        defer { try? FileManager.default.removeItem(at: sandbox.root) }
        try openssl(["genrsa", "-out", "postfix.key", "2048"], in: postfix)
        try makeCertificate(key: "postfix.key", output: "postfix.crt", in: postfix)
        try sandbox.setMode(0o400, of: Self.folder + "/postfix.key")
        try Data("smtpd_tls_security_level = may\nsmtp_tls_loglevel = 1\n".utf8)
            .write(to: postfix.appendingPathComponent("main.cf"))
        let log = sandbox.root.appendingPathComponent("var/log")
        try FileManager.default.createDirectory(at: log, withIntermediateDirectories: true)
        let lines = [
            "Dec  4 10:00:00 lab postfix/master[1]: daemon started -- version 2.5.5",
            "Dec  4 10:00:01 lab postfix/smtpd[1]: warning: cannot get RSA private key from file x",
            "Dec  4 10:00:02 lab postfix/master[1]: reload -- version 2.5.5",
            "Dec  4 10:00:03 lab postfix/smtpd[1]: warning: TLS library problem: late",
        ]
        try Data((lines.joined(separator: "\n") + "\n").utf8)
            .write(to: log.appendingPathComponent("maillog"))

        let lesson = try LessonFixtures.loadLesson09()
        let values = TLSFacts.values(sandbox: sandbox, lesson: lesson)
        #expect(values[TLSFacts.modeFact(Self.folder + "/postfix.key")] == "400")
        #expect(values[TLSFacts.modeFact(Self.folder + "/postfix.crt")] != "400")
        #expect(values[TLSFacts.mainCFFact("smtpd_tls_security_level")] == "may")
        #expect(values[TLSFacts.mainCFFact("smtp_tls_loglevel")] == "1")
        #expect(values[TLSFacts.mainCFFact("smtpd_tls_key_file")] == nil)
        #expect(values[TLSFacts.maillogWarningsFact] == lines[3])
        #expect(values[TLSFacts.keyFact(Self.folder + "/postfix.key")] == "ok:2048")
    }
}
