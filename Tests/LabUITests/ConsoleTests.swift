import Testing

@testable import LabUI

@Suite("Console pane")
struct ConsoleTests {
    /// A session focused on Shell-B, which waits at `% `.
    private func shellB() -> AppState {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab, .tab]))
        return state
    }

    @Test("Enter submits the line and echoes prompt and text")
    func submit() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("ls -l"))
        let effects = update(&state, .key(.enter))
        #expect(effects == [.submitLine(.b, "ls -l")])
        #expect(state.shellB.lines.last == "% ls -l")
        #expect(state.shellB.input.isEmpty)
        #expect(!state.shellB.awaitingLine)
        #expect(state.shellB.history == ["ls -l"])
    }

    @Test("line editing keys move and delete")
    func lineEditing() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("helo"))
        Fixtures.send(&state, Fixtures.keys([.left, .left]))
        Fixtures.send(&state, Fixtures.type("l"))
        #expect(state.shellB.input.text == "hello")
        Fixtures.send(&state, Fixtures.keys([.home, .delete]))
        #expect(state.shellB.input.text == "ello")
        Fixtures.send(&state, Fixtures.keys([.end, .backspace]))
        #expect(state.shellB.input.text == "ell")
        Fixtures.send(&state, Fixtures.keys([.home]) + Fixtures.type("T"))
        #expect(state.shellB.input.text == "Tell")
        Fixtures.send(&state, Fixtures.keys([.control("e")]) + Fixtures.type(" me"))
        #expect(state.shellB.input.text == "Tell me")
        Fixtures.send(&state, Fixtures.keys([.control("w")]))
        #expect(state.shellB.input.text == "Tell ")
        Fixtures.send(&state, Fixtures.keys([.control("u")]))
        #expect(state.shellB.input.isEmpty)
    }

    @Test("Japanese input is edited by character")
    func japaneseEditing() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("日本語"))
        Fixtures.send(&state, Fixtures.keys([.left, .backspace]))
        #expect(state.shellB.input.text == "日語")
        #expect(state.shellB.cursorOffset == 2 + 1)
    }

    @Test("echo off hides the typed text and keeps it out of history")
    func echoOff() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("swaks") + Fixtures.keys([.enter]))
        Fixtures.send(&state, [.shellWantsLine(.b, prompt: "Password: ", echo: false)])
        Fixtures.send(&state, Fixtures.type("secret"))
        #expect(state.shellB.currentLine == "Password: ")
        #expect(!render(state, width: 80, height: 24).plainText().contains("secret"))
        let effects = update(&state, .key(.enter))
        #expect(effects == [.submitLine(.b, "secret")])
        #expect(state.shellB.lines.last == "Password: ")
        #expect(state.shellB.history == ["swaks"])
    }

    @Test("Up and Down walk the history and restore the draft")
    func history() {
        var state = shellB()
        for command in ["one", "two"] {
            Fixtures.send(&state, Fixtures.type(command) + Fixtures.keys([.enter]))
            Fixtures.send(&state, [.shellWantsLine(.b, prompt: "% ", echo: true)])
        }
        Fixtures.send(&state, Fixtures.type("dra"))
        Fixtures.send(&state, Fixtures.keys([.up]))
        #expect(state.shellB.input.text == "two")
        Fixtures.send(&state, Fixtures.keys([.up, .up]))
        #expect(state.shellB.input.text == "one")
        Fixtures.send(&state, Fixtures.keys([.down]))
        #expect(state.shellB.input.text == "two")
        Fixtures.send(&state, Fixtures.keys([.down]))
        #expect(state.shellB.input.text == "dra")
    }

    @Test("history is not offered at a password prompt")
    func historyHiddenWithoutEcho() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("one") + Fixtures.keys([.enter]))
        Fixtures.send(&state, [.shellWantsLine(.b, prompt: "Password: ", echo: false)])
        Fixtures.send(&state, Fixtures.keys([.up]))
        #expect(state.shellB.input.isEmpty)
    }

    @Test("Enter while busy types ahead")
    func busyShellTypesAhead() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("sleep") + Fixtures.keys([.enter]))
        Fixtures.send(&state, Fixtures.type("next"))
        #expect(update(&state, .key(.enter)).isEmpty)
        #expect(state.shellB.input.text.isEmpty)
        #expect(state.shellB.typeAhead == ["next"])
        #expect(state.notice == nil)
        let effects = update(&state, .shellWantsLine(.b, prompt: "% ", echo: true))
        #expect(effects == [.submitLine(.b, "next")])
        #expect(state.shellB.typeAhead.isEmpty)
        #expect(state.shellB.lines.last == "% next")
    }

    @Test("pasted lines run one by one")
    func pastedLinesRunInOrder() {
        var state = shellB()
        let burst =
            Fixtures.type("telnet localhost 25") + Fixtures.keys([.enter])
            + Fixtures.type("EHLO localhost") + Fixtures.keys([.enter])
            + Fixtures.type("NOOP") + Fixtures.keys([.enter])
        var submitted: [Effect] = []
        for message in burst { submitted += update(&state, message) }
        #expect(submitted == [.submitLine(.b, "telnet localhost 25")])
        for expected in ["EHLO localhost", "NOOP"] {
            let effects = update(&state, .shellWantsLine(.b, prompt: "", echo: true))
            #expect(effects == [.submitLine(.b, expected)])
        }
    }

    @Test("type-ahead beyond the limit is refused")
    func typeAheadLimit() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("busy") + Fixtures.keys([.enter]))
        for index in 0..<ConsolePane.maximumTypeAhead {
            Fixtures.send(&state, Fixtures.type("line\(index)") + Fixtures.keys([.enter]))
        }
        #expect(state.notice == nil)
        Fixtures.send(&state, Fixtures.type("one too many") + Fixtures.keys([.enter]))
        #expect(state.notice == "Shell-B is still running a command.")
        #expect(state.shellB.input.text == "one too many")
    }

    @Test("telnet lines stay out of history")
    func toolLinesNotInHistory() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("telnet localhost 25") + Fixtures.keys([.enter]))
        Fixtures.send(&state, [.shellWantsLine(.b, prompt: "", echo: true)])
        Fixtures.send(
            &state, Fixtures.type("AUTH PLAIN AHRlc3QAcGFzc3dvcmQ=") + Fixtures.keys([.enter]))
        #expect(state.shellB.history == ["telnet localhost 25"])
    }

    @Test("Ctrl-C at the prompt drops the line")
    func controlCAtPrompt() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("half typed"))
        let effects = update(&state, .key(.control("c")))
        #expect(effects.isEmpty)
        #expect(state.shellB.input.text.isEmpty)
        #expect(state.shellB.awaitingLine)
        #expect(state.shellB.lines.last == "% half typed^C")
    }

    @Test("Ctrl-C in a running command interrupts it")
    func controlCInCommand() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("userdb-test-cram-md5") + Fixtures.keys([.enter]))
        Fixtures.send(&state, [.shellWantsLine(.b, prompt: "Username? ", echo: true)])
        let effects = update(&state, .key(.control("c")))
        #expect(effects == [.interrupt(.b)])
        #expect(!state.shellB.awaitingLine)
        #expect(state.shellB.lines.last == "Username? ^C")
    }

    @Test("Ctrl-] sends telnet's escape only while a line is awaited")
    func escapeKey() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(update(&state, .key(.control("]"))) == [.sendEscape(.a)])
        #expect(state.shellA.lines.last == "^]")
        #expect(!state.shellA.awaitingLine)
        #expect(update(&state, .key(.control("]"))).isEmpty)
    }

    @Test("open output continues on the input line")
    func openLine() {
        var state = shellB()
        Fixtures.send(&state, Fixtures.type("userdbpw") + Fixtures.keys([.enter]))
        Fixtures.send(&state, [.shellOutput(.b, "Username? ")])
        Fixtures.send(&state, [.shellWantsLine(.b, prompt: "", echo: true)])
        Fixtures.send(&state, Fixtures.type("testuser"))
        #expect(state.shellB.currentLine == "Username? testuser")
        Fixtures.send(&state, Fixtures.keys([.enter]))
        #expect(state.shellB.lines.last == "Username? testuser")
        #expect(state.shellB.openLine.isEmpty)
    }

    @Test("output drops CR, expands tabs and shows controls")
    func sanitizedOutput() {
        var console = ConsolePane()
        console.appendOutput("220 ready\r\nab\tc\n\u{1B}[0m\n")
        #expect(console.lines == ["220 ready", "ab      c", "^[[0m"])
    }

    @Test("scrollback keeps a bounded number of lines")
    func boundedScrollback() {
        var console = ConsolePane()
        for index in 0..<(ConsolePane.maximumLines + 10) {
            console.appendOutput("line \(index)\n")
        }
        #expect(console.lines.count == ConsolePane.maximumLines)
        #expect(console.droppedLineCount == 10)
        #expect(console.lines.first == "line 10")
    }

    @Test("PgUp and PgDn scroll the scrollback")
    func scrolling() {
        var state = shellB()
        Fixtures.send(&state, [.shellOutput(.b, (1...50).map { "out \($0)\n" }.joined())])
        Fixtures.send(&state, Fixtures.keys([.pageUp]))
        let page = state.shellB.scrollOffset
        #expect(page == state.layout.shellB.height - 1)
        #expect(render(state, width: 80, height: 24).plainText().contains("out 41"))
        Fixtures.send(&state, [.shellOutput(.b, "new\n")])
        #expect(state.shellB.scrollOffset == page + 1)
        Fixtures.send(&state, Fixtures.keys([.pageDown, .pageDown]))
        #expect(state.shellB.scrollOffset == 0)
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .pageUp, count: 20)))
        #expect(state.shellB.scrollOffset == state.maximumScroll(for: .shell(.b)))
        Fixtures.send(&state, Fixtures.type("x"))
        #expect(state.shellB.scrollOffset == 0)
    }
}
