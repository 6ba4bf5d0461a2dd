/// Draws a pane's visible rows, the selection in it and, for the focused console, the cursor.
func drawPane(_ screen: inout Screen, _ state: AppState, _ pane: Pane) {
    let rect = state.contentRect(of: pane)
    guard rect.width > 0 && rect.height > 0 else {
        return
    }
    let document = state.document(for: pane)
    let rows = state.visibleRows(for: pane, in: document)
    let selection = state.selection?.pane == pane ? state.selection : nil
    // The character cursor of a keyboard selection; a whole-line selection shows none.
    let selectionCursor =
        selection?.mode == .keyboard && selection?.lineWise == false
        ? selection?.cursor : nil
    var cursorOffset: Int?
    var cursorLine = -1
    if case .shell(let id) = pane, state.focus == pane, state.selection?.mode != .keyboard {
        cursorOffset = state[shell: id].cursorOffset
        cursorLine = document.firstLine + document.lineCount - 1
    }

    for (index, row) in rows.enumerated() {
        let styled = document.line(row.line)
        let screenRow = rect.row + index
        var x = rect.column + row.segment.indent
        var offset = row.segment.startOffset
        let rowSelected = selection.map { row.line >= $0.start.line && row.line <= $0.end.line }
        for character in styled.text[row.segment.range] {
            let width = CharacterWidth.of(character)
            if width == 0 {
                offset += 1
                continue
            }
            if x + width > rect.right {
                break
            }
            var cell = Cell(
                character, width: UInt8(width), attributes: styled.attributes, role: styled.role)
            if rowSelected == true, let selection,
                selection.contains(line: row.line, offset: offset)
            {
                cell.attributes = [.reverse]
                cell.role = .selection
            }
            if selectionCursor == TextPosition(line: row.line, offset: offset) {
                cell.attributes = [.reverse, .bold, .underline]
            }
            screen.set(row: screenRow, column: x, cell)
            x += width
            offset += 1
        }
        if let cursor = selectionCursor, cursor.line == row.line, row.isLast,
            cursor.offset >= offset, x < rect.right
        {
            // The cursor of an empty line is shown on the line's first free cell.
            screen.set(
                row: screenRow, column: x, Cell(" ", attributes: [.reverse], role: .selection))
        }
        if row.line == cursorLine, let cursor = cursorOffset {
            placeCursor(&screen, row, styled.text, cursor, rect, screenRow)
        }
    }
}

/// Puts the terminal cursor at character `offset` of the console's current line when that
/// character is on `row`.
private func placeCursor(
    _ screen: inout Screen, _ row: VisibleRow, _ text: String, _ offset: Int, _ rect: Rect,
    _ screenRow: Int
) {
    let start = row.segment.startOffset
    let end = start + row.segment.characterCount
    guard offset >= start && (offset < end || (row.isLast && offset == end)) else {
        return
    }
    var column = row.segment.indent
    for character in text[row.segment.range].prefix(offset - start) {
        column += CharacterWidth.of(character)
    }
    screen.cursor = CellPosition(
        row: screenRow, column: rect.column + min(column, rect.width - 1))
}

/// The status bar's keys in display order, each with its drop priority: when the bar is too
/// narrow, the keys with the highest numbers are left out first.
private let statusKeys: [(key: String, label: UIText, priority: Int)] = [
    ("F1", .keyHelp, 0),
    ("Tab", .keyPane, 5),
    ("F4", .keySelect, 7),
    ("F9", .keyPaste, 8),
    ("F2", .keyChallenge, 9),
    ("F3", .keyResponse, 10),
    ("F5", .keyCheck, 2),
    ("F6", .keyHint, 3),
    ("F7", .keyWire, 6),
    ("F8", .keyReport, 4),
    ("F10", .keyQuit, 1),
]

/// Draws the last row: the keys (or the notice) on the left, the servers' ports on the right.
func drawStatusBar(_ screen: inout Screen, _ state: AppState) {
    let row = screen.height - 1
    let width = screen.width
    screen.fill(row: row, from: 0, to: width, role: .statusBar)

    var servers = ""
    for server in state.status.servers {
        servers += (servers.isEmpty ? "" : " ") + "\(server.name):\(server.port)"
    }
    let serversWidth = CharacterWidth.of(servers)
    let serversColumn = max(0, width - serversWidth - 1)
    var column = serversColumn
    for (index, server) in state.status.servers.enumerated() {
        let text = (index == 0 ? "" : " ") + "\(server.name):\(server.port)"
        let attributes: CellAttributes = server.running ? [] : [.dim]
        column = screen.put(
            text, row: row, column: column, attributes: attributes, role: .statusBar)
    }
    // Columns the left part may use, leaving two blanks before the servers.
    let room = serversWidth > 0 ? serversColumn - 2 : width

    if let notice = state.notice {
        screen.put(
            " " + truncated(notice, toWidth: room - 1), row: row, column: 0, limit: room,
            attributes: [.bold], role: .notice)
        return
    }
    let items = statusKeys.map { item in
        (
            item: item,
            width: CharacterWidth.of(item.key) + 1
                + CharacterWidth.of(
                    item.label.text(state.language)) + 2
        )
    }
    // Each entry's width counts the two blanks after it; the bar starts with one blank.
    var included = Set<Int>()
    var used = 1 - 2
    for (index, entry) in items.enumerated().sorted(by: { $0.1.item.priority < $1.1.item.priority })
    where used + entry.width <= room {
        included.insert(index)
        used += entry.width
    }
    var x = 1
    for (index, entry) in items.enumerated() where included.contains(index) {
        x = screen.put(entry.item.key, row: row, column: x, attributes: [.bold], role: .statusKey)
        x = screen.put(
            " " + entry.item.label.text(state.language), row: row, column: x, role: .statusBar)
        x += 2
    }
}
