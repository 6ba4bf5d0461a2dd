import Testing

@testable import LabUI

@Suite("Selection and clipboard")
struct SelectionTests {
    @Test("F4 selects the last output line of the console")
    func startSelection() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4)]))
        let selection = try! #require(state.selection)
        #expect(selection.pane == .shell(.a))
        #expect(selection.mode == .keyboard)
        Fixtures.send(&state, Fixtures.keys([.enter]))
        #expect(state.clipboard == "334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        #expect(state.selection == nil)
        #expect(state.notice?.hasPrefix("Copied 32 characters") == true)
    }

    @Test("copy in Shell-A and paste into Shell-B")
    func copyAcrossPanes() {
        var state = Fixtures.session()
        // Select only the base64 part: Home, right past "334 ", Space sets the mark, End.
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4), .home]))
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .right, count: 4)))
        Fixtures.send(&state, Fixtures.keys([.character(" "), .end, .enter]))
        #expect(state.clipboard == "PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        Fixtures.send(&state, Fixtures.keys([.tab, .control("v")]))
        #expect(state.focus == .shell(.b))
        #expect(state.shellB.input.text == "PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        Fixtures.send(&state, Fixtures.keys([.function(9)]))
        #expect(state.shellB.input.text.count == 56)
    }

    @Test("Up and Down extend the selection by whole lines")
    func multiLine() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4), .up, .up, .down, .enter]))
        #expect(state.clipboard == "250 8BITMIME\n334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
    }

    @Test("character motions keep the whole-line range and then move")
    func lineWiseToCharacters() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4), .up, .home, .enter]))
        #expect(state.clipboard == "250 8BITMIME\n334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        Fixtures.send(&state, Fixtures.keys([.function(4), .up, .right, .enter]))
        #expect(state.clipboard == "50 8BITMIME\n334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        Fixtures.send(&state, Fixtures.keys([.function(4), .left, .enter]))
        #expect(state.clipboard == "334 PG5hbmlrYS1pbWFwQHNlcnZlcj4")
    }

    @Test("keys in selection mode do not reach the console")
    func selectionCapturesKeys() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4)]))
        Fixtures.send(&state, Fixtures.type("ab") + Fixtures.keys([.tab]))
        #expect(state.shellA.input.isEmpty)
        #expect(state.focus == .shell(.a))
        Fixtures.send(&state, Fixtures.keys([.escape]))
        #expect(state.selection == nil)
        #expect(state.clipboard.isEmpty)
    }

    @Test("selection in the lesson pane copies lesson text")
    func lessonSelection() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.function(4), .enter]))
        // The selection starts on the last line of the step text; the checks are pinned below.
        #expect(state.clipboard.hasPrefix("In Shell-B, run userdb-test-cram-md5"))
    }

    @Test("paste with an empty clipboard says how to copy")
    func emptyClipboard() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .control("v")]))
        #expect(state.shellA.input.isEmpty)
        #expect(state.notice == UIText.clipboardEmpty.text(.en))
    }

    @Test("paste takes only the first line")
    func pasteFirstLine() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4), .up, .enter, .tab]))
        Fixtures.send(&state, Fixtures.keys([.function(9)]))
        #expect(state.shellB.input.text == "250 8BITMIME")
        #expect(state.notice == UIText.pastedFirstLine.text(.en))
    }

    @Test("paste in the lesson pane asks for a shell")
    func pasteInLesson() {
        var state = Fixtures.session()
        state.clipboard = "x"
        Fixtures.send(&state, Fixtures.keys([.control("v")]))
        #expect(state.notice == UIText.pasteNeedsShell.text(.en))
    }

    /// The screen row of the line of Shell-A that reads `text`.
    private func row(of text: String, in state: AppState) -> Int {
        let lines = render(state, width: state.width, height: state.height).plainText()
            .split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains("│ \(text)") }!
    }

    @Test("mouse drag selects and copies inside one pane")
    func mouseSelection() {
        var state = Fixtures.session()
        let row = row(of: "334 PG5h", in: state)
        let column = state.layout.shellA.column
        Fixtures.send(
            &state,
            [
                .mouse(MouseEvent(.press, row: row, column: column + 4)),
                .mouse(MouseEvent(.drag, row: row, column: column + 10)),
                .mouse(MouseEvent(.release, row: row, column: column + 31)),
            ])
        #expect(state.focus == .shell(.a))
        #expect(state.clipboard == "PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        #expect(state.selection?.mode == .copied)
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.selection == nil)
    }

    @Test("mouse drag is clipped to the pane it started in")
    func mouseClipped() {
        var state = Fixtures.session()
        let row = row(of: "250 8BITMIME", in: state)
        let shellA = state.layout.shellA
        Fixtures.send(
            &state,
            [
                .mouse(MouseEvent(.press, row: row, column: shellA.column)),
                // Down into Shell-B and left into the lesson pane: clipped to Shell-A's last row.
                .mouse(MouseEvent(.release, row: shellA.bottom + 3, column: 3)),
            ])
        #expect(state.clipboard == "250 8BITMIME\n334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=\n")
    }

    @Test("mouse click without a drag only focuses")
    func mouseClick() {
        var state = Fixtures.session()
        let shellB = state.layout.shellB
        Fixtures.send(
            &state,
            [
                .mouse(MouseEvent(.press, row: shellB.row, column: shellB.column + 2)),
                .mouse(MouseEvent(.release, row: shellB.row, column: shellB.column + 2)),
            ])
        #expect(state.focus == .shell(.b))
        #expect(state.selection == nil)
        #expect(state.clipboard.isEmpty)
    }

    @Test("mouse selection over wrapped rows joins them")
    func mouseWrapped() {
        var state = Fixtures.session()
        let shellB = state.layout.shellB
        let row = row(of: "dGVzdHVz", in: state).advanced(by: 0)
        Fixtures.send(
            &state,
            [
                .mouse(MouseEvent(.press, row: row, column: shellB.column)),
                .mouse(MouseEvent(.release, row: row + 1, column: shellB.right - 1)),
            ])
        #expect(state.clipboard == "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=")
    }

    @Test("mouse wheel scrolls the pane under the pointer")
    func wheel() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.shellOutput(.a, (1...40).map { "l\($0)\n" }.joined())])
        let shellA = state.layout.shellA
        Fixtures.send(
            &state, [.mouse(MouseEvent(.scrollUp, row: shellA.row, column: shellA.column))])
        #expect(state.shellA.scrollOffset == 3)
        Fixtures.send(
            &state, [.mouse(MouseEvent(.scrollDown, row: shellA.row, column: shellA.column))])
        #expect(state.shellA.scrollOffset == 0)
    }
}

