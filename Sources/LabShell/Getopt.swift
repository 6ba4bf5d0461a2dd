/// Option parsing as FreeBSD's getopt(3) does it: options before the operands, letters may
/// be grouped (`-cp`), an option's argument may follow at once (`-uREALM`) or as the next
/// word, and `--` ends the options.
struct Getopt {
    struct Parsed: Equatable {
        var options: [(letter: Character, value: String?)] = []
        var operands: [String] = []

        static func == (lhs: Parsed, rhs: Parsed) -> Bool {
            lhs.operands == rhs.operands && lhs.options.map(\.letter) == rhs.options.map(\.letter)
                && lhs.options.map(\.value) == rhs.options.map(\.value)
        }

        func has(_ letter: Character) -> Bool { options.contains { $0.letter == letter } }

        /// Returns the argument of the last `-letter`.
        func value(_ letter: Character) -> String? {
            options.last { $0.letter == letter }?.value
        }
    }

    enum Failure: Error, Equatable {
        case illegalOption(Character)
        case missingArgument(Character)

        /// getopt's message after `program: `.
        var message: String {
            switch self {
            case .illegalOption(let letter): return "illegal option -- \(letter)"
            case .missingArgument(let letter): return "option requires an argument -- \(letter)"
            }
        }
    }

    /// `specification` lists the option letters, each followed by `:` when it takes an
    /// argument (`"cpda:f:u:"`).
    static func parse(_ arguments: [String], specification: String) -> Result<Parsed, Failure> {
        let letters = Array(specification)
        var parsed = Parsed()
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                index += 1
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else { break }
            var rest = argument.dropFirst()
            while let letter = rest.first {
                rest = rest.dropFirst()
                guard letter != ":", let position = letters.firstIndex(of: letter) else {
                    return .failure(.illegalOption(letter))
                }
                let takesValue = position + 1 < letters.count && letters[position + 1] == ":"
                guard takesValue else {
                    parsed.options.append((letter, nil))
                    continue
                }
                if !rest.isEmpty {
                    parsed.options.append((letter, String(rest)))
                } else if index + 1 < arguments.count {
                    index += 1
                    parsed.options.append((letter, arguments[index]))
                } else {
                    return .failure(.missingArgument(letter))
                }
                break
            }
            index += 1
        }
        parsed.operands = Array(arguments[index...])
        return .success(parsed)
    }
}
