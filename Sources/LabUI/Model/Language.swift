/// The language of everything the learner reads.
public enum Language: String, Hashable, Sendable, CaseIterable {
    case ja
    case en
}

/// The UI's own strings, each in Japanese and English. Lesson texts, check reasons and hints
/// arrive already translated in `LessonView`.
public enum UIText: Hashable, Sendable {
    case keyHelp, keyPane, keySelect, keyPaste, keyChallenge, keyResponse
    case keyCheck, keyHint, keyWire, keyReport, keyQuit
    case checksHeading, hintHeading, wireTitle, noLesson
    case helpTitle, helpClose
    case reportTitle, reportAffiliation, reportStudentNumber, reportYear, reportName
    case reportText, reportSave, reportExport, reportClose, reportKeys
    case copied(Int)
    case nothingSelected
    case clipboardEmpty
    case noChallenge
    case noResponse
    case pastedFirstLine
    case pasteNeedsShell
    case selectionKeys
    case shellBusy(String)
    case terminalTooSmall(minimumWidth: Int, minimumHeight: Int)
    case localeFallback(String)
    case localeMissing
    case editorKeys, editorModified, editorSearchPrompt, editorQuitPrompt, editorWrapped
    case editorSaved(Int)
    case editorNotFound(String)
    case editorPosition(line: Int, lineCount: Int, column: Int)
    case optionsKeys
    case wirePasswordBase64, wirePasswordPlaintext, wireTLSStarted, wireNoConnection
    case wireDropped(Int)
    case wireHeader(shell: String, connection: Int)

    /// Returns the text in `language`.
    public func text(_ language: Language) -> String {
        switch language {
        case .ja: japanese
        case .en: english
        }
    }

    private var english: String {
        switch self {
        case .keyHelp: "help"
        case .keyPane: "pane"
        case .keySelect: "select"
        case .keyPaste: "paste"
        case .keyChallenge: "challenge"
        case .keyResponse: "response"
        case .keyCheck: "check"
        case .keyHint: "hint"
        case .keyWire: "wire"
        case .keyReport: "report"
        case .keyQuit: "quit"
        case .checksHeading: "Checks"
        case .hintHeading: "Hint"
        case .wireTitle: "Wire view"
        case .noLesson: "No lesson is loaded."
        case .helpTitle: "Keys"
        case .helpClose: "Esc, Enter or F1 closes this help."
        case .reportTitle: "Report"
        case .reportAffiliation: "Affiliation"
        case .reportStudentNumber: "Student number"
        case .reportYear: "Year"
        case .reportName: "Name"
        case .reportText: "Report"
        case .reportSave: "Save"
        case .reportExport: "Export"
        case .reportClose: "Close"
        case .reportKeys: "Tab next field  Shift-Tab previous  Enter choose  Esc close"
        case .copied(let count): "Copied \(count) characters. Ctrl-V or F9 pastes them."
        case .nothingSelected: "Nothing was selected."
        case .clipboardEmpty: "The clipboard is empty: select text with F4 or the mouse first."
        case .noChallenge: "No server challenge (334 … or + …) has been seen yet."
        case .noResponse: "No \"Send this response:\" line has been seen yet."
        case .pastedFirstLine: "Only the first line was pasted."
        case .pasteNeedsShell: "Move to Shell-A or Shell-B with Tab to paste."
        case .selectionKeys:
            "Select: arrows move, Space sets the start, Enter copies, Esc cancels"
        case .shellBusy(let name): "\(name) is still running a command."
        case .terminalTooSmall(let width, let height):
            "The terminal is too small: maillab needs at least \(width)×\(height)."
        case .localeFallback(let previous):
            "The locale \(previous) is not UTF-8, so maillab uses C.UTF-8."
        case .localeMissing:
            "No UTF-8 locale is installed, so Japanese text and box lines may show wrongly."
        case .editorKeys:
            "^O save  ^X/Esc leave  ^Y search  F3 next  ^K delete line  ^T/^B top/bottom"
        case .editorModified: "modified"
        case .editorSearchPrompt: "Search for: "
        case .editorQuitPrompt: "Save the changes? y save and leave  n discard  c or Esc cancel"
        case .editorWrapped: "Search went on from the top."
        case .editorSaved(let lines): "Saved, \(lines) lines."
        case .editorNotFound(let text): "\"\(text)\" was not found."
        case .editorPosition(let line, let count, let column): "line \(line)/\(count) col \(column)"
        case .optionsKeys: "↑↓ move  Space toggle  Tab OK/Cancel  Enter choose  Esc cancel"
        case .wirePasswordBase64: "← password in base64, readable by anyone on the link"
        case .wirePasswordPlaintext: "← password in plaintext, readable by anyone on the link"
        case .wireTLSStarted: "--- TLS from here on: only encrypted bytes cross the link ---"
        case .wireNoConnection:
            "No telnet connection yet. Run telnet localhost 25 in Shell-A or Shell-B, then press F7 again."
        case .wireDropped(let bytes): "(\(bytes) earlier bytes are no longer kept)"
        case .wireHeader(let shell, let connection):
            "\(shell), connection \(connection), as anyone on the link sees it. F7 closes."
        }
    }

