/// Draws a port's options dialog in the middle of the screen, as `make config` does.
func drawOptionsDialog(_ screen: inout Screen, _ state: AppState, _ dialog: OptionsDialogState) {
    let nameWidth = dialog.options.map { CharacterWidth.of($0.name) }.max() ?? 0
    let summaryWidth = dialog.options.map { CharacterWidth.of($0.summary) }.max() ?? 0
    let keys = state.text(.optionsKeys)
    let contentWidth = max(
        nameWidth + summaryWidth + 6, CharacterWidth.of(dialog.title) + 2,
        CharacterWidth.of(keys), 24)
    let box = centeredBox(screen, width: contentWidth + 4, height: dialog.options.count + 6)
    let inner = drawBox(&screen, box, title: dialog.title)

    // Rows: a blank, the options (scrolled to keep the chosen one visible), a blank, the
    // buttons and the keys.
    let listRows = max(1, inner.height - 4)
    let first = max(0, dialog.selected - listRows + 1)
    for (index, option) in dialog.options.enumerated().dropFirst(first).prefix(listRows) {
        let row = inner.row + 1 + index - first
        let chosen = index == dialog.selected
        let attributes: CellAttributes = chosen ? [.reverse] : []
        let role: ColorRole = chosen ? .focusedField : .overlay
        let mark = option.enabled ? "[X] " : "[ ] "
        var column = screen.put(
            mark, row: row, column: inner.column, limit: inner.right, attributes: attributes,
            role: role)
        column = screen.put(
            option.name, row: row, column: column, limit: inner.right,
            attributes: attributes.union(.bold), role: role)
        screen.put(
            option.summary, row: row, column: inner.column + 4 + nameWidth + 2,
            limit: inner.right, role: .overlay)
    }

    let buttonsRow = inner.bottom - 2
    let okText = "<  OK  >"
    let cancelText = "<Cancel>"
    let buttonsWidth = CharacterWidth.of(okText) + 3 + CharacterWidth.of(cancelText)
    var column = inner.column + max(0, (inner.width - buttonsWidth) / 2)
    column = screen.put(
        okText, row: buttonsRow, column: column, limit: inner.right,
        attributes: dialog.cancelChosen ? [] : [.reverse, .bold],
        role: dialog.cancelChosen ? .overlay : .focusedField)
    screen.put(
        cancelText, row: buttonsRow, column: column + 3, limit: inner.right,
        attributes: dialog.cancelChosen ? [.reverse, .bold] : [],
        role: dialog.cancelChosen ? .focusedField : .overlay)
    screen.put(
        keys, row: inner.bottom - 1, column: inner.column, limit: inner.right, attributes: [.dim],
        role: .overlay)
}
