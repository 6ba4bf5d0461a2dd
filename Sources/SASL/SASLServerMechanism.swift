/// The server mechanisms this library implements.
public enum SASLMechanismName: String, Sendable, CaseIterable {
    case plain = "PLAIN"
    case login = "LOGIN"
    case cramMD5 = "CRAM-MD5"
    case cramSHA1 = "CRAM-SHA1"
    case cramSHA256 = "CRAM-SHA256"
    case digestMD5 = "DIGEST-MD5"

    /// Looks a name up case-insensitively, as SASL mechanism names are (RFC 4422, section 3.1).
    public init?(caseInsensitive name: some StringProtocol) {
        let upper = name.uppercased()
        guard let match = Self.allCases.first(where: { $0.rawValue == upper }) else { return nil }
        self = match
    }

    var cramAlgorithm: CRAMAlgorithm? {
        switch self {
        case .cramMD5: .md5
        case .cramSHA1: .sha1
        case .cramSHA256: .sha256
        default: nil
        }
    }
}

/// One step of a server-side exchange.
public enum SASLStep: Equatable, Sendable {
    /// Send these bytes to the client (base64-encoded by the protocol) and wait for its reply.
    /// The bytes may be empty, which SMTP sends as `334 ` and IMAP as `+ `.
    case challenge([UInt8])
    /// The client is authenticated; the exchange is over.
    case success(SASLIdentity)
    /// The exchange failed and is over. A new AUTH starts from a fresh mechanism.
    case failure(SASLFailure)
}

/// Who authenticated.
public struct SASLIdentity: Equatable, Sendable {
    /// The account name without its realm, as the credential store keys it.
    public var user: String
    /// The realm the account was found in; empty for a store without realms.
    public var realm: String
    /// The name the server reports (Cyrus's `SASL_USERNAME`, Postfix's `sasl_username`):
    /// `user@realm` when a realm was configured or typed, otherwise the bare user name.
    public var username: String

    public init(user: String, realm: String, username: String) {
        self.user = user
        self.realm = realm
        self.username = username
    }
}

/// A failed exchange: the code that selects the server's reply, the reason for hints and
/// events, and the user name the client gave, if any. It contains no password.
public struct SASLFailure: Error, Equatable, Sendable {
    public var code: SASLErrorCode
    public var reason: SASLFailureReason
    public var user: String?

    public init(code: SASLErrorCode, reason: SASLFailureReason, user: String? = nil) {
        self.code = code
        self.reason = reason
        self.user = user
    }
}

/// The Cyrus SASL result codes that a failed server step returns.
public enum SASLErrorCode: Equatable, Sendable {
    /// `SASL_BADAUTH`, also returned for an unknown user so that users cannot be enumerated.
    case badAuthentication
    /// `SASL_BADPROT`: malformed client data, bad base64 or a cancelled exchange.
    case badProtocol
    /// `SASL_NOMECH`: the mechanism is not offered.
    case noMechanism
    /// `SASL_FAIL`.
    case generic
    /// `SASL_UNAVAIL`: the verification back end cannot be reached; a temporary failure.
    case unavailable

    /// The text of Cyrus's `sasl_errstring` for the code, which Postfix puts in its reply.
    public var text: String {
        switch self {
        case .badAuthentication: "authentication failure"
        case .badProtocol: "bad protocol / cancel"
        case .noMechanism: "no mechanism available"
        case .generic: "generic failure"
        case .unavailable: "remote authentication server unavailable"
        }
    }

    /// Whether Postfix replies `454 4.7.0 Temporary authentication failure` instead of 535.
    public var isTemporary: Bool { self == .unavailable }
}

/// The cause of a failed exchange, with the same cases as MailProtocol's `AuthFailureReason`,
/// which a protocol session maps it to. Facts about the password may appear, the password never.
public enum SASLFailureReason: Equatable, Sendable {
    case unknownUser
    case wrongPassword
    case invalidBase64
    /// A PLAIN message that did not split into authzid NUL authcid NUL password. `fieldCount`
    /// counts the NUL-separated fields; `controlBytes` lists the bytes below 0x20 other than NUL.
    case malformedPLAIN(fieldCount: Int, controlBytes: [UInt8])
    case mechanismUnavailable
    case aborted
    /// The verification back end cannot check this mechanism, like saslauthd with CRAM-MD5.
    case backendCannotVerify
    /// The user exists only in other realms; the payload is the first of them.
    case wrongRealm(String)
    case other(String)
}

/// A server mechanism in the middle of one exchange. Each AUTH uses a new value.
public protocol SASLServerMechanism: Sendable {
    var name: SASLMechanismName { get }

    /// Starts the exchange. `initialResponse` is `nil` when the client sent none and `[]` when
    /// it sent an empty one (`=` in SMTP).
    mutating func start(initialResponse: [UInt8]?) -> SASLStep

    /// Handles the client's (decoded) reply to the last challenge.
    mutating func step(response: [UInt8]) -> SASLStep
}
