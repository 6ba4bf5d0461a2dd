import Testing

@testable import LabUI

@Suite("Built-in editor")
struct EditorTests {
    static let mainCF = "myhostname = lab.example.jp\n# comment\nmynetworks = 127.0.0.0/8\n"

    static func opened(_ text: String = mainCF, width: Int = 80, height: Int = 24) -> AppState {
        var state = Fixtures.session(width: width, height: height)
        Fixtures.send(&state, [.openEditor(path: "/usr/local/etc/postfix/main.cf", text: text)])
        return state
    }

    @Test("opening keeps the text unchanged")
    func roundTrip() {
        for text in ["", "a", "a\n", "a\n\nb", "\n\n", "日本語\tタブ\r\n", Self.mainCF] {
            let editor = EditorState(path: "/f", text: text)
            #expect(editor.text == text)
        }
    }

    @Test(
        "editing keys change the text",
        arguments: [
            ([Key.character("x")], "xab\ncd"),
            ([.right, .enter], "a\nb\ncd"),
            ([.end, .enter], "ab\n\ncd"),
            ([.down, .backspace], "abcd"),
            ([.end, .delete], "abcd"),
            ([.delete], "b\ncd"),
            ([.backspace], "ab\ncd"),
            ([.tab], "\tab\ncd"),
            ([.control("k")], "cd"),
            ([.down, .control("k")], "ab"),
            ([.down, .end, .right, .character("!")], "ab\ncd!"),
            ([.end, .right, .character("!")], "ab\n!cd"),
            ([.down, .left, .character("!")], "ab!\ncd"),
            ([.end, .home, .character("!")], "!ab\ncd"),
            ([.control("b"), .control("e"), .character("!")], "ab\ncd!"),
        ])
    func editing(keys: [Key], expected: String) {
        var state = Self.opened("ab\ncd")
        let effects = Fixtures.send(&state, Fixtures.keys(keys))
        #expect(effects.isEmpty)
        #expect(state.editor?.text == expected)
        #expect(state.editor?.isModified == (expected != "ab\ncd"))
    }

    @Test("Up and Down keep the display column across wide characters")
    func wideColumns() {
        var state = Self.opened("日本語テキスト\nabcdefghij\n\tx")
        Fixtures.send(&state, Fixtures.keys([.right, .right, .down]))
        // Two wide characters are four columns, so the cursor lands before "e".
        #expect(state.editor?.cursor == EditorPosition(line: 1, column: 4))
        #expect(state.editor?.displayColumn(of: state.editor!.cursor) == 4)
        Fixtures.send(&state, Fixtures.keys([.right, .up]))
        // Column 5 is the second half of the third character, so the cursor lands on that character.
        #expect(state.editor?.cursor == EditorPosition(line: 0, column: 2))
        Fixtures.send(&state, Fixtures.keys([.down, .down]))
        // The tab covers columns 0 to 7.
        #expect(state.editor?.cursor == EditorPosition(line: 2, column: 0))
        Fixtures.send(&state, Fixtures.keys([.right]))
        #expect(state.editor?.displayColumn(of: state.editor!.cursor) == 8)
    }

    @Test("wide characters insert and delete whole")
    func wideEditing() {
        var state = Self.opened("")
        Fixtures.send(&state, Fixtures.type("認証ab") + Fixtures.keys([.left, .left, .backspace]))
        #expect(state.editor?.text == "認ab")
        #expect(state.editor?.cursor == EditorPosition(line: 0, column: 1))
    }

    @Test("search finds the next match and wraps")
    func search() {
        var state = Self.opened("smtpd_a = 1\nsmtp_b = 2\nSMTPD_c = 3\n")
        Fixtures.send(
            &state, Fixtures.keys([.control("y")]) + Fixtures.type("smtpd") + [.key(.enter)])
        #expect(state.editor?.cursor == EditorPosition(line: 2, column: 0))
        #expect(state.editor?.mode == .editing)
        Fixtures.send(&state, Fixtures.keys([.function(3)]))
        #expect(state.editor?.cursor == EditorPosition(line: 0, column: 0))
        #expect(state.editor?.message == .wrapped)
        Fixtures.send(
            &state,
            Fixtures.keys([.control("y"), .control("u")]) + Fixtures.type("nothing") + [
                .key(.enter)
            ])
        #expect(state.editor?.cursor == EditorPosition(line: 0, column: 0))
        #expect(state.editor?.message == .notFound("nothing"))
    }

