import Foundation
import Testing

@testable import SASL

/// Makes an authenticator over `testuser`/`password` in lab.example.jp, `bob`/`builder` in
/// other.example and `carol`/`courier` without a realm.
func makeAuthenticator(
    realm: String = "", mechList: [String]? = nil,
    passwordCheckMethod: SASLPasswordCheckMethod = .auxprop, library: SASLLibrary = .cyrus
) -> SASLAuthenticator {
    var database = SASLDatabase()
    database.setPassword(bytes("password"), user: "testuser", realm: "lab.example.jp")
    database.setPassword(bytes("builder"), user: "bob", realm: "other.example")
    database.setPassword(bytes("courier"), user: "carol", realm: "")
    let environment = SASLEnvironment(
        hostname: "lab.example.jp", now: { Date(timeIntervalSince1970: 1_700_000_000) },
        randomBytes: { count in (0..<count).map { UInt8(truncatingIfNeeded: 0x2E + $0) } })
    return SASLAuthenticator(
        configuration: SASLServerConfiguration(
            mechList: mechList, passwordCheckMethod: passwordCheckMethod, realm: realm,
            library: library),
        store: database, environment: environment)
}

func mechanism(_ name: String, _ authenticator: SASLAuthenticator = makeAuthenticator()) throws
    -> any SASLServerMechanism
{
    try authenticator.makeMechanism(named: name).get()
}

func failure(_ step: SASLStep) -> SASLFailure? {
    if case .failure(let failure) = step { return failure }
    return nil
}

func identity(_ step: SASLStep) -> SASLIdentity? {
    if case .success(let identity) = step { return identity }
    return nil
}

@Suite("PLAIN mechanism")
struct PLAINMechanismTests {
    @Test("accepts a good initial response")
    func goodInitialResponse() throws {
        var plain = try mechanism("plain")
        let step = plain.start(initialResponse: bytes("\0testuser\0password"))
        #expect(
            identity(step)
                == SASLIdentity(user: "testuser", realm: "lab.example.jp", username: "testuser"))
    }

    @Test("sends an empty challenge without initial response")
    func emptyChallenge() throws {
        var plain = try mechanism("PLAIN")
        #expect(plain.start(initialResponse: nil) == .challenge([]))
        #expect(identity(plain.step(response: bytes("testuser\0testuser\0password"))) != nil)
    }

    @Test(
        "fails with the reason",
        arguments: [
            ("\0testuser\0wrong", SASLErrorCode.badAuthentication, SASLFailureReason.wrongPassword),
            ("\0nobody\0password", .badAuthentication, .unknownUser),
            ("\0bob\0builder", .badAuthentication, .wrongRealm("other.example")),
            ("\0testuser", .badProtocol, .malformedPLAIN(fieldCount: 2, controlBytes: [])),
            (
                "\0testuser\u{1}password", .badProtocol,
                .malformedPLAIN(fieldCount: 2, controlBytes: [1])
            ),
            (
                "\0testuser\0pass\0word", .badProtocol,
                .malformedPLAIN(fieldCount: 4, controlBytes: [])
            ),
            ("", .badProtocol, .malformedPLAIN(fieldCount: 1, controlBytes: [])),
            ("\0\0password", .badAuthentication, .unknownUser),
        ])
    func failures(message: String, code: SASLErrorCode, reason: SASLFailureReason) throws {
        var plain = try mechanism("PLAIN")
        let result = try #require(failure(plain.start(initialResponse: bytes(message))))
        #expect(result.code == code)
        #expect(result.reason == reason)
    }

    @Test("reports the user but not the password")
    func failureCarriesUser() throws {
        var plain = try mechanism("PLAIN")
        let result = try #require(failure(plain.start(initialResponse: bytes("\0testuser\0xyzzy"))))
        #expect(result.user == "testuser")
        #expect(!"\(result)".contains("xyzzy"))
    }

    @Test("takes the realm from user@realm")
    func explicitRealm() throws {
        var plain = try mechanism("PLAIN")
        let step = plain.start(initialResponse: bytes("\0bob@other.example\0builder"))
        #expect(
            identity(step)
                == SASLIdentity(user: "bob", realm: "other.example", username: "bob@other.example"))
    }

    @Test("qualifies the name with the configured realm")
    func configuredRealm() throws {
        var plain = try mechanism("PLAIN", makeAuthenticator(realm: "lab.example.jp"))
        let step = plain.start(initialResponse: bytes("testuser\0testuser\0password"))
        #expect(identity(step)?.username == "testuser@lab.example.jp")
    }

    @Test("rejects a user of another realm than the configured one")
    func wrongConfiguredRealm() throws {
        var plain = try mechanism("PLAIN", makeAuthenticator(realm: "other.example"))
        let result = try #require(
            failure(plain.start(initialResponse: bytes("\0testuser\0password"))))
        #expect(result.reason == .wrongRealm("lab.example.jp"))
        #expect(result.code == .badAuthentication)
    }

    @Test("rejects a different authorization identity")
    func authorizationIdentity() throws {
        var plain = try mechanism("PLAIN")
        let result = try #require(
            failure(plain.start(initialResponse: bytes("bob\0testuser\0password"))))
        #expect(result.code == .badAuthentication)
    }

    @Test("works with saslauthd")
    func saslauthd() throws {
        var plain = try mechanism("PLAIN", makeAuthenticator(passwordCheckMethod: .saslauthd))
        #expect(identity(plain.start(initialResponse: bytes("\0testuser\0password"))) != nil)
    }

    @Test("answers only once")
    func singleUse() throws {
        var plain = try mechanism("PLAIN")
        _ = plain.start(initialResponse: bytes("\0testuser\0wrong"))
        #expect(failure(plain.step(response: bytes("\0testuser\0password")))?.code == .generic)
    }
}

