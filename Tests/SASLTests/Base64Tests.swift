import Testing

@testable import SASL

@Suite("Base64")
struct Base64Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ("\0tim\0tanstaaftanstaaf", "AHRpbQB0YW5zdGFhZnRhbnN0YWFm"),
        ("Ursel\0Kurt\0xipj3plmq", "VXJzZWwAS3VydAB4aXBqM3BsbXE="),
        ("\0test\0password", "AHRlc3QAcGFzc3dvcmQ="),
    ]

    @Test("encodes RFC 4648 and RFC 4616 vectors", arguments: vectors)
    func encodesVectors(plain: String, encoded: String) {
        #expect(Base64.encode(bytes(plain)) == encoded)
    }

    @Test("decodes RFC 4648 and RFC 4616 vectors", arguments: vectors)
    func decodesVectors(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == bytes(plain))
    }

    @Test(
        "rejects invalid text",
        arguments: [
            "Zg", "Zg=", "Zm9", "Z===", "Zg==Zg==", "Zm=v", "Zm9v\r\n", " Zm9v", "Zm9v ",
            "Zm9-", "Zm9_", "====", "Zm9vY!==", "AHRlc3QAcGFzc3dvcmQ",
        ])
    func rejectsInvalid(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test("round-trips every byte value")
    func roundTripsAllBytes() {
        var generator = SeededGenerator(state: 7)
        for length in 0..<70 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(Base64.decode(Base64.encode(data)) == data)
        }
        let all = (0...255).map { UInt8($0) }
        #expect(Base64.decode(Base64.encode(all)) == all)
    }
}
