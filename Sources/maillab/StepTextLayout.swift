import Course

/// Turns a step's text into the lesson pane's lines. The lesson files wrap their paragraphs at
/// about 70 columns; the pane wraps again at its own width, so each paragraph is joined into
/// one line first: with a space in English, and with none between Japanese characters.
enum StepTextLayout {
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var paragraph: String?
        func finishParagraph() {
            if let paragraph { result.append(paragraph) }
            paragraph = nil
        }
        for line in StepText.lines(text) {
            switch line {
            case .text(let text):
                if let current = paragraph {
                    paragraph = join(current, text)
                } else {
                    paragraph = text
                }
            case .heading(let heading):
                finishParagraph()
                result.append("■ " + heading)
            case .command(let command):
                finishParagraph()
                result.append("    " + command)
            case .output(let output):
                finishParagraph()
                result.append("    " + output)
            case .blank:
                finishParagraph()
                result.append("")
            }
        }
        finishParagraph()
        return result
    }

    static func join(_ left: String, _ right: String) -> String {
        guard let last = left.unicodeScalars.last, let first = right.unicodeScalars.first else {
            return left + right
        }
        return isWide(last) && isWide(first) ? left + right : left + " " + right
    }

    /// Japanese characters and full-width punctuation, which Japanese text runs together.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF:
            return true
        default:
            return false
        }
    }
}
