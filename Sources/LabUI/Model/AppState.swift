/// A window drawn over the panes.
public enum Overlay: Hashable, Sendable {
    /// The key list (F1).
    case help
    /// The report form (F8).
    case report
}

/// Everything the screen shows, changed only by `update`.
public struct AppState: Hashable, Sendable {
    public var language: Language
    public var lesson = LessonView()
    /// Rows the lesson pane is scrolled down from the top.
    public var lessonScroll = 0
    /// The wire view's lines, shown in the lesson pane in place of the lesson while set.
    public var wire: [String]?
    public var shellA = ConsolePane()
    public var shellB = ConsolePane()
    public var focus = Pane.lesson
    public var status = StatusView()
    public var overlay: Overlay?
    public var report = ReportForm()
    /// The built-in editor, drawn over the whole screen while open.
    public var editor: EditorState?
    /// A port's options dialog, drawn over everything while open.
    public var optionsDialog: OptionsDialogState?
    /// The message line, shown in the status bar until the next key.
    public var notice: String?
    public var selection: Selection?
    /// Text copied inside the program with F4 or the mouse.
    public var clipboard = ""
    /// The base64 text of the last server challenge seen in either console (`334 …`, `+ …`).
    public var lastChallenge: String?
    /// The last response a tool printed after `Send this response:`.
    public var lastResponse: String?
    /// Whether the next output line of that console is a response to remember.
    var expectingResponse: Set<ShellID> = []
    /// The terminal's size as the last resize message gave it; mouse cells and page sizes
    /// are computed against it.
    public var width: Int
    public var height: Int

    public init(language: Language = .en, width: Int = 80, height: Int = 24) {
        self.language = language
        self.width = width
        self.height = height
    }

    public subscript(shell id: ShellID) -> ConsolePane {
        get {
            switch id {
            case .a: shellA
            case .b: shellB
            }
        }
        set {
            switch id {
            case .a: shellA = newValue
            case .b: shellB = newValue
            }
        }
    }

    func text(_ key: UIText) -> String {
        key.text(language)
    }
}
