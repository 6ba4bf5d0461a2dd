import SASL

/// An AUTH exchange waiting for the client's reply to a `334` challenge.
struct PendingAuthentication: Sendable {
    var mechanism: any SASLServerMechanism
    /// The mechanism name as the log and the events show it, in upper case.
    var name: String
}

extension SMTPSession {
    /// Handles `AUTH mechanism [initial-response]` with Postfix's checks, in Postfix's order.
    mutating func authenticate(_ arguments: [Substring]) {
        if settings.smtpdHELORequired, heloName == nil {
            reply("503 5.5.1 Error: send HELO/EHLO first")
            return
        }
        guard authenticationAvailable else {
            reply("503 5.5.1 Error: authentication not enabled")
            return
        }
        guard transaction == nil else {
            reply("503 5.5.1 Error: MAIL transaction in progress")
            return
        }
        guard authenticated == nil else {
            reply("503 5.5.1 Error: already authenticated")
            return
        }
        guard arguments.count == 1 || arguments.count == 2 else {
            reply("501 5.5.4 Syntax: AUTH mechanism")
            return
        }

        let name = arguments[0].uppercased()
        var initialResponse: [UInt8]?
        if arguments.count == 2 {
            // RFC 4954: a lone `=` is an empty initial response.
            let text = arguments[1]
            guard text == "=" || Base64.decode(String(text)) != nil else {
                finishAuthentication(
                    name: name,
                    step: .failure(SASLFailure(code: .badProtocol, reason: .invalidBase64)))
                return
            }
            initialResponse = text == "=" ? [] : Base64.decode(String(text))
        }
        switch authenticator.makeMechanism(named: name) {
        case .failure(let failure):
            finishAuthentication(name: name, step: .failure(failure))
        case .success(var mechanism):
            // Each AUTH gets a new mechanism, so no state survives a failed exchange.
            let step = mechanism.start(initialResponse: initialResponse)
            advance(PendingAuthentication(mechanism: mechanism, name: name), step: step)
        }
    }

    /// Handles the client's line in the middle of an exchange. The line is never shown: the
    /// event carries `********`.
    mutating func continueAuthentication(_ authentication: PendingAuthentication, line: [UInt8]) {
        emit(.commandReceived(connectionID: peer.connectionID, line: "********"))
        state = .command
        guard line.count <= settings.smtpdSASLResponseLimit else {
            reply("500 5.5.6 SASL response limit exceeded")
            emitFailure(
                name: authentication.name, user: nil,
                reason: .other("SASL response longer than \(settings.smtpdSASLResponseLimit) bytes")
            )
            return
        }
        if line == [UInt8(ascii: "*")] {
            log("warning: \(clientName): SASL \(authentication.name) authentication aborted")
            reply("501 5.7.0 Authentication aborted")
            emitFailure(name: authentication.name, user: nil, reason: .aborted)
            return
        }
        guard let response = Base64.decode(bytes: line) else {
            finishAuthentication(
                name: authentication.name,
                step: .failure(SASLFailure(code: .badProtocol, reason: .invalidBase64)))
            return
        }
        var next = authentication
        let step = next.mechanism.step(response: response)
        advance(next, step: step)
    }

    private mutating func advance(_ authentication: PendingAuthentication, step: SASLStep) {
        guard case .challenge(let challenge) = step else {
            finishAuthentication(name: authentication.name, step: step)
            return
        }
        state = .authenticating(authentication)
        reply("334 " + Base64.encode(challenge))
    }

    private mutating func finishAuthentication(name: String, step: SASLStep) {
        state = .command
        switch step {
        case .challenge:
            preconditionFailure("a challenge does not finish an exchange")
        case .success(let identity):
            authenticated = AuthenticatedClient(identity: identity, mechanism: name)
            reply("235 2.7.0 Authentication successful")
            emit(
                .authSucceeded(
                    connectionID: peer.connectionID, service: .smtp, mechanism: name,
                    user: identity.user, realm: identity.realm.isEmpty ? nil : identity.realm,
                    overTLS: tlsInfo != nil))
        case .failure(let failure):
            log(
                "warning: \(clientName): SASL \(name) authentication failed: \(failure.code.text)")
            if failure.code.isTemporary {
                reply("454 4.7.0 Temporary authentication failure: \(failure.code.text)")
            } else {
                reply("535 5.7.8 Error: authentication failed: \(failure.code.text)")
            }
            emitFailure(name: name, user: failure.user, reason: AuthFailureReason(failure.reason))
        }
    }

    private mutating func emitFailure(name: String, user: String?, reason: AuthFailureReason) {
        emit(
            .authFailed(
                connectionID: peer.connectionID, service: .smtp, mechanism: name, user: user,
                reason: reason, overTLS: tlsInfo != nil))
    }
}

extension AuthFailureReason {
    /// Converts a SASL failure reason to the event's form; the cases correspond one to one.
    public init(_ reason: SASLFailureReason) {
        switch reason {
        case .unknownUser: self = .unknownUser
        case .wrongPassword: self = .wrongPassword
        case .invalidBase64: self = .invalidBase64
        case .malformedPLAIN(let fieldCount, let controlBytes):
            self = .malformedPLAIN(fieldCount: fieldCount, controlBytes: controlBytes)
        case .mechanismUnavailable: self = .mechanismUnavailable
        case .aborted: self = .aborted
        case .backendCannotVerify: self = .backendCannotVerify
        case .wrongRealm(let realm): self = .wrongRealm(realm)
        case .other(let text): self = .other(text)
        }
    }
}
