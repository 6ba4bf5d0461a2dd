/// LOGIN, the unstandardised mechanism: the server prompts `Username:` then `Password:`, and
/// the client replies to each. An initial response is taken as the user name.
struct LOGINMechanism: SASLServerMechanism {
    /// The progress of the exchange.
    private enum State {
        /// No prompt has been sent yet.
        case initial
        /// `Username:` was sent.
        case awaitingUser
        /// `Password:` was sent for this user name.
        case awaitingPassword(user: String)
        /// A result was returned.
        case finished
    }

    static let userPrompt = Array("Username:".utf8)
    static let passwordPrompt = Array("Password:".utf8)

    let verifier: AccountVerifier
    private var state = State.initial

    init(verifier: AccountVerifier) {
        self.verifier = verifier
    }

    var name: SASLMechanismName { .login }

    mutating func start(initialResponse: [UInt8]?) -> SASLStep {
        guard let initialResponse, !initialResponse.isEmpty else {
            state = .awaitingUser
            return .challenge(Self.userPrompt)
        }
        state = .awaitingUser
        return step(response: initialResponse)
    }

    mutating func step(response: [UInt8]) -> SASLStep {
        switch state {
        case .initial, .finished:
            state = .finished
            return exchangeFinished
        case .awaitingUser:
            state = .awaitingPassword(user: String(decoding: response, as: UTF8.self))
            return .challenge(Self.passwordPrompt)
        case .awaitingPassword(let user):
            state = .finished
            return verifier.verifyPassword(response, name: user)
        }
    }
}
