extension Report {
    /// Renders the report as one self-contained HTML page: no scripts, no outside files, the
    /// style inline.
    public func html() -> String {
        let strings = ReportStrings(language: language)
        let title = strings.title(lessonNumber: lessonNumber, lessonTitle: lessonTitle)
        var out: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"\(language.rawValue)\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<title>\(Self.escape(title))</title>",
            "<style>",
            "body { font-family: sans-serif; max-width: 50em; margin: 2em auto; line-height: 1.5; }",
            "table { border-collapse: collapse; }",
            "th, td { border: 1px solid #999; padding: 0.2em 0.6em; text-align: left; }",
            "pre { background: #f4f4f4; padding: 0.6em; overflow-x: auto; }",
            ".passed { color: #176f2c; } .failed { color: #a11; } .notYet { color: #666; }",
            "</style>",
            "</head>",
            "<body>",
            "<h1>\(Self.escape(title))</h1>",
            "<table>",
        ]
        for (label, value) in fieldRows(strings) {
            let shown = value.isEmpty ? strings.empty : value
            out.append("<tr><th>\(Self.escape(label))</th><td>\(Self.escape(shown))</td></tr>")
        }
        out.append("</table>")

        out.append("<h2>\(Self.escape(strings.freeText))</h2>")
        out.append(Self.paragraph(fields.freeText.isEmpty ? strings.empty : fields.freeText))
        if !answers.isEmpty {
            out.append("<h2>\(Self.escape(strings.answers))</h2>")
            for answer in answers {
                out.append("<h3>\(Self.escape(answer.question))</h3>")
                out.append(Self.paragraph(answer.answer.isEmpty ? strings.empty : answer.answer))
            }
        }

        out.append("<h2>\(Self.escape(strings.checks))</h2>")
        let passed = checks.filter { $0.state == .passed }.count
        out.append(
            Self.paragraph("\(strings.summary): \(strings.passedCount(passed, of: checks.count))"))
        for check in checks {
            out += checkSection(check, strings: strings)
        }

        out.append("<h2>\(Self.escape(strings.hintsUsed))</h2>")
        if hintsUsed.isEmpty {
            out.append(Self.paragraph(strings.noHints))
        } else {
            out.append("<ul>")
            for hint in hintsUsed {
                let text = "\(hint.title) (\(hint.checkID)): \(formatted(hint.shownAt))"
                out.append("<li>\(Self.escape(text))</li>")
            }
            out.append("</ul>")
        }
        out.append("<hr>")
        out.append(Self.paragraph(strings.masked))
        out.append("</body>")
        out.append("</html>")
        return out.joined(separator: "\n") + "\n"
    }

    private func checkSection(_ check: CheckEntry, strings: ReportStrings) -> [String] {
        let mark = check.state == .passed ? "✓" : "✗"
        let step = check.stepID.map { "\($0) " } ?? ""
        var out = [
            "<h3 class=\"\(check.state.rawValue)\">\(mark) \(Self.escape(step + check.title))</h3>",
            "<ul>",
            "<li>\(Self.escape(strings.state)): \(Self.escape(strings.stateName(check.state)))</li>",
        ]
        if let passedAt = check.passedAt {
            out.append("<li>\(Self.escape(strings.passedAt)): \(formatted(passedAt))</li>")
        }
        out.append("<li>\(Self.escape(strings.reason)): \(Self.escape(check.reason))</li>")
        out.append("</ul>")
        if !check.evidence.isEmpty {
            out.append("<p>\(Self.escape(strings.evidence)):</p>")
            out.append("<pre>" + check.evidence.map(Self.escape).joined(separator: "\n") + "</pre>")
        }
        return out
    }

    private static func paragraph(_ text: String) -> String {
        "<p>" + escape(text).replacingOccurrences(of: "\n", with: "<br>\n") + "</p>"
    }

    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
