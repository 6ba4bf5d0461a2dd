extension Report {
    /// Renders the report as Markdown, with headings in the report's language.
    public func markdown() -> String {
        let strings = ReportStrings(language: language)
        var out: [String] = []
        out.append("# " + strings.title(lessonNumber: lessonNumber, lessonTitle: lessonTitle))
        out.append("")
        out.append("| \(strings.item) | \(strings.value) |")
        out.append("|---|---|")
        for (label, value) in fieldRows(strings) {
            out.append("| \(label) | \(Self.tableCell(value.isEmpty ? strings.empty : value)) |")
        }
        out.append("")

        out.append("## " + strings.freeText)
        out.append("")
        out.append(fields.freeText.isEmpty ? strings.empty : fields.freeText)
        out.append("")

        if !answers.isEmpty {
            out.append("## " + strings.answers)
            out.append("")
            for answer in answers {
                out.append("### " + answer.question)
                out.append("")
                out.append(answer.answer.isEmpty ? strings.empty : answer.answer)
                out.append("")
            }
        }

        out.append("## " + strings.checks)
        out.append("")
        let passed = checks.filter { $0.state == .passed }.count
        out.append("\(strings.summary): \(strings.passedCount(passed, of: checks.count))")
        out.append("")
        for check in checks {
            out += checkSection(check, strings: strings)
        }

        out.append("## " + strings.hintsUsed)
        out.append("")
        if hintsUsed.isEmpty {
            out.append(strings.noHints)
        } else {
            for hint in hintsUsed {
                out.append("- \(hint.title) (\(hint.checkID)): \(formatted(hint.shownAt))")
            }
        }
        out.append("")
        out.append("---")
        out.append("")
        out.append(strings.masked)
        return out.joined(separator: "\n") + "\n"
    }

    /// Returns the learner's fields as (label, value) rows for the Markdown and HTML renderers.
    func fieldRows(_ strings: ReportStrings) -> [(String, String)] {
        [
            (strings.affiliation, fields.affiliation),
            (strings.studentNumber, fields.studentNumber),
            (strings.year, fields.year),
            (strings.name, fields.name),
            (strings.date, displayDate),
            (strings.generatedAt, formatted(generatedAt)),
        ]
    }

    private func checkSection(_ check: CheckEntry, strings: ReportStrings) -> [String] {
        let mark = check.state == .passed ? "✓" : "✗"
        let step = check.stepID.map { "\($0) " } ?? ""
        var out = ["### \(mark) \(step)\(check.title)", ""]
        out.append("- \(strings.state): \(strings.stateName(check.state))")
        if let passedAt = check.passedAt {
            out.append("- \(strings.passedAt): \(formatted(passedAt))")
        }
        out.append("- \(strings.reason): \(check.reason)")
        out.append("")
        if !check.evidence.isEmpty {
            out.append(strings.evidence + ":")
            out.append("")
            let fence = Self.fence(for: check.evidence)
            out.append(fence)
            out += check.evidence
            out.append(fence)
            out.append("")
        }
        return out
    }

    /// Returns a code fence longer than any run of backticks in `lines`.
    private static func fence(for lines: [String]) -> String {
        var longest = 0
        for line in lines {
            var run = 0
            for character in line {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }

    private static func tableCell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: "<br>")
    }
}
