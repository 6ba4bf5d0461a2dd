/// A lab-shell console: the output the shell wrote, the line being typed and its history.
public struct ConsolePane: Hashable, Sendable {
    /// Lines kept in the scrollback; older ones are dropped.
    public static let maximumLines = 5_000
    /// Entries kept in the input history.
    public static let maximumHistory = 500

    /// The text after the pane's name in its border.
    public var title: String
    /// Finished output and echoed input lines, oldest first, without control characters.
    public private(set) var lines: [String] = []
    /// Output after the last newline; the input line continues it.
    public private(set) var openLine = ""
    /// Lines dropped from the front of `lines`, so that positions stay valid as they go.
    public private(set) var droppedLineCount = 0
    public var input = LineEditor()
    public private(set) var prompt = ""
    /// Whether typed text is shown; off while a password is read.
    public private(set) var echo = true
    /// Whether the shell waits in `readLine` for the learner's line.
    public private(set) var awaitingLine = false
    public private(set) var history: [String] = []
    /// The history entry shown in the input line, or `nil` while the learner's own text is.
    public private(set) var historyIndex: Int?
    private var draft = ""
    /// Rows the view is scrolled up from the bottom.
    public var scrollOffset = 0

    public init(title: String = "") {
        self.title = title
    }

    /// The line at the bottom: open output, then the prompt and what was typed when the shell
    /// waits, or the typed-ahead text when it does not.
    public var currentLine: String {
        var line = openLine
        if awaitingLine {
            line += prompt
        }
        if echo {
            line += input.text
        }
        return line
    }

    /// Characters of `currentLine` before the input cursor.
    public var cursorOffset: Int {
        var count = openLine.count
        if awaitingLine {
            count += prompt.count
        }
        if echo {
            count += input.cursor
        }
        return count
    }

    /// Appends shell output and returns the lines it finished.
    @discardableResult
    public mutating func appendOutput(_ text: String) -> [String] {
        var finished: [String] = []
        for character in text {
            switch character {
            case "\n", "\r\n":
                finished.append(openLine)
                openLine = ""
            case "\r":
                continue
            case "\t":
                let columns = CharacterWidth.of(openLine)
                openLine += String(repeating: " ", count: 8 - columns % 8)
            default:
                openLine += Self.visible(character)
            }
        }
        appendLines(finished)
        return finished
    }

    /// Starts waiting for a line with `prompt`.
    public mutating func beginReading(prompt: String, echo: Bool) {
        self.prompt = Self.visibleText(prompt)
        self.echo = echo
        awaitingLine = true
        historyIndex = nil
        scrollOffset = 0
    }

    /// The lab shell's own prompt. Only lines typed at it go into the history: a telnet line
    /// or a tool's answer may carry a password in base64.
    public static let shellPrompt = "% "

    /// Lines entered while the shell was busy, oldest first, as a terminal keeps type-ahead
    /// (a pasted block of several lines). Each is handed over at the shell's next read.
    public private(set) var typeAhead: [String] = []

    /// The most lines kept as type-ahead; Enter beyond it is refused with a notice.
    public static let maximumTypeAhead = 64

    /// Empties the input line and the type-ahead.
    public mutating func clearInput() {
        input = LineEditor()
        typeAhead.removeAll()
        historyIndex = nil
        draft = ""
    }

    /// Queues the input line while the shell is busy; returns false when the queue is full.
    public mutating func queueTypeAhead() -> Bool {
        guard typeAhead.count < Self.maximumTypeAhead else {
            return false
        }
        typeAhead.append(input.text)
        input = LineEditor()
        historyIndex = nil
        draft = ""
        return true
    }

    /// Starts a read and, when a line was typed ahead, submits it at once and returns it.
    public mutating func beginReadingTypedAhead(prompt: String, echo: Bool) -> String? {
        beginReading(prompt: prompt, echo: echo)
        guard !typeAhead.isEmpty else {
            return nil
        }
        let pending = input
        input = LineEditor(typeAhead.removeFirst())
        let line = submit()
        input = pending
        return line
    }

    /// Submits the input line when the shell waits for one: echoes it into the scrollback
    /// (only the prompt when echo is off), remembers it in the history when echoed at the
    /// shell's prompt, and returns it. Returns `nil` and changes nothing while the shell is busy.
    public mutating func submit() -> String? {
        guard awaitingLine else {
            return nil
        }
        let text = input.text
        appendLines([currentLine])
        openLine = ""
        if echo && prompt == Self.shellPrompt && !text.isEmpty && history.last != text {
            history.append(text)
            if history.count > Self.maximumHistory {
                history.removeFirst(history.count - Self.maximumHistory)
            }
        }
        input = LineEditor()
        awaitingLine = false
        echo = true
        historyIndex = nil
        draft = ""
        scrollOffset = 0
        return text
    }

    /// Ends the wait without a line, as telnet's escape (Ctrl-]) does, and echoes `^]`.
    public mutating func cancelReading() {
        cancelReading(echoing: "^]")
    }

    /// Ends the wait without a line and echoes `mark` (`^]`, `^C`) after the prompt.
    public mutating func cancelReading(echoing mark: String) {
        guard awaitingLine else {
            return
        }
        appendLines([openLine + prompt + mark])
        openLine = ""
        awaitingLine = false
        echo = true
    }

    /// Shows the previous history entry; the learner's own text comes back with `historyNext`.
    /// Does nothing while echo is off, so a password prompt never shows an old command.
    public mutating func historyPrevious() {
        guard echo && !history.isEmpty else {
            return
        }
        let index: Int
        if let current = historyIndex {
            index = max(0, current - 1)
        } else {
            draft = input.text
            index = history.count - 1
        }
        historyIndex = index
        input.set(history[index])
    }

    public mutating func historyNext() {
        guard echo, let current = historyIndex else {
            return
        }
        if current + 1 < history.count {
            historyIndex = current + 1
            input.set(history[current + 1])
        } else {
            historyIndex = nil
            input.set(draft)
        }
    }

    private mutating func appendLines(_ new: [String]) {
        guard !new.isEmpty else {
            return
        }
        lines.append(contentsOf: new)
        if lines.count > Self.maximumLines {
            let excess = lines.count - Self.maximumLines
            lines.removeFirst(excess)
            droppedLineCount += excess
        }
    }

    /// Shows a control character as caret notation (`^[` for ESC), as `cat -v` does.
    static func visible(_ character: Character) -> String {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first
        else {
            return String(character)
        }
        switch scalar.value {
        case 0..<0x20:
            return "^" + String(Character(Unicode.Scalar(UInt8(scalar.value) + 0x40)))
        case 0x7F:
            return "^?"
        case 0x80..<0xA0:
            return "\u{FFFD}"
        default:
            return String(character)
        }
    }

    static func visibleText(_ text: String) -> String {
        var result = ""
        for character in text where character != "\n" && character != "\r" {
            result += visible(character)
        }
        return result
    }
}
