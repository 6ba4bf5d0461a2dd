/// Draws the built-in editor over the whole screen: the title line, the text, the message or
/// prompt line and the key line. Only the lines on screen are read, so a long file costs no
/// more than a short one.
func drawEditor(_ screen: inout Screen, _ state: AppState, _ editor: EditorState) {
    let size = editorTextSize(width: screen.width, height: screen.height)
    var view = editor
    view.scrollToCursor(width: size.width, height: size.height)

    drawEditorTitle(&screen, state, view)
    for row in 0..<size.height {
        let number = view.topLine + row
        guard number < view.lines.count else {
            break
        }
        drawEditorLine(&screen, view.lines[number], row: row + 1, leftColumn: view.leftColumn)
    }
    let cursorColumn = view.displayColumn(of: view.cursor) - view.leftColumn
    screen.cursor = CellPosition(
        row: 1 + view.cursor.line - view.topLine,
        column: min(max(0, cursorColumn), screen.width - 1))

    let messageRow = screen.height - 2
    switch view.mode {
    case .editing:
        if let message = view.message {
            screen.put(
                editorMessageText(message, state), row: messageRow, column: 0, attributes: [.bold],
                role: .notice)
        }
    case .search(let query):
        let prompt = state.text(.editorSearchPrompt)
        let end = screen.put(prompt, row: messageRow, column: 0, attributes: [.bold])
        screen.put(query.text, row: messageRow, column: end)
        let offset = CharacterWidth.of(String(query.characters.prefix(query.cursor)))
        screen.cursor = CellPosition(
            row: messageRow, column: min(end + offset, screen.width - 1))
    case .quitPrompt:
        screen.put(
            state.text(.editorQuitPrompt), row: messageRow, column: 0, attributes: [.bold],
            role: .notice)
        screen.cursor = nil
    }
    let keysRow = screen.height - 1
    screen.fill(row: keysRow, from: 0, to: screen.width, role: .statusBar)
    screen.put(" " + state.text(.editorKeys), row: keysRow, column: 0, role: .statusBar)
}

private func drawEditorTitle(_ screen: inout Screen, _ state: AppState, _ editor: EditorState) {
    screen.fill(row: 0, from: 0, to: screen.width, attributes: [.reverse], role: .statusBar)
    let position = state.text(
        .editorPosition(
            line: editor.cursor.line + 1, lineCount: editor.lines.count,
            column: editor.displayColumn(of: editor.cursor) + 1))
    let positionColumn = max(0, screen.width - CharacterWidth.of(position) - 1)
    let modified = editor.isModified ? "  [\(state.text(.editorModified))]" : ""
    let title = truncated(" ee  \(editor.path)\(modified)", toWidth: max(0, positionColumn - 2))
    screen.put(title, row: 0, column: 0, attributes: [.reverse, .bold], role: .statusBar)
    screen.put(position, row: 0, column: positionColumn, attributes: [.reverse], role: .statusBar)
}

/// Draws one line from display column `leftColumn` on, tabs as spaces to the next tab stop.
/// A wide character cut by the left edge shows as a space.
private func drawEditorLine(
    _ screen: inout Screen, _ line: [Character], row: Int, leftColumn: Int
) {
    let right = leftColumn + screen.width
    var column = 0
    for character in line {
        if column >= right {
            break
        }
        let next = EditorState.advance(column, by: character)
        defer { column = next }
        guard next > leftColumn, next > column else {
            continue
        }
        if character == "\t" || column < leftColumn || next > right {
            screen.fill(
                row: row, from: max(column, leftColumn) - leftColumn,
                to: min(next, right) - leftColumn)
            continue
        }
        screen.set(
            row: row, column: column - leftColumn,
            Cell(character, width: UInt8(next - column)))
    }
}

private func editorMessageText(_ message: EditorMessage, _ state: AppState) -> String {
    switch message {
    case .saved(let lines): state.text(.editorSaved(lines))
    case .saveFailed(let reason): reason
    case .notFound(let text): state.text(.editorNotFound(text))
    case .wrapped: state.text(.editorWrapped)
    }
}
