import Foundation
import Testing

@Suite("Real swaks against maillab serve", .serialized)
struct SwaksTests {
    @Test("swaks delivers with each mechanism", arguments: ["PLAIN", "LOGIN", "CRAM-MD5"])
    func swaksDelivers(mechanism: String) throws {
        let served = try ServedLab()
        defer { served.stop() }

        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort),
                "--helo", "client.example", "--from", "student@lab.example.jp",
                "--to", "testuser@lab.example.jp", "--auth", mechanism,
                "--auth-user", ServedLab.user, "--auth-password", ServedLab.password,
            ])

        #expect(result.status == 0, "swaks exit status, output: \(result.output)")
        #expect(result.output.contains("<-  235 2.7.0 Authentication successful"))
        #expect(result.output.contains("<-  250 2.0.0 Ok: queued as"))
        let messages = served.newMessages(of: "testuser")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("(Authenticated sender: testuser") == true)
        #expect(messages.first?.contains("This is a test mailing") == true)
    }

    @Test("swaks with a wrong password gets 535")
    func swaksWrongPassword() throws {
        let served = try ServedLab()
        defer { served.stop() }

        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort),
                "--to", "testuser@lab.example.jp", "--auth", "PLAIN",
                "--auth-user", ServedLab.user, "--auth-password", "wrong-password",
                "--quit-after", "AUTH",
            ])

        #expect(result.status == 28, "swaks exits 28 on an AUTH error: \(result.output)")
        #expect(
            result.output.contains(
                "<** 535 5.7.8 Error: authentication failed: authentication failure"))
        #expect(served.newMessages(of: "testuser").isEmpty)
    }
}

@Suite("Python's smtplib against maillab serve", .serialized)
struct SMTPLibTests {
    @Test("smtplib logs in and sends", arguments: ["CRAM-MD5", "PLAIN", "LOGIN"])
    func smtplibSends(mechanism: String) throws {
        let served = try ServedLab()
        defer { served.stop() }
        let script = """
            import smtplib, sys
            port, user, password, mechanism = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
            with smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=20) as s:
                code, text = s.ehlo()
                assert code == 250, (code, text)
                assert s.has_extn("auth"), s.esmtp_features
                s.user, s.password = user, password
                method = {"CRAM-MD5": s.auth_cram_md5, "PLAIN": s.auth_plain, "LOGIN": s.auth_login}
                code, text = s.auth(mechanism, method[mechanism])
                print("AUTH", code, text.decode())
                s.sendmail("student@lab.example.jp", ["testuser@lab.example.jp"],
                           "Subject: smtplib\\r\\n\\r\\nhello from smtplib\\r\\n.dot line\\r\\n")
                print("SENT")
            """

        let result = try runTool(
            "/usr/bin/env",
            [
                "python3", "-c", script, String(served.smtpPort), ServedLab.user,
                ServedLab.password, mechanism,
            ])

        #expect(result.status == 0, "python: \(result.output) \(result.errors)")
        #expect(result.output.contains("AUTH 235 2.7.0 Authentication successful"))
        #expect(result.output.contains("SENT"))
        let messages = served.newMessages(of: "testuser")
        #expect(messages.count == 1)
        #expect(messages.first?.contains("\n.dot line\n") == true, "dot-stuffing undone")
        #expect(messages.first?.contains("with ESMTPA id") == true)
    }
}
