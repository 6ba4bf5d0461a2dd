/// The learner's own fields of the report.
public struct ReportFields: Hashable, Sendable, Codable {
    public var affiliation: String
    public var studentNumber: String
    public var year: String
    public var name: String
    /// The report's free text; lines are separated by `\n`.
    public var text: String

    public init(
        affiliation: String = "", studentNumber: String = "", year: String = "",
        name: String = "", text: String = ""
    ) {
        self.affiliation = affiliation
        self.studentNumber = studentNumber
        self.year = year
        self.name = name
        self.text = text
    }
}

/// The report form overlay (F8): four one-line fields, the free text and three buttons.
public struct ReportForm: Hashable, Sendable {
    /// The parts of the form in the order Tab moves through them.
    public enum Item: Int, Hashable, Sendable, CaseIterable {
        case affiliation, studentNumber, year, name, text, save, export, close
    }

    public var affiliation = LineEditor()
    public var studentNumber = LineEditor()
    public var year = LineEditor()
    public var name = LineEditor()
    public var text = TextArea()
    public var focus = Item.affiliation
    /// The fields as last saved or loaded, to save on close only what changed.
    public var savedFields = ReportFields()

    public init(fields: ReportFields = ReportFields()) {
        load(fields)
    }

    public var fields: ReportFields {
        ReportFields(
            affiliation: affiliation.text, studentNumber: studentNumber.text, year: year.text,
            name: name.text, text: text.text)
    }

    public mutating func load(_ fields: ReportFields) {
        affiliation = LineEditor(fields.affiliation)
        studentNumber = LineEditor(fields.studentNumber)
        year = LineEditor(fields.year)
        name = LineEditor(fields.name)
        text = TextArea(fields.text)
        savedFields = fields
    }

    /// The one-line editor of `item`, for the four single-line fields.
    subscript(lineField item: Item) -> LineEditor? {
        get {
            switch item {
            case .affiliation: affiliation
            case .studentNumber: studentNumber
            case .year: year
            case .name: name
            default: nil
            }
        }
        set {
            guard let newValue else {
                return
            }
            switch item {
            case .affiliation: affiliation = newValue
            case .studentNumber: studentNumber = newValue
            case .year: year = newValue
            case .name: name = newValue
            default: break
            }
        }
    }
}

/// A multi-line text buffer with a cursor row, built from one `LineEditor` a line.
public struct TextArea: Hashable, Sendable {
    public private(set) var lines: [LineEditor]
    public private(set) var row = 0

    public init(_ text: String = "") {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            LineEditor(String($0))
        }
        row = lines.count - 1
    }

    public var text: String {
        lines.map(\.text).joined(separator: "\n")
    }

    /// The cursor's character offset in its line.
    public var column: Int {
        lines[row].cursor
    }

    /// Inserts text; each `\n` in it starts a new line.
    public mutating func insert(_ text: String) {
        let parts = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, part) in parts.enumerated() {
            if index > 0 {
                newline()
            }
            lines[row].insert(String(part))
        }
    }

    /// Splits the line at the cursor (Enter).
    public mutating func newline() {
        var current = lines[row]
        let tail = LineEditor(String(current.characters[current.cursor...]))
        current.deleteToEnd()
        lines[row] = current
        var next = tail
        next.moveHome()
        lines.insert(next, at: row + 1)
        row += 1
    }

    /// Applies an editing key and returns whether the key was one.
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .enter:
            newline()
        case .backspace where lines[row].cursor == 0 && row > 0:
            joinWithPrevious()
        case .delete
        where lines[row].cursor == lines[row].characters.count
            && row + 1 < lines.count:
            row += 1
            lines[row].moveHome()
            joinWithPrevious()
        case .left where lines[row].cursor == 0 && row > 0:
            row -= 1
            lines[row].moveEnd()
        case .right
        where lines[row].cursor == lines[row].characters.count
            && row + 1 < lines.count:
            row += 1
            lines[row].moveHome()
        case .up:
            moveRow(by: -1)
        case .down:
            moveRow(by: 1)
        default:
            return lines[row].apply(key)
        }
        return true
    }

    private mutating func moveRow(by delta: Int) {
        let target = row + delta
        guard target >= 0 && target < lines.count else {
            return
        }
        let column = lines[row].cursor
        row = target
        lines[row].move(to: column)
    }

    private mutating func joinWithPrevious() {
        let current = lines.remove(at: row)
        row -= 1
        let cursor = lines[row].characters.count
        lines[row].moveEnd()
        lines[row].insert(current.text)
        lines[row].move(to: cursor)
    }
}