    @Test("search matches Japanese text")
    func searchJapanese() {
        var state = Self.opened("# 認証の設定\nsmtpd_sasl_auth_enable = yes\n# 認証方式\n")
        Fixtures.send(
            &state, Fixtures.keys([.down, .control("y")]) + Fixtures.type("認証") + [.key(.enter)])
        #expect(state.editor?.cursor == EditorPosition(line: 2, column: 2))
    }

    @Test("Esc in search cancels without moving")
    func searchCancel() {
        var state = Self.opened("abc\nabc")
        Fixtures.send(
            &state, Fixtures.keys([.control("y")]) + Fixtures.type("abc") + [.key(.escape)])
        #expect(state.editor?.cursor == EditorPosition(line: 0, column: 0))
        #expect(state.editor?.mode == .editing)
        #expect(state.editor != nil)
    }

    @Test("save emits the text and clears the mark")
    func save() {
        var state = Self.opened("a")
        Fixtures.send(&state, Fixtures.type("b"))
        #expect(state.editor?.isModified == true)
        let effects = Fixtures.send(&state, Fixtures.keys([.control("o")]))
        #expect(effects == [.saveFile(path: "/usr/local/etc/postfix/main.cf", text: "ba")])
        #expect(state.editor?.isModified == false)
        #expect(state.editor?.message == .saved(lines: 1))
        let closing = Fixtures.send(&state, Fixtures.keys([.control("x")]))
        #expect(closing == [.editorClosed(path: "/usr/local/etc/postfix/main.cf", saved: true)])
        #expect(state.editor == nil)
    }

