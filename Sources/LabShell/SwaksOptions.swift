import Foundation

/// The point after which swaks ends the session with QUIT (`--quit-after`).
enum SwaksStage: String, Equatable, Sendable {
    case connect, firstHelo = "first-helo", tls, helo, auth, mail, rcpt

    /// Reads a `--quit-after` value with the aliases swaks accepts (`EHLO`, `first-ehlo`,
    /// `starttls`, `banner`, `from`, `to`), ignoring case; nil for anything else.
    init?(quitAfter value: String) {
        switch value.lowercased() {
        case "connect", "banner": self = .connect
        case "first-helo", "first-ehlo", "first-lhlo": self = .firstHelo
        case "tls", "starttls": self = .tls
        case "helo", "ehlo", "lhlo": self = .helo
        case "auth": self = .auth
        case "mail", "from": self = .mail
        case "rcpt", "to": self = .rcpt
        default: return nil
        }
    }
}

/// The SASL mechanisms the built-in swaks speaks, in the order it tries them when `--auth`
/// names none. Real swaks sorts the names of its auth map, so CRAM-MD5 comes first.
enum SwaksMechanism: String, CaseIterable, Sendable {
    case cramMD5 = "CRAM-MD5"
    case cramSHA1 = "CRAM-SHA1"
    case digestMD5 = "DIGEST-MD5"
    case login = "LOGIN"
    case plain = "PLAIN"
}

/// The command line of `swaks`, as Perl's Getopt::Long reads it: one or two dashes, a long
/// name may be shortened to any unique prefix, and an option with an optional argument takes
/// the next word unless it starts with `-`.
struct SwaksOptions: Equatable {
    var server: String?
    var port: String?
    var to: String?
    var from: String?
    var helo: String?
    /// `--auth` was given; `authTypes` empty means any type the server offers.
    var auth = false
    var authTypes: [String] = []
    var authUser: String?
    var authPassword: String?
    var tls = false
    var tlsOnConnect = false
    var quitAfter: String?
    var headers: [String] = []
    var body: String?
    var help = false
    var version = false
    var support = false

    enum Failure: Error, Equatable {
        case unknownOption(String)
        case ambiguousOption(String)
        case missingValue(String)

        /// The text Getopt::Long prints for it, without the newline.
        var message: String {
            switch self {
            case .unknownOption(let name): "Unknown option: \(name)"
            case .ambiguousOption(let name): "Option \(name) is ambiguous"
            case .missingValue(let name): "Option \(name) requires an argument"
            }
        }
    }

    private enum Value {
        /// No argument (`--tls`).
        case none
        /// An optional argument (`:s`): the next word unless it looks like an option.
        case optional
        /// A required argument (`=s`).
        case required
    }

    private static let table: [(names: [String], value: Value, key: String)] = [
        (["server", "s"], .optional, "server"), (["port", "p"], .optional, "port"),
        (["to", "t"], .optional, "to"), (["from", "f"], .optional, "from"),
        (["helo", "ehlo", "lhlo", "h"], .optional, "helo"),
        (["auth", "a"], .optional, "auth"), (["auth-user", "au"], .optional, "auth-user"),
        (["auth-password", "ap"], .optional, "auth-password"),
        (["tls"], .none, "tls"), (["tls-on-connect", "tlsc"], .none, "tlsc"),
        (["quit-after", "quit", "q"], .required, "quit"),
        (["header"], .optional, "header"), (["add-header", "ah"], .optional, "add-header"),
        (["body"], .optional, "body"), (["help"], .none, "help"),
        (["version"], .none, "version"), (["support"], .none, "support"),
    ]

    /// Returns the table rows that a typed name selects: itself when it is a name,
    /// otherwise every name it is a prefix of.
    private static func rows(matching typed: String) -> [(
        names: [String], value: Value, key: String
    )] {
        if let exact = table.first(where: { $0.names.contains(typed) }) { return [exact] }
        return table.filter { row in row.names.contains { $0.hasPrefix(typed) } }
    }

    static func parse(_ arguments: [String]) -> Result<SwaksOptions, Failure> {
        var options = SwaksOptions()
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            index += 1
            guard word.hasPrefix("-"), word.count > 1 else { continue }
            var name = String(word.drop(while: { $0 == "-" }))
            var inline: String?
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            let matches = rows(matching: name.lowercased())
            guard let row = matches.first else { return .failure(.unknownOption(name)) }
            guard matches.count == 1 else { return .failure(.ambiguousOption(name)) }

            var value: String?
            switch row.value {
            case .none:
                value = nil
            case .optional:
                if let inline {
                    value = inline
                } else if index < arguments.count, !arguments[index].hasPrefix("-") {
                    value = arguments[index]
                    index += 1
                }
            case .required:
                if let inline {
                    value = inline
                } else if index < arguments.count {
                    value = arguments[index]
                    index += 1
                } else {
                    return .failure(.missingValue(name))
                }
            }
            options.set(row.key, value: value)
        }
        return .success(options)
    }

    private mutating func set(_ key: String, value: String?) {
        switch key {
        case "server": server = value
        case "port": port = value
        case "to": to = value
        case "from": from = value
        case "helo": helo = value
        case "auth":
            auth = true
            authTypes =
                (value ?? "").split(separator: ",").map {
                    $0.trimmingCharacters(in: .whitespaces).uppercased()
                }
                .filter { !$0.isEmpty && $0 != "ANY" }
        case "auth-user": authUser = value
        case "auth-password": authPassword = value
        case "tls": tls = true
        case "tlsc": tlsOnConnect = true
        case "quit": quitAfter = value
        case "header", "add-header": if let value { headers.append(value) }
        case "body": body = value
        case "help": help = true
        case "version": version = true
        case "support": support = true
        default: break
        }
    }
}
