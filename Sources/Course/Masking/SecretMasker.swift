import Foundation

/// Hides passwords and the base64 text that carries them. The journal is masked where events
/// are made, and this is the second pass. Every transcript and text shown to the learner or
/// written into a report goes through it. Masking an already masked text changes nothing.
public enum SecretMasker {
    public static let mask = "********"

    /// The text `userdb-test-cram-md5` prints before the response line.
    static let responseAnnouncement = "Send this response:"

    /// Masks transcript lines in order, because a line is secret when it follows a SASL
    /// challenge (`334 …`, `+ …`) or a password prompt. Lines may carry the `C: ` (client) and
    /// `S: ` (server) prefixes of check evidence; lines without one are treated as shell output.
    public static func maskTranscript(_ lines: [String]) -> [String] {
        var secretLineFollows = false
        return lines.map { line in
            let (prefix, content) = splitPrefix(line)
            var masked = maskLine(content, direction: prefix)
            // The whole line is the SASL response or the password, however short. Kept are `*`,
            // which cancels an exchange, and the line `userdb-test-cram-md5` prints after the
            // pasted challenge.
            let trimmed = masked.trimmingCharacters(in: .whitespaces)
            if secretLineFollows && prefix != "S: " && !trimmed.isEmpty && trimmed != "*"
                && !trimmed.hasSuffix(responseAnnouncement)
            {
                masked = mask
            }
            secretLineFollows = startsSecretLine(content, direction: prefix)
            return prefix + masked
        }
    }

    /// Masks a free text, such as the learner's notes: AUTH commands with their argument, the
    /// password in a `printf '\0000user\0000password'` line, base64 tokens that decode to text
    /// containing NUL (a PLAIN string), and what follows a password prompt.
    public static func maskText(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return maskTranscript(lines).joined(separator: "\n")
    }

    private static func splitPrefix(_ line: String) -> (String, String) {
        for prefix in ["C: ", "S: "] where line.hasPrefix(prefix) {
            return (prefix, String(line.dropFirst(prefix.count)))
        }
        return ("", line)
    }

    /// Tells whether the line after `content` carries a SASL response or a password.
    private static func startsSecretLine(_ content: String, direction: String) -> Bool {
        if direction != "C: " {
            if content.hasPrefix("334 ") || content == "334" { return true }
            if content.hasPrefix("+ ") || content == "+" { return true }
            if content.hasSuffix(responseAnnouncement) { return true }
        }
        if direction != "S: ", let range = passwordPromptRange(content) {
            return content[range.upperBound...].allSatisfy(\.isWhitespace)
        }
        return false
    }

    private static func maskLine(_ content: String, direction: String) -> String {
        var line = content
        if direction != "S: " {
            line = maskCommandArguments(line, isCommand: direction == "C: ")
            line = maskPrintfPassword(line)
            line = maskAfterPasswordPrompt(line)
        }
        return maskBase64Tokens(line)
    }

    /// Masks the secret of `AUTH mech <initial response>`, `tag AUTHENTICATE mech <initial
    /// response>`, `tag LOGIN user <password>` and POP3 `PASS <password>`. A client line
    /// (`isCommand`) is one of these whenever its words fit. Any other line, such as shell output
    /// or a check's reason that starts with AUTH, must also carry a single base64 word as the
    /// initial response, so that sentences are left alone.
    private static func maskCommandArguments(_ line: String, isCommand: Bool) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: true)
        guard !words.isEmpty else { return line }
        let upper = words.map { $0.uppercased() }
        let looksLikeResponse: (Substring) -> Bool = { word in
            isCommand || word == "=" || word.allSatisfy(isBase64Character)
        }
        var keep: Int?
        if upper[0] == "AUTH" && words.count == 3 && looksLikeResponse(words[2]) {
            keep = 2
        } else if upper[0] == "PASS" && words.count > 1 {
            keep = 1
        } else if words.count == 4 && upper[1] == "AUTHENTICATE" && looksLikeResponse(words[3]) {
            keep = 3
        } else if words.count > 3 && upper[1] == "LOGIN" {
            keep = 3
        }
        guard let keep, words[keep...].contains(where: { $0 != Substring(mask) }) else {
            return line
        }
        return words[..<keep].joined(separator: " ") + " " + mask
    }

    private static func isBase64Character(_ character: Character) -> Bool {
        character.isASCII
            && (character.isLetter || character.isNumber || "+/=".contains(character))
    }

    /// Masks what follows the second NUL escape of a printf format, which is the password of a
    /// PLAIN string (`\0`, `\00`, `\000` or `\0000`).
    private static func maskPrintfPassword(_ line: String) -> String {
        guard line.contains("printf"),
            let expression = try? NSRegularExpression(
                pattern: #"(\\0[0-7]{0,3}[^\\'"]*\\0[0-7]{0,3})[^'"\s]+"#)
        else { return line }
        let range = NSRange(line.startIndex..., in: line)
        return expression.stringByReplacingMatches(
            in: line, range: range, withTemplate: "$1" + mask)
    }

    private static func passwordPromptRange(_ line: String) -> Range<String.Index>? {
        for prompt in ["Password?", "Password:", "Again (for verification):"] {
            if let range = line.range(of: prompt, options: [.caseInsensitive, .backwards]) {
                return range
            }
        }
        return nil
    }

    /// Masks the rest of a line after a password prompt. `userdb-test-cram-md5` does not echo
    /// the password, so its next prompt (`Send: AUTH …`) can follow on the same line and is
    /// kept.
    private static func maskAfterPasswordPrompt(_ line: String) -> String {
        guard let range = passwordPromptRange(line) else { return line }
        let rest = line[range.upperBound...].trimmingCharacters(in: .whitespaces)
        if rest.isEmpty || rest == mask || rest.hasPrefix("Send: ") { return line }
        return line[..<range.upperBound] + " " + mask
    }

    /// Masks the base64 tokens of at least eight characters that decode to bytes containing
    /// NUL, which is what a PLAIN string is. A token may touch punctuation or Japanese text.
    private static func maskBase64Tokens(_ line: String) -> String {
        let range = NSRange(line.startIndex..., in: line)
        var result = line
        for match in base64Token.matches(in: line, range: range).reversed() {
            guard let tokenRange = Range(match.range, in: line),
                decodesToNUL(line[tokenRange]),
                let target = Range(match.range, in: result)
            else { continue }
            result.replaceSubrange(target, with: mask)
        }
        return result
    }

    /// A run of base64 characters with no base64 character next to it. It must be at least
    /// eight long, which four bytes of input already make.
    private static let base64Token = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=])"#)

    private static func decodesToNUL(_ word: Substring) -> Bool {
        var text = String(word)
        while text.count % 4 != 0 { text += "=" }
        guard let data = Data(base64Encoded: text) else { return false }
        return data.contains(0)
    }
}
