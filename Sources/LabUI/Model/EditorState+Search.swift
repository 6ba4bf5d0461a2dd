extension EditorState {
    /// Moves the cursor to the next match of `query` after the cursor, wrapping around to the
    /// top once, and returns whether one was found. ASCII letters match regardless of case,
    /// because configuration names are written in either case in the lesson.
    @discardableResult
    mutating func findNext(_ query: String) -> Bool {
        let pattern = Array(query)
        guard !pattern.isEmpty else {
            return false
        }
        lastSearch = query
        let start = EditorPosition(line: cursor.line, column: cursor.column + 1)
        if let found = search(pattern, from: start, throughLine: lines.count - 1) {
            move(to: found)
            return true
        }
        // Nothing matched after the cursor, so a match up to the cursor's line comes before it.
        let top = EditorPosition(line: 0, column: 0)
        if let found = search(pattern, from: top, throughLine: cursor.line) {
            move(to: found)
            message = .wrapped
            return true
        }
        message = .notFound(query)
        return false
    }

    private func search(_ pattern: [Character], from start: EditorPosition, throughLine last: Int)
        -> EditorPosition?
    {
        guard start.line <= last else {
            return nil
        }
        for number in start.line...last {
            let line = lines[number]
            let first = number == start.line ? start.column : 0
            guard line.count >= pattern.count, first <= line.count - pattern.count else {
                continue
            }
            for column in first...(line.count - pattern.count)
            where Self.matches(pattern, in: line, at: column) {
                return EditorPosition(line: number, column: column)
            }
        }
        return nil
    }

    private static func matches(_ pattern: [Character], in line: [Character], at column: Int)
        -> Bool
    {
        for (index, character) in pattern.enumerated()
        where !sameIgnoringASCIICase(character, line[column + index]) {
            return false
        }
        return true
    }

    private static func sameIgnoringASCIICase(_ left: Character, _ right: Character) -> Bool {
        if left == right {
            return true
        }
        guard let a = left.asciiValue, let b = right.asciiValue else {
            return false
        }
        return a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A
    }
}
