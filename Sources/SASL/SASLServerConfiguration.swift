import Foundation

/// The server library whose behaviour the mechanisms copy.
public enum SASLLibrary: Sendable, Equatable {
    /// Cyrus SASL 2.1 as Postfix uses it: realms, `<random.time@host>` CRAM challenges.
    case cyrus
    /// Courier authlib: no realms, `<HEX@host>` CRAM challenges, the CRAM-SHA mechanisms.
    case courier

    /// The mechanisms the library offers when no list is configured, in its own order.
    /// Cyrus 2.1.28 sorts its plugins by strength; these are the ones implemented here.
    public var defaultMechanisms: [SASLMechanismName] {
        switch self {
        case .cyrus: [.digestMD5, .cramMD5, .plain, .login]
        case .courier: [.plain, .login, .cramMD5, .cramSHA1, .cramSHA256]
        }
    }

    /// Every mechanism the library has. A configured name outside this set is ignored.
    public var implementedMechanisms: Set<SASLMechanismName> {
        switch self {
        case .cyrus: [.plain, .login, .cramMD5, .digestMD5]
        case .courier: [.plain, .login, .cramMD5, .cramSHA1, .cramSHA256]
        }
    }
}

/// Cyrus's `pwcheck_method`.
public enum SASLPasswordCheckMethod: String, Sendable, Equatable {
    /// Read the secrets from the auxiliary property plugin (sasldb): every mechanism works.
    case auxprop
    /// Ask saslauthd, which verifies a plaintext password only: PLAIN and LOGIN work, every
    /// other mechanism fails.
    case saslauthd
}

/// The server side's settings: what the SASL configuration file and the mail server set.
public struct SASLServerConfiguration: Sendable, Equatable {
    /// `mech_list` as configured, names in any case; `nil` means the library's defaults.
    public var mechList: [String]?
    public var passwordCheckMethod: SASLPasswordCheckMethod
    /// The realm for user names that carry none (Postfix's `smtpd_sasl_local_domain`). When it
    /// is empty Cyrus looks such users up in the realm named by the server's host name.
    public var realm: String
    public var library: SASLLibrary

    public init(
        mechList: [String]? = nil, passwordCheckMethod: SASLPasswordCheckMethod = .auxprop,
        realm: String = "", library: SASLLibrary = .cyrus
    ) {
        self.mechList = mechList
        self.passwordCheckMethod = passwordCheckMethod
        self.realm = realm
        self.library = library
    }

    /// Splits a `mech_list` value on spaces and tabs, as Cyrus reads it.
    public static func parseMechList(_ value: String) -> [String] {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// The mechanisms offered: `mech_list` in its order without repeats or unknown names, or
    /// the library's defaults when it is absent.
    public var offeredMechanisms: [SASLMechanismName] {
        guard let mechList else { return library.defaultMechanisms }
        var result: [SASLMechanismName] = []
        for name in mechList {
            guard let mechanism = SASLMechanismName(caseInsensitive: name),
                library.implementedMechanisms.contains(mechanism), !result.contains(mechanism)
            else { continue }
            result.append(mechanism)
        }
        return result
    }
}

/// The mechanisms' outside inputs: the host name, the clock and random bytes, injected so that
/// tests are deterministic.
public struct SASLEnvironment: Sendable {
    /// The server's host name (Postfix's `myhostname`), the default realm and the host part
    /// of CRAM challenges.
    public var hostname: String
    public var now: @Sendable () -> Date
    public var randomBytes: @Sendable (Int) -> [UInt8]

    public init(
        hostname: String, now: @escaping @Sendable () -> Date = { Date() },
        randomBytes: @escaping @Sendable (Int) -> [UInt8] = { SecureRandom.bytes(count: $0) }
    ) {
        self.hostname = hostname
        self.now = now
        self.randomBytes = randomBytes
    }
}
