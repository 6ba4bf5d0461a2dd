/// The meaning of a cell's colour; the terminal adapter picks the actual colours.
public enum ColorRole: UInt8, Hashable, Sendable, CaseIterable {
    case normal
    case border
    case focusedBorder
    case title
    case passed
    case failed
    case pending
    case dim
    case selection
    case statusBar
    case statusKey
    case notice
    case overlay
    case field
    case focusedField
}

/// Text attributes of a cell.
public struct CellAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let bold = CellAttributes(rawValue: 1 << 0)
    public static let reverse = CellAttributes(rawValue: 1 << 1)
    public static let dim = CellAttributes(rawValue: 1 << 2)
    public static let underline = CellAttributes(rawValue: 1 << 3)
}

/// One terminal cell. A wide character occupies its cell with `width` 2 and the cell to its
/// right with `width` 0, a continuation that draws nothing.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var width: UInt8
    public var attributes: CellAttributes
    public var role: ColorRole

    public init(
        _ character: Character = " ", width: UInt8 = 1, attributes: CellAttributes = [],
        role: ColorRole = .normal
    ) {
        self.character = character
        self.width = width
        self.attributes = attributes
        self.role = role
    }

    public static let blank = Cell()
}

/// Characters drawn often, made once: a `Character` literal builds a new string each time.
enum Glyph {
    static let space: Character = " "
    static let horizontal: Character = "─"
    static let vertical: Character = "│"
}

/// A zero-based screen position.
public struct CellPosition: Hashable, Sendable {
    public var row: Int
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }
}

/// A full frame: `height` rows of `width` cells, and where the terminal cursor is shown.
public struct Screen: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// The visible cursor, at the focused console's insertion point; `nil` hides it.
    public var cursor: CellPosition?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` from (`row`, `column`) without passing `limit` (exclusive, defaults to
    /// the screen's width) and returns the column after the last character written. A wide
    /// character that would cross `limit` is replaced by spaces up to it, and characters of
    /// width 0 are dropped, so no cell is ever half of a character.
    @discardableResult
    public mutating func put(
        _ text: some StringProtocol, row: Int, column: Int, limit: Int? = nil,
        attributes: CellAttributes = [], role: ColorRole = .normal
    ) -> Int {
        guard row >= 0 && row < height else {
            return column
        }
        let end = min(limit ?? width, width)
        var x = column
        for character in text {
            if x >= end {
                break
            }
            let columns = CharacterWidth.of(character)
            if columns == 0 {
                continue
            }
            if x + columns > end {
                fill(row: row, from: x, to: end, attributes: attributes, role: role)
                return end
            }
            if x >= 0 {
                set(
                    row: row, column: x,
                    Cell(character, width: UInt8(columns), attributes: attributes, role: role))
            }
            x += columns
        }
        return x
    }

    /// Writes one cell, clearing the other half of any wide character it overwrites.
    public mutating func set(row: Int, column: Int, _ cell: Cell) {
        guard row >= 0 && row < height && column >= 0 && column < width else {
            return
        }
        let index = row * width + column
        let old = cells[index]
        if old.width == 0 && column > 0 && cells[index - 1].width == 2 {
            cells[index - 1] = Cell(
                " ", attributes: cells[index - 1].attributes,
                role: cells[index - 1].role)
        }
        if old.width == 2 && column + 1 < width {
            cells[index + 1] = Cell(Glyph.space, attributes: old.attributes, role: old.role)
        }
        if cell.width == 2 {
            guard column + 1 < width else {
                cells[index] = Cell(Glyph.space, attributes: cell.attributes, role: cell.role)
                return
            }
            if cells[index + 1].width == 2 && column + 2 < width {
                cells[index + 2] = Cell(Glyph.space, attributes: cell.attributes, role: cell.role)
            }
            cells[index] = cell
            cells[index + 1] = Cell(
                Glyph.space, width: 0, attributes: cell.attributes, role: cell.role)
        } else {
            cells[index] = cell
        }
    }

    /// Fills columns `from..<to` of `row` with spaces.
    public mutating func fill(
        row: Int, from: Int, to: Int, attributes: CellAttributes = [], role: ColorRole = .normal
    ) {
        guard row >= 0 && row < height else {
            return
        }
        let start = max(0, from)
        let end = min(to, width)
        guard start < end else {
            return
        }
        let blank = Cell(Glyph.space, attributes: attributes, role: role)
        set(row: row, column: start, blank)
        set(row: row, column: end - 1, blank)
        let base = row * width
        for x in start..<end {
            cells[base + x] = blank
        }
    }

    /// Changes the look of the cells of `row` in `from..<to`, keeping their characters.
    public mutating func restyle(
        row: Int, from: Int, to: Int, attributes: CellAttributes, role: ColorRole
    ) {
        guard row >= 0 && row < height else {
            return
        }
        let base = row * width
        for x in max(0, from)..<max(max(0, from), min(to, width)) {
            cells[base + x].attributes = attributes
            cells[base + x].role = role
        }
    }

    /// Returns the frame as plain text, one line a row, without trailing spaces. Continuation
    /// cells add nothing, so the characters line up as a terminal shows them.
    public func plainText() -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for row in 0..<height {
            var line = ""
            let base = row * width
            for x in 0..<width where cells[base + x].width > 0 {
                line.append(cells[base + x].character)
            }
            while line.last == " " {
                line.removeLast()
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
