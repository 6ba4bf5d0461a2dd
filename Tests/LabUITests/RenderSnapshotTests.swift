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

    @Test("report form in Japanese")
    func report() {
        var state = Fixtures.session(language: .ja)
        Fixtures.send(
            &state,
            [
                .reportFieldsLoaded(
                    ReportFields(
                        affiliation: "工学部 情報工学科", studentNumber: "s1234567", year: "3",
                        name: "山田 花子",
                        text: "CRAM-MD5 ではパスワードそのものは送られない。\nchroot について調べた。")),
                .key(.function(8)),
            ])
        expectSnapshot(render(state, width: 80, height: 24), named: "report-80x24-ja")
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
