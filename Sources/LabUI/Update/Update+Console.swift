/// Handles a key in a focused console: line editing, history, submitting and scrolling.
func handleConsoleKey(_ state: inout AppState, _ id: ShellID, _ key: Key) -> [Effect] {
    let page = max(1, state.contentRect(of: .shell(id)).height - 1)
    var console = state[shell: id]
    defer { state[shell: id] = console }

    switch key {
    case .control("]"):
        guard console.awaitingLine else {
            return []
        }
        console.cancelReading()
        return [.sendEscape(id)]
    case .enter:
        guard let line = console.submit() else {
            if !console.queueTypeAhead() {
                state.notice = state.text(.shellBusy(id.name))
            }
            return []
        }
        return [.submitLine(id, line)]
    case .control("c"):
        // At the shell's prompt Ctrl-C drops the typed line, as csh does; while a command
        // runs it ends that command's input.
        if console.awaitingLine && console.prompt == ConsolePane.shellPrompt {
            console.cancelReading(echoing: console.input.text + "^C")
            console.clearInput()
            console.beginReading(prompt: ConsolePane.shellPrompt, echo: true)
            return []
        }
        console.cancelReading(echoing: "^C")
        console.clearInput()
        return [.interrupt(id)]
    case .up:
        console.historyPrevious()
    case .down:
        console.historyNext()
    case .pageUp:
        let maximum = state.maximumScroll(for: .shell(id))
        console.scrollOffset = min(console.scrollOffset + page, maximum)
    case .pageDown:
        console.scrollOffset = max(0, console.scrollOffset - page)
    default:
        if console.input.apply(key) {
            console.scrollOffset = 0
        }
    }
    return []
}

/// Appends shell output, keeping a scrolled-up view on the same lines, and remembers the
/// server challenges and tool responses that F2 and F3 paste.
func receiveOutput(_ state: inout AppState, _ id: ShellID, _ text: String) {
    let rowsBefore = state[shell: id].scrollOffset > 0 ? state.maximumScroll(for: .shell(id)) : 0
    let finished = state[shell: id].appendOutput(text)
    if state[shell: id].scrollOffset > 0 {
        let grown = state.maximumScroll(for: .shell(id)) - rowsBefore
        state[shell: id].scrollOffset += max(0, grown)
    }
    for line in finished {
        if state.expectingResponse.contains(id) {
            let trimmed = line.trimmingSpaces()
            if !trimmed.isEmpty {
                state.lastResponse = trimmed
                state.expectingResponse.remove(id)
            }
            continue
        }
        switch ServerText.classify(line) {
        case .challenge(let base64):
            state.lastChallenge = base64
        case .responseFollows:
            state.expectingResponse.insert(id)
        case .response(let response):
            state.lastResponse = response
        case nil:
            break
        }
    }
}

/// Pastes the clipboard into the focused console's input line (Ctrl-V, F9).
func pasteClipboard(_ state: inout AppState) {
    guard !state.clipboard.isEmpty else {
        state.notice = state.text(.clipboardEmpty)
        return
    }
    paste(&state, state.clipboard)
}

/// Pastes a remembered challenge or response (F2, F3), or says that none was seen.
func pasteRecalled(_ state: inout AppState, _ text: String?, missing: UIText) {
    guard let text else {
        state.notice = state.text(missing)
        return
    }
    paste(&state, text)
}

private func paste(_ state: inout AppState, _ text: String) {
    guard case .shell(let id) = state.focus else {
        state.notice = state.text(.pasteNeedsShell)
        return
    }
    var line = text
    if let newline = text.firstIndex(where: { $0 == "\n" || $0 == "\r\n" }) {
        line = String(text[..<newline])
        state.notice = state.text(.pastedFirstLine)
    }
    state[shell: id].input.insert(ConsolePane.visibleText(line))
    state[shell: id].scrollOffset = 0
}

extension String {
    func trimmingSpaces() -> String {
        var characters = Substring(self)
        while let first = characters.first, first == " " || first == "\t" {
            characters.removeFirst()
        }
        while let last = characters.last, last == " " || last == "\t" {
            characters.removeLast()
        }
        return String(characters)
    }
}