@Suite("LOGIN mechanism")
struct LOGINMechanismTests {
    @Test("prompts for user and password")
    func prompts() throws {
        var login = try mechanism("login")
        #expect(login.start(initialResponse: nil) == .challenge(bytes("Username:")))
        #expect(login.step(response: bytes("testuser")) == .challenge(bytes("Password:")))
        #expect(identity(login.step(response: bytes("password")))?.user == "testuser")
    }

    @Test("takes the initial response as user name")
    func initialResponse() throws {
        var login = try mechanism("LOGIN")
        #expect(login.start(initialResponse: bytes("testuser")) == .challenge(bytes("Password:")))
        #expect(identity(login.step(response: bytes("password"))) != nil)
    }

    @Test("fails a wrong password")
    func wrongPassword() throws {
        var login = try mechanism("LOGIN")
        _ = login.start(initialResponse: nil)
        _ = login.step(response: bytes("testuser"))
        let result = try #require(failure(login.step(response: bytes("nope"))))
        #expect(result.reason == .wrongPassword)
        #expect(result.user == "testuser")
    }
}

@Suite("CRAM mechanisms")
struct CRAMMechanismTests {
    /// 0x2E2F3031 and 1700000000 mod 0xFFFFFF from the fixed environment.
    static let challenge = "<774844465.5501285@lab.example.jp>"

    @Test("sends Cyrus's challenge and verifies the response")
    func success() throws {
        var cram = try mechanism("cram-md5")
        #expect(cram.start(initialResponse: nil) == .challenge(bytes(Self.challenge)))
        let response = CRAM.response(
            challenge: bytes(Self.challenge), user: "testuser", password: bytes("password"),
            algorithm: .md5)
        #expect(identity(cram.step(response: bytes(response)))?.realm == "lab.example.jp")
    }

    @Test("fails the wrong password")
    func wrongPassword() throws {
        var cram = try mechanism("CRAM-MD5")
        _ = cram.start(initialResponse: nil)
        let response = CRAM.response(
            challenge: bytes(Self.challenge), user: "testuser", password: bytes("guess"),
            algorithm: .md5)
        let result = try #require(failure(cram.step(response: bytes(response))))
        #expect(result.code == .badAuthentication)
        #expect(result.reason == .wrongPassword)
    }

