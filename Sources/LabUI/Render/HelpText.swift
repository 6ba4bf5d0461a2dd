/// The lines of the help overlay: a key and what it does, in both languages.
let helpEntries: [(keys: String, english: String, japanese: String)] = [
    (
        "Tab / Shift-Tab", "move between the lesson, Shell-A and Shell-B",
        "課題、Shell-A、Shell-B の間を移動"
    ),
    ("n → / p ←", "next / previous step (in the lesson pane)", "次 / 前の手順 (課題の欄で)"),
    (
        "↑ ↓ PgUp PgDn", "scroll the lesson; in a shell ↑ ↓ recall earlier lines",
        "課題をスクロール。シェルでは ↑ ↓ で入力履歴"
    ),
    ("Enter", "send the typed line to the shell", "入力した行をシェルに送る"),
    ("Ctrl-]", "telnet's escape: then type quit to close", "telnet のエスケープ。続けて quit で切断"),
    (
        "F4", "select text in this pane: arrows, Space, Enter copies",
        "この欄の文字を選択: 矢印、Space、Enter でコピー"
    ),
    ("mouse drag", "select text inside one pane and copy it", "1 つの欄の中で選択してコピー"),
    ("Ctrl-V / F9", "paste the copied text into the shell", "コピーした文字をシェルに貼り付け"),
    (
        "F2", "paste the last challenge a server sent (334 … / + …)",
        "サーバが最後に送ったチャレンジ (334 … / + …) を貼り付け"
    ),
    (
        "F3", "paste the last \"Send this response:\" a tool printed",
        "ツールが最後に出した「Send this response:」を貼り付け"
    ),
    ("F5", "run the checks of this step again", "この手順のチェックをやり直す"),
    ("F6", "show a hint", "ヒントを表示"),
    (
        "F7", "show or hide a shell's traffic as an eavesdropper sees it",
        "シェルの通信を盗聴者から見た形で表示 / 非表示"
    ),
    ("F8", "fill in and export the report", "レポートを記入して書き出す"),
    ("F10", "quit maillab", "maillab を終了"),
    (
        "Ctrl-C", "in a shell: cancel the typed line or the running command",
        "シェルで: 入力中の行か実行中のコマンドを中断"
    ),
]
