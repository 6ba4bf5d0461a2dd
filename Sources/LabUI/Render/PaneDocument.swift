/// One logical line of a pane with its look.
struct StyledLine: Hashable, Sendable {
    var text: String
    var role: ColorRole = .normal
    var attributes: CellAttributes = []
    /// Columns that continuation rows of this line are indented by.
    var hangingIndent = 0
}

/// A row of a pane as shown: a segment of one logical line.
struct VisibleRow: Hashable, Sendable {
    var line: Int
    var segment: LineSegment
    /// Whether the segment ends its logical line.
    var isLast: Bool
}

/// The text of a pane as numbered logical lines, which the viewport wraps to the pane's width.
/// Render and mouse hit-testing read the same document, so they agree on every cell.
struct PaneDocument {
    /// The number of the first line; a console's lines are numbered from its first output.
    var firstLine: Int
    var lineCount: Int
    var wordWrap: Bool
    var line: (Int) -> StyledLine

    var lineRange: Range<Int> {
        firstLine..<(firstLine + lineCount)
    }

    func segments(ofLine number: Int, width: Int) -> [LineSegment] {
        let styled = line(number)
        return TextWrapper.segments(
            of: styled.text, width: width, wordWrap: wordWrap, hangingIndent: styled.hangingIndent)
    }

    func rows(ofLine number: Int, width: Int) -> [VisibleRow] {
        let segments = segments(ofLine: number, width: width)
        return segments.enumerated().map { index, segment in
            VisibleRow(line: number, segment: segment, isLast: index == segments.count - 1)
        }
    }

    func rowCount(width: Int) -> Int {
        var total = 0
        for number in lineRange {
            let styled = line(number)
            total += TextWrapper.rowCount(
                of: styled.text, width: width, wordWrap: wordWrap,
                hangingIndent: styled.hangingIndent)
        }
        return total
    }

    /// Returns up to `height` rows starting `offset` rows below the top, wrapping only the
    /// lines that reach the window.
    func rowsFromTop(offset: Int, width: Int, height: Int) -> [VisibleRow] {
        var result: [VisibleRow] = []
        var skipped = 0
        for number in lineRange {
            let rows = rows(ofLine: number, width: width)
            for row in rows {
                if skipped < offset {
                    skipped += 1
                } else {
                    result.append(row)
                    if result.count == height {
                        return result
                    }
                }
            }
        }
        return result
    }

    /// Returns up to `height` rows ending `offset` rows above the bottom, wrapping only the
    /// lines that reach the window, so a long scrollback costs nothing while at the bottom.
    /// When everything fits, the rows start at the top of the pane.
    func rowsFromBottom(offset: Int, width: Int, height: Int) -> [VisibleRow] {
        var reversed: [VisibleRow] = []
        let needed = offset + height
        for number in lineRange.reversed() {
            reversed.append(contentsOf: rows(ofLine: number, width: width).reversed())
            if reversed.count >= needed {
                break
            }
        }
        let available = reversed.count
        let skip = min(offset, max(0, available - height))
        let window = reversed.dropFirst(skip).prefix(height)
        return window.reversed()
    }

    /// Returns the text from `start` to `end`, both characters included, one line of text a
    /// logical line, with trailing spaces removed.
    func text(from start: TextPosition, through end: TextPosition) -> String {
        var pieces: [String] = []
        let first = max(start.line, firstLine)
        let last = min(end.line, firstLine + lineCount - 1)
        guard first <= last else {
            return ""
        }
        for number in first...last {
            let characters = Array(line(number).text)
            let from = number == start.line ? min(max(0, start.offset), characters.count) : 0
            let through =
                number == end.line ? min(end.offset + 1, characters.count) : characters.count
            var piece = from < through ? String(characters[from..<through]) : ""
            while piece.last == " " {
                piece.removeLast()
            }
            pieces.append(piece)
        }
        return pieces.joined(separator: "\n")
    }
}

extension VisibleRow {
    /// The character offset in the logical line that the pane column `column` shows, where
    /// `column` counts from the pane's left edge. A column right of the text gives the last
    /// character of a wrapped row, or the line's end on the row that ends the line.
    func offset(atColumn column: Int, in text: String) -> Int {
        var x = segment.indent
        var offset = segment.startOffset
        for character in text[segment.range] {
            let width = CharacterWidth.of(character)
            if column < x + width {
                return offset
            }
            x += width
            offset += 1
        }
        if isLast {
            return offset
        }
        return max(segment.startOffset, offset - 1)
    }
}
