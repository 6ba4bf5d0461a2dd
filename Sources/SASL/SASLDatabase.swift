/// Cyrus-style sasldb: users with realms. Stores no plaintext password: for each entry it
/// keeps a salted PBKDF2-SHA256 verifier (PLAIN/LOGIN), the HMAC-MD5/SHA1/SHA256 precomputed
/// inner/outer states (CRAM-*, like Courier's hmac-md5pw), and DIGEST-MD5's
/// H(user:realm:password).
public struct SASLDatabase: Sendable, Equatable, SASLCredentialStore {
    var entries: [SASLUser: SASLSecrets] = [:]

    public init() {}

    /// Adds the account or replaces its password, as `saslpasswd2 -c -u REALM USER` does.
    public mutating func setPassword(_ password: [UInt8], user: String, realm: String) {
        entries[SASLUser(user: user, realm: realm)] = SASLSecrets(
            password: password, user: user, realm: realm)
    }

    /// Stores `secrets` as they are, for importing verifiers made elsewhere.
    public mutating func setSecrets(_ secrets: SASLSecrets, user: String, realm: String) {
        entries[SASLUser(user: user, realm: realm)] = secrets
    }

    /// Deletes the account, as `saslpasswd2 -d` does, and returns whether it existed.
    @discardableResult public mutating func removeUser(_ user: String, realm: String) -> Bool {
        entries.removeValue(forKey: SASLUser(user: user, realm: realm)) != nil
    }

    public func contains(user: String, realm: String) -> Bool {
        entries[SASLUser(user: user, realm: realm)] != nil
    }

    /// The accounts, sorted by realm then user.
    public var users: [SASLUser] { entries.keys.sorted() }

    /// Lines exactly as Debian's sasldblistusers2 prints them: "user@realm: userPassword".
    /// The real tool prints them in its hash table's order; these are sorted like `users`.
    public func listing() -> [String] {
        users.map { "\($0.user)@\($0.realm): userPassword" }
    }

    public func secrets(user: String, realm: String) -> SASLSecrets? {
        entries[SASLUser(user: user, realm: realm)]
    }

    public func realms(ofUser user: String) -> [String] {
        users.filter { $0.user == user }.map(\.realm)
    }
}