    private var japanese: String {
        switch self {
        case .keyHelp: "ヘルプ"
        case .keyPane: "切替"
        case .keySelect: "選択"
        case .keyPaste: "貼付"
        case .keyChallenge: "チャレンジ"
        case .keyResponse: "レスポンス"
        case .keyCheck: "チェック"
        case .keyHint: "ヒント"
        case .keyWire: "通信"
        case .keyReport: "レポート"
        case .keyQuit: "終了"
        case .checksHeading: "チェック"
        case .hintHeading: "ヒント"
        case .wireTitle: "通信の記録"
        case .noLesson: "課題が読み込まれていません。"
        case .helpTitle: "キー操作"
        case .helpClose: "Esc、Enter または F1 でこのヘルプを閉じます。"
        case .reportTitle: "レポート"
        case .reportAffiliation: "所属"
        case .reportStudentNumber: "学籍番号"
        case .reportYear: "学年"
        case .reportName: "氏名"
        case .reportText: "本文"
        case .reportSave: "保存"
        case .reportExport: "書き出し"
        case .reportClose: "閉じる"
        case .reportKeys: "Tab 次の項目  Shift-Tab 前の項目  Enter 決定  Esc 閉じる"
        case .copied(let count): "\(count) 文字をコピーしました。Ctrl-V または F9 で貼り付けます。"
        case .nothingSelected: "何も選択されていません。"
        case .clipboardEmpty: "クリップボードが空です。先に F4 かマウスで文字を選択してください。"
        case .noChallenge: "サーバのチャレンジ (334 … や + …) はまだ届いていません。"
        case .noResponse: "「Send this response:」の行はまだ出力されていません。"
        case .pastedFirstLine: "最初の 1 行だけを貼り付けました。"
        case .pasteNeedsShell: "貼り付けるには Tab で Shell-A か Shell-B に移ってください。"
        case .selectionKeys: "選択: 矢印で移動、Space で始点、Enter でコピー、Esc で中止"
        case .shellBusy(let name): "\(name) はまだコマンドを実行中です。"
        case .terminalTooSmall(let width, let height):
            "端末が小さすぎます。maillab には \(width)×\(height) 以上が必要です。"
        case .localeFallback(let previous):
            "ロケール \(previous) は UTF-8 ではないため、C.UTF-8 を使います。"
        case .localeMissing:
            "UTF-8 のロケールがないため、日本語や罫線が正しく表示されないことがあります。"
        case .editorKeys: "^O 保存  ^X/Esc 終了  ^Y 検索  F3 次を検索  ^K 行削除  ^T/^B 先頭/末尾"
        case .editorModified: "変更あり"
        case .editorSearchPrompt: "検索する文字列: "
        case .editorQuitPrompt: "変更を保存しますか? y 保存して終了  n 破棄  c か Esc 取り消し"
        case .editorWrapped: "先頭に戻って検索しました。"
        case .editorSaved(let lines): "保存しました (\(lines) 行)。"
        case .editorNotFound(let text): "「\(text)」は見つかりませんでした。"
        case .editorPosition(let line, let count, let column): "\(line)/\(count) 行 \(column) 桁"
        case .optionsKeys: "↑↓ 移動  Space 切り替え  Tab OK/Cancel  Enter 決定  Esc 取り消し"
        case .wirePasswordBase64: "← base64 のパスワード。経路上の誰でも読めます"
        case .wirePasswordPlaintext: "← 平文のパスワード。経路上の誰でも読めます"
        case .wireTLSStarted: "--- ここから TLS: 経路には暗号化されたバイト列だけが流れます ---"
        case .wireNoConnection:
            "telnet の接続はまだありません。Shell-A か Shell-B で telnet localhost 25 を実行してから、もう一度 F7 を押してください。"
        case .wireDropped(let bytes): "(それより前の \(bytes) バイトは保持していません)"
        case .wireHeader(let shell, let connection):
            "\(shell) の接続 \(connection) を盗聴するとこう見えます。F7 で閉じます。"
        }
    }
}
