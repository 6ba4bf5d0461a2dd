import Foundation
import Testing

@testable import SASL

@Suite("HMAC and precomputed states")
struct HMACTests {
    @Test(
        "computes RFC 2202 and RFC 4231 vectors",
        arguments: [
            (CRAMAlgorithm.md5, "750c783e6ab0b503eaa86e310a5db738"),
            (.sha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"),
            (.sha256, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ])
    func jefeVectors(algorithm: CRAMAlgorithm, expected: String) {
        let key = bytes("Jefe")
        let data = bytes("what do ya want for nothing?")
        #expect(hexString(HMACDigest.hmac(algorithm, key: key, data: data)) == expected)
        let state = HMACPrecomputedState(algorithm: algorithm, key: key)
        #expect(hexString(state.authenticationCode(for: data)) == expected)
    }

    @Test("precomputed states agree with OpenSSL", arguments: CRAMAlgorithm.allCases)
    func statesAgreeWithOpenSSL(algorithm: CRAMAlgorithm) {
        var generator = SeededGenerator(state: 42)
        for keyLength in [0, 1, 8, 63, 64, 65, 100, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let state = HMACPrecomputedState(algorithm: algorithm, key: key)
            for dataLength in [0, 1, 55, 56, 63, 64, 65, 119, 120, 200] {
                let data = (0..<dataLength).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                let expected = HMACDigest.hmac(algorithm, key: key, data: data)
                #expect(state.authenticationCode(for: data) == expected)
            }
        }
    }

    @Test("block hash from scratch equals the plain digest")
    func blockHashMatchesDigests() {
        let data = bytes("The quick brown fox jumps over the lazy dog")
        #expect(BlockHash(algorithm: .md5).finish(data) == MessageDigest.md5(data))
        #expect(BlockHash(algorithm: .sha1).finish(data) == MessageDigest.sha1(data))
        #expect(BlockHash(algorithm: .sha256).finish(data) == MessageDigest.sha256(data))
    }

    @Test("userdb hex round-trips")
    func userdbHexRoundTrip() throws {
        let state = HMACPrecomputedState(algorithm: .sha256, key: bytes("secret"))
        let parsed = try #require(
            HMACPrecomputedState(algorithm: .sha256, userdbHex: state.userdbHex))
        #expect(parsed == state)
        #expect(HMACPrecomputedState(algorithm: .md5, userdbHex: "00") == nil)
        #expect(
            HMACPrecomputedState(algorithm: .md5, userdbHex: String(repeating: "g", count: 64))
                == nil)
    }

    static let userdbpwOptions: [(CRAMAlgorithm, String)] = [
        (.md5, "-hmac-md5"), (.sha1, "-hmac-sha1"), (.sha256, "-hmac-sha256"),
    ]

    @Test(
        "states equal Courier's userdbpw output",
        .enabled(if: ExternalTool.isInstalled("/usr/sbin/userdbpw")),
        arguments: userdbpwOptions)
    func matchesUserdbpw(algorithm: CRAMAlgorithm, option: String) throws {
        for password in ["password", "tanstaaftanstaaf", "p@ss w0rd!", "x"] {
            let result = try ExternalTool.run(
                "/usr/sbin/userdbpw", [option], input: bytes("\(password)\n\(password)\n"))
            #expect(result.status == 0, "userdbpw failed: \(result.errorOutput)")
            let printed = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
            let state = HMACPrecomputedState(algorithm: algorithm, key: bytes(password))
            #expect(printed == state.userdbHex)
        }
    }
}
