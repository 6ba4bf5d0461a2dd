import Foundation
import MailProtocol

extension CheckEngine {
    /// The minimum RSA key size that OpenSSL 3 accepts at its default security level (1).
    static let minimumKeyBits = 2048

    /// Evaluates a check of one of the TLS kinds of Parts 3 and 4.
    static func evaluateTLS(
        _ kind: TLSCheckKind, check: CheckDefinition, ledger: ConnectionLedger,
        events: [LabEvent], facts: SandboxFacts, now: Date
    ) -> Outcome {
        for name in kind.requiredParameters where check.parameters[name] == nil {
            return Outcome(state: .notYet, finding: .missingParameter(name))
        }
        let parameters = check.parameters
        switch kind {
        case .keyCertificate:
            return evaluateKeyCertificate(
                key: parameters["key"]!, certificate: parameters["certificate"]!, facts: facts,
                now: now)
        case .fileMode:
            return evaluateModes(
                paths: TLSCheckKind.list(parameters["paths"]), mode: parameters["mode"]!,
                facts: facts, now: now)
        case .mainCFValues:
            return evaluateMainCF(expected: parameters, facts: facts, now: now)
        case .restartedWithoutTLSWarning:
            return evaluateRestart(events: events, facts: facts)
        case .ehloOffersSTARTTLS:
            return evaluateEHLOSTARTTLS(ledger: ledger)
        case .startTLSByHand:
            return evaluateSTARTTLSByHand(ledger: ledger, events: events)
        case .authByTool:
            return evaluateAuthByTool(mechanism: parameters["mechanism"]!, ledger: ledger)
        case .messageDelivered:
            return evaluateDelivery(requireTLS: parameters["tls"] == "required", ledger: ledger)
        case .startTLSThenAuth:
            return evaluateSTARTTLSThenAuth(ledger: ledger)
        }
    }

    private static func tls(_ state: CheckState, _ finding: TLSFinding, at time: Date? = nil)
        -> Outcome
    {
        Outcome(state: state, passedAt: state == .passed ? time : nil, finding: .tls(finding))
    }

    // MARK: - Sandbox facts

    private static func evaluateKeyCertificate(
        key: String, certificate: String, facts: SandboxFacts, now: Date
    ) -> Outcome {
        let keyState = facts.values[TLSFacts.keyFact(key)]
        let certificateState = facts.values[TLSFacts.certificateFact(certificate)]
        guard let keyState, let certificateState else { return .notSeenYet }
        if keyState == TLSFacts.FileState.missing.rawValue {
            return tls(.notYet, .keyMissing(path: key))
        }
        if keyState == TLSFacts.FileState.invalid.rawValue {
            return tls(.failed, .keyInvalid(path: key))
        }
        let bits = Int(keyState.split(separator: ":").last ?? "") ?? 0
        if bits < minimumKeyBits { return tls(.failed, .keyTooShort(path: key, bits: bits)) }
        switch certificateState {
        case TLSFacts.FileState.missing.rawValue:
            return tls(.notYet, .certificateMissing(path: certificate))
        case TLSFacts.FileState.invalid.rawValue:
            return tls(.failed, .certificateInvalid(path: certificate))
        case "expired":
            return tls(.failed, .certificateExpired(path: certificate))
        default:
            break
        }
        guard facts.values[TLSFacts.pairFact(key: key, certificate: certificate)] == "match" else {
            return tls(.failed, .keyCertificateMismatch)
        }
        return tls(.passed, .keyCertificateValid(bits: bits), at: now)
    }

    private static func evaluateModes(
        paths: [String], mode: String, facts: SandboxFacts, now: Date
    ) -> Outcome {
        let expected = String(Int(mode, radix: 8) ?? 0, radix: 8)
        var wrong: [String: String?] = [:]
        for path in paths {
            let actual = facts.values[TLSFacts.modeFact(path)]
            if actual != expected { wrong[path] = actual }
        }
        guard !wrong.isEmpty else { return tls(.passed, .modesCorrect(mode: expected), at: now) }
        let anyExists = paths.contains { facts.values[TLSFacts.modeFact($0)] != nil }
        guard anyExists else { return .notSeenYet }
        return tls(.failed, .modesWrong(expected: expected, files: wrong))
    }

    private static func evaluateMainCF(
        expected: [String: String], facts: SandboxFacts, now: Date
    ) -> Outcome {
        var wrong: [String: String?] = [:]
        for (name, value) in expected {
            let actual = facts.values[TLSFacts.mainCFFact(name)]
            if actual?.trimmingCharacters(in: .whitespaces) != value { wrong[name] = actual }
        }
        guard !wrong.isEmpty else { return tls(.passed, .mainCFValuesSet, at: now) }
        let noneSet = wrong.values.allSatisfy { $0 == nil } && wrong.count == expected.count
        guard !noneSet else { return .notSeenYet }
        return tls(.failed, .mainCFValuesWrong(values: wrong, expected: expected))
    }

    /// Passes at the first start or reload after the last change of `main.cf`, when the log
    /// shows no TLS warning since the latest start or reload.
    private static func evaluateRestart(events: [LabEvent], facts: SandboxFacts) -> Outcome {
        var lastChange: Int?
        var restartAfterChange: LabEvent?
        for (index, event) in events.enumerated() {
            switch event.payload {
            case .fileChanged(let path) where path.hasSuffix("/postfix/main.cf"):
                lastChange = index
                restartAfterChange = nil
            case .serviceStarted(.smtp, _), .serviceReloaded(.smtp):
                if lastChange != nil && restartAfterChange == nil { restartAfterChange = event }
            default:
                break
            }
        }
        guard lastChange != nil else { return .notSeenYet }
        guard let restart = restartAfterChange else {
            return tls(.failed, .notRestartedSinceChange)
        }
        let warnings = (facts.values[TLSFacts.maillogWarningsFact] ?? "")
            .split(separator: "\n").map(String.init)
        guard warnings.isEmpty else { return tls(.failed, .tlsWarningsLogged(lines: warnings)) }
        return tls(.passed, .restarted, at: restart.time)
    }

