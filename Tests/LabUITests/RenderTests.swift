import Testing

@testable import LabUI

@Suite("Render")
struct RenderTests {
    /// Checks that no wide character is cut: every wide cell is followed by its continuation
    /// and every continuation follows a wide cell.
    private func expectWholeCharacters(
        _ screen: Screen, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for row in 0..<screen.height {
            for column in 0..<screen.width {
                let cell = screen[row, column]
                if cell.width == 2 {
                    #expect(column + 1 < screen.width, sourceLocation: sourceLocation)
                    if column + 1 < screen.width {
                        #expect(screen[row, column + 1].width == 0, sourceLocation: sourceLocation)
                    }
                }
                if cell.width == 0 {
                    #expect(
                        column > 0 && screen[row, column - 1].width == 2,
                        "row \(row) column \(column)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    /// Checks that the box's vertical lines are in their columns on every content row.
    private func expectBorders(
        _ screen: Screen, _ layout: Layout, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for row in 1..<layout.bottomRow {
            #expect(screen[row, 0].character == "│", sourceLocation: sourceLocation)
            #expect(
                screen[row, layout.splitColumn].character == (row == layout.splitRow ? "├" : "│"),
                "row \(row)", sourceLocation: sourceLocation)
            #expect(
                screen[row, layout.width - 1].character == (row == layout.splitRow ? "┤" : "│"),
                "row \(row)", sourceLocation: sourceLocation)
        }
    }

    @Test("Japanese text never crosses a pane edge at any width")
    func japaneseAlignment() {
        var state = Fixtures.session(language: .ja)
        Fixtures.send(
            &state,
            [
                .shellOutput(.a, String(repeating: "日本語のテキスト", count: 12) + "\n"),
                .shellOutput(.b, "a" + String(repeating: "漢字", count: 40) + "\n"),
            ])
        for width in 40...90 {
            let screen = render(state, width: width, height: 24)
            expectWholeCharacters(screen)
            expectBorders(screen, Layout(width: width, height: 24))
        }
    }

    @Test("wide title is cut with an ellipsis inside its border")
    func wideTitle() {
        var state = Fixtures.session(language: .ja)
        Fixtures.send(&state, [.shellTitleChanged(.a, String(repeating: "長い題名", count: 20))])
        let screen = render(state, width: 80, height: 24)
        expectWholeCharacters(screen)
        let top = screen.plainText().split(separator: "\n").first ?? ""
        #expect(top.hasSuffix("… ─┐"))
        #expect(top.contains("…"))
        #expect(screen[0, 79].character == "┐")
        #expect(CharacterWidth.of(top) == 80)
    }

    @Test("cursor sits after the typed text in the focused console")
    func cursor() {
        var state = Fixtures.session()
        #expect(render(state, width: 80, height: 24).cursor == nil)
        Fixtures.send(&state, Fixtures.keys([.tab]))
        let layout = state.layout
        let start = render(state, width: 80, height: 24).cursor
        #expect(start?.column == layout.shellA.column)
        Fixtures.send(&state, Fixtures.type("日本ab"))
        #expect(render(state, width: 80, height: 24).cursor?.column == layout.shellA.column + 6)
        Fixtures.send(&state, Fixtures.keys([.left, .left, .left]))
        #expect(render(state, width: 80, height: 24).cursor?.column == layout.shellA.column + 2)
        Fixtures.send(&state, [.shellWantsLine(.a, prompt: "Password: ", echo: false)])
        #expect(render(state, width: 80, height: 24).cursor?.column == layout.shellA.column + 10)
    }

    @Test("the same state renders at smaller and larger sizes")
    func resize() {
        let state = Fixtures.session()
        for (width, height) in [(40, 10), (60, 15), (120, 40), (250, 80), (80, 24)] {
            let screen = render(state, width: width, height: height)
            #expect(screen.width == width)
            #expect(screen.height == height)
            expectWholeCharacters(screen)
            expectBorders(screen, Layout(width: width, height: height))
            let status = screen.plainText().split(separator: "\n").last ?? ""
            #expect(status.hasSuffix("SMTP:2525 IMAP:1143"))
            #expect(status.hasPrefix(" F1 help"))
        }
        let tiny = render(state, width: 20, height: 5).plainText()
            .split(separator: "\n").joined(separator: " ")
        #expect(tiny.contains("too small"))
        #expect(render(state, width: 0, height: 0).cells.isEmpty)
    }

    @Test("overlays fit the smallest screen")
    func overlaysAtMinimum() {
        for key in [Key.function(1), .function(8)] {
            for language in Language.allCases {
                var state = Fixtures.session(language: language, width: 40, height: 10)
                Fixtures.send(&state, [.key(key)] + Fixtures.type("日本語"))
                let screen = render(state, width: 40, height: 10)
                expectWholeCharacters(screen)
                #expect(
                    screen.plainText().split(separator: "\n", omittingEmptySubsequences: false)
                        .count == 10)
            }
        }
    }

    @Test("status bar fits the keys that have room")
    func statusBar() {
        let narrow = render(Fixtures.session(), width: 80, height: 24).plainText()
        let narrowStatus = narrow.split(separator: "\n").last.map(String.init) ?? ""
        #expect(narrowStatus.contains("Tab pane"))
        #expect(narrowStatus.contains("F10 quit"))
        #expect(!narrowStatus.contains("F2 challenge"))
        let wide = render(Fixtures.session(), width: 200, height: 60).plainText()
        let wideStatus = wide.split(separator: "\n").last.map(String.init) ?? ""
        #expect(wideStatus.contains("F4 select"))
        #expect(wideStatus.contains("F3 response"))
        let japanese = render(Fixtures.session(language: .ja), width: 80, height: 24).plainText()
        #expect(japanese.split(separator: "\n").last?.contains("F1 ヘルプ") == true)
    }

    @Test("notice takes the place of the keys")
    func notice() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.notice("Report saved.")])
        let status = render(state, width: 80, height: 24).plainText().split(separator: "\n").last
        #expect(
            status
                == " Report saved.                                              SMTP:2525 IMAP:1143"
        )
    }

    @Test("selection is drawn reversed in its pane only")
    func selectionDrawn() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .function(4)]))
        let screen = render(state, width: 80, height: 24)
        var selectedRows = Set<Int>()
        for row in 0..<24 {
            for column in 0..<80 where screen[row, column].role == .selection {
                selectedRows.insert(row)
                #expect(state.layout.shellA.contains(row: row, column: column))
            }
        }
        #expect(selectedRows.count == 1)
    }

    @Test("a long scrollback renders in bounded time")
    func renderCost() {
        var state = AppState(width: 200, height: 60)
        let line = String(repeating: "0123456789abcdef日本語", count: 8)
        let output = (0..<ConsolePane.maximumLines).map { "\($0) \(line)\n" }.joined()
        Fixtures.send(
            &state,
            [
                .lessonChanged(Fixtures.lessonJapanese), .shellOutput(.a, output),
                .shellOutput(.b, output),
            ])
        let clock = ContinuousClock()
        let frames = 20
        let elapsed = clock.measure {
            for _ in 0..<frames {
                _ = render(state, width: 200, height: 60)
            }
        }
        // A frame that wrapped the whole scrollback would take well over this even in a
        // release build; the real budget (2 ms per frame, release) is measured by hand.
        #expect(elapsed / frames < .milliseconds(40), "one frame took \(elapsed / frames)")
    }
}
