import Testing

@testable import Course

@Suite("SecretMasker")
struct SecretMaskerTests {
    @Test(
        "commands with credentials are masked",
        arguments: [
            ("C: AUTH PLAIN AHRlc3QAcGFzc3dvcmQ=", "C: AUTH PLAIN ********"),
            ("C: auth login dGVzdA==", "C: auth login ********"),
            ("C: a AUTHENTICATE PLAIN AHRlc3QAcGFzc3dvcmQ=", "C: a AUTHENTICATE PLAIN ********"),
            ("C: a1 LOGIN testuser secret", "C: a1 LOGIN testuser ********"),
            ("C: PASS secret", "C: PASS ********"),
            ("C: AUTH PLAIN ********", "C: AUTH PLAIN ********"),
            ("C: AUTH CRAM-MD5", "C: AUTH CRAM-MD5"),
            ("C: EHLO localhost", "C: EHLO localhost"),
        ])
    func commands(line: String, expected: String) {
        #expect(SecretMasker.maskTranscript([line]) == [expected])
    }

    @Test("line after a challenge is masked")
    func afterChallenge() {
        let lines = [
            "C: AUTH CRAM-MD5", "S: 334 PDEyMzQ1Ni4xNzAwMDAwQGxhYi5leGFtcGxlLmpwPg==",
            "C: dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=",
            "S: 235 2.7.0 Authentication successful", "C: QUIT",
        ]
        #expect(
            SecretMasker.maskTranscript(lines) == [
                "C: AUTH CRAM-MD5", "S: 334 PDEyMzQ1Ni4xNzAwMDAwQGxhYi5leGFtcGxlLmpwPg==",
                "C: ********", "S: 235 2.7.0 Authentication successful", "C: QUIT",
            ])
    }

    @Test("PLAIN after an empty challenge is masked")
    func afterEmptyChallenge() {
        let lines = ["C: AUTH PLAIN", "S: 334 ", "C: AHRlc3QAcGFzc3dvcmQ="]
        #expect(SecretMasker.maskTranscript(lines).last == "C: ********")
    }

    @Test("IMAP continuation response is masked")
    func imapContinuation() {
        let lines = [
            "C: a authenticate cram-md5", "S: + PG5hbmlrYS1pbWFwQHNlcnZlcj4=",
            "C: dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=",
        ]
        #expect(SecretMasker.maskTranscript(lines).last == "C: ********")
    }

    @Test("PLAIN string anywhere is masked")
    func plainAnywhere() {
        #expect(
            SecretMasker.maskText("my string was AHRlc3QAcGFzc3dvcmQ= today")
                == "my string was ******** today")
        #expect(
            SecretMasker.maskText("the challenge PG5hbmlrYS1pbWFwQHNlcnZlcj4= is public")
                == "the challenge PG5hbmlrYS1pbWFwQHNlcnZlcj4= is public")
    }

    @Test("PLAIN string next to punctuation is masked")
    func plainTouchingText() {
        #expect(SecretMasker.maskText("(AHRlc3QAcGFzc3dvcmQ=).") == "(********).")
        #expect(SecretMasker.maskText("文字列はAHRlc3QAcGFzc3dvcmQ=です") == "文字列は********です")
    }

    @Test("sentence starting with AUTH is kept")
    func sentenceKept() {
        let reason = "AUTH CRAM-MD5 failed: the response does not match."
        #expect(SecretMasker.maskText(reason) == reason)
        let japanese = "AUTH CRAM-MD5 が失敗しました。レスポンスが合いません。"
        #expect(SecretMasker.maskText(japanese) == japanese)
        #expect(SecretMasker.maskText("AUTH LOGIN dGVzdA==") == "AUTH LOGIN ********")
    }

    @Test(
        "printf password is masked",
        arguments: [
            (
                "printf '\\0000test\\0000password' | mmencode",
                "printf '\\0000test\\0000********' | mmencode"
            ),
            ("% printf '\\0test\\0pw12' | mmencode", "% printf '\\0test\\0********' | mmencode"),
            ("printf 'hello\\n'", "printf 'hello\\n'"),
        ])
    func printfPassword(line: String, expected: String) {
        #expect(SecretMasker.maskText(line) == expected)
    }

    @Test("password prompts hide what follows")
    func passwordPrompts() {
        let lines = [
            "Username? testuser", "Password? secret", "Password:", "hunter2",
            "Username? Password? Send: AUTH CRAM-MD5 (or for imap, A AUTHENTICATE CRAM-MD5)",
            "Paste the challenge here:", "+ PG5hbmlrYS1pbWFwQHNlcnZlcj4=", "+ Send this response:",
            "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=",
            "Again (for verification): secret",
        ]
        #expect(
            SecretMasker.maskTranscript(lines) == [
                "Username? testuser", "Password? ********", "Password:", "********",
                "Username? Password? Send: AUTH CRAM-MD5 (or for imap, A AUTHENTICATE CRAM-MD5)",
                "Paste the challenge here:", "+ PG5hbmlrYS1pbWFwQHNlcnZlcj4=",
                "+ Send this response:", "********", "Again (for verification): ********",
            ])
    }

    @Test("masking twice changes nothing")
    func idempotent() {
        let lines = [
            "C: AUTH PLAIN AHRlc3QAcGFzc3dvcmQ=", "S: 334 ", "C: abcdefgh12345678",
            "Password? x",
        ]
        let once = SecretMasker.maskTranscript(lines)
        #expect(SecretMasker.maskTranscript(once) == once)
    }
}