@Suite("Challenge and response recall")
struct RecallTests {
    @Test(
        "server challenges are recognised",
        arguments: [
            ("334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=", "PG5hbmlrYS1pbWFwQHNlcnZlcj4="),
            ("+ PDEyMzQ1Ni4xNzAwMDAwMDAwQGxhYj4=", "PDEyMzQ1Ni4xNzAwMDAwMDAwQGxhYj4="),
            ("334 VXNlcm5hbWU6", "VXNlcm5hbWU6"),
        ])
    func challenges(line: String, base64: String) {
        #expect(ServerText.classify(line) == .challenge(base64))
    }

    @Test(
        "lines that only resemble challenges are ignored",
        arguments: [
            "334 not base64", "+ idling", "+OK Hello there.", "334 abc", "334 ab=c",
            "+ Ready for literal data", "250 AUTH PLAIN", "334 ",
        ])
    func notChallenges(line: String) {
        #expect(ServerText.classify(line) == nil)
    }

    @Test("F2 pastes the base64 part of the last challenge")
    func pasteChallenge() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .tab, .function(2)]))
        #expect(state.shellB.input.text == "PG5hbmlrYS1pbWFwQHNlcnZlcj4=")
        Fixtures.send(&state, [.shellOutput(.b, "+ PDEyMzQ=\n")])
        #expect(state.lastChallenge == "PDEyMzQ=")
    }

    @Test("F3 pastes the line after Send this response")
    func pasteResponse() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(3)]))
        #expect(
            state.shellA.input.text == "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=")
    }

    @Test("response on the same line is recognised")
    func sameLineResponse() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.shellOutput(.b, "Send this response: abcd1234\n")])
        #expect(state.lastResponse == "abcd1234")
    }

    @Test("response split over two outputs is recognised")
    func splitResponse() {
        var state = AppState()
        Fixtures.send(
            &state,
            [
                .shellOutput(.b, "+ Send this "), .shellOutput(.b, "response:\n"),
                .shellOutput(.a, "334 QUJDRA==\n"), .shellOutput(.b, "\nZm9v\n"),
            ])
        #expect(state.lastResponse == "Zm9v")
        #expect(state.lastChallenge == "QUJDRA==")
    }

    @Test("F2 and F3 before anything was seen say so")
    func nothingSeen() {
        var state = AppState(language: .ja)
        Fixtures.send(&state, Fixtures.keys([.tab, .function(2)]))
        #expect(state.notice == UIText.noChallenge.text(.ja))
        Fixtures.send(&state, Fixtures.keys([.function(3)]))
        #expect(state.notice == UIText.noResponse.text(.ja))
    }
}
