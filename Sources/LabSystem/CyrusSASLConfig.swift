/// A Cyrus SASL application file such as `/usr/local/lib/sasl2/smtpd.conf`, read the way
/// Cyrus SASL 2.1 reads it. Each line is `key: value` with the colon right after the key, and
/// leading blanks, `#` lines and blank lines are skipped. Keys are made lower case, and values
/// are trimmed and never empty. When a key appears twice the first one counts. An absent file
/// means every option has its default.
public struct CyrusSASLConfig: Sendable, Equatable {
    /// The directory of the lab's Cyrus SASL application files.
    public static let directory = "/usr/local/lib/sasl2"

    /// Returns the sandbox path of the file for an application name: `smtpd` (Postfix's
    /// `smtpd_sasl_path`) gives `/usr/local/lib/sasl2/smtpd.conf`.
    public static func path(forApplication name: String) -> String {
        "\(directory)/\(name).conf"
    }

    /// The options in file order, keys lower case.
    public private(set) var options: [(key: String, value: String)] = []
    /// Whether the options came from a file; `false` for the defaults of an absent one.
    public let fileExists: Bool

    /// Creates the options of an absent file.
    public init() {
        fileExists = false
    }

    /// Parses a file's bytes. Throws `CyrusSASLConfigError` where Cyrus SASL fails with
    /// `SASL_CONFIGERR`, which makes the server's SASL initialisation fail.
    public init(bytes: [UInt8]) throws(CyrusSASLConfigError) {
        fileExists = true
        let text = String(decoding: bytes, as: UTF8.self)
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.drop(while: { CyrusSASLConfig.isSpace($0) })
            if content.isEmpty || content.first == "#" { continue }
            let key = content.prefix(while: { CyrusSASLConfig.isKeyCharacter($0) })
            let afterKey = content.dropFirst(key.count)
            guard afterKey.first == ":" else {
                throw .missingColon(line: lineNumber, text: String(line))
            }
            let value = afterKey.dropFirst().drop(while: { CyrusSASLConfig.isSpace($0) })
            let trimmed = String(
                value.reversed().drop(while: { CyrusSASLConfig.isSpace($0) }).reversed())
            guard !trimmed.isEmpty else {
                throw .missingValue(line: lineNumber, key: key.lowercased())
            }
            options.append((key: key.lowercased(), value: trimmed))
        }
    }

    public static func == (lhs: CyrusSASLConfig, rhs: CyrusSASLConfig) -> Bool {
        lhs.fileExists == rhs.fileExists && lhs.options.map(\.key) == rhs.options.map(\.key)
            && lhs.options.map(\.value) == rhs.options.map(\.value)
    }

    /// Returns the value of an option, matching the key without regard to case.
    public func value(of key: String) -> String? {
        let lowered = key.lowercased()
        return options.first(where: { $0.key == lowered })?.value
    }

    /// `pwcheck_method`, `auxprop` by default (as the FreeBSD port builds Cyrus SASL).
    public var pwcheckMethod: String { value(of: "pwcheck_method") ?? "auxprop" }

    /// `auxprop_plugin`; `nil` means every installed plugin (in the lab: `sasldb`).
    public var auxpropPlugin: String? { value(of: "auxprop_plugin") }

    /// `mech_list` in upper case and in its order, duplicates dropped; `nil` when absent,
    /// which means every mechanism the library has. Names are separated by blanks or commas.
    public var mechanismList: [String]? {
        guard let list = value(of: "mech_list") else { return nil }
        var seen: Set<String> = []
        var result: [String] = []
        for word in list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }) {
            let name = word.uppercased()
            if seen.insert(name).inserted { result.append(name) }
        }
        return result
    }

    /// Returns whether `mech_list` allows a mechanism (all are allowed without one).
    public func allowsMechanism(_ name: String) -> Bool {
        guard let list = mechanismList else { return true }
        return list.contains(name.uppercased())
    }

    /// `saslauthd_path`, where `pwcheck_method: saslauthd` finds the daemon's socket.
    public var saslauthdPath: String { value(of: "saslauthd_path") ?? "/var/state/saslauthd/mux" }

    /// `sasldb_path`, the sasldb file the `sasldb` auxprop plugin reads.
    public var sasldbPath: String { value(of: "sasldb_path") ?? SASLStore.defaultPath }

    /// `log_level`, 1 by default.
    public var logLevel: Int { value(of: "log_level").flatMap { Int($0) } ?? 1 }

    private static func isSpace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r" || character == "\u{0B}"
            || character == "\u{0C}"
    }

    private static func isKeyCharacter(_ character: Character) -> Bool {
        guard let ascii = character.asciiValue else { return false }
        return (ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x41 && ascii <= 0x5A)
            || (ascii >= 0x61 && ascii <= 0x7A) || ascii == 0x2D || ascii == 0x5F
    }
}

/// Why Cyrus SASL rejects an application file (`SASL_CONFIGERR`).
public enum CyrusSASLConfigError: Error, Equatable, Sendable {
    /// The key is not followed at once by `:` (a space before the colon counts as missing).
    case missingColon(line: Int, text: String)
    /// Nothing after the colon.
    case missingValue(line: Int, key: String)

    /// The problem in English for the log and for hints.
    public var message: String {
        switch self {
        case .missingColon(let line, let text):
            return "line \(line): expected \"key: value\", found \"\(text)\""
        case .missingValue(let line, let key):
            return "line \(line): option \(key) has no value"
        }
    }
}
