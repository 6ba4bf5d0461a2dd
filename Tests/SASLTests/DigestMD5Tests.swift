import Foundation
import Testing

@testable import SASL

@Suite("DIGEST-MD5")
struct DigestMD5Tests {
    static let rfcParameters = DigestMD5.Parameters(
        username: "chris", realm: "elwood.innosoft.com", nonce: "OA6MG9tEQGm2hh",
        cnonce: "OA6MHXh6VqTrRk", digestURI: "imap/elwood.innosoft.com")

    @Test("computes the RFC 2831 response and rspauth")
    func rfcVector() {
        let secret = DigestMD5.secret(
            username: "chris", realm: "elwood.innosoft.com", password: bytes("secret"))
        #expect(
            DigestMD5.response(secret: secret, parameters: Self.rfcParameters)
                == "d388dad90d4bbd760a152321f2143af7")
        #expect(
            DigestMD5.responseAuthentication(secret: secret, parameters: Self.rfcParameters)
                == "ea40f60335c427b5527b84dbabcdfffd")
    }

    @Test("parses directives with quotes and escapes")
    func parse() {
        let text = #"username="chris",realm="elwood.innosoft.com", nc=00000001 ,q="a\"b""#
        #expect(
            DigestMD5.parseDirectives(bytes(text)) == [
                "username": "chris", "realm": "elwood.innosoft.com", "nc": "00000001",
                "q": "a\"b",
            ])
        #expect(DigestMD5.parseDirectives(bytes(#"a="open"#)) == nil)
        #expect(DigestMD5.parseDirectives(bytes("a=1,a=2")) == nil)
        #expect(DigestMD5.parseDirectives(bytes("novalue")) == nil)
    }

    /// Runs the client side against a fresh server mechanism and returns the final step.
    static func login(
        user: String = "testuser", password: String = "password", realm: String? = nil,
        authenticator: SASLAuthenticator = makeAuthenticator()
    ) throws -> (steps: [SASLStep], rspauthExpected: String) {
        var server = try mechanism("DIGEST-MD5", authenticator)
        let first = server.start(initialResponse: nil)
        guard case .challenge(let challenge) = first else {
            Issue.record("no challenge: \(first)")
            return ([first], "")
        }
        let fields = try #require(DigestMD5.parseDirectives(challenge))
        let nonce = try #require(fields["nonce"])
        let usedRealm = realm ?? fields["realm"]!
        let parameters = DigestMD5.Parameters(
            username: user, realm: usedRealm, nonce: nonce, cnonce: "c1i2e3n4t5",
            digestURI: "smtp/lab.example.jp")
        let secret = DigestMD5.secret(username: user, realm: usedRealm, password: bytes(password))
        let response =
            "username=\"\(user)\",realm=\"\(usedRealm)\",nonce=\"\(nonce)\",cnonce=\"c1i2e3n4t5\""
            + ",nc=00000001,qop=auth,digest-uri=\"smtp/lab.example.jp\",response="
            + DigestMD5.response(secret: secret, parameters: parameters) + ",charset=utf-8"
        let second = server.step(response: bytes(response))
        var steps = [first, second]
        if case .challenge = second {
            steps.append(server.step(response: []))
        }
        return (steps, DigestMD5.responseAuthentication(secret: secret, parameters: parameters))
    }

    @Test("server challenge has Cyrus's fields")
    func challenge() throws {
        var server = try mechanism("DIGEST-MD5")
        let step = server.start(initialResponse: nil)
        let nonce = Base64.encode(
            Array([0x2E, 0x2F, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]))
        #expect(
            step
                == .challenge(
                    bytes(
                        "nonce=\"\(nonce)\",realm=\"lab.example.jp\",qop=\"auth\",charset=utf-8"
                            + ",algorithm=md5-sess")))
    }

    @Test("good response gets rspauth then success")
    func success() throws {
        let (steps, rspauth) = try Self.login()
        #expect(steps.count == 3)
        #expect(steps[1] == .challenge(bytes("rspauth=\(rspauth)")))
        #expect(
            steps[2]
                == .success(
                    SASLIdentity(
                        user: "testuser", realm: "lab.example.jp",
                        username: "testuser@lab.example.jp")))
    }

    @Test("wrong password fails")
    func wrongPassword() throws {
        let (steps, _) = try Self.login(password: "nope")
        #expect(failure(steps[1])?.reason == .wrongPassword)
        #expect(failure(steps[1])?.code == .badAuthentication)
    }

    @Test("user of another realm is found in it")
    func otherRealm() throws {
        let (steps, _) = try Self.login(user: "bob", password: "builder", realm: "other.example")
        #expect(identity(steps[2])?.realm == "other.example")
    }

    @Test("wrong realm is reported")
    func wrongRealm() throws {
        let (steps, _) = try Self.login(user: "bob", password: "builder")
        #expect(failure(steps[1])?.reason == .wrongRealm("other.example"))
    }

    @Test("fails under saslauthd")
    func saslauthd() throws {
        let (steps, _) = try Self.login(
            authenticator: makeAuthenticator(passwordCheckMethod: .saslauthd))
        #expect(failure(steps[1])?.reason == .backendCannotVerify)
    }

    @Test("malformed response is a protocol error")
    func malformed() throws {
        var server = try mechanism("DIGEST-MD5")
        _ = server.start(initialResponse: nil)
        #expect(failure(server.step(response: bytes("username=\"x")))?.code == .badProtocol)
    }
}
