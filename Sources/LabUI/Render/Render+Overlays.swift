/// Draws a box with a title in its top line and blank insides, and returns its inner area.
func drawBox(_ screen: inout Screen, _ box: Rect, title: String) -> Rect {
    let right = box.right - 1
    let bottom = box.bottom - 1
    for row in box.row...bottom {
        screen.fill(row: row, from: box.column, to: box.right, role: .overlay)
        if row == box.row || row == bottom {
            for column in box.column...right {
                screen.set(row: row, column: column, Cell("─", role: .overlay))
            }
        }
        screen.set(row: row, column: box.column, Cell("│", role: .overlay))
        screen.set(row: row, column: right, Cell("│", role: .overlay))
    }
    screen.set(row: box.row, column: box.column, Cell("┌", role: .overlay))
    screen.set(row: box.row, column: right, Cell("┐", role: .overlay))
    screen.set(row: bottom, column: box.column, Cell("└", role: .overlay))
    screen.set(row: bottom, column: right, Cell("┘", role: .overlay))
    let text = " " + truncated(title, toWidth: box.width - 6) + " "
    screen.put(text, row: box.row, column: box.column + 2, attributes: [.bold], role: .overlay)
    return Rect(
        row: box.row + 1, column: box.column + 2, width: box.width - 4, height: box.height - 2)
}

/// A box of at most `width` × `height` cells in the middle of the screen, leaving the top
/// and bottom lines of the main box and the status bar visible.
func centeredBox(_ screen: Screen, width: Int, height: Int) -> Rect {
    let boxWidth = min(width, screen.width - 2)
    let boxHeight = min(height, screen.height - 4)
    return Rect(
        row: max(0, (screen.height - 1 - boxHeight) / 2),
        column: max(0, (screen.width - boxWidth) / 2), width: boxWidth, height: boxHeight)
}

func drawHelp(_ screen: inout Screen, _ state: AppState) {
    let english = state.language == .en
    let keyWidth = helpEntries.map { CharacterWidth.of($0.keys) }.max() ?? 0
    let textWidth =
        helpEntries.map { CharacterWidth.of(english ? $0.english : $0.japanese) }
        .max() ?? 0
    let box = centeredBox(
        screen, width: keyWidth + textWidth + 7, height: helpEntries.count + 5)
    let inner = drawBox(&screen, box, title: state.text(.helpTitle))
    var row = inner.row + 1
    for entry in helpEntries where row < inner.bottom - 1 {
        screen.put(
            entry.keys, row: row, column: inner.column, limit: inner.right, attributes: [.bold],
            role: .overlay)
        screen.put(
            english ? entry.english : entry.japanese, row: row,
            column: inner.column + keyWidth + 2, limit: inner.right, role: .overlay)
        row += 1
    }
    screen.put(
        state.text(.helpClose), row: inner.bottom - 1, column: inner.column, limit: inner.right,
        attributes: [.dim], role: .overlay)
}

