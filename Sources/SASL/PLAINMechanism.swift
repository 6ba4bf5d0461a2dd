/// PLAIN (RFC 4616): one message `authzid NUL authcid NUL password`. The authorization
/// identity must be empty or name the same account as the authentication identity, which is
/// Cyrus's default proxy policy.
struct PLAINMechanism: SASLServerMechanism {
    let verifier: AccountVerifier
    private var finished = false

    init(verifier: AccountVerifier) {
        self.verifier = verifier
    }

    var name: SASLMechanismName { .plain }

    mutating func start(initialResponse: [UInt8]?) -> SASLStep {
        guard let initialResponse else { return .challenge([]) }
        return step(response: initialResponse)
    }

    mutating func step(response: [UInt8]) -> SASLStep {
        guard !finished else { return exchangeFinished }
        finished = true

        let fields = response.split(separator: 0, omittingEmptySubsequences: false)
        guard fields.count == 3 else {
            let controlBytes = response.filter { $0 != 0 && $0 < 0x20 }
            return .failure(
                SASLFailure(
                    code: .badProtocol,
                    reason: .malformedPLAIN(fieldCount: fields.count, controlBytes: controlBytes)))
        }
        let authzid = String(decoding: fields[0], as: UTF8.self)
        let authcid = String(decoding: fields[1], as: UTF8.self)
        let password = Array(fields[2])

        let result = verifier.verifyPassword(password, name: authcid)
        guard case .success(let identity) = result else { return result }
        if !authzid.isEmpty, verifier.identity(for: authzid).username != identity.username {
            return .failure(
                SASLFailure(
                    code: .badAuthentication,
                    reason: .other(
                        "the authorization identity differs from the authentication one"),
                    user: authcid))
        }
        return .success(identity)
    }
}
