/// The server side of SASL for one service: its configuration, its credential store and its
/// environment. Protocol sessions ask it which mechanisms to advertise and for a fresh
/// mechanism for each AUTH command.
public struct SASLAuthenticator: Sendable {
    public var configuration: SASLServerConfiguration
    public var store: any SASLCredentialStore
    public var environment: SASLEnvironment

    public init(
        configuration: SASLServerConfiguration, store: any SASLCredentialStore,
        environment: SASLEnvironment
    ) {
        self.configuration = configuration
        self.store = store
        self.environment = environment
    }

    /// The mechanisms to advertise, in `mech_list` order.
    public var mechanisms: [SASLMechanismName] { configuration.offeredMechanisms }

    /// The mechanism names as an EHLO `AUTH` line or a `CAPA` `SASL` line lists them.
    public var mechanismNames: [String] { mechanisms.map(\.rawValue) }

    /// Makes a new mechanism for `name` (any case), or fails with `noMechanism` when it is
    /// unknown or not offered.
    public func makeMechanism(named name: String) -> Result<any SASLServerMechanism, SASLFailure> {
        guard let mechanism = SASLMechanismName(caseInsensitive: name),
            mechanisms.contains(mechanism)
        else {
            return .failure(SASLFailure(code: .noMechanism, reason: .mechanismUnavailable))
        }
        let verifier = AccountVerifier(
            configuration: configuration, store: store, environment: environment)
        switch mechanism {
        case .plain:
            return .success(PLAINMechanism(verifier: verifier))
        case .login:
            return .success(LOGINMechanism(verifier: verifier))
        case .cramMD5, .cramSHA1, .cramSHA256:
            return .success(CRAMMechanism(name: mechanism, verifier: verifier))
        case .digestMD5:
            return .success(DIGESTMD5Mechanism(verifier: verifier))
        }
    }
}

/// Account lookup and password checks shared by the mechanisms.
struct AccountVerifier: Sendable {
    let configuration: SASLServerConfiguration
    let store: any SASLCredentialStore
    let environment: SASLEnvironment

    /// Splits an authentication identity into account, realm and reported name the way Cyrus
    /// does: a name with `@` names its realm, a bare name gets the configured realm, and with
    /// none configured the host name. Courier's store has no realms.
    func identity(for name: String) -> SASLIdentity {
        if configuration.library == .courier {
            return SASLIdentity(user: name, realm: "", username: name)
        }
        if let at = name.firstIndex(of: "@") {
            return SASLIdentity(
                user: String(name[..<at]), realm: String(name[name.index(after: at)...]),
                username: name)
        }
        if configuration.realm.isEmpty {
            return SASLIdentity(user: name, realm: environment.hostname, username: name)
        }
        return SASLIdentity(
            user: name, realm: configuration.realm, username: "\(name)@\(configuration.realm)")
    }

    /// Finds the account's secrets, or the failure that a missing account gives.
    func secrets(for identity: SASLIdentity, typedName: String) -> Result<SASLSecrets, SASLFailure>
    {
        if let secrets = store.secrets(user: identity.user, realm: identity.realm) {
            return .success(secrets)
        }
        let reason: SASLFailureReason
        if let otherRealm = store.realms(ofUser: identity.user).first {
            reason = .wrongRealm(otherRealm)
        } else {
            reason = .unknownUser
        }
        return .failure(SASLFailure(code: .badAuthentication, reason: reason, user: typedName))
    }

    /// Checks a plaintext password, as PLAIN and LOGIN need.
    ///
    /// NOTE: with `saslauthd` the lab's saslauthd checks the same store, as `saslauthd -a sasldb`
    /// would; the lab has no system accounts for PAM to check.
    func verifyPassword(_ password: [UInt8], name: String) -> SASLStep {
        let identity = identity(for: name)
        guard !identity.user.isEmpty else {
            return .failure(SASLFailure(code: .badAuthentication, reason: .unknownUser, user: name))
        }
        let secrets: SASLSecrets
        switch self.secrets(for: identity, typedName: name) {
        case .success(let found): secrets = found
        case .failure(let failure): return .failure(failure)
        }
        guard let verifier = secrets.passwordVerifier else {
            return .failure(
                SASLFailure(code: .badAuthentication, reason: .backendCannotVerify, user: name))
        }
        guard verifier.verify(password) else {
            return .failure(
                SASLFailure(code: .badAuthentication, reason: .wrongPassword, user: name))
        }
        return .success(identity)
    }

    /// The failure of a mechanism that the password check method cannot serve.
    func unsupportedByBackend(user: String?) -> SASLStep? {
        guard configuration.passwordCheckMethod == .saslauthd else { return nil }
        return .failure(
            SASLFailure(code: .badAuthentication, reason: .backendCannotVerify, user: user))
    }
}

/// The step a mechanism returns when it is called again after its exchange ended.
let exchangeFinished = SASLStep.failure(
    SASLFailure(code: .generic, reason: .other("the exchange has already ended")))
