/// Applies `message` to `state` and returns the work the rest of the program must do.
/// Pure: it reads no clock, files or sockets.
public func update(_ state: inout AppState, _ message: Message) -> [Effect] {
    switch message {
    case .key(let key):
        return handleKey(&state, key)
    case .mouse(let event):
        // The editor and the options dialog take no mouse input; the panes are hidden.
        if state.editor == nil && state.optionsDialog == nil {
            handleMouse(&state, event)
        }
        return []
    case .resize(let width, let height):
        state.width = max(0, width)
        state.height = max(0, height)
        clampScrolling(&state)
        return []
    case .shellOutput(let id, let text):
        receiveOutput(&state, id, text)
        return []
    case .shellWantsLine(let id, let prompt, let echo):
        if let line = state[shell: id].beginReadingTypedAhead(prompt: prompt, echo: echo) {
            return [.submitLine(id, line)]
        }
        return []
    case .shellTitleChanged(let id, let title):
        state[shell: id].title = title
        return []
    case .lessonChanged(let lesson):
        let sameStep =
            lesson.stepNumber == state.lesson.stepNumber
            && lesson.lessonTitle == state.lesson.lessonTitle
        state.lesson = lesson
        if !sameStep {
            state.lessonScroll = 0
            clearSelection(&state, in: .lesson)
        }
        clampScrolling(&state)
        return []
    case .statusChanged(let status):
        state.status = status
        return []
    case .wireChanged(let lines):
        // A new view starts at its newest lines; a refresh follows them while at the end.
        let refresh = state.wire != nil && lines != nil
        let following = state.lessonScroll >= state.maximumScroll(for: .lesson)
        state.wire = lines
        if !refresh {
            clearSelection(&state, in: .lesson)
        }
        if lines == nil {
            state.lessonScroll = 0
        } else if !refresh || following {
            state.lessonScroll = state.maximumScroll(for: .lesson)
        }
        clampScrolling(&state)
        return []
    case .reportFieldsLoaded(let fields):
        state.report.load(fields)
        return []
    case .notice(let text):
        state.notice = text
        return []
    case .languageChanged(let language):
        state.language = language
        return []
    case .openEditor(let path, let text):
        state.editor = EditorState(path: path, text: text)
        state.selection = nil
        return []
    case .editorSaveFailed(let path, let reason):
        if state.editor?.path == path {
            state.editor?.isModified = true
            state.editor?.message = .saveFailed(reason)
        } else {
            state.notice = reason
        }
        return []
    case .openOptions(let dialog):
        state.optionsDialog = dialog
        state.selection = nil
        return []
    }
}

private func handleKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    state.notice = nil
    if state.optionsDialog != nil {
        return handleOptionsKey(&state, key)
    }
    if state.editor != nil {
        return handleEditorKey(&state, key)
    }
    if key == .function(10) {
        return [.quit]
    }
    switch state.overlay {
    case .help:
        if [.escape, .enter, .function(1), .character("q")].contains(key) {
            state.overlay = nil
        }
        return []
    case .report:
        return handleReportKey(&state, key)
    case nil:
        break
    }
    if state.selection?.mode == .keyboard {
        handleSelectionKey(&state, key)
        return []
    }
    state.selection = nil
    if let effects = handleGlobalKey(&state, key) {
        return effects
    }
    switch state.focus {
    case .lesson:
        return handleLessonKey(&state, key)
    case .shell(let id):
        return handleConsoleKey(&state, id, key)
    }
}

/// Handles the keys that work in every pane and returns `nil` for any other key.
private func handleGlobalKey(_ state: inout AppState, _ key: Key) -> [Effect]? {
    switch key {
    case .tab:
        state.focus = nextPane(after: state.focus, step: 1)
    case .backTab:
        state.focus = nextPane(after: state.focus, step: -1)
    case .function(1):
        state.overlay = .help
    case .function(2):
        pasteRecalled(&state, state.lastChallenge, missing: .noChallenge)
    case .function(3):
        pasteRecalled(&state, state.lastResponse, missing: .noResponse)
    case .function(4):
        startSelection(&state)
    case .function(5):
        return [.runChecks]
    case .function(6):
        return [.showHint]
    case .function(7):
        if case .shell(let id) = state.focus {
            return [.toggleWire(id)]
        }
        return [.toggleWire(nil)]
    case .function(8):
        state.overlay = .report
        state.report.focus = .affiliation
    case .function(9), .control("v"):
        pasteClipboard(&state)
    default:
        return nil
    }
    return []
}

private func nextPane(after pane: Pane, step: Int) -> Pane {
    let panes = Pane.allCases
    let index = panes.firstIndex(of: pane) ?? 0
    return panes[(index + step + panes.count) % panes.count]
}

private func handleLessonKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    let page = max(1, state.contentRect(of: .lesson).height - 1)
    switch key {
    case .up: scrollLesson(&state, by: -1)
    case .down: scrollLesson(&state, by: 1)
    case .pageUp: scrollLesson(&state, by: -page)
    case .pageDown, .character(" "): scrollLesson(&state, by: page)
    case .home: state.lessonScroll = 0
    case .end: state.lessonScroll = state.maximumScroll(for: .lesson)
    case .character("n"), .right: return [.goToStep(1)]
    case .character("p"), .left: return [.goToStep(-1)]
    default: break
    }
    return []
}

private func scrollLesson(_ state: inout AppState, by delta: Int) {
    let maximum = state.maximumScroll(for: .lesson)
    state.lessonScroll = min(max(0, state.lessonScroll + delta), maximum)
}

/// Keeps scroll offsets inside the content after a resize or new content.
func clampScrolling(_ state: inout AppState) {
    state.lessonScroll = min(state.lessonScroll, state.maximumScroll(for: .lesson))
    for id in ShellID.allCases where state[shell: id].scrollOffset > 0 {
        state[shell: id].scrollOffset = min(
            state[shell: id].scrollOffset, state.maximumScroll(for: .shell(id)))
    }
}

func clearSelection(_ state: inout AppState, in pane: Pane) {
    if state.selection?.pane == pane {
        state.selection = nil
    }
}
