/// The verifiers a credential store keeps for one account in place of its password.
public struct SASLSecrets: Sendable, Equatable {
    /// A salted PBKDF2-HMAC-SHA256 hash, which verifies a password that PLAIN or LOGIN sent.
    public var passwordVerifier: PasswordVerifier?
    /// The HMAC states that verify CRAM-MD5, CRAM-SHA1 and CRAM-SHA256 responses.
    public var hmacStates: [CRAMAlgorithm: HMACPrecomputedState]
    /// DIGEST-MD5's `H(user:realm:password)` (RFC 2831, section 2.1.2.1), 16 bytes.
    public var digestMD5Secret: [UInt8]?

    public init(
        passwordVerifier: PasswordVerifier? = nil,
        hmacStates: [CRAMAlgorithm: HMACPrecomputedState] = [:], digestMD5Secret: [UInt8]? = nil
    ) {
        self.passwordVerifier = passwordVerifier
        self.hmacStates = hmacStates
        self.digestMD5Secret = digestMD5Secret
    }

    /// Derives every verifier from `password` for `user` in `realm`, with a fresh random salt.
    public init(password: [UInt8], user: String, realm: String) {
        self.passwordVerifier = PasswordVerifier(password: password)
        var states: [CRAMAlgorithm: HMACPrecomputedState] = [:]
        for algorithm in CRAMAlgorithm.allCases {
            states[algorithm] = HMACPrecomputedState(algorithm: algorithm, key: password)
        }
        self.hmacStates = states
        self.digestMD5Secret = DigestMD5.secret(username: user, realm: realm, password: password)
    }
}

/// A salted PBKDF2-HMAC-SHA256 password hash.
public struct PasswordVerifier: Sendable, Equatable {
    /// PBKDF2 rounds for new verifiers.
    ///
    /// NOTE: The same store also keeps the CRAM HMAC states and DIGEST-MD5's `H(A1)`, which are
    /// password-equivalent for those mechanisms. More rounds here would not make a stolen store
    /// safer and would slow every PLAIN login, so the count stays moderate.
    public static let defaultIterations = 4096

    public let iterations: Int
    public let salt: [UInt8]
    public let hash: [UInt8]

    public init(iterations: Int, salt: [UInt8], hash: [UInt8]) {
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
    }

    public init(
        password: [UInt8], salt: [UInt8] = SecureRandom.bytes(count: 16),
        iterations: Int = PasswordVerifier.defaultIterations
    ) {
        self.iterations = iterations
        self.salt = salt
        self.hash = PBKDF2.sha256(
            password: password, salt: salt, iterations: iterations, length: 32)
    }

    public func verify(_ password: [UInt8]) -> Bool {
        let candidate = PBKDF2.sha256(
            password: password, salt: salt, iterations: iterations, length: hash.count)
        return constantTimeEqual(candidate, hash)
    }
}

/// An account name and the realm it belongs to.
public struct SASLUser: Sendable, Hashable, Comparable {
    public var user: String
    public var realm: String

    public init(user: String, realm: String) {
        self.user = user
        self.realm = realm
    }

    /// Orders by realm, then by user name.
    public static func < (left: SASLUser, right: SASLUser) -> Bool {
        (left.realm, left.user) < (right.realm, right.user)
    }
}

/// A place that the server mechanisms look accounts up in: Cyrus's sasldb or Courier's userdb.
public protocol SASLCredentialStore: Sendable {
    func secrets(user: String, realm: String) -> SASLSecrets?
    /// Returns the realms, sorted, that contain an account named `user`, which tells a wrong
    /// realm from an unknown user.
    func realms(ofUser user: String) -> [String]
}
