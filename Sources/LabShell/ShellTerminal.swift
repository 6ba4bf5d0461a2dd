/// The pane or stream a lab shell talks to. In the TUI it is a console pane; in
/// `maillab shell` it is standard input and output.
public protocol ShellTerminal: AnyObject, Sendable {
    /// Writes text to the learner's screen; `\n` ends a line. Safe from any thread.
    func write(_ text: String)

    /// Blocks until the learner submits a line and returns it without the newline, or `nil`
    /// at end of input. With `echo` false the typed characters are not shown (passwords).
    /// A line that is only U+001D is telnet's escape character (Ctrl-]), which the TUI sends
    /// at once, without Enter.
    func readLine(prompt: String, echo: Bool) -> String?
}
