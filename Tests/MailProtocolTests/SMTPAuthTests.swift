import Foundation
import SASL
import Testing

@testable import MailProtocol

@Suite("SMTP AUTH")
struct SMTPAuthTests {
    @Test("PLAIN after an empty challenge")
    func plainAfterChallenge() {
        var harness = SMTPHarness.greeted()
        #expect(harness.send("AUTH PLAIN") == ["334 "])
        #expect(harness.session.maximumLineLength == 12289)
        #expect(
            harness.send(base64("\0testuser\0password")) == ["235 2.7.0 Authentication successful"])
        #expect(harness.session.maximumLineLength == 2048)
        #expect(
            events(harness.actions).contains(
                .authSucceeded(
                    connectionID: 7, service: .smtp, mechanism: "PLAIN", user: "testuser",
                    realm: "lab.example.jp", overTLS: false)))
    }

    @Test("LOGIN with prompts")
    func login() {
        var harness = SMTPHarness.greeted()
        #expect(harness.send("AUTH LOGIN") == ["334 VXNlcm5hbWU6"])
        #expect(harness.send(base64("testuser")) == ["334 UGFzc3dvcmQ6"])
        #expect(harness.send(base64("password")) == ["235 2.7.0 Authentication successful"])
    }

    @Test("CRAM-MD5 with the fixed clock and random source")
    func cram() throws {
        var harness = SMTPHarness.greeted()
        let challengeLine = try #require(harness.send("AUTH CRAM-MD5").first)
        let challenge = try #require(Base64.decode(String(challengeLine.dropFirst(4))))
        #expect(String(decoding: challenge, as: UTF8.self) == "<780995422.1229845@lab.example.jp>")
        let response = CRAM.response(
            challenge: challenge, user: "testuser", password: Array("password".utf8),
            algorithm: .md5)
        #expect(harness.send(base64(response)) == ["235 2.7.0 Authentication successful"])
    }

    @Test("failure logs and reports the reason")
    func failureEvents() {
        var harness = SMTPHarness.greeted()
        harness.send("AUTH PLAIN \(base64("\0testuser\0xyzzy"))")
        #expect(
            logs(harness.actions) == [
                "warning: localhost[127.0.0.1]: SASL PLAIN authentication failed:"
                    + " authentication failure"
            ])
        #expect(
            events(harness.actions).contains(
                .authFailed(
                    connectionID: 7, service: .smtp, mechanism: "PLAIN", user: "testuser",
                    reason: .wrongPassword, overTLS: false)))
    }

    @Test("malformed PLAIN reports the control bytes")
    func malformedPLAIN() {
        var harness = SMTPHarness.greeted()
        // What `printf '\0test\01password'` sends: the escape ate the digit 1.
        harness.send("AUTH PLAIN \(base64("\0testuser\u{1}password"))")
        #expect(
            events(harness.actions).contains(
                .authFailed(
                    connectionID: 7, service: .smtp, mechanism: "PLAIN", user: nil,
                    reason: .malformedPLAIN(fieldCount: 2, controlBytes: [1]), overTLS: false)))
    }

    @Test("user of another realm fails with the realm")
    func wrongRealm() {
        var settings = labSettings()
        settings.smtpdSASLLocalDomain = "lab.example.jp"
        var harness = SMTPHarness.greeted(settings: settings)
        #expect(
            harness.send("AUTH PLAIN \(base64("\0bob\0builder"))")
                == ["535 5.7.8 Error: authentication failed: authentication failure"])
        #expect(
            events(harness.actions).contains(
                .authFailed(
                    connectionID: 7, service: .smtp, mechanism: "PLAIN", user: "bob",
                    reason: .wrongRealm("other.example"), overTLS: false)))
    }

    @Test("abort logs a warning and reports it")
    func abort() {
        var harness = SMTPHarness.greeted()
        harness.send("AUTH LOGIN")
        harness.send("*")
        #expect(
            logs(harness.actions) == [
                "warning: localhost[127.0.0.1]: SASL LOGIN authentication aborted"
            ])
        #expect(
            events(harness.actions).contains(
                .authFailed(
                    connectionID: 7, service: .smtp, mechanism: "LOGIN", user: nil,
                    reason: .aborted, overTLS: false)))
    }

    @Test("failed exchange leaves a fresh state")
    func freshStateAfterFailure() {
        var harness = SMTPHarness.greeted()
        harness.send("AUTH LOGIN")
        harness.send(base64("testuser"))
        #expect(
            harness.send(base64("xyzzy"))
                == ["535 5.7.8 Error: authentication failed: authentication failure"])
        #expect(harness.send("AUTH LOGIN") == ["334 VXNlcm5hbWU6"])
        #expect(harness.send(base64("testuser")) == ["334 UGFzc3dvcmQ6"])
        #expect(harness.send(base64("password")) == ["235 2.7.0 Authentication successful"])
    }

    @Test("over-long SASL response is rejected")
    func responseLimit() {
        var harness = SMTPHarness.greeted()
        harness.send("AUTH PLAIN")
        #expect(
            harness.send(String(repeating: "A", count: 12289))
                == ["500 5.5.6 SASL response limit exceeded"])
    }

    @Test("CRAM-MD5 under saslauthd fails")
    func saslauthdCRAM() throws {
        var harness = SMTPHarness(passwordCheckMethod: .saslauthd)
        harness.start()
        let line = try #require(harness.send("AUTH CRAM-MD5").first)
        let challenge = try #require(Base64.decode(String(line.dropFirst(4))))
        let response = CRAM.response(
            challenge: challenge, user: "testuser", password: Array("password".utf8),
            algorithm: .md5)
        #expect(
            harness.send(base64(response))
                == ["535 5.7.8 Error: authentication failed: authentication failure"])
        #expect(
            events(harness.actions).contains(
                .authFailed(
                    connectionID: 7, service: .smtp, mechanism: "CRAM-MD5", user: "testuser",
                    reason: .backendCannotVerify, overTLS: false)))
    }

    @Test("no event or log carries a credential")
    func masking() {
        var harness = SMTPHarness.greeted()
        let plain = base64("\0testuser\0password")
        harness.send("AUTH PLAIN \(plain)")
        var second = SMTPHarness.greeted()
        second.send("AUTH LOGIN")
        second.send(base64("testuser"))
        second.send(base64("password"))
        var third = SMTPHarness.greeted()
        third.send("AUTH PLAIN")
        third.send(plain)
        let all = harness.actions + second.actions + third.actions
        let secrets = [plain, base64("password"), base64("testuser"), "password"]
        for action in all {
            guard case .deliver = action else {
                let text = "\(action)"
                for secret in secrets {
                    #expect(!text.contains(secret), "\(text) contains a credential")
                }
                continue
            }
        }
        let received = events(all).compactMap { event -> String? in
            if case .commandReceived(_, let line) = event { return line }
            return nil
        }
        #expect(
            received == [
                "AUTH PLAIN ********", "AUTH LOGIN", "********", "********",
                "AUTH PLAIN", "********",
            ])
    }

    @Test("DIGEST-MD5 with the rspauth round")
    func digest() throws {
        var harness = SMTPHarness.greeted(mechList: ["DIGEST-MD5"])
        let line = try #require(harness.send("AUTH DIGEST-MD5").first)
        let challenge = try #require(Base64.decode(String(line.dropFirst(4))))
        let fields = try #require(DigestMD5.parseDirectives(challenge))
        let nonce = try #require(fields["nonce"])
        #expect(fields["realm"] == "lab.example.jp")
        let parameters = DigestMD5.Parameters(
            username: "testuser", realm: "lab.example.jp", nonce: nonce, cnonce: "abc123",
            digestURI: "smtp/lab.example.jp")
        let secret = DigestMD5.secret(
            username: "testuser", realm: "lab.example.jp", password: Array("password".utf8))
        let response =
            "username=\"testuser\",realm=\"lab.example.jp\",nonce=\"\(nonce)\",cnonce=\"abc123\""
            + ",nc=00000001,qop=auth,digest-uri=\"smtp/lab.example.jp\",response="
            + DigestMD5.response(secret: secret, parameters: parameters)
        let rspauth = DigestMD5.responseAuthentication(secret: secret, parameters: parameters)
        #expect(harness.send(base64(response)) == ["334 " + base64("rspauth=\(rspauth)")])
        #expect(harness.send("") == ["235 2.7.0 Authentication successful"])
        #expect(
            events(harness.actions).contains(
                .authSucceeded(
                    connectionID: 7, service: .smtp, mechanism: "DIGEST-MD5", user: "testuser",
                    realm: "lab.example.jp", overTLS: false)))
    }
}