    @Test("leaving an unchanged file closes at once")
    func leaveUnchanged() {
        for key in [Key.escape, .control("x")] {
            var state = Self.opened()
            let effects = Fixtures.send(&state, Fixtures.keys([key]))
            #expect(
                effects == [.editorClosed(path: "/usr/local/etc/postfix/main.cf", saved: false)])
            #expect(state.editor == nil)
        }
    }

    @Test(
        "unsaved-changes prompt saves, discards or cancels",
        arguments: [
            (Key.character("y"), true, true),
            (.character("n"), true, false),
            (.character("c"), false, false),
            (.escape, false, false),
        ])
    func quitPrompt(answer: Key, closes: Bool, saves: Bool) {
        let path = "/usr/local/etc/postfix/main.cf"
        var state = Self.opened("a")
        Fixtures.send(&state, Fixtures.type("z") + [.key(.escape)])
        #expect(state.editor?.mode == .quitPrompt)
        let effects = Fixtures.send(&state, Fixtures.keys([answer]))
        #expect((state.editor == nil) == closes)
        var expected: [Effect] = []
        if saves {
            expected = [.saveFile(path: path, text: "za"), .editorClosed(path: path, saved: true)]
        } else if closes {
            expected = [.editorClosed(path: path, saved: false)]
        }
        #expect(effects == expected)
        if !closes {
            #expect(state.editor?.mode == .editing)
            #expect(state.editor?.text == "za")
        }
    }

    @Test("a failed save marks the text modified again")
    func saveFailed() {
        var state = Self.opened("a")
        Fixtures.send(&state, Fixtures.type("b") + [.key(.control("o"))])
        Fixtures.send(
            &state,
            [.editorSaveFailed(path: "/usr/local/etc/postfix/main.cf", reason: "disk full")])
        #expect(state.editor?.isModified == true)
        #expect(state.editor?.message == .saveFailed("disk full"))
    }

    @Test("editor keys do not reach the panes or quit")
    func modal() {
        var state = Self.opened()
        let effects = Fixtures.send(&state, Fixtures.keys([.tab, .function(5), .control("c")]))
        #expect(effects.isEmpty)
        #expect(state.focus == .lesson)
        #expect(state.editor?.mode == .quitPrompt)
    }

    @Test("PgDn and cursor keys scroll a long file")
    func scrolling() {
        let text = (1...2000).map { "line_\($0) = value" }.joined(separator: "\n")
        var state = Self.opened(text)
        Fixtures.send(&state, Fixtures.keys([.pageDown, .pageDown]))
        // The text area of 24 rows has 21 lines, and a page is 20 of them.
        #expect(state.editor?.cursor.line == 40)
        #expect(state.editor?.topLine == 20)
        Fixtures.send(&state, Fixtures.keys([.control("b")]))
        #expect(state.editor?.cursor.line == 1999)
        #expect(state.editor?.topLine == 1979)
        Fixtures.send(&state, Fixtures.keys([.pageUp, .control("t")]))
        #expect(state.editor?.topLine == 0)
    }

    @Test("typing in a long file stays fast")
    func longFile() {
        let text = (1...20000).map { "parameter_\($0) = some value here" }.joined(separator: "\n")
        var state = Self.opened(text)
        Fixtures.send(&state, Fixtures.keys([.pageDown]))
        let keys: [Message] = Array(
            repeating: Fixtures.type("abc") + Fixtures.keys([.enter, .backspace, .down]),
            count: 500
        ).flatMap { $0 }
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            Fixtures.send(&state, keys)
            _ = render(state, width: 80, height: 24)
        }
        #expect(state.editor?.lines.count == 20000)
        // 3,000 keys on 20,000 lines: a copy of the line array per key would take seconds.
        #expect(elapsed < .seconds(2))
    }

    @Test("tabs draw to the next multiple of eight")
    func tabRendering() {
        let state = Self.opened("a\tb\n\t\tc\n日本\tx")
        let screen = render(state, width: 80, height: 24)
        let rows = screen.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[1] == "a       b")
        #expect(rows[2] == "                c")
        #expect(rows[3] == "日本    x")
    }

    @Test("a line longer than the screen scrolls sideways")
    func horizontalScroll() {
        var state = Self.opened(String(repeating: "x", count: 100) + "END")
        Fixtures.send(&state, Fixtures.keys([.end]))
        let screen = render(state, width: 80, height: 24)
        let rows = screen.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[1].hasSuffix("xEND"))
        #expect(screen.cursor?.row == 1)
        #expect(screen.cursor?.column == 103 - state.editor!.leftColumn)
    }

    @Test("wide character cut at the left edge shows as a space")
    func wideAtLeftEdge() {
        // 100 columns of wide characters; End scrolls so that column 41 is the first shown,
        // which is the right half of the 21st character.
        var state = Self.opened(String(repeating: "日", count: 50))
        Fixtures.send(&state, Fixtures.keys([.end]))
        #expect(state.editor?.leftColumn == 41)
        let screen = render(state, width: 80, height: 24)
        #expect(screen[1, 0].character == " ")
        #expect(screen[1, 0].width == 1)
        #expect(screen[1, 1].character == "日")
        let row = screen.plainText().split(separator: "\n", omittingEmptySubsequences: false)[1]
        #expect(CharacterWidth.of(row) == 100 - 41)
        #expect(screen.cursor == CellPosition(row: 1, column: 100 - 41))
    }

    @Test("a resize keeps the cursor on screen")
    func resize() {
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n")
        var state = Self.opened(text)
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .down, count: 19)))
        Fixtures.send(&state, [.resize(width: 40, height: 10)])
        let screen = render(state, width: 40, height: 10)
        #expect(screen.cursor?.row == 7)
        let rows = screen.plainText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(rows[7] == "line 20")
    }

    @Test("editor snapshots in both languages and sizes")
    func snapshots() {
        let text = """
            # Postfix main.cf
            myhostname = lab.example.jp
            \tsmtpd_sasl_auth_enable = yes
            # 認証の設定 (SASL)
            smtpd_recipient_restrictions = permit_mynetworks,
                permit_sasl_authenticated, reject_unauth_destination
            """
        for language in Language.allCases {
            var state = Self.opened(text)
            Fixtures.send(&state, [.languageChanged(language)])
            Fixtures.send(&state, Fixtures.keys([.down, .down, .end]) + Fixtures.type("x"))
            expectSnapshot(
                render(state, width: 80, height: 24), named: "editor-80x24-\(language.rawValue)")
            Fixtures.send(&state, Fixtures.keys([.escape]))
            expectSnapshot(
                render(state, width: 80, height: 24),
                named: "editor-prompt-80x24-\(language.rawValue)")
        }
        var wide = Self.opened(text, width: 200, height: 60)
        Fixtures.send(&wide, Fixtures.keys([.control("y")]) + Fixtures.type("sasl"))
        expectSnapshot(render(wide, width: 200, height: 60), named: "editor-search-200x60-en")
    }
}
