import Foundation
import Testing

@Suite("TLS in the lab shell and with a weak key", .serialized)
struct TLSProblemTests {
    @Test("1024-bit key warns at first connection")
    func weakKeyWarnsAtFirstConnection() throws {
        let served = try ServedTLSLab(keyBits: 1024)
        defer { served.stop() }
        #expect(served.lab.setupOutput.contains("OpenSSL 3 rejects RSA keys shorter than 2048"))
        #expect(!served.lab.mailLog.contains("disabling TLS support"))

        let script = """
            import smtplib, sys
            with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example",
                              timeout=20) as s:
                s.ehlo()
                print("offers", s.has_extn("starttls"))
                print(s.docmd("STARTTLS"))
            """
        let result = try runTool("/usr/bin/python3", ["-c", script, String(served.smtpPort)])

        #expect(result.status == 0, "python3: \(result.errors)")
        #expect(result.output.contains("offers True"))
        #expect(result.output.contains("(454, b'4.7.0 TLS not available due to local problem')"))
        let log = served.lab.mailLog
        #expect(
            log.contains(
                "warning: TLS library problem: error:0A00018F:SSL routines::ee key too small"))
        #expect(
            log.contains(
                "warning: cannot get RSA private key from file \"\(TLSLab.keyPath)\": disabling"
                    + " TLS support"))
        let warning = try #require(log.range(of: "disabling TLS support"))
        let connect = try #require(log.range(of: "connect from localhost[127.0.0.1]"))
        #expect(warning.lowerBound < connect.lowerBound)
    }

    @Test("lab's s_client reaches 235 after AUTH PLAIN")
    func labClientAuthenticates() throws {
        let lab = try TLSLab()
        defer { lab.lab.remove() }
        // AUTH PLAIN's initial response for testuser / password, as mmencode would make it.
        let response = Data("\0\(TLSLab.user)\0\(TLSLab.password)".utf8).base64EncodedString()
        let script = """
            openssl s_client -connect localhost:25 -starttls smtp -crlf -ign_eof
            EHLO client.example
            AUTH PLAIN \(response)
            QUIT
            echo after-the-session
            exit

            """

        let result = try runTool(
            maillabExecutable().path, ["shell", "--lab-dir", lab.lab.url.path, "--lang", "en"],
            input: script)

        #expect(result.status == 0, "maillab shell: \(result.errors)")
        #expect(result.output.contains("CONNECTED(00000003)"))
        #expect(result.output.contains("verify error:num=18:self-signed certificate"))
        #expect(result.output.contains("New, TLSv1.3, Cipher is TLS_AES_256_GCM_SHA384"))
        #expect(result.output.contains("235 2.7.0 Authentication successful"))
        #expect(result.output.contains("221 2.0.0 Bye"))
        #expect(result.output.contains("after-the-session"))
    }
}
