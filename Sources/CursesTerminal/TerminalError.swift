import LabUI

/// Why the terminal could not be set up.
public enum TerminalError: Error, Hashable, Sendable {
    /// Standard input or output is not a terminal (a pipe or a file).
    case notATerminal
    /// `TERM` is unset or names a terminal type that the terminfo database lacks.
    case unknownTerminal(String)
    /// The wake-up pipe of the inbox could not be created; the payload is `errno`.
    case pipeFailed(Int32)

    /// Returns the message for the learner in `language`, with what to do next.
    public func message(_ language: Language) -> String {
        switch (self, language) {
        case (.notATerminal, .en):
            "maillab needs a terminal: standard input and output must not be redirected. "
                + "Use `maillab shell` for scripts."
        case (.notATerminal, .ja):
            "maillab は端末で動かしてください (標準入出力がリダイレクトされています)。"
                + "スクリプトからは `maillab shell` を使います。"
        case (.unknownTerminal(let name), .en) where name.isEmpty:
            "TERM is not set, so maillab cannot drive the terminal. Set TERM, for example "
                + "TERM=xterm-256color."
        case (.unknownTerminal(let name), .ja) where name.isEmpty:
            "TERM が設定されていないため端末を扱えません。TERM=xterm-256color などを設定してください。"
        case (.unknownTerminal(let name), .en):
            "The terminal type TERM=\(name) is unknown to terminfo. Set TERM to a known type, "
                + "for example TERM=xterm-256color."
        case (.unknownTerminal(let name), .ja):
            "端末の種類 TERM=\(name) は terminfo にありません。"
                + "TERM=xterm-256color など既知の種類を設定してください。"
        case (.pipeFailed(let code), .en):
            "Creating the UI's wake-up pipe failed (errno \(code))."
        case (.pipeFailed(let code), .ja):
            "UI の通知用パイプの作成に失敗しました (errno \(code))。"
        }
    }
}

extension TerminalError: CustomStringConvertible {
    public var description: String {
        message(.en)
    }
}
