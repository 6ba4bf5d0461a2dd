/// A one-line text buffer with a cursor, edited the way shells and form fields are.
public struct LineEditor: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// The insertion point, from 0 (before the first character) to `characters.count`.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String {
        String(characters)
    }

    public var isEmpty: Bool {
        characters.isEmpty
    }

    /// Replaces the whole text and puts the cursor at its end.
    public mutating func set(_ text: String) {
        characters = Array(text)
        cursor = characters.count
    }

    public mutating func insert(_ text: String) {
        let new = Array(text)
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    public mutating func deleteBackward() {
        guard cursor > 0 else {
            return
        }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else {
            return
        }
        characters.remove(at: cursor)
    }

    /// Deletes from the start of the line to the cursor (Ctrl-U).
    public mutating func deleteToStart() {
        characters.removeSubrange(0..<cursor)
        cursor = 0
    }

    /// Deletes from the cursor to the end of the line (Ctrl-K).
    public mutating func deleteToEnd() {
        characters.removeSubrange(cursor...)
    }

    /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
    public mutating func deleteWordBackward() {
        var start = cursor
        while start > 0 && characters[start - 1] == " " {
            start -= 1
        }
        while start > 0 && characters[start - 1] != " " {
            start -= 1
        }
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func moveLeft() {
        cursor = max(0, cursor - 1)
    }

    public mutating func moveRight() {
        cursor = min(characters.count, cursor + 1)
    }

    public mutating func moveHome() {
        cursor = 0
    }

    public mutating func moveEnd() {
        cursor = characters.count
    }

    /// Moves the cursor to `index`, clamped to the text.
    public mutating func move(to index: Int) {
        cursor = min(max(0, index), characters.count)
    }

    /// Applies an editing key and returns whether the key was one.
    public mutating func apply(_ key: Key) -> Bool {
        switch key {
        case .character(let character): insert(String(character))
        case .backspace: deleteBackward()
        case .delete: deleteForward()
        case .left, .control("b"): moveLeft()
        case .right, .control("f"): moveRight()
        case .home, .control("a"): moveHome()
        case .end, .control("e"): moveEnd()
        case .control("u"): deleteToStart()
        case .control("k"): deleteToEnd()
        case .control("w"): deleteWordBackward()
        default: return false
        }
        return true
    }
}