    // MARK: - Journal

    private static func withEvidence(
        _ outcome: Outcome, fact: ConnectionLedger.SessionFact, ledger: ConnectionLedger
    ) -> Outcome {
        var outcome = outcome
        guard let position = fact.connection else { return outcome }
        outcome.evidence = ledger.evidence(connection: position, proofIndex: fact.index)
        outcome.connectionID = ledger.connections[position].connectionID
        return outcome
    }

    private static func evaluateEHLOSTARTTLS(ledger: ConnectionLedger) -> Outcome {
        var latest = Outcome.notSeenYet
        for fact in ledger.facts {
            guard case .ehloAnswered(_, _, _, let offered) = fact.event else { continue }
            if offered {
                return withEvidence(
                    tls(.passed, .ehloOfferedSTARTTLS, at: fact.time), fact: fact, ledger: ledger)
            }
            latest = withEvidence(tls(.failed, .ehloWithoutSTARTTLS), fact: fact, ledger: ledger)
        }
        return latest
    }

    private static func evaluateSTARTTLSByHand(ledger: ConnectionLedger, events: [LabEvent])
        -> Outcome
    {
        var latest = Outcome.notSeenYet
        for position in ledger.connections.indices {
            let connection = ledger.connections[position]
            guard connection.service == .smtp else { continue }
            var askedAt: Int?
            for entry in connection.lines {
                if entry.isCommand {
                    askedAt = entry.line.uppercased() == "STARTTLS" ? entry.index : nil
                    continue
                }
                guard askedAt != nil else { continue }
                askedAt = nil
                let fact = ConnectionLedger.SessionFact(
                    index: entry.index, time: events[entry.index].time,
                    connection: position, event: .replySent(connectionID: 0, line: entry.line))
                guard entry.line.hasPrefix("220") else {
                    guard connection.shell != nil else { continue }
                    latest = withEvidence(
                        tls(.failed, .startTLSRefused(reply: entry.line)), fact: fact,
                        ledger: ledger)
                    continue
                }
                if let shell = connection.shell {
                    return withEvidence(
                        tls(.passed, .startTLSSucceededByHand(shell: shell), at: fact.time),
                        fact: fact, ledger: ledger)
                }
                if case .notSeenYet = latest.finding { latest = tls(.failed, .startTLSByToolOnly) }
            }
        }
        return latest
    }

    private static func evaluateAuthByTool(mechanism: String, ledger: ConnectionLedger) -> Outcome {
        let expected = mechanism.uppercased()
        var latest = Outcome.notSeenYet
        for fact in ledger.facts {
            let byTool = fact.connection.map { ledger.connections[$0].shell == nil } ?? true
            switch fact.event {
            case .authSucceeded(_, .smtp, let used, let user, _, _)
            where used.uppercased() == expected:
                if byTool {
                    return withEvidence(
                        tls(
                            .passed, .authSucceededByTool(mechanism: expected, user: user),
                            at: fact.time),
                        fact: fact, ledger: ledger)
                }
                latest = withEvidence(
                    tls(.failed, .authByHandOnly(mechanism: expected)), fact: fact, ledger: ledger)
            case .authFailed(_, .smtp, let used, _, let reason, _)
            where used.uppercased() == expected && byTool:
                latest = withEvidence(
                    tls(.failed, .authFailedByTool(mechanism: expected, reason: reason)),
                    fact: fact, ledger: ledger)
            default:
                continue
            }
        }
        return latest
    }

    private static func evaluateDelivery(requireTLS: Bool, ledger: ConnectionLedger) -> Outcome {
        var latest = Outcome.notSeenYet
        for fact in ledger.facts {
            guard case .messageDelivered(_, _, _, let recipients, let overTLS, _) = fact.event
            else { continue }
            if overTLS || !requireTLS {
                return withEvidence(
                    tls(
                        .passed, .messageDelivered(recipients: recipients, overTLS: overTLS),
                        at: fact.time),
                    fact: fact, ledger: ledger)
            }
            latest = withEvidence(tls(.failed, .deliveredWithoutTLS), fact: fact, ledger: ledger)
        }
        return latest
    }

    private static func evaluateSTARTTLSThenAuth(ledger: ConnectionLedger) -> Outcome {
        var latest = Outcome.notSeenYet
        var tlsConnections: Set<Int> = []
        for fact in ledger.facts {
            switch fact.event {
            case .tlsStarted:
                if let position = fact.connection {
                    tlsConnections.insert(position)
                    if case .notSeenYet = latest.finding {
                        latest = withEvidence(
                            tls(.failed, .tlsWithoutAuth), fact: fact, ledger: ledger)
                    }
                }
            case .authSucceeded(_, .smtp, let mechanism, _, _, let overTLS):
                let sameSession = fact.connection.map { tlsConnections.contains($0) } ?? false
                if overTLS && sameSession {
                    return withEvidence(
                        tls(
                            .passed, .startTLSThenAuthSucceeded(mechanism: mechanism), at: fact.time
                        ),
                        fact: fact, ledger: ledger)
                }
                if !overTLS {
                    latest = withEvidence(
                        tls(.failed, .authWithoutTLS(mechanism: mechanism)), fact: fact,
                        ledger: ledger)
                }
            default:
                continue
            }
        }
        return latest
    }
}