    @Test("rejects an initial response")
    func initialResponse() throws {
        var cram = try mechanism("CRAM-MD5")
        let result = try #require(failure(cram.start(initialResponse: bytes("testuser abc"))))
        #expect(result.code == .badProtocol)
    }

    @Test("rejects input over 1024 bytes")
    func longInput() throws {
        var cram = try mechanism("CRAM-MD5")
        _ = cram.start(initialResponse: nil)
        let long = String(repeating: "a", count: 1000) + " " + String(repeating: "0", count: 32)
        #expect(failure(cram.step(response: bytes(long)))?.code == .badProtocol)
    }

    @Test("rejects a response without a space")
    func noSpace() throws {
        var cram = try mechanism("CRAM-MD5")
        _ = cram.start(initialResponse: nil)
        #expect(failure(cram.step(response: bytes("testuser")))?.code == .badProtocol)
    }

    @Test("fails under saslauthd")
    func saslauthd() throws {
        var cram = try mechanism("CRAM-MD5", makeAuthenticator(passwordCheckMethod: .saslauthd))
        _ = cram.start(initialResponse: nil)
        let response = CRAM.response(
            challenge: bytes(Self.challenge), user: "testuser", password: bytes("password"),
            algorithm: .md5)
        let result = try #require(failure(cram.step(response: bytes(response))))
        #expect(result.reason == .backendCannotVerify)
        #expect(result.code == .badAuthentication)
    }

    @Test("verifies Courier's SHA variants", arguments: [CRAMAlgorithm.sha1, .sha256])
    func courierSHA(algorithm: CRAMAlgorithm) throws {
        var cram = try mechanism(algorithm.rawValue, makeAuthenticator(library: .courier))
        let challenge = "<2E2F303132333435363738393A3B3C3D@lab.example.jp>"
        #expect(cram.start(initialResponse: nil) == .challenge(bytes(challenge)))
        let response = CRAM.response(
            challenge: bytes(challenge), user: "carol", password: bytes("courier"),
            algorithm: algorithm)
        #expect(
            identity(cram.step(response: bytes(response)))
                == SASLIdentity(user: "carol", realm: "", username: "carol"))
    }
}

@Suite("SASLAuthenticator")
struct SASLAuthenticatorTests {
    @Test("lists mech_list in its order")
    func mechListOrder() {
        let authenticator = makeAuthenticator(mechList: ["login", "PLAIN", "cram-md5", "NTLM"])
        #expect(authenticator.mechanismNames == ["LOGIN", "PLAIN", "CRAM-MD5"])
    }

    @Test("uses Cyrus defaults without mech_list")
    func defaults() {
        #expect(makeAuthenticator().mechanismNames == ["DIGEST-MD5", "CRAM-MD5", "PLAIN", "LOGIN"])
    }

    @Test("parses a mech_list value")
    func parseMechList() {
        #expect(
            SASLServerConfiguration.parseMechList(" PLAIN\tLOGIN  CRAM-MD5 ")
                == ["PLAIN", "LOGIN", "CRAM-MD5"])
    }

    @Test("refuses a mechanism outside mech_list")
    func unavailable() {
        let authenticator = makeAuthenticator(mechList: ["PLAIN"])
        guard case .failure(let result) = authenticator.makeMechanism(named: "LOGIN") else {
            Issue.record("LOGIN was offered")
            return
        }
        #expect(result.code == .noMechanism)
        #expect(result.reason == .mechanismUnavailable)
        #expect(result.code.text == "no mechanism available")
    }

    @Test("leaves Courier-only mechanisms out of Cyrus")
    func cyrusHasNoSHA() {
        let authenticator = makeAuthenticator(mechList: ["CRAM-SHA1", "PLAIN"])
        #expect(authenticator.mechanismNames == ["PLAIN"])
    }
}
