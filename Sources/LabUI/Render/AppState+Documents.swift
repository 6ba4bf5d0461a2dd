extension AppState {
    var layout: Layout {
        Layout(width: width, height: height)
    }

    /// Builds the lesson pane's scrolling lines: the step text and the hint, or the wire view
    /// while it is shown.
    func lessonLines() -> [StyledLine] {
        if let wire {
            return wire.map { StyledLine(text: ConsolePane.visibleText($0)) }
        }
        if lesson.text.isEmpty && lesson.checks.isEmpty {
            return [StyledLine(text: text(.noLesson), role: .dim)]
        }
        var lines = lesson.text.map { StyledLine(text: $0) }
        let pinned = pinnedChecks
        // The checks are pinned below the text; only those that do not fit come here too.
        if !lesson.checks.isEmpty && (pinned.rows == 0 || pinned.overflows) {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: text(.checksHeading), attributes: .bold))
            lines += checkLines()
        }
        if !lesson.hint.isEmpty {
            lines.append(StyledLine(text: ""))
            lines.append(StyledLine(text: text(.hintHeading), role: .notice, attributes: .bold))
            lines += lesson.hint.map { StyledLine(text: $0, role: .notice) }
        }
        return lines
    }

    func document(for pane: Pane) -> PaneDocument {
        switch pane {
        case .lesson:
            let lines = lessonLines()
            return PaneDocument(
                firstLine: 0, lineCount: lines.count, wordWrap: wire == nil,
                line: { lines[$0] })
        case .shell(let id):
            let console = self[shell: id]
            let first = console.droppedLineCount
            let current = console.currentLine
            return PaneDocument(
                firstLine: first, lineCount: console.lines.count + 1, wordWrap: false,
                line: { number in
                    let index = number - first
                    if index == console.lines.count {
                        return StyledLine(text: current)
                    }
                    return StyledLine(text: console.lines[index])
                })
        }
    }

    /// Returns the rows a pane shows at its current scroll position.
    func visibleRows(for pane: Pane) -> [VisibleRow] {
        visibleRows(for: pane, in: document(for: pane))
    }

    func visibleRows(for pane: Pane, in document: PaneDocument) -> [VisibleRow] {
        let rect = contentRect(of: pane)
        switch pane {
        case .lesson:
            return document.rowsFromTop(
                offset: lessonScroll, width: rect.width, height: rect.height)
        case .shell(let id):
            return document.rowsFromBottom(
                offset: self[shell: id].scrollOffset, width: rect.width, height: rect.height)
        }
    }

    /// Returns the maximum scroll offset of a pane: its rows beyond one screenful.
    func maximumScroll(for pane: Pane) -> Int {
        let rect = contentRect(of: pane)
        return max(0, document(for: pane).rowCount(width: rect.width) - rect.height)
    }
}
