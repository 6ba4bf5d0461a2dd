/// A position in the editor's text: a line number and a character offset in that line.
public struct EditorPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (left: EditorPosition, right: EditorPosition) -> Bool {
        (left.line, left.column) < (right.line, right.column)
    }
}

/// The editor's input mode: plain editing, reading a search text, or the question about
/// unsaved changes before it closes.
public enum EditorMode: Hashable, Sendable {
    case editing
    case search(LineEditor)
    case quitPrompt
}

/// The built-in editor on one sandbox file. The text is an array of lines of characters, so a
/// key changes one line and costs time in proportion to that line, not to the file.
public struct EditorState: Hashable, Sendable {
    /// The file's path inside the sandbox, shown in the title and returned in the effects.
    public let path: String
    public private(set) var lines: [[Character]]
    public private(set) var cursor = EditorPosition(line: 0, column: 0)
    /// The first line shown, and the first display column shown of every line.
    public internal(set) var topLine = 0
    public internal(set) var leftColumn = 0
    /// Whether the text differs from what was last saved or loaded.
    public internal(set) var isModified = false
    /// Whether the text was saved at least once since the editor opened.
    public internal(set) var wasSaved = false
    public internal(set) var mode = EditorMode.editing
    /// The text of the last search, for the next-match key.
    public internal(set) var lastSearch = ""
    /// A one-line message on the editor's message line, until the next key.
    public internal(set) var message: EditorMessage?
    /// The display column that Up and Down try to keep, set by horizontal moves.
    var goalColumn: Int?

    /// The columns between tab stops.
    public static let tabWidth = 8

    /// Opens `text`. A final newline gives a last empty line, so joining the lines with `\n`
    /// returns the text unchanged.
    public init(path: String, text: String) {
        self.path = path
        var lines: [[Character]] = []
        for piece in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            lines.append(Array(String(decoding: piece, as: UTF8.self)))
        }
        self.lines = lines.isEmpty ? [[]] : lines
    }

    /// The whole text, lines joined with `\n`.
    public var text: String {
        var result = ""
        for (index, line) in lines.enumerated() {
            if index > 0 {
                result.append("\n")
            }
            result.append(contentsOf: line)
        }
        return result
    }

    var currentLine: [Character] {
        lines[cursor.line]
    }

    // MARK: - Editing

    mutating func insert(_ character: Character) {
        lines[cursor.line].insert(character, at: cursor.column)
        cursor.column += 1
        changed()
    }

    /// Splits the line at the cursor; the cursor starts the new line.
    mutating func splitLine() {
        let rest = Array(lines[cursor.line][cursor.column...])
        lines[cursor.line].removeSubrange(cursor.column...)
        lines.insert(rest, at: cursor.line + 1)
        cursor = EditorPosition(line: cursor.line + 1, column: 0)
        changed()
    }

    /// Deletes the character before the cursor, or joins the line to the previous one at its
    /// start.
    mutating func deleteBackward() {
        if cursor.column > 0 {
            lines[cursor.line].remove(at: cursor.column - 1)
            cursor.column -= 1
            changed()
        } else if cursor.line > 0 {
            let line = lines.remove(at: cursor.line)
            cursor.line -= 1
            cursor.column = lines[cursor.line].count
            lines[cursor.line].append(contentsOf: line)
            changed()
        }
    }

    /// Deletes the character under the cursor, or joins the next line at the line's end.
    mutating func deleteForward() {
        if cursor.column < currentLine.count {
            lines[cursor.line].remove(at: cursor.column)
            changed()
        } else if cursor.line + 1 < lines.count {
            let next = lines.remove(at: cursor.line + 1)
            lines[cursor.line].append(contentsOf: next)
            changed()
        }
    }

    /// Deletes the cursor's line; the last line is emptied instead.
    mutating func deleteLine() {
        if lines.count == 1 {
            lines[0] = []
        } else {
            lines.remove(at: cursor.line)
        }
        cursor.line = min(cursor.line, lines.count - 1)
        cursor.column = 0
        changed()
    }

    private mutating func changed() {
        isModified = true
        goalColumn = nil
    }

    // MARK: - Moving

    mutating func moveLeft() {
        if cursor.column > 0 {
            cursor.column -= 1
        } else if cursor.line > 0 {
            cursor.line -= 1
            cursor.column = currentLine.count
        }
        goalColumn = nil
    }

    mutating func moveRight() {
        if cursor.column < currentLine.count {
            cursor.column += 1
        } else if cursor.line + 1 < lines.count {
            cursor = EditorPosition(line: cursor.line + 1, column: 0)
        }
        goalColumn = nil
    }

    /// Moves `delta` lines up (negative) or down, keeping the display column where it can.
    mutating func moveLines(_ delta: Int) {
        let goal = goalColumn ?? displayColumn(of: cursor)
        cursor.line = min(max(0, cursor.line + delta), lines.count - 1)
        cursor.column = Self.offset(atDisplayColumn: goal, in: currentLine)
        goalColumn = goal
    }

    mutating func moveToLineStart() {
        cursor.column = 0
        goalColumn = nil
    }

    mutating func moveToLineEnd() {
        cursor.column = currentLine.count
        goalColumn = nil
    }

    mutating func move(to position: EditorPosition) {
        cursor.line = min(max(0, position.line), lines.count - 1)
        cursor.column = min(max(0, position.column), currentLine.count)
        goalColumn = nil
    }

    // MARK: - Display columns

    /// Returns the display column where the character at `position` starts, with tabs
    /// reaching the next multiple of `tabWidth`.
    func displayColumn(of position: EditorPosition) -> Int {
        Self.displayWidth(of: lines[position.line].prefix(position.column))
    }

    static func displayWidth(of characters: some Sequence<Character>) -> Int {
        var column = 0
        for character in characters {
            column = advance(column, by: character)
        }
        return column
    }

    /// Returns the display column after `character` drawn at `column`.
    static func advance(_ column: Int, by character: Character) -> Int {
        if character == "\t" {
            return (column / tabWidth + 1) * tabWidth
        }
        return column + CharacterWidth.of(character)
    }

    /// Returns the offset of the character that covers display column `target`, or the
    /// line's end when the line is shorter.
    static func offset(atDisplayColumn target: Int, in line: [Character]) -> Int {
        var column = 0
        for (offset, character) in line.enumerated() {
            let next = advance(column, by: character)
            if next > target {
                return offset
            }
            column = next
        }
        return line.count
    }

    /// Scrolls so that the cursor is inside a text area of `width` × `height` cells.
    mutating func scrollToCursor(width: Int, height: Int) {
        let height = max(1, height)
        let width = max(2, width)
        if cursor.line < topLine {
            topLine = cursor.line
        } else if cursor.line >= topLine + height {
            topLine = cursor.line - height + 1
        }
        topLine = min(topLine, max(0, lines.count - 1))
        let column = displayColumn(of: cursor)
        let cursorWidth = cursor.column < currentLine.count ? max(1, widthAtCursor) : 1
        if column < leftColumn {
            leftColumn = max(0, column - width / 4)
        } else if column + cursorWidth > leftColumn + width {
            leftColumn = column + cursorWidth - width + width / 4
        }
    }

    private var widthAtCursor: Int {
        let start = displayColumn(of: cursor)
        return Self.advance(start, by: currentLine[cursor.column]) - start
    }
}

/// A message on the editor's message line.
public enum EditorMessage: Hashable, Sendable {
    case saved(lines: Int)
    case saveFailed(String)
    case notFound(String)
    case wrapped
}
