/// The learner's own fields of the report.
public struct ReportFields: Hashable, Sendable, Codable {
    public var affiliation: String
    public var studentNumber: String
    public var year: String
    public var name: String
    /// The date in the learner's own format.
    public var date: String
    /// The report's free text; lines are separated by `\n`.
    public var text: String
    /// The answers to the lesson's report questions by question id, with `\n` between lines.
    public var answers: [String: String]

    public init(
        affiliation: String = "", studentNumber: String = "", year: String = "",
        name: String = "", date: String = "", text: String = "",
        answers: [String: String] = [:]
    ) {
        self.affiliation = affiliation
        self.studentNumber = studentNumber
        self.year = year
        self.name = name
        self.date = date
        self.text = text
        self.answers = answers
    }

    private enum CodingKeys: String, CodingKey {
        case affiliation, studentNumber, year, name, date, text, answers
    }

    /// Decodes fields saved before `date` and `answers` existed, with those left empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func string(_ key: CodingKeys) throws -> String {
            try container.decodeIfPresent(String.self, forKey: key) ?? ""
        }
        self.init(
            affiliation: try string(.affiliation), studentNumber: try string(.studentNumber),
            year: try string(.year), name: try string(.name), date: try string(.date),
            text: try string(.text),
            answers: try container.decodeIfPresent([String: String].self, forKey: .answers)
                ?? [:])
    }
}

/// A report question as the form shows it: its id and its text in the learner's language.
public struct ReportQuestionView: Hashable, Sendable {
    public var id: String
    public var text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// The report form overlay (F8) with five one-line fields, the free text, an answer area for
/// each report question and three buttons.
public struct ReportForm: Hashable, Sendable {
    /// A part of the form. `ReportForm.items` lists them in Tab order.
    public enum Item: Hashable, Sendable {
        case affiliation, studentNumber, year, name, date, text
        /// The answer to the report question at this index of `questions`.
        case answer(Int)
        case save, export, close

        /// The one-line fields from the top.
        public static let lineFields: [Item] = [.affiliation, .studentNumber, .year, .name, .date]
        public static let buttons: [Item] = [.save, .export, .close]
    }

    public var affiliation = LineEditor()
    public var studentNumber = LineEditor()
    public var year = LineEditor()
    public var name = LineEditor()
    public var date = LineEditor()
    public var text = TextArea()
    /// The report questions in the lesson's order.
    public private(set) var questions: [ReportQuestionView] = []
    /// The answer areas, one per question at the same index.
    public var answers: [TextArea] = []
    public var focus = Item.affiliation
    /// The fields as last saved or loaded, to save on close only what changed.
    public var savedFields = ReportFields()

    public init(fields: ReportFields = ReportFields(), questions: [ReportQuestionView] = []) {
        self.questions = questions
        load(fields)
    }

    /// The items in Tab order: one-line fields, free text, answer areas, buttons.
    public var items: [Item] {
        Item.lineFields + [.text] + questions.indices.map { Item.answer($0) } + Item.buttons
    }

    public var fields: ReportFields {
        var answered = savedFields.answers
        for (question, area) in zip(questions, answers) {
            // An empty answer stays absent unless the saved fields had it.
            if !area.text.isEmpty || answered[question.id] != nil {
                answered[question.id] = area.text
            }
        }
        return ReportFields(
            affiliation: affiliation.text, studentNumber: studentNumber.text, year: year.text,
            name: name.text, date: date.text, text: text.text, answers: answered)
    }

    public mutating func load(_ fields: ReportFields) {
        affiliation = LineEditor(fields.affiliation)
        studentNumber = LineEditor(fields.studentNumber)
        year = LineEditor(fields.year)
        name = LineEditor(fields.name)
        date = LineEditor(fields.date)
        text = TextArea(fields.text)
        answers = questions.map { TextArea(fields.answers[$0.id] ?? "") }
        savedFields = fields
    }

    /// Sets the questions, keeping the answers typed so far by question id.
    public mutating func setQuestions(_ newQuestions: [ReportQuestionView]) {
        let current = fields
        let saved = savedFields
        questions = newQuestions
        answers = questions.map { TextArea(current.answers[$0.id] ?? "") }
        savedFields = saved
        if case .answer(let index) = focus, index >= questions.count {
            focus = .text
        }
    }

    /// The one-line editor of `item`, for the five single-line fields.
    subscript(lineField item: Item) -> LineEditor? {
        get {
            switch item {
            case .affiliation: affiliation
            case .studentNumber: studentNumber
            case .year: year
            case .name: name
            case .date: date
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
            case .date: date = newValue
            default: break
            }
        }
    }

    /// The multi-line area of `item`: the free text or an answer.
    subscript(area item: Item) -> TextArea? {
        get {
            switch item {
            case .text: text
            case .answer(let index) where answers.indices.contains(index): answers[index]
            default: nil
            }
        }
        set {
            guard let newValue else {
                return
            }
            switch item {
            case .text: text = newValue
            case .answer(let index) where answers.indices.contains(index): answers[index] = newValue
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
