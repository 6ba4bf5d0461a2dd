/// Starts keyboard selection (F4) in the focused pane with the whole of its last visible line
/// that has text selected, skipping a console's input line.
func startSelection(_ state: inout AppState) {
    let pane = state.focus
    let document = state.document(for: pane)
    let rows = state.visibleRows(for: pane)
    var inputLine: Int?
    if case .shell = pane {
        inputLine = document.firstLine + document.lineCount - 1
    }
    var candidates = rows.map(\.line).filter { $0 != inputLine }
    if candidates.isEmpty {
        candidates = rows.map(\.line)
    }
    let nonEmpty = candidates.last { !document.line($0).text.trimmingSpaces().isEmpty }
    guard let line = nonEmpty ?? candidates.last else {
        return
    }
    let count = document.line(line).text.count
    state.selection = Selection(
        pane: pane, mark: TextPosition(line: line, offset: 0),
        cursor: TextPosition(line: line, offset: max(0, count - 1)), mode: .keyboard,
        lineWise: true)
    state.notice = state.text(.selectionKeys)
}

/// Handles a key while keyboard selection is on: Up, Down, PgUp and PgDn move the cursor by
/// lines, Left, Right, Home and End by characters (and end a whole-line selection), Space
/// moves the mark to the cursor, Enter copies and Esc cancels.
func handleSelectionKey(_ state: inout AppState, _ key: Key) {
    guard var selection = state.selection else {
        return
    }
    let document = state.document(for: selection.pane)
    let lines = document.lineRange
    let page = max(1, state.contentRect(of: selection.pane).height - 1)
    var cursor = selection.cursor
    func length(_ line: Int) -> Int {
        document.line(line).text.count
    }

    switch key {
    case .escape, .function(4):
        state.selection = nil
        return
    case .enter:
        copy(&state, selection)
        state.selection = nil
        return
    case .character(" "):
        selection.lineWise = false
        selection.mark = cursor
    case .up, .down, .pageUp, .pageDown:
        let delta =
            switch key {
            case .up: -1
            case .down: 1
            case .pageUp: -page
            default: page
            }
        cursor.line = min(max(lines.lowerBound, cursor.line + delta), lines.upperBound - 1)
        cursor.offset = min(cursor.offset, max(0, length(cursor.line) - 1))
    case .left, .right, .home, .end:
        if selection.lineWise {
            // The same range, character by character, with the cursor at its moving end.
            selection.lineWise = false
            let upward = cursor.line < selection.mark.line
            selection.mark.offset = upward ? max(0, length(selection.mark.line) - 1) : 0
            cursor.offset = upward ? 0 : max(0, length(cursor.line) - 1)
        }
        switch key {
        case .left: cursor.offset = max(0, cursor.offset - 1)
        case .right: cursor.offset = min(cursor.offset + 1, max(0, length(cursor.line) - 1))
        case .home: cursor.offset = 0
        default: cursor.offset = max(0, length(cursor.line) - 1)
        }
    default:
        state.notice = state.text(.selectionKeys)
        return
    }
    selection.cursor = cursor
    state.selection = selection
    scrollToShow(&state, selection.pane, line: cursor.line)
    state.notice = state.text(.selectionKeys)
}

/// Copies the selected text into the clipboard and says how much was copied.
private func copy(_ state: inout AppState, _ selection: Selection) {
    let text = state.document(for: selection.pane).text(
        from: selection.start, through: selection.end)
    guard !text.isEmpty else {
        state.notice = state.text(.nothingSelected)
        return
    }
    state.clipboard = text
    state.notice = state.text(.copied(text.count))
}

/// Scrolls a pane so that `line` is on screen.
private func scrollToShow(_ state: inout AppState, _ pane: Pane, line: Int) {
    let rows = state.visibleRows(for: pane)
    guard let first = rows.first?.line, let last = rows.last?.line else {
        return
    }
    if line >= first && line <= last {
        return
    }
    let document = state.document(for: pane)
    let width = state.contentRect(of: pane).width
    switch pane {
    case .lesson:
        var top = 0
        for number in document.lineRange where number < line {
            top += document.segments(ofLine: number, width: width).count
        }
        state.lessonScroll = min(top, state.maximumScroll(for: .lesson))
    case .shell(let id):
        var below = 0
        for number in document.lineRange where number > line {
            below += document.segments(ofLine: number, width: width).count
        }
        let height = state.contentRect(of: pane).height
        let rowsOfLine = document.segments(ofLine: line, width: width).count
        let offset = line < first ? below + rowsOfLine - height : below
        state[shell: id].scrollOffset = min(
            max(0, offset), state.maximumScroll(for: pane))
    }
}

/// Handles the mouse: a press inside a pane focuses it and starts a selection there, a drag
/// extends it (clipped to that pane), and a release copies it. The wheel scrolls the pane
/// under the pointer.
func handleMouse(_ state: inout AppState, _ event: MouseEvent) {
    guard state.overlay == nil else {
        return
    }
    let layout = state.layout
    switch event.action {
    case .scrollUp, .scrollDown:
        guard let pane = layout.pane(atRow: event.row, column: event.column) else {
            return
        }
        let delta = event.action == .scrollUp ? 3 : -3
        scrollPane(&state, pane, up: delta)
    case .press:
        guard let pane = layout.pane(atRow: event.row, column: event.column) else {
            return
        }
        state.focus = pane
        state.notice = nil
        guard let position = position(in: state, pane, row: event.row, column: event.column)
        else {
            state.selection = nil
            return
        }
        state.selection = Selection(pane: pane, mark: position, cursor: position, mode: .dragging)
    case .drag, .release:
        guard var selection = state.selection, selection.mode == .dragging else {
            return
        }
        let rect = state.contentRect(of: selection.pane)
        let row = min(max(rect.row, event.row), rect.bottom - 1)
        let column = min(max(rect.column, event.column), rect.right - 1)
        if let position = position(in: state, selection.pane, row: row, column: column) {
            selection.cursor = position
        }
        if event.action == .drag {
            state.selection = selection
            return
        }
        if selection.mark == selection.cursor {
            state.selection = nil
            return
        }
        selection.mode = .copied
        state.selection = selection
        copy(&state, selection)
    }
}

/// Scrolls a pane `up` rows (down when negative).
private func scrollPane(_ state: inout AppState, _ pane: Pane, up: Int) {
    let maximum = state.maximumScroll(for: pane)
    switch pane {
    case .lesson:
        state.lessonScroll = min(max(0, state.lessonScroll - up), maximum)
    case .shell(let id):
        state[shell: id].scrollOffset = min(max(0, state[shell: id].scrollOffset + up), maximum)
    }
}

/// The text position under a screen cell of a pane, or `nil` when the pane shows no text.
private func position(in state: AppState, _ pane: Pane, row: Int, column: Int) -> TextPosition? {
    let rect = state.contentRect(of: pane)
    let rows = state.visibleRows(for: pane)
    guard let last = rows.last else {
        return nil
    }
    let index = row - rect.row
    let document = state.document(for: pane)
    if index >= rows.count {
        return TextPosition(line: last.line, offset: document.line(last.line).text.count)
    }
    let visible = rows[max(0, index)]
    let text = document.line(visible.line).text
    let offset = visible.offset(atColumn: max(0, column - rect.column), in: text)
    return TextPosition(line: visible.line, offset: offset)
}
