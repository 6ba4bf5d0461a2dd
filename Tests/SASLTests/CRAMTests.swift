import Foundation
import Testing

@testable import SASL

@Suite("CRAM responses and challenges")
struct CRAMTests {
    static let rfc2195Challenge = bytes("<1896.697170952@postoffice.reston.mci.net>")

    @Test(
        "computes RFC 2195 digests for each algorithm",
        arguments: [
            (CRAMAlgorithm.md5, "b913a602c7eda7a495b4e6e7334d3890"),
            (.sha1, "8cb10ed0a8b764ab0e05125dd6eaa295f19b5943"),
            (.sha256, "f0011bbf7c1618ef90e3f18148e5eda4e15631c9c38ebef062bf7143ff72e944"),
        ])
    func rfc2195(algorithm: CRAMAlgorithm, digest: String) {
        let response = CRAM.response(
            challenge: Self.rfc2195Challenge, user: "tim", password: bytes("tanstaaftanstaaf"),
            algorithm: algorithm)
        #expect(response == "tim \(digest)")
    }

    @Test("encodes the RFC 2195 response")
    func rfc2195Base64() {
        let response = CRAM.response(
            challenge: Self.rfc2195Challenge, user: "tim", password: bytes("tanstaaftanstaaf"),
            algorithm: .md5)
        #expect(
            Base64.encode(bytes(response)) == "dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw")
    }

    @Test("answers the lesson's challenge")
    func lessonVector() throws {
        let challenge = try #require(Base64.decode("PG5hbmlrYS1pbWFwQHNlcnZlcj4="))
        #expect(challenge == bytes("<nanika-imap@server>"))
        let response = CRAM.response(
            challenge: challenge, user: "testuser", password: bytes("password"), algorithm: .md5)
        #expect(
            Base64.encode(bytes(response))
                == "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=")
    }

    @Test("makes Cyrus's challenge from random bytes and time")
    func cyrusChallenge() {
        let challenge = CRAM.cyrusChallenge(
            randomBytes: [0x2E, 0x8D, 0x0B, 0x5E], time: Date(timeIntervalSince1970: 1_700_000_000),
            hostname: "lab.example.jp")
        // 0x2E8D0B5E = 780995422; 1700000000 mod 0xFFFFFF = 5501285.
        #expect(challenge == "<780995422.5501285@lab.example.jp>")
    }

    @Test("makes Courier's challenge in upper-case hex")
    func courierChallenge() {
        let challenge = CRAM.courierChallenge(
            randomBytes: Array(0..<16), hostname: "lab.example.jp")
        #expect(challenge == "<000102030405060708090A0B0C0D0E0F@lab.example.jp>")
    }

    @Test(
        "agrees with Courier's userdb-test-cram-md5",
        .enabled(if: ExternalTool.isInstalled("/usr/sbin/userdb-test-cram-md5")))
    func agreesWithUserdbTest() throws {
        var generator = SeededGenerator(state: 2195)
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        let punctuation = Array("!#$%&*+-./:;<=>?@^_~ ")
        for round in 0..<8 {
            let user = String(
                (0..<Int.random(in: 3...12, using: &generator)).map { _ in
                    letters.randomElement(using: &generator)!
                })
            let password = String(
                (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                    (letters + punctuation).randomElement(using: &generator)!
                })
            let challenge = CRAM.cyrusChallenge(
                randomBytes: (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) },
                time: Date(timeIntervalSince1970: Double(1_700_000_000 + round * 997)),
                hostname: "lab.example.jp")
            let encodedChallenge = Base64.encode(bytes(challenge))
            let result = try ExternalTool.run(
                "/usr/sbin/userdb-test-cram-md5", [],
                input: bytes("\(user)\n\(password)\n\(encodedChallenge)\n"))
            #expect(result.status == 0)
            let expected = Base64.encode(
                bytes(
                    CRAM.response(
                        challenge: bytes(challenge), user: user, password: bytes(password),
                        algorithm: .md5)))
            let lines = result.output.split(separator: "\n").map(String.init)
            let marker = try #require(lines.firstIndex(of: "+ Send this response:"))
            #expect(lines.count > marker + 1)
            #expect(lines[marker + 1] == expected, "user \(user), challenge \(challenge)")
        }
    }
}
