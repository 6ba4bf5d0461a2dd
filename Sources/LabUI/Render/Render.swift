/// Draws the whole screen for `state` at `width` × `height` cells. Pure, and linear in the
/// number of cells plus the lines that reach the screen.
public func render(_ state: AppState, width: Int, height: Int) -> Screen {
    var screen = Screen(width: width, height: height)
    var sized = state
    sized.width = width
    sized.height = height
    let layout = sized.layout
    if layout.isTooSmall {
        drawTooSmall(&screen, sized)
        return screen
    }
    if let editor = sized.editor {
        drawEditor(&screen, sized, editor)
    } else {
        drawFrame(&screen, sized, layout)
        for pane in Pane.allCases {
            drawPane(&screen, sized, pane)
        }
        drawPinnedChecks(&screen, sized)
        drawStatusBar(&screen, sized)
        switch sized.overlay {
        case .help:
            screen.cursor = nil
            drawHelp(&screen, sized)
        case .report:
            screen.cursor = nil
            drawReport(&screen, sized)
        case nil:
            break
        }
    }
    if let dialog = sized.optionsDialog {
        screen.cursor = nil
        drawOptionsDialog(&screen, sized, dialog)
    }
    return screen
}

private func drawTooSmall(_ screen: inout Screen, _ state: AppState) {
    let message = state.text(
        .terminalTooSmall(minimumWidth: Layout.minimumWidth, minimumHeight: Layout.minimumHeight))
    var row = 0
    for segment in TextWrapper.segments(of: message, width: max(1, screen.width), wordWrap: true)
    where row < screen.height {
        screen.put(message[segment.range], row: row, column: 0)
        row += 1
    }
}

/// Draws the box with its three titled panes.
private func drawFrame(_ screen: inout Screen, _ state: AppState, _ layout: Layout) {
    let right = layout.width - 1
    let split = layout.splitColumn
    let bottom = layout.bottomRow
    let lessonRole: ColorRole = state.focus == .lesson ? .focusedBorder : .border
    let roleA: ColorRole = state.focus == .shell(.a) ? .focusedBorder : .border
    let roleB: ColorRole = state.focus == .shell(.b) ? .focusedBorder : .border

    horizontalLine(&screen, row: 0, from: 0, to: split, role: lessonRole)
    horizontalLine(&screen, row: 0, from: split, to: right, role: roleA)
    horizontalLine(&screen, row: bottom, from: 0, to: split, role: lessonRole)
    horizontalLine(&screen, row: bottom, from: split, to: right, role: roleB)
    horizontalLine(&screen, row: layout.splitRow, from: split, to: right, role: roleB)
    for row in 1..<bottom {
        let shellRole = row < layout.splitRow ? roleA : roleB
        screen.set(row: row, column: 0, Cell(Glyph.vertical, role: lessonRole))
        let splitRole = state.focus == .lesson ? lessonRole : shellRole
        screen.set(row: row, column: split, Cell(Glyph.vertical, role: splitRole))
        screen.set(row: row, column: right, Cell(Glyph.vertical, role: shellRole))
    }
    screen.set(row: 0, column: 0, Cell("┌", role: lessonRole))
    screen.set(row: 0, column: split, Cell("┬", role: lessonRole))
    screen.set(row: 0, column: right, Cell("┐", role: roleA))
    screen.set(row: bottom, column: 0, Cell("└", role: lessonRole))
    screen.set(row: bottom, column: split, Cell("┴", role: lessonRole))
    screen.set(row: bottom, column: right, Cell("┘", role: roleB))
    screen.set(row: layout.splitRow, column: split, Cell("├", role: roleB))
    screen.set(row: layout.splitRow, column: right, Cell("┤", role: roleB))

    let lessonTitle = lessonTitleText(state)
    var position = ""
    if state.wire == nil && state.lesson.stepCount > 0 {
        position = "\(state.lesson.stepIndex)/\(state.lesson.stepCount)"
    }
    drawTitle(
        &screen, row: 0, from: 1, to: split, title: lessonTitle, trailing: position,
        focused: state.focus == .lesson)
    for id in ShellID.allCases {
        let row = id == .a ? 0 : layout.splitRow
        let console = state[shell: id]
        let title = console.title.isEmpty ? id.name : "\(id.name)  \(console.title)"
        let scrolled = console.scrollOffset > 0 ? "↑\(console.scrollOffset)" : ""
        drawTitle(
            &screen, row: row, from: split + 1, to: right, title: title, trailing: scrolled,
            focused: state.focus == .shell(id))
    }
}

private func lessonTitleText(_ state: AppState) -> String {
    if state.wire != nil {
        return state.text(.wireTitle)
    }
    let lesson = state.lesson
    let step = [lesson.stepNumber, lesson.stepTitle].filter { !$0.isEmpty }.joined(separator: " ")
    return [lesson.lessonTitle, step].filter { !$0.isEmpty }.joined(separator: " · ")
}

private func horizontalLine(
    _ screen: inout Screen, row: Int, from: Int, to: Int, role: ColorRole
) {
    for column in from...to {
        screen.set(row: row, column: column, Cell(Glyph.horizontal, role: role))
    }
}

/// Writes ` title ` into a border line from column `from` up to the corner at `to`, cut with
/// `…` when it does not fit, and ` trailing ` near the right end when there is room.
private func drawTitle(
    _ screen: inout Screen, row: Int, from: Int, to: Int, title: String, trailing: String,
    focused: Bool
) {
    let area = to - from
    guard area >= 5 else {
        return
    }
    // The trailing text takes its width, two spaces and one line cell before the corner.
    var trailingCells = trailing.isEmpty ? 0 : CharacterWidth.of(trailing) + 3
    // The title comes first: the trailing text is left out when the title would be cut.
    let titleWidth = CharacterWidth.of(title)
    if area - trailingCells < 12 || (titleWidth > area - trailingCells - 3) {
        trailingCells = 0
    }
    let text = truncated(title, toWidth: area - trailingCells - 3)
    let attributes: CellAttributes = focused ? [.bold] : []
    let role: ColorRole = focused ? .focusedBorder : .title
    screen.put(" \(text) ", row: row, column: from, attributes: attributes, role: role)
    if trailingCells > 0 {
        screen.put(" \(trailing) ", row: row, column: to - trailingCells, role: role)
    }
}

/// Cuts `text` to at most `width` columns, ending in `…` when cut.
func truncated(_ text: String, toWidth width: Int) -> String {
    guard width > 0 else {
        return ""
    }
    if CharacterWidth.of(text) <= width {
        return text
    }
    var result = ""
    var used = 0
    for character in text {
        let columns = CharacterWidth.of(character)
        if used + columns > width - 1 {
            break
        }
        result.append(character)
        used += columns
    }
    return result + "…"
}
