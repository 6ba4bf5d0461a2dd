/// CRAM-MD5 (RFC 2195) and Courier's CRAM-SHA1 and CRAM-SHA256: the server sends a unique
/// challenge, and the client replies `user SP hex(HMAC(password, challenge))`.
struct CRAMMechanism: SASLServerMechanism {
    /// The maximum response length in bytes that Cyrus's CRAM-MD5 plugin accepts.
    static let maximumResponseLength = 1024

    /// The progress of the exchange.
    private enum State {
        /// The challenge has not been sent.
        case initial
        /// This challenge was sent and the response is due.
        case awaitingResponse(challenge: [UInt8])
        /// A result was returned.
        case finished
    }

    let name: SASLMechanismName
    let verifier: AccountVerifier
    private var state = State.initial

    init(name: SASLMechanismName, verifier: AccountVerifier) {
        precondition(name.cramAlgorithm != nil, "CRAMMechanism made for \(name.rawValue)")
        self.name = name
        self.verifier = verifier
    }

    mutating func start(initialResponse: [UInt8]?) -> SASLStep {
        guard case .initial = state else { return exchangeFinished }
        if let initialResponse, !initialResponse.isEmpty {
            state = .finished
            return failure(
                .badProtocol, .other("\(name.rawValue) does not accept an initial response"))
        }
        let environment = verifier.environment
        let text: String
        switch verifier.configuration.library {
        case .cyrus:
            text = CRAM.cyrusChallenge(
                randomBytes: environment.randomBytes(4), time: environment.now(),
                hostname: environment.hostname)
        case .courier:
            text = CRAM.courierChallenge(
                randomBytes: environment.randomBytes(16), hostname: environment.hostname)
        }
        let challenge = Array(text.utf8)
        state = .awaitingResponse(challenge: challenge)
        return .challenge(challenge)
    }

    mutating func step(response: [UInt8]) -> SASLStep {
        guard case .awaitingResponse(let challenge) = state else {
            state = .finished
            return exchangeFinished
        }
        state = .finished

        guard response.count <= Self.maximumResponseLength else {
            return failure(.badProtocol, .other("response longer than 1024 bytes"))
        }
        // Cyrus takes everything before the last space as the user name.
        guard let space = response.lastIndex(of: UInt8(ascii: " ")), space > 0 else {
            return failure(.badProtocol, .other("no space between user name and digest"))
        }
        let typedName = String(decoding: response[..<space], as: UTF8.self)
        let digestText = Array(response[(space + 1)...])
        if let refusal = verifier.unsupportedByBackend(user: typedName) {
            return refusal
        }
        let identity = verifier.identity(for: typedName)
        let secrets: SASLSecrets
        switch verifier.secrets(for: identity, typedName: typedName) {
        case .success(let found): secrets = found
        case .failure(let failure): return .failure(failure)
        }
        guard let algorithm = name.cramAlgorithm, let state = secrets.hmacStates[algorithm] else {
            return failure(.badAuthentication, .backendCannotVerify, user: typedName)
        }
        let expected = Array(Hex.encode(state.authenticationCode(for: challenge)).utf8)
        guard constantTimeEqual(expected, digestText) else {
            return failure(.badAuthentication, .wrongPassword, user: typedName)
        }
        return .success(identity)
    }

    private func failure(_ code: SASLErrorCode, _ reason: SASLFailureReason, user: String? = nil)
        -> SASLStep
    {
        .failure(SASLFailure(code: code, reason: reason, user: user))
    }
}