func drawReport(_ screen: inout Screen, _ state: AppState) {
    let form = state.report
    let box = centeredBox(screen, width: 76, height: 22)
    let inner = drawBox(&screen, box, title: state.text(.reportTitle))
    let labels: [(ReportForm.Item, UIText)] = [
        (.affiliation, .reportAffiliation), (.studentNumber, .reportStudentNumber),
        (.year, .reportYear), (.name, .reportName),
    ]
    // The form's rows from the top, before it is scrolled to fit a short screen: a blank,
    // four fields, a blank, the free text's label and area, a blank, buttons and keys.
    let textRows = max(3, inner.height - 10)
    let textTop = 7
    let buttonsRow = textTop + textRows + 1
    let focusRows: ClosedRange<Int> =
        switch form.focus {
        case .affiliation, .studentNumber, .year, .name:
            (form.focus.rawValue + 1)...(form.focus.rawValue + 1)
        case .text: (textTop - 1)...(textTop + textRows - 1)
        default: buttonsRow...(buttonsRow + 1)
        }
    let scroll = max(0, focusRows.upperBound - (inner.height - 1))
    func screenRow(_ formRow: Int) -> Int? {
        let row = inner.row + formRow - scroll
        return row >= inner.row && row < inner.bottom ? row : nil
    }

    let labelWidth = labels.map { CharacterWidth.of(state.text($0.1)) }.max() ?? 0
    let fieldColumn = inner.column + labelWidth + 2
    let fieldWidth = max(1, inner.right - fieldColumn)
    for (index, (item, label)) in labels.enumerated() {
        guard let row = screenRow(index + 1), let editor = form[lineField: item] else {
            continue
        }
        screen.put(state.text(label), row: row, column: inner.column, role: .overlay)
        drawField(
            &screen, editor, row: row, column: fieldColumn, width: fieldWidth,
            focused: form.focus == item)
    }
    if let row = screenRow(textTop - 1) {
        screen.put(state.text(.reportText), row: row, column: inner.column, role: .overlay)
    }
    let visibleTextRows = (textTop..<(textTop + textRows)).compactMap(screenRow)
    if let first = visibleTextRows.first {
        let area = Rect(
            row: first, column: inner.column, width: inner.width, height: visibleTextRows.count)
        drawTextArea(&screen, form.text, area, focused: form.focus == .text)
    }

    let buttons: [(ReportForm.Item, UIText)] = [
        (.save, .reportSave), (.export, .reportExport), (.close, .reportClose),
    ]
    if let row = screenRow(buttonsRow) {
        var column = inner.column
        for (item, label) in buttons {
            let focused = form.focus == item
            column = screen.put(
                "[ \(state.text(label)) ]", row: row, column: column, limit: inner.right,
                attributes: focused ? [.reverse, .bold] : [],
                role: focused ? .focusedField : .overlay)
            column += 2
        }
    }
    if let row = screenRow(buttonsRow + 1) {
        screen.put(
            state.text(.reportKeys), row: row, column: inner.column, limit: inner.right,
            attributes: [.dim], role: .overlay)
    }
}

/// Draws a one-line field, scrolled so that its cursor is visible.
private func drawField(
    _ screen: inout Screen, _ editor: LineEditor, row: Int, column: Int, width: Int,
    focused: Bool
) {
    let role: ColorRole = focused ? .focusedField : .field
    screen.fill(row: row, from: column, to: column + width, attributes: [.underline], role: role)
    var first = 0
    let characters = editor.characters
    while CharacterWidth.of(String(characters[first..<editor.cursor])) >= width {
        first += 1
    }
    let end = screen.put(
        String(characters[first...]), row: row, column: column, limit: column + width,
        attributes: [.underline], role: role)
    _ = end
    if focused {
        let cursorColumn = column + CharacterWidth.of(String(characters[first..<editor.cursor]))
        screen.cursor = CellPosition(row: row, column: min(cursorColumn, column + width - 1))
    }
}

/// Draws the free text wrapped to the area, scrolled so that the cursor's row is visible.
private func drawTextArea(_ screen: inout Screen, _ area: TextArea, _ rect: Rect, focused: Bool) {
    let role: ColorRole = focused ? .focusedField : .field
    for row in rect.row..<rect.bottom {
        screen.fill(row: row, from: rect.column, to: rect.right, role: role)
    }
    var rows: [(text: String, segment: LineSegment, line: Int, isLast: Bool)] = []
    var cursorRow = 0
    var cursorColumn = 0
    for (number, line) in area.lines.enumerated() {
        let text = line.text
        let segments = TextWrapper.segments(of: text, width: rect.width, wordWrap: true)
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            let inSegment =
                line.cursor >= segment.startOffset
                && (line.cursor < segment.startOffset + segment.characterCount
                    || (isLast && line.cursor == segment.startOffset + segment.characterCount))
            if number == area.row && inSegment {
                cursorRow = rows.count
                cursorColumn = CharacterWidth.of(
                    String(text[segment.range].prefix(line.cursor - segment.startOffset)))
            }
            rows.append((text, segment, number, isLast))
        }
    }
    let first = max(0, cursorRow - rect.height + 1)
    for (index, entry) in rows.dropFirst(first).prefix(rect.height).enumerated() {
        screen.put(
            entry.text[entry.segment.range], row: rect.row + index, column: rect.column,
            limit: rect.right, role: role)
    }
    if focused {
        screen.cursor = CellPosition(
            row: rect.row + cursorRow - first,
            column: rect.column + min(cursorColumn, rect.width - 1))
    }
}
