import Testing

@testable import LabUI

@Suite("Render snapshots")
struct RenderSnapshotTests {
    @Test("main screen at 80×24 in English")
    func english80() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab]) + Fixtures.type("AUTH CRAM-MD5"))
        expectSnapshot(render(state, width: 80, height: 24), named: "main-80x24-en")
    }

    @Test("main screen at 80×24 in Japanese")
    func japanese80() {
        let state = Fixtures.session(language: .ja)
        expectSnapshot(render(state, width: 80, height: 24), named: "main-80x24-ja")
    }

    @Test("main screen at 200×60 in English")
    func english200() {
        let state = Fixtures.session(width: 200, height: 60)
        expectSnapshot(render(state, width: 200, height: 60), named: "main-200x60-en")
    }

    @Test("main screen at 200×60 in Japanese")
    func japanese200() {
        var state = Fixtures.session(language: .ja, width: 200, height: 60)
        var lesson = Fixtures.lessonJapanese
        lesson.hint = ["チャレンジは base64 でエンコードされています。F2 で貼り付けられます。"]
        Fixtures.send(&state, [.lessonChanged(lesson)])
        expectSnapshot(render(state, width: 200, height: 60), named: "main-200x60-ja")
    }

    @Test("help overlay in both languages")
    func help() {
        for language in Language.allCases {
            var state = Fixtures.session(language: language)
            Fixtures.send(&state, Fixtures.keys([.function(1)]))
            expectSnapshot(
                render(state, width: 80, height: 24), named: "help-80x24-\(language.rawValue)")
        }
    }

    @Test("report form with questions")
    func report() {
        let questions: [Language: [ReportQuestionView]] = [
            .ja: [
                ReportQuestionView(
                    id: "chroot-jail",
                    text: "chroot はプロセスの何を変えますか。FreeBSD の jail はそれに何を加えますか。"
                        + "メールサーバを chroot や jail の中で動かす理由と、SASL と組み合わせると"
                        + "手間が増える理由を書いてください。"),
                ReportQuestionView(
                    id: "plain-eavesdrop",
                    text: "暗号化されていない回線で AUTH PLAIN の行を盗聴した人には何が分かりますか。"),
            ],
            .en: [
                ReportQuestionView(
                    id: "chroot-jail",
                    text: "What does chroot change for a process, and what does a FreeBSD jail "
                        + "add to it? Why would you run a mail server inside a chroot or a jail, "
                        + "and why does SASL make that more work?"),
                ReportQuestionView(
                    id: "plain-eavesdrop",
                    text: "What does someone who eavesdrops on an AUTH PLAIN line over an "
                        + "unencrypted connection learn?"),
            ],
        ]
        let fields: [Language: ReportFields] = [
            .ja: ReportFields(
                affiliation: "工学部 情報工学科", studentNumber: "s1234567", year: "3",
                name: "山田 花子", date: "2026年12月4日",
                text: "CRAM-MD5 ではパスワードそのものは送られない。\nchroot について調べた。",
                answers: ["plain-eavesdrop": "利用者名とパスワードがそのまま分かる。"]),
            .en: ReportFields(
                affiliation: "Faculty of Engineering", studentNumber: "s1234567", year: "3",
                name: "Hanako Yamada", date: "2026-12-04",
                text: "CRAM-MD5 does not send the password itself.\nI looked up chroot.",
                answers: ["plain-eavesdrop": "The user name and the password, in clear."]),
        ]
        for language in [Language.ja, .en] {
            for (width, height) in [(80, 24), (200, 60)] {
                var state = Fixtures.session(language: language, width: width, height: height)
                Fixtures.send(
                    &state,
                    [
                        .reportQuestionsChanged(questions[language] ?? []),
                        .reportFieldsLoaded(fields[language] ?? ReportFields()),
                        .key(.function(8)),
                    ])
                let name = "report-\(width)x\(height)-\(language.rawValue)"
                expectSnapshot(render(state, width: width, height: height), named: name)
                // The second answer, reached with Tab, scrolls into view with its question.
                Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 7)))
                expectSnapshot(
                    render(state, width: width, height: height), named: name + "-answer")
            }
        }
    }

    @Test("wire view in the lesson pane")
    func wire() {
        var state = Fixtures.session()
        Fixtures.send(
            &state,
            [
                .wireChanged([
                    "C: EHLO localhost", "S: 250-lab.example.jp", "C: AUTH CRAM-MD5",
                    "S: 334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=",
                ])
            ])
        expectSnapshot(render(state, width: 80, height: 24), named: "wire-80x24-en")
    }

    @Test("screen too small says the minimum")
    func tooSmall() {
        let state = Fixtures.session(language: .ja)
        expectSnapshot(render(state, width: 39, height: 9), named: "too-small-39x9-ja")
    }
}
