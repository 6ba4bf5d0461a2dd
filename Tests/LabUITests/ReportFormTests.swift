import Testing

@testable import LabUI

@Suite("Report form")
struct ReportFormTests {
    private func openForm() -> AppState {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.function(8)]))
        return state
    }

    @Test("typing fills the fields and Tab moves between them")
    func fillFields() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.type("工学部 情報工学科") + Fixtures.keys([.tab]))
        Fixtures.send(&state, Fixtures.type("s1234567") + Fixtures.keys([.enter]))
        Fixtures.send(&state, Fixtures.type("3") + Fixtures.keys([.tab]))
        Fixtures.send(&state, Fixtures.type("山田 花子") + Fixtures.keys([.tab]))
        Fixtures.send(&state, Fixtures.type("2026-12-04") + Fixtures.keys([.tab]))
        Fixtures.send(&state, Fixtures.type("line one") + Fixtures.keys([.enter]))
        Fixtures.send(&state, Fixtures.type("line two"))
        let fields = state.report.fields
        #expect(fields.affiliation == "工学部 情報工学科")
        #expect(fields.studentNumber == "s1234567")
        #expect(fields.year == "3")
        #expect(fields.name == "山田 花子")
        #expect(fields.date == "2026-12-04")
        #expect(fields.text == "line one\nline two")
        #expect(state.shellA.input.isEmpty)
    }

    @Test("Tab order wraps and Shift-Tab goes back")
    func tabOrder() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 8)))
        #expect(state.report.focus == .close)
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.report.focus == .affiliation)
        Fixtures.send(&state, Fixtures.keys([.backTab]))
        #expect(state.report.focus == .close)
    }

    @Test("Enter on the buttons saves, exports and closes")
    func buttons() {
        var state = openForm()
        Fixtures.send(&state, Fixtures.type("Dept"))
        let fields = ReportFields(affiliation: "Dept")
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .tab, count: 6)))
        #expect(state.report.focus == .save)
        #expect(update(&state, .key(.enter)) == [.saveReportFields(fields)])
        Fixtures.send(&state, Fixtures.keys([.right]))
        #expect(update(&state, .key(.enter)) == [.exportReport(fields)])
        Fixtures.send(&state, Fixtures.keys([.right]))
        #expect(update(&state, .key(.enter)).isEmpty)
        #expect(state.overlay == nil)
    }

    @Test("Esc closes and saves only changed fields")
    func escapeSaves() {
        var state = openForm()
        #expect(update(&state, .key(.escape)).isEmpty)
        Fixtures.send(&state, Fixtures.keys([.function(8)]) + Fixtures.type("x"))
        #expect(
            update(&state, .key(.escape)) == [.saveReportFields(ReportFields(affiliation: "x"))])
        #expect(state.overlay == nil)
        Fixtures.send(&state, Fixtures.keys([.function(8)]))
        #expect(state.report.fields.affiliation == "x")
    }

    @Test("loaded fields fill the form")
    func loaded() {
        var state = Fixtures.session()
        let fields = ReportFields(
            affiliation: "A", studentNumber: "1", year: "2", name: "N", date: "D",
            text: "t\nu")
        Fixtures.send(&state, [.reportFieldsLoaded(fields), .key(.function(8))])
        #expect(state.report.fields == fields)
        #expect(update(&state, .key(.escape)).isEmpty)
    }

    @Test("free text joins lines with Backspace and walks with arrows")
    func textArea() {
        var area = TextArea("ab\ncd")
        #expect(area.row == 1)
        _ = area.apply(.home)
        _ = area.apply(.backspace)
        #expect(area.text == "abcd")
        #expect(area.column == 2)
        _ = area.apply(.enter)
        #expect(area.text == "ab\ncd")
        _ = area.apply(.up)
        #expect(area.row == 0)
        _ = area.apply(.end)
        _ = area.apply(.delete)
        #expect(area.text == "abcd")
        _ = area.apply(.right)
        _ = area.apply(.right)
        _ = area.apply(.right)
        #expect(area.column == 4)
    }

    @Test("paste goes into the focused field")
    func paste() {
        var state = openForm()
        state.clipboard = "first\nsecond"
        Fixtures.send(&state, Fixtures.keys([.control("v")]))
        #expect(state.report.fields.affiliation == "first")
        Fixtures.send(&state, Fixtures.keys([.tab, .tab, .tab, .tab, .tab, .function(9)]))
        #expect(state.report.fields.text == "first\nsecond")
    }
}
