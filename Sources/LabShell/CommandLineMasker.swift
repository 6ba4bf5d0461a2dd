import SASL

/// Masks the credentials in a command line before it is published, so that neither the
/// journal nor the report contains a password or base64 that carries one. A masked word becomes
/// `********`. Masked are:
/// - the arguments of `echo` and `printf` in a pipeline that feeds `mmencode`, `saslpasswd2`,
///   `userdbpw` or `userdb` (`printf '\0000test\0000password' | mmencode`);
/// - a `printf` format with an octal NUL escape (`\0`), which builds a PLAIN message;
/// - any word that is base64 of bytes with a NUL in them (a PLAIN message);
/// - the word after swaks's `-ap` or `--auth-password`.
public enum CommandLineMasker {
    public static let mask = "********"

    /// The options of swaks whose next word is the password.
    static let swaksPasswordOptions: Set<String> = [
        "-ap", "--ap", "--auth-password", "-auth-password",
    ]

    /// Commands whose standard input is a credential when `echo` or `printf` feeds them.
    static let credentialReaders: Set<String> = ["mmencode", "saslpasswd2", "userdbpw", "userdb"]

    /// Masks a line that parsed into `list`.
    public static func mask(line: String, list: ShellCommandList) -> String {
        var ranges: [Range<Int>] = []
        collect(list, into: &ranges)
        return replace(ranges, in: line)
    }

    /// Masks a line that did not parse, word by word as blanks split it: every word after
    /// `echo` or `printf` when a credential reader is named anywhere, and every base64 word
    /// of a PLAIN message or `printf` format with `\0`.
    public static func mask(unparsedLine line: String) -> String {
        let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let feedsReader = words.contains { word in
            credentialReaders.contains { word.contains($0) }
        }
        var masking = false
        var previous = ""
        return words.map { word -> String in
            let bare = word.trimmingQuotes()
            if bare == "echo" || bare == "printf" {
                masking = feedsReader
                return word
            }
            if word.contains("|") || word.contains(";") { masking = false }
            if swaksPasswordOptions.contains(previous) && words.contains("swaks") {
                previous = bare
                return mask
            }
            previous = bare
            if masking || carriesPLAIN(bare) || (word.contains("\\0")) { return mask }
            return word
        }.joined(separator: " ")
    }

    private static func collect(_ list: ShellCommandList, into ranges: inout [Range<Int>]) {
        for item in list.items {
            let commands = item.pipeline.commands
            let names = commands.map { $0.words.first?.staticText.map(baseName) ?? "" }
            let feedsReader = names.contains { credentialReaders.contains($0) }
            for (command, name) in zip(commands, names) {
                let arguments = command.words.dropFirst()
                var previous = ""
                for word in arguments {
                    defer { previous = word.staticText ?? word.literalText }
                    if name == "swaks" && swaksPasswordOptions.contains(previous) {
                        ranges.append(word.range)
                        continue
                    }
                    let text = word.staticText ?? word.literalText
                    let isOption = name == "echo" && text == "-n"
                    if feedsReader && (name == "echo" || name == "printf") && !isOption {
                        ranges.append(word.range)
                    } else if name == "printf" && text.contains("\\0") {
                        ranges.append(word.range)
                    } else if carriesPLAIN(text) {
                        ranges.append(word.range)
                    }
                }
                for word in command.words {
                    collectSubstitutions(in: word, into: &ranges)
                }
                for redirection in command.redirections {
                    collectSubstitutions(in: redirection.target, into: &ranges)
                }
            }
        }
    }

    private static func collectSubstitutions(in word: ShellWord, into ranges: inout [Range<Int>]) {
        for part in word.parts {
            if case .commandSubstitution(let inner, _) = part { collect(inner, into: &ranges) }
        }
    }

    /// Returns whether `text` is base64 whose decoding has a NUL in it, as a PLAIN message does.
    static func carriesPLAIN(_ text: String) -> Bool {
        guard text.count >= 4, let decoded = Base64.decode(text) else { return false }
        return decoded.contains(0)
    }

    private static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// Replaces each range (in Unicode scalars) with the mask; overlapping ranges merge.
    private static func replace(_ ranges: [Range<Int>], in line: String) -> String {
        guard !ranges.isEmpty else { return line }
        let scalars = Array(line.unicodeScalars)
        var merged: [Range<Int>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, range.lowerBound < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        var output = String.UnicodeScalarView()
        var position = 0
        for range in merged {
            output.append(contentsOf: scalars[position..<range.lowerBound])
            output.append(contentsOf: mask.unicodeScalars)
            position = range.upperBound
        }
        output.append(contentsOf: scalars[position...])
        return String(output)
    }
}

extension String {
    fileprivate func trimmingQuotes() -> String {
        String(unicodeScalars.filter { $0 != "'" && $0 != "\"" })
    }
}
