/// The argument of `MAIL FROM:` or `RCPT TO:`: the address and the ESMTP parameters after it.
struct SMTPPath: Equatable, Sendable {
    /// The result of parsing a command line.
    enum ParseResult: Equatable, Sendable {
        case path(SMTPPath)
        /// The line is not `VERB KEYWORD:<address> …`; Postfix replies with its syntax line.
        case syntaxError
        /// The keyword is right but the address does not parse.
        case badAddress
    }

    /// The address without angle brackets or source route; empty for the null sender `<>`.
    var address: String
    var parameters: [String]

    /// Parses `line` (the whole command) whose verb is followed by `keyword:` (`FROM` or `TO`).
    /// Like Postfix without `strict_rfc821_envelopes`, it accepts spaces after the colon and
    /// an address without angle brackets.
    static func parse(_ line: String, keyword: String) -> ParseResult {
        var rest = Substring(line).drop(while: { $0 != " " && $0 != "\t" })
        rest = rest.drop(while: { $0 == " " || $0 == "\t" })
        let prefix = keyword + ":"
        guard rest.count >= prefix.count, rest.prefix(prefix.count).uppercased() == prefix else {
            return .syntaxError
        }
        rest = rest.dropFirst(prefix.count).drop(while: { $0 == " " || $0 == "\t" })
        guard !rest.isEmpty else { return .syntaxError }

        var addressText: Substring
        if rest.hasPrefix("<") {
            guard let close = rest.firstIndex(of: ">") else { return .badAddress }
            addressText = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            let end = rest.firstIndex(where: { $0 == " " || $0 == "\t" }) ?? rest.endIndex
            addressText = rest[..<end]
            rest = rest[end...]
        }
        // A source route (`@relay,@relay:user@domain`) is ignored, as RFC 5321 allows.
        if addressText.hasPrefix("@"), let colon = addressText.firstIndex(of: ":") {
            addressText = addressText[addressText.index(after: colon)...]
        }
        guard isValid(addressText) else { return .badAddress }
        if let first = rest.first, first != " ", first != "\t" {
            return .badAddress
        }
        let parameters = rest.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        return .path(SMTPPath(address: String(addressText), parameters: parameters))
    }

    private static func isValid(_ address: Substring) -> Bool {
        let forbidden: Set<Character> = ["<", ">", " ", "\t", "(", ")", ",", ";", "\\", "\""]
        guard !address.contains(where: { forbidden.contains($0) }) else { return false }
        guard !address.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return false }
        return address.filter { $0 == "@" }.count <= 1
    }

    /// The part after the last `@`, lowercased and without a trailing dot; `nil` without `@`.
    var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        var domain = address[address.index(after: at)...].lowercased()
        if domain.hasSuffix(".") {
            domain.removeLast()
        }
        return domain
    }

    /// The part before the last `@`, or the whole address.
    var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }
}
