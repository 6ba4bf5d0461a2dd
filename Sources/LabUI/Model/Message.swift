/// One of the two lab-shell consoles.
public enum ShellID: Hashable, Sendable, CaseIterable {
    /// The top-right console, where the learner usually runs `telnet`.
    case a
    /// The bottom-right console, where the learner usually runs the helper tools.
    case b

    /// The pane's name in its border: `Shell-A` or `Shell-B`, the same in every language.
    public var name: String {
        switch self {
        case .a: "Shell-A"
        case .b: "Shell-B"
        }
    }
}

/// A pane of the main screen, in the order Tab moves through them.
public enum Pane: Hashable, Sendable, CaseIterable {
    case lesson
    case shell(ShellID)

    public static let allCases: [Pane] = [.lesson, .shell(.a), .shell(.b)]
}

/// Everything that can happen to the UI: input from the learner and news from the rest of
/// the program, which arrives from other threads through the terminal's inbox.
public enum Message: Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal has this many columns and rows now.
    case resize(width: Int, height: Int)
    /// Text a shell wrote to its console; `\n` ends a line and a text without a final
    /// newline stays open, so that the next output or the input line continues it.
    case shellOutput(ShellID, String)
    /// The shell blocks until the learner submits a line. With `echo` false nothing typed is
    /// shown and the line stays out of the history (passwords).
    case shellWantsLine(ShellID, prompt: String, echo: Bool)
    /// The text after the pane name in the console's border, such as `telnet localhost 25`.
    case shellTitleChanged(ShellID, String)
    case lessonChanged(LessonView)
    case statusChanged(StatusView)
    /// The lines of the wire view shown in the lesson pane, or `nil` to show the lesson again.
    case wireChanged([String]?)
    /// Saved report fields to show in the report form.
    case reportFieldsLoaded(ReportFields)
    /// A one-line message for the learner, shown in the status bar until the next key.
    case notice(String)
    case languageChanged(Language)
    /// Opens the built-in editor on a sandbox file with its text.
    case openEditor(path: String, text: String)
    /// Writing the file of a `.saveFile` effect failed; `reason` is in the learner's language.
    case editorSaveFailed(path: String, reason: String)
    /// Opens a port's options dialog.
    case openOptions(OptionsDialogState)
}

/// Work the UI asks the rest of the program to do. The UI never does I/O itself.
public enum Effect: Hashable, Sendable {
    /// The learner submitted this line, without the newline, to the shell's `readLine`.
    case submitLine(ShellID, String)
    /// The learner pressed Ctrl-] while the shell waited for a line: telnet's escape.
    case sendEscape(ShellID)
    /// Ctrl-C while a command runs in a console: its pending read ends as at end of input.
    case interrupt(ShellID)
    /// Go this many steps forward (positive) or back (negative).
    case goToStep(Int)
    case runChecks
    case showHint
    /// Shows or hides the wire view of a shell's telnet connection: the focused shell's, or
    /// `nil` while the lesson pane has the focus, for the latest of either shell.
    case toggleWire(ShellID?)
    case saveReportFields(ReportFields)
    case exportReport(ReportFields)
    case quit
    /// Write `text` to the sandbox file at `path`, replacing it.
    case saveFile(path: String, text: String)
    /// The editor on `path` closed; `saved` tells whether it wrote the file at least once.
    case editorClosed(path: String, saved: Bool)
    /// The options dialog closed with the options' states by name, or `nil` when cancelled.
    case optionsChosen([String: Bool]?)
}
