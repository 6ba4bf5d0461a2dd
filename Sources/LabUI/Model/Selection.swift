/// A place in a pane's text: a logical line and a character offset in it. Console lines are
/// numbered from the first line the console ever had, so positions survive dropped lines.
public struct TextPosition: Hashable, Comparable, Sendable {
    public var line: Int
    public var offset: Int

    public init(line: Int, offset: Int) {
        self.line = line
        self.offset = offset
    }

    public static func < (left: TextPosition, right: TextPosition) -> Bool {
        (left.line, left.offset) < (right.line, right.offset)
    }
}

/// A text selection inside one pane, from the mark to the cursor, both characters included.
public struct Selection: Hashable, Sendable {
    public enum Mode: Hashable, Sendable {
        /// Made with the keyboard after F4: keys move the cursor until Enter or Esc.
        case keyboard
        /// Being dragged with the mouse.
        case dragging
        /// Already copied; shown until the next key or click.
        case copied
    }

    /// An offset past the end of any line, for selections that take whole lines.
    static let lineEnd = 1 << 40

    public var pane: Pane
    public var mark: TextPosition
    public var cursor: TextPosition
    public var mode: Mode
    /// Whether whole lines from the mark's to the cursor's are selected, as after F4 and
    /// Up or Down; character motions turn it off.
    public var lineWise: Bool

    public init(
        pane: Pane, mark: TextPosition, cursor: TextPosition, mode: Mode, lineWise: Bool = false
    ) {
        self.pane = pane
        self.mark = mark
        self.cursor = cursor
        self.mode = mode
        self.lineWise = lineWise
    }

    public var start: TextPosition {
        let first = min(mark, cursor)
        return lineWise ? TextPosition(line: first.line, offset: 0) : first
    }

    public var end: TextPosition {
        let last = max(mark, cursor)
        return lineWise ? TextPosition(line: last.line, offset: Self.lineEnd) : last
    }

    /// Whether the character at `offset` of `line` is selected.
    func contains(line: Int, offset: Int) -> Bool {
        let position = TextPosition(line: line, offset: offset)
        return start <= position && position <= end
    }
}
