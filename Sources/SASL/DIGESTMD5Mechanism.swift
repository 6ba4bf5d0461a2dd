/// The server side of DIGEST-MD5 (RFC 2831) as Cyrus offers it to Postfix: `qop="auth"` only,
/// `algorithm=md5-sess`, then an `rspauth` round that the client answers with an empty line.
struct DIGESTMD5Mechanism: SASLServerMechanism {
    /// The progress of the exchange.
    private enum State {
        /// The challenge has not been sent.
        case initial
        /// The challenge with this nonce and realm was sent.
        case awaitingResponse(nonce: String, realm: String)
        /// `rspauth` was sent for this identity; the client's empty reply completes the login.
        case awaitingAcknowledgement(SASLIdentity)
        /// A result was returned.
        case finished
    }

    let verifier: AccountVerifier
    private var state = State.initial

    init(verifier: AccountVerifier) {
        self.verifier = verifier
    }

    var name: SASLMechanismName { .digestMD5 }

    /// The realm offered: `smtpd_sasl_local_domain`, else the host name.
    private var offeredRealm: String {
        verifier.configuration.realm.isEmpty
            ? verifier.environment.hostname : verifier.configuration.realm
    }

    mutating func start(initialResponse: [UInt8]?) -> SASLStep {
        guard case .initial = state else { return exchangeFinished }
        if let initialResponse, !initialResponse.isEmpty {
            state = .finished
            return failure(.badProtocol, .other("DIGEST-MD5 reauthentication is not supported"))
        }
        let nonce = Base64.encode(verifier.environment.randomBytes(12))
        let realm = offeredRealm
        state = .awaitingResponse(nonce: nonce, realm: realm)
        let challenge =
            "nonce=\"\(nonce)\",realm=\"\(realm)\",qop=\"auth\",charset=utf-8"
            + ",algorithm=md5-sess"
        return .challenge(Array(challenge.utf8))
    }

    mutating func step(response: [UInt8]) -> SASLStep {
        switch state {
        case .initial, .finished:
            state = .finished
            return exchangeFinished
        case .awaitingAcknowledgement(let identity):
            state = .finished
            guard response.isEmpty else {
                return failure(.badProtocol, .other("data after rspauth"))
            }
            return .success(identity)
        case .awaitingResponse(let nonce, let realm):
            state = .finished
            return verify(response, nonce: nonce, offeredRealm: realm)
        }
    }

    private mutating func verify(_ response: [UInt8], nonce: String, offeredRealm: String)
        -> SASLStep
    {
        guard let fields = DigestMD5.parseDirectives(response) else {
            return failure(.badProtocol, .other("DIGEST-MD5 response does not parse"))
        }
        guard let username = fields["username"], let cnonce = fields["cnonce"],
            let digestURI = fields["digest-uri"], let clientResponse = fields["response"]
        else {
            return failure(.badProtocol, .other("DIGEST-MD5 response lacks a required field"))
        }
        guard fields["nonce"] == nonce else {
            return failure(.badAuthentication, .other("DIGEST-MD5 nonce changed"), user: username)
        }
        let qop = fields["qop"] ?? "auth"
        let nonceCount = fields["nc"] ?? ""
        guard qop == "auth", nonceCount == "00000001" else {
            return failure(.badProtocol, .other("DIGEST-MD5 needs qop=auth and nc=00000001"))
        }
        if let refusal = verifier.unsupportedByBackend(user: username) {
            return refusal
        }

        // NOTE: Cyrus also checks that digest-uri names this service and host; the mechanism
        // does not know the service, so any digest-uri is accepted.
        let realm = fields["realm"] ?? offeredRealm
        let identity = SASLIdentity(user: username, realm: realm, username: "\(username)@\(realm)")
        let secrets: SASLSecrets
        switch verifier.secrets(for: identity, typedName: username) {
        case .success(let found): secrets = found
        case .failure(let failure): return .failure(failure)
        }
        guard let secret = secrets.digestMD5Secret else {
            return failure(.badAuthentication, .backendCannotVerify, user: username)
        }
        let parameters = DigestMD5.Parameters(
            username: username, realm: realm, nonce: nonce, cnonce: cnonce,
            nonceCount: nonceCount, qop: qop, digestURI: digestURI, authzid: fields["authzid"])
        let expected = DigestMD5.response(secret: secret, parameters: parameters)
        guard constantTimeEqual(Array(expected.utf8), Array(clientResponse.lowercased().utf8))
        else {
            return failure(.badAuthentication, .wrongPassword, user: username)
        }
        if let authzid = fields["authzid"], !authzid.isEmpty,
            verifier.identity(for: authzid).username != identity.username, authzid != username
        {
            return failure(
                .badAuthentication,
                .other("the authorization identity differs from the authentication one"),
                user: username)
        }
        state = .awaitingAcknowledgement(identity)
        let rspauth = DigestMD5.responseAuthentication(secret: secret, parameters: parameters)
        return .challenge(Array("rspauth=\(rspauth)".utf8))
    }

    private func failure(_ code: SASLErrorCode, _ reason: SASLFailureReason, user: String? = nil)
        -> SASLStep
    {
        .failure(SASLFailure(code: code, reason: reason, user: user))
    }
}
