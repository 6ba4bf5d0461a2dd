import Testing

@testable import LabUI

@Suite("Pinned checks")
struct PinnedChecksTests {
    static func longStep(checks: Int = 2) -> LessonView {
        var lesson = Fixtures.lessonEnglish
        lesson.text = (1...80).map { "Paragraph \($0) of a long step." }
        lesson.checks = (1...checks).map {
            CheckView(state: $0 == 1 ? .passed : .failed, title: "check \($0)", reason: "why \($0)")
        }
        return lesson
    }

    static func rows(_ state: AppState, width: Int = 80, height: Int = 24) -> [Substring] {
        render(state, width: width, height: height).plainText()
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test("checks stay visible below a long step")
    func visible() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.lessonChanged(Self.longStep())])
        for keys in [[], [Key.pageDown], [.end], [.home]] {
            Fixtures.send(&state, Fixtures.keys(keys))
            let text = Self.rows(state).joined(separator: "\n")
            #expect(text.contains("✓ check 1"))
            #expect(text.contains("✗ check 2"))
            #expect(text.contains("why 2"))
        }
    }

    @Test("End scrolls the text to its last line above the checks")
    func endOfText() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.lessonChanged(Self.longStep())] + Fixtures.keys([.end]))
        let rows = Self.rows(state)
        let heading = rows.firstIndex { $0.contains("── Checks 1/2") }
        #expect(heading != nil)
        if let heading {
            #expect(rows[heading - 1].contains("Paragraph 80 of a long step."))
        }
    }

    @Test("too many checks end in an ellipsis and follow the text")
    func overflow() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.lessonChanged(Self.longStep(checks: 12))])
        #expect(state.pinnedChecks.overflows)
        // Half of the 21 content rows of a 24-row screen.
        #expect(state.pinnedChecks.rows == 10)
        let rows = Self.rows(state)
        #expect(rows[21].hasPrefix("│    …"))
        Fixtures.send(&state, Fixtures.keys([.end]))
        #expect(Self.rows(state).joined().contains("why 12"))
    }

    @Test("wire view has no pinned checks")
    func wire() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.wireChanged(["C: EHLO localhost"])])
        #expect(state.pinnedChecks.rows == 0)
        #expect(!Self.rows(state).joined().contains("Checks"))
    }

    @Test("long step snapshot at both sizes")
    func snapshots() {
        var state = Fixtures.session(language: .ja)
        var lesson = Self.longStep(checks: 3)
        lesson.checks[2] = CheckView(
            state: .pending, title: "メッセージが Maildir/new に届いた", reason: "まだ届いていません")
        Fixtures.send(&state, [.lessonChanged(lesson)] + Fixtures.keys([.pageDown]))
        expectSnapshot(render(state, width: 80, height: 24), named: "long-step-80x24-ja")
        var wide = Fixtures.session(width: 200, height: 60)
        Fixtures.send(&wide, [.lessonChanged(Self.longStep(checks: 3))])
        expectSnapshot(render(wide, width: 200, height: 60), named: "long-step-200x60-en")
    }
}
