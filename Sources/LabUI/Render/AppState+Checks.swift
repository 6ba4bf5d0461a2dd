/// The step's checks pinned to the bottom of the lesson pane, so that a long step text never
/// hides them: a heading line, then each check with its mark and reason.
extension AppState {
    /// Lines of the checks: ` ✓ title`, then the reason indented below it.
    func checkLines() -> [StyledLine] {
        var lines: [StyledLine] = []
        for check in lesson.checks {
            let role: ColorRole =
                switch check.state {
                case .passed: .passed
                case .failed: .failed
                case .pending: .pending
                }
            lines.append(
                StyledLine(
                    text: " \(check.state.mark) \(check.title)", role: role, hangingIndent: 3))
            if !check.reason.isEmpty {
                lines.append(StyledLine(text: "   \(check.reason)", role: .dim, hangingIndent: 3))
            }
        }
        return lines
    }

    /// The pinned area: its rows (the heading included) and whether the checks need more rows
    /// than it has. No rows while the wire view is shown, when the step has no checks, or when
    /// the pane is too short to share.
    var pinnedChecks: (rows: Int, overflows: Bool) {
        guard wire == nil, !lesson.checks.isEmpty else {
            return (0, false)
        }
        let pane = layout.lesson
        // The step text keeps at least half of a tall pane and four rows of a short one.
        let limit = pane.height >= 12 ? pane.height / 2 : pane.height - 4
        guard limit >= 2 else {
            return (0, false)
        }
        var needed = 1
        for line in checkLines() {
            needed += TextWrapper.rowCount(
                of: line.text, width: pane.width, wordWrap: true, hangingIndent: line.hangingIndent)
        }
        return (min(needed, limit), needed > limit)
    }

    /// The rectangle where a pane's scrolling text is drawn: the lesson pane above its pinned
    /// checks, or the whole content of a console.
    func contentRect(of pane: Pane) -> Rect {
        var rect = layout.content(of: pane)
        if pane == .lesson {
            rect.height -= pinnedChecks.rows
        }
        return rect
    }
}

/// Draws the pinned checks below the lesson text: a rule with the heading and the count of
/// passed checks, then the checks. When they do not fit, the last row is `…` and the full
/// list is at the end of the scrolling text.
func drawPinnedChecks(_ screen: inout Screen, _ state: AppState) {
    let pinned = state.pinnedChecks
    guard pinned.rows > 0 else {
        return
    }
    let pane = state.layout.lesson
    let top = pane.bottom - pinned.rows
    let passed = state.lesson.checks.filter { $0.state == .passed }.count
    let heading = "\(state.text(.checksHeading)) \(passed)/\(state.lesson.checks.count)"
    var column = screen.put("── ", row: top, column: pane.column, limit: pane.right, role: .border)
    column = screen.put(
        heading, row: top, column: column, limit: pane.right, attributes: [.bold], role: .title)
    column = screen.put(" ", row: top, column: column, limit: pane.right)
    for x in column..<max(column, pane.right) {
        screen.set(row: top, column: x, Cell(Glyph.horizontal, role: .border))
    }

    var row = top + 1
    let last = pane.bottom - 1
    lines: for line in state.checkLines() {
        let segments = TextWrapper.segments(
            of: line.text, width: pane.width, wordWrap: true, hangingIndent: line.hangingIndent)
        for segment in segments {
            if row > last {
                break lines
            }
            if pinned.overflows && row == last {
                screen.put("   …", row: row, column: pane.column, role: .dim)
                break lines
            }
            screen.put(
                line.text[segment.range], row: row, column: pane.column + segment.indent,
                limit: pane.right, attributes: line.attributes, role: line.role)
            row += 1
        }
    }
}
