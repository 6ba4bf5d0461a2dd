/// The fixed texts of a report, in the learner's language.
struct ReportStrings {
    let language: Language

    private func pick(_ ja: String, _ en: String) -> String {
        language == .ja ? ja : en
    }

    func title(lessonNumber: Int, lessonTitle: String) -> String {
        pick(
            "レポート: 第\(lessonNumber)回 \(lessonTitle)",
            "Report: Lesson \(lessonNumber), \(lessonTitle)")
    }

    var item: String { pick("項目", "Item") }
    var value: String { pick("内容", "Value") }
    var affiliation: String { pick("所属 (学部・学科)", "Affiliation (faculty, department)") }
    var studentNumber: String { pick("学籍番号", "Student number") }
    var year: String { pick("学年", "Year") }
    var name: String { pick("氏名", "Name") }
    var date: String { pick("日時", "Date") }
    var generatedAt: String { pick("レポート作成日時", "Report generated") }
    var freeText: String { pick("レポート本文 (得た知見、気づいたこと)", "Report (findings and notes)") }
    var answers: String { pick("調べてみよう", "Look this up") }
    var checks: String { pick("チェックの結果", "Checks") }
    var summary: String { pick("合格したチェック", "Checks passed") }
    var step: String { pick("手順", "Step") }
    var state: String { pick("状態", "State") }
    var passedAt: String { pick("合格した日時", "Passed at") }
    var reason: String { pick("理由", "Reason") }
    var evidence: String { pick("証拠 (サーバとのやりとり)", "Evidence (protocol transcript)") }
    var hintsUsed: String { pick("使ったヒント", "Hints used") }
    var noHints: String { pick("ヒントは使いませんでした。", "No hints were used.") }
    var empty: String { pick("(未記入)", "(not filled in)") }
    var masked: String {
        pick(
            "パスワードとパスワードを含む base64 の文字列は ******** で伏せてあります。",
            "Passwords and base64 strings that carry one are masked as ********.")
    }

    func stateName(_ state: CheckState) -> String {
        switch state {
        case .passed: pick("合格", "passed")
        case .failed: pick("不合格", "failed")
        case .notYet: pick("未実施", "not yet")
        }
    }

    func passedCount(_ passed: Int, of total: Int) -> String {
        pick("\(total) 個中 \(passed) 個", "\(passed) of \(total)")
    }
}
