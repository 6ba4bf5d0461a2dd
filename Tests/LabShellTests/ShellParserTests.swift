import Testing

@testable import LabShell

/// Renders a parse result as text, so that tables compare whole trees.
private func render(_ list: ShellCommandList) -> String {
    list.items.map { item -> String in
        let connector: String
        switch item.connector {
        case .sequence: connector = ";"
        case .and: connector = "&&"
        case .or: connector = "||"
        }
        let commands = item.pipeline.commands.map { command -> String in
            var pieces = command.words.map(render)
            for redirection in command.redirections {
                let symbol: String
                switch redirection.kind {
                case .output: symbol = ">"
                case .append: symbol = ">>"
                case .input: symbol = "<"
                case .outputAndError: symbol = ">&"
                case .appendAndError: symbol = ">>&"
                }
                pieces.append(symbol + render(redirection.target))
            }
            return pieces.joined(separator: " ")
        }
        return connector + " " + commands.joined(separator: " | ")
    }.joined(separator: " ")
}

private func render(_ word: ShellWord) -> String {
    "["
        + word.parts.map { part -> String in
            switch part {
            case .literal(let text): return text
            case .quoted(let text): return "'" + text + "'"
            case .variable(let name, let quoted): return (quoted ? "\"$" : "$") + name
            case .commandSubstitution(let list, let quoted):
                return (quoted ? "\"`" : "`") + render(list) + "`"
            case .home(let user): return "~" + user
            }
        }.joined() + "]"
}

@Suite("ShellParser")
struct ShellParserTests {
    @Test(
        "parses quotes, escapes and words",
        arguments: [
            ("ls -l", "; [ls] [-l]"),
            ("  echo   a\tb  ", "; [echo] [a] [b]"),
            ("printf '\\0000test\\0000password'", "; [printf] ['\\0000test\\0000password']"),
            ("echo \"a b\" c", "; [echo] ['a b'] [c]"),
            ("echo a\\ b", "; [echo] [a b]"),
            ("echo \\'x", "; [echo] ['x]"),
            ("echo \"say \\\"hi\\\" \\$x \\\\ \\n\"", "; [echo] ['say \"hi\" $x \\ \\n']"),
            ("echo 'a'\"b\"c", "; [echo] ['a''b'c]"),
            ("echo ''", "; [echo] ['']"),
            ("echo $? $status ${HOME}x", "; [echo] [$?] [$status] [$HOMEx]"),
            ("echo \"$USER\"", "; [echo] [''\"$USER'']"),
            ("echo $ $1 a$", "; [echo] [$] [$1] [a$]"),
            ("cd ~ ; cd ~student/Maildir", "; [cd] [~] ; [cd] [~student/Maildir]"),
            ("echo a~b", "; [echo] [a~b]"),
            ("echo 日本語", "; [echo] [日本語]"),
        ])
    func words(line: String, expected: String) throws {
        let list = try ShellParser.parse(line).get()
        #expect(render(list) == expected)
    }

    @Test(
        "parses pipes, lists and redirections",
        arguments: [
            ("printf x | mmencode", "; [printf] [x] | [mmencode]"),
            ("a | b | c", "; [a] | [b] | [c]"),
            ("a ; b;c", "; [a] ; [b] ; [c]"),
            ("a;", "; [a]"),
            (";", ""),
            ("a && b || c", "; [a] && [b] || [c]"),
            ("echo x > /etc/x", "; [echo] [x] >[/etc/x]"),
            ("echo x>>log", "; [echo] [x] >>[log]"),
            ("cat < in > out", "; [cat] <[in] >[out]"),
            ("cat >& both", "; [cat] >&[both]"),
            ("cat >>& both", "; [cat] >>&[both]"),
            ("cat >! forced", "; [cat] >[forced]"),
            ("echo a '|' \"; b\"", "; [echo] [a] ['|'] ['; b']"),
        ])
    func structure(line: String, expected: String) throws {
        let list = try ShellParser.parse(line).get()
        #expect(render(list) == expected)
    }

    @Test(
        "parses backquote command substitution",
        arguments: [
            (
                "saslpasswd2 -c -u `postconf -h myhostname` testuser",
                "; [saslpasswd2] [-c] [-u] [`; [postconf] [-h] [myhostname]`] [testuser]"
            ),
            ("echo \"host: `hostname`\"", "; [echo] ['host: '\"`; [hostname]`'']"),
            ("echo x`echo y`z", "; [echo] [x`; [echo] [y]`z]"),
            ("echo `a | b`", "; [echo] [`; [a] | [b]`]"),
            ("echo ``", "; [echo] [``]"),
        ])
    func substitution(line: String, expected: String) throws {
        let list = try ShellParser.parse(line).get()
        #expect(render(list) == expected)
    }

    @Test(
        "reports csh's syntax errors",
        arguments: [
            ("echo 'abc", ShellSyntaxError.unmatchedQuote("'")),
            ("echo \"abc", .unmatchedQuote("\"")),
            ("echo `abc", .unmatchedQuote("`")),
            ("echo \"`abc\"", .unmatchedQuote("`")),
            ("echo >", .missingRedirectName),
            ("echo > | x", .missingRedirectName),
            ("| a", .invalidNullCommand),
            ("a |", .invalidNullCommand),
            ("a | | b", .invalidNullCommand),
            ("a &&", .invalidNullCommand),
            ("|| a", .invalidNullCommand),
            ("> file", .invalidNullCommand),
            ("a > x > y", .ambiguousOutputRedirect),
            ("a > x | b", .ambiguousOutputRedirect),
            ("a | b < x", .ambiguousInputRedirect),
            ("a << EOF", .ambiguousInputRedirect),
            ("(a)", .badlyPlacedParentheses),
            ("a &", .backgroundNotSupported),
        ])
    func errors(line: String, expected: ShellSyntaxError) {
        #expect(throws: expected) { try ShellParser.parse(line).get() }
    }

    @Test("error messages are csh's")
    func messages() {
        #expect(ShellSyntaxError.unmatchedQuote("'").message(.en) == "Unmatched '.")
        #expect(ShellSyntaxError.invalidNullCommand.message(.ja) == "Invalid null command.")
        #expect(ShellSyntaxError.missingRedirectName.message(.en) == "Missing name for redirect.")
        #expect(ShellSyntaxError.backgroundNotSupported.message(.ja).contains("バックグラウンド"))
    }

    @Test("word ranges point into the line")
    func ranges() throws {
        let line = "printf '\\0000日本\\0000pw' | mmencode"
        let list = try ShellParser.parse(line).get()
        let word = try list.items[0].pipeline.commands[0].words[safe: 1].orThrow()
        let scalars = Array(line.unicodeScalars)
        let text = String(String.UnicodeScalarView(scalars[word.range]))
        #expect(text == "'\\0000日本\\0000pw'")
    }

    @Test("random lines never crash the parser")
    func fuzz() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("ab '\"`\\$?{}|;&<>()~ \t-x")
        for _ in 0..<5000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let line = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = ShellParser.parse(line)
        }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}
