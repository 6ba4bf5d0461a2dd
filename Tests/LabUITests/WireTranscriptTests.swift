import Testing

@testable import LabUI

@Suite("Wire transcript")
struct WireTranscriptTests {
    static func transcript(_ exchange: [(WireTranscript.Direction, String)]) -> WireTranscript {
        var transcript = WireTranscript()
        for (direction, text) in exchange {
            transcript.append(direction, isTLS: false, bytes: Array(text.utf8))
        }
        return transcript
    }

    @Test("plaintext lines show with C: and S:")
    func plaintext() {
        let transcript = Self.transcript([
            (.server, "220 lab.example.jp ESMTP Postfix\r\n"), (.client, "EHLO local"),
            (.client, "host\r\n"), (.server, "250-lab.example.jp\r\n250 DSN\r\n"),
        ])
        #expect(
            transcript.lines(.en) == [
                "S: 220 lab.example.jp ESMTP Postfix", "C: EHLO localhost",
                "S: 250-lab.example.jp", "S: 250 DSN",
            ])
    }

    @Test(
        "passwords are masked and marked",
        arguments: [
            (
                [(WireTranscript.Direction.client, "AUTH PLAIN AHRlc3QAcGFzc3dvcmQ=\r\n")],
                [
                    "C: AUTH PLAIN ********",
                    "   ← password in base64, readable by anyone on the link",
                ]
            ),
            (
                [
                    (.client, "AUTH PLAIN\r\n"), (.server, "334 \r\n"),
                    (.client, "AHRlc3QAcGFzc3dvcmQ=\r\n"),
                    (.server, "235 2.7.0 Authentication successful\r\n"),
                ],
                [
                    "C: AUTH PLAIN", "S: 334 ", "C: ********",
                    "   ← password in base64, readable by anyone on the link",
                    "S: 235 2.7.0 Authentication successful",
                ]
            ),
            (
                [
                    (.client, "AUTH LOGIN\r\n"), (.server, "334 VXNlcm5hbWU6\r\n"),
                    (.client, "dGVzdA==\r\n"), (.server, "334 UGFzc3dvcmQ6\r\n"),
                    (.client, "cGFzc3dvcmQ=\r\n"),
                ],
                [
                    "C: AUTH LOGIN", "S: 334 VXNlcm5hbWU6", "C: dGVzdA==", "S: 334 UGFzc3dvcmQ6",
                    "C: ********", "   ← password in base64, readable by anyone on the link",
                ]
            ),
            (
                [
                    (.client, "AUTH LOGIN dGVzdA==\r\n"), (.server, "334 UGFzc3dvcmQ6\r\n"),
                    (.client, "cGFzc3dvcmQ=\r\n"),
                ],
                [
                    "C: AUTH LOGIN dGVzdA==", "S: 334 UGFzc3dvcmQ6", "C: ********",
                    "   ← password in base64, readable by anyone on the link",
                ]
            ),
            (
                [(.client, "a LOGIN testuser secret\r\n")],
                [
                    "C: a LOGIN testuser ********",
                    "   ← password in plaintext, readable by anyone on the link",
                ]
            ),
            (
                [(.client, "PASS secret\r\n")],
                ["C: PASS ********", "   ← password in plaintext, readable by anyone on the link"]
            ),
        ])
    func masking(exchange: [(WireTranscript.Direction, String)], expected: [String]) {
        let transcript = Self.transcript(exchange)
        #expect(transcript.lines(.en) == expected)
        let text = transcript.lines(.ja).joined(separator: "\n")
        for secret in ["AHRlc3QAcGFzc3dvcmQ=", "cGFzc3dvcmQ=", "secret"] {
            #expect(!text.contains(secret))
        }
    }

    @Test("a failed AUTH ends the exchange")
    func authEnds() {
        let transcript = Self.transcript([
            (.client, "AUTH PLAIN\r\n"), (.server, "535 5.7.8 Error\r\n"), (.client, "QUIT\r\n"),
        ])
        #expect(transcript.lines(.en).last == "C: QUIT")
    }

    @Test("CRAM-MD5 responses stay readable")
    func cram() {
        let transcript = Self.transcript([
            (.client, "AUTH CRAM-MD5\r\n"), (.server, "334 PDEyMz4=\r\n"),
            (.client, "dGVzdHVzZXIgYjlkMDA5\r\n"),
        ])
        #expect(transcript.lines(.en).last == "C: dGVzdHVzZXIgYjlkMDA5")
    }

    @Test("TLS bytes show as a hex dump")
    func tls() {
        var transcript = Self.transcript([
            (.client, "STARTTLS\r\n"), (.server, "220 2.0.0 Ready to start TLS\r\n"),
        ])
        transcript.append(.client, isTLS: true, bytes: [0x16, 0x03, 0x01, 0x00, 0xF5, 0x01])
        transcript.append(.client, isTLS: true, bytes: [0x00, 0x00, 0xF1, 0x41])
        transcript.append(.server, isTLS: true, bytes: [0x16, 0x03, 0x03])
        #expect(
            transcript.lines(.en) == [
                "C: STARTTLS", "S: 220 2.0.0 Ready to start TLS",
                "--- TLS from here on: only encrypted bytes cross the link ---",
                "C: 16 03 01 00 f5 01 00 00  ........", "C: f1 41                    .A",
                "S: 16 03 03                 ...",
            ])
    }

    @Test("old bytes are dropped past the limit")
    func bounded() {
        var transcript = WireTranscript()
        let line = Array(String(repeating: "x", count: 1023).utf8) + [10]
        for _ in 0..<100 {
            transcript.append(.server, isTLS: false, bytes: line)
        }
        #expect(transcript.entries.count == 64)
        #expect(transcript.droppedBytes == 36 * 1024)
        #expect(transcript.lines(.en).first == "(36864 earlier bytes are no longer kept)")
    }

    @Test("wire view snapshot in Japanese")
    func snapshot() {
        var transcript = Self.transcript([
            (.server, "220 lab.example.jp ESMTP Postfix\r\n"), (.client, "EHLO localhost\r\n"),
            (.server, "250-lab.example.jp\r\n250 DSN\r\n"),
            (.client, "AUTH PLAIN AHRlc3QAcGFzc3dvcmQ=\r\n"),
            (.server, "235 2.7.0 Authentication successful\r\n"), (.client, "STARTTLS\r\n"),
            (.server, "220 2.0.0 Ready to start TLS\r\n"),
        ])
        transcript.append(.client, isTLS: true, bytes: Array(0..<20))
        var state = Fixtures.session(language: .ja)
        let header = UIText.wireHeader(shell: "Shell-A", connection: 3).text(.ja)
        Fixtures.send(&state, [.wireChanged([header, ""] + transcript.lines(.ja))])
        expectSnapshot(render(state, width: 80, height: 24), named: "wire-80x24-ja")
    }
}
