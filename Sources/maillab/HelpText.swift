/// `maillab --help`, in the learner's language.
enum HelpText {
    static func usage(_ language: Language) -> String {
        switch language {
        case .en:
            return """
                usage: maillab [OPTIONS] [COMMAND]

                A lab tutor for mail authentication: a lesson, two lab shells and embedded
                SMTP servers that answer like Postfix with Cyrus SASL, on 127.0.0.1.

                Commands:
                  (none)              start the TUI, resuming where you stopped
                  serve               run only the servers, for outside clients (swaks, curl)
                  shell               run one lab shell on standard input, servers included
                  check               print each check; exit status 1 when one has not passed
                  report              write the report (--format md|html|json, -o FILE)
                  reset               move the lab folder aside; the next start lays a fresh one
                  lessons [validate [DIR]]   list the lessons, or validate one or all
                  prepare --through STEP     play the reference solutions of the steps up to
                                      STEP that are not done, to start after it

                Options:
                  --lab-dir DIR       the lab folder (default $XDG_DATA_HOME/maillab/lesson09)
                  --lang ja|en        the language of the lesson and messages (default: locale)
                  --smtp-port N       the SMTP server's TCP port (default: a free port)
                  --step STEP         open the TUI at this step (for example 2.1)
                  --help, --version

                """
        case .ja:
            return """
                使い方: maillab [オプション] [コマンド]

                メール認証の実習用チューター: 課題の説明、二つのラボシェル、Postfix と
                Cyrus SASL のように応答する組み込み SMTP サーバ (127.0.0.1) を備えます。

                コマンド:
                  (なし)              TUI を起動し、前回の続きから再開する
                  serve               サーバだけを動かす (swaks や curl など外部クライアント用)
                  shell               標準入力でラボシェルを一つ動かす (サーバも起動する)
                  check               チェック結果を表示する。未合格があれば終了ステータス 1
                  report              レポートを書き出す (--format md|html|json, -o ファイル)
                  reset               ラボフォルダを退避する。次の起動で新しいラボを作る
                  lessons [validate [DIR]]   課題の一覧、または課題データの検査
                  prepare --through STEP     STEP までのまだ済んでいない手順の模範解答を
                                      再生し、その次の手順から始められるようにする

                オプション:
                  --lab-dir DIR       ラボフォルダ (既定 $XDG_DATA_HOME/maillab/lesson09)
                  --lang ja|en        課題とメッセージの言語 (既定はロケールから)
                  --smtp-port N       SMTP サーバのポート番号 (既定は空いているポート)
                  --step STEP         TUI をこの手順から開く (例: 2.1)
                  --help, --version

                """
        }
    }
}
