import Foundation
import Testing

@testable import LabUI

@Suite("Report answers")
struct ReportAnswerTests {
    static let questions = [
        ReportQuestionView(id: "chroot-jail", text: "What does chroot change for a process?"),
        ReportQuestionView(id: "plain-eavesdrop", text: "What does an eavesdropper learn?"),
    ]

    private func openForm(
        _ fields: ReportFields = ReportFields(), language: Language = .en, width: Int = 80,
        height: Int = 24
    ) -> AppState {
        var state = Fixtures.session(language: language, width: width, height: height)
        Fixtures.send(
            &state,
            [
                .reportQuestionsChanged(Self.questions), .reportFieldsLoaded(fields),
                .key(.function(8)),
            ])
        return state
    }

    @Test("Tab order through the answers")
    func tabOrder() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 6)))
        #expect(state.report.focus == .answer(0))
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.report.focus == .answer(1))
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.report.focus == .save)
        Fixtures.send(&state, Fixtures.keys([.up]))
        #expect(state.report.focus == .answer(1))
        Fixtures.send(&state, Fixtures.keys([.backTab, .backTab]))
        #expect(state.report.focus == .text)
    }

    @Test("typed answers by question id")
    func typing() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 6)))
        Fixtures.send(&state, Fixtures.type("the root") + Fixtures.keys([.enter]))
        Fixtures.send(&state, Fixtures.type("seen by the process") + Fixtures.keys([.tab]))
        Fixtures.send(&state, Fixtures.type("user and password"))
        let answers = state.report.fields.answers
        #expect(answers["chroot-jail"] == "the root\nseen by the process")
        #expect(answers["plain-eavesdrop"] == "user and password")
        #expect(state.report.fields.text.isEmpty)
        Fixtures.send(&state, Fixtures.keys([.tab, .right]))
        #expect(update(&state, .key(.enter)) == [.exportReport(state.report.fields)])
        #expect(state.report.savedFields.answers == answers)
    }

    @Test("loaded answers fill the areas")
    func loaded() {
        let fields = ReportFields(
            date: "2026年12月4日",
            answers: ["plain-eavesdrop": "both", "retired-question": "kept"])
        var state = openForm(fields)
        #expect(state.report.answers.map(\.text) == ["", "both"])
        #expect(state.report.fields == fields)
        #expect(update(&state, .key(.escape)).isEmpty)
    }

    @Test("new questions keep typed answers")
    func questionsChanged() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 7)))
        Fixtures.send(&state, Fixtures.type("typed"))
        Fixtures.send(&state, [.reportQuestionsChanged(Array(Self.questions.reversed()))])
        #expect(state.report.answers.map(\.text) == ["typed", ""])
        Fixtures.send(&state, [.reportQuestionsChanged([])])
        #expect(state.report.focus == .text)
        #expect(state.report.fields.answers["plain-eavesdrop"] == nil)
    }

    @Test("older saved fields decode")
    func olderData() throws {
        let json = #"{"affiliation":"A","studentNumber":"1","year":"2","name":"N","text":"t"}"#
        let fields = try JSONDecoder().decode(ReportFields.self, from: Data(json.utf8))
        #expect(
            fields
                == ReportFields(
                    affiliation: "A", studentNumber: "1", year: "2", name: "N", text: "t"))
        let again = try JSONDecoder().decode(
            ReportFields.self,
            from: JSONEncoder().encode(ReportFields(date: "d", answers: ["q": "a"])))
        #expect(again == ReportFields(date: "d", answers: ["q": "a"]))
    }

    @Test("long question scrolls into view")
    func longQuestionScrolls() throws {
        let long = String(
            repeating: "chroot はプロセスのルートディレクトリを変えます。jail はそれに何を加えますか。", count: 3)
        var state = Fixtures.session(language: .ja)
        Fixtures.send(
            &state,
            [
                .reportQuestionsChanged([
                    ReportQuestionView(id: "a", text: long),
                    ReportQuestionView(id: "b", text: long),
                ]),
                .key(.function(8)),
            ] + Fixtures.keys(Array(repeating: .tab, count: 7)) + Fixtures.type("答え"))
        let screen = render(state, width: 80, height: 24)
        let text = screen.plainText()
        #expect(text.contains("2. chroot"))
        #expect(text.contains("jail はそれに何を加えますか。"))
        #expect(!text.contains("学籍番号"))
        let cursor = try #require(screen.cursor)
        let row = text.split(separator: "\n", omittingEmptySubsequences: false)[cursor.row]
        #expect(row.contains("答え"))
    }
}
