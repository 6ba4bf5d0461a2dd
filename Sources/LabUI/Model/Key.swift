/// A key the learner pressed, as the terminal adapter decodes it.
public enum Key: Hashable, Sendable {
    /// A printable character, including Japanese and other non-ASCII text.
    case character(Character)
    /// A control chord: `.control("c")` is Ctrl-C, `.control("]")` is Ctrl-] (byte 29).
    /// Tab, Enter, Backspace and Escape have their own cases.
    case control(Character)
    /// A function key: `.function(1)` is F1.
    case function(Int)
    case enter
    case tab
    /// Shift-Tab, which terminals send as back-tab.
    case backTab
    case backspace
    case delete
    case insert
    case escape
    case up
    case down
    case left
    case right
    case home
    case end
    case pageUp
    case pageDown
}

/// What a mouse button did at a screen cell.
public enum MouseAction: Hashable, Sendable {
    case press
    /// A move with the button held down.
    case drag
    case release
    case scrollUp
    case scrollDown
}

/// A mouse report at a zero-based screen cell.
public struct MouseEvent: Hashable, Sendable {
    public var action: MouseAction
    public var row: Int
    public var column: Int

    public init(_ action: MouseAction, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}
