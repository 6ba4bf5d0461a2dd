import LabUI

/// States shared by the tests: the lesson of the CRAM-MD5 step with a telnet session in
/// Shell-A and `userdb-test-cram-md5` in Shell-B.
enum Fixtures {
    static let lessonEnglish = LessonView(
        lessonTitle: "Lesson 9", stepNumber: "2.4", stepTitle: "CRAM-MD5 by hand",
        stepIndex: 7, stepCount: 12,
        text: [
            "Log in with CRAM-MD5 by hand. In Shell-A, ask the server for a challenge:",
            "    AUTH CRAM-MD5",
            "In Shell-B, run userdb-test-cram-md5, answer its questions and paste the "
                + "challenge with F2. Copy the response back into Shell-A with F3.",
        ],
        checks: [
            CheckView(state: .passed, title: "EHLO advertised AUTH"),
            CheckView(state: .failed, title: "AUTH CRAM-MD5 by hand", reason: "not seen yet"),
            CheckView(state: .pending, title: "Message delivered"),
        ])

    static let lessonJapanese = LessonView(
        lessonTitle: "第9回", stepNumber: "2.4", stepTitle: "CRAM-MD5 を手で試す",
        stepIndex: 7, stepCount: 12,
        text: [
            "Shell-A でサーバにチャレンジを求めます:",
            "    AUTH CRAM-MD5",
            "Shell-B で userdb-test-cram-md5 を実行し、質問に答えてから F2 でチャレンジを貼り付けます。"
                + "表示されたレスポンスを F3 で Shell-A に貼り付けます。",
        ],
        checks: [
            CheckView(state: .passed, title: "EHLO で AUTH が示された"),
            CheckView(state: .failed, title: "手で AUTH CRAM-MD5", reason: "まだ見ていません"),
        ])

    static let telnetOutput = """
        Trying 127.0.0.1...
        Connected to localhost.
        Escape character is '^]'.
        220 lab.example.jp ESMTP Postfix
        250-lab.example.jp
        250-PIPELINING
        250-SIZE 10240000
        250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5
        250-AUTH=PLAIN LOGIN CRAM-MD5 DIGEST-MD5
        250 8BITMIME
        334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=

        """

    static let toolOutput = """
        Paste the challenge here:
        + Send this response:
        dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=

        """

    /// A state driven through `update` the way the program drives it.
    static func session(language: Language = .en, width: Int = 80, height: Int = 24) -> AppState {
        var state = AppState(language: language, width: width, height: height)
        let messages: [Message] = [
            .lessonChanged(language == .en ? lessonEnglish : lessonJapanese),
            .statusChanged(
                StatusView(servers: [
                    ServerPort(name: "SMTP", port: 2525), ServerPort(name: "IMAP", port: 1143),
                ])),
            .shellTitleChanged(.a, "telnet localhost 25"),
            .shellTitleChanged(.b, language == .en ? "lab shell" : "ラボシェル"),
            .shellOutput(.a, telnetOutput),
            .shellWantsLine(.a, prompt: "", echo: true),
            .shellOutput(.b, "% userdb-test-cram-md5\nUsername? testuser\nPassword? \n"),
            .shellOutput(.b, toolOutput),
            .shellWantsLine(.b, prompt: "% ", echo: true),
        ]
        for message in messages {
            _ = update(&state, message)
        }
        return state
    }

    /// Sends messages and collects every effect they returned.
    @discardableResult
    static func send(_ state: inout AppState, _ messages: [Message]) -> [Effect] {
        messages.flatMap { update(&state, $0) }
    }

    static func keys(_ keys: [Key]) -> [Message] {
        keys.map { .key($0) }
    }

    static func type(_ text: String) -> [Message] {
        text.map { .key(.character($0)) }
    }
}
