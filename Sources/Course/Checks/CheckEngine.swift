import Foundation
import MailProtocol

/// Grades a lesson's checks from the event journal. A pure function of its inputs, cheap
/// enough to run again after every event.
public enum CheckEngine {
    /// Evaluates every check of `lesson`, in `checks.json` order.
    ///
    /// A check passes at its earliest proving event. A result in `previous` that passed stays
    /// passed, with its time and evidence, unless the events prove an earlier pass. So a grade
    /// survives a reset journal or a sandbox fact that changed later. A check that has not
    /// passed states the latest relevant failure, or that nothing was seen yet.
    public static func evaluate(
        lesson: Lesson, events: [LabEvent], now: Date, facts: SandboxFacts = SandboxFacts(),
        previous: [CheckResult] = []
    ) -> [CheckResult] {
        let ledger = ConnectionLedger(events: events)
        let earlier = Dictionary(
            previous.filter { $0.state == .passed }.map { ($0.checkID, $0) },
            uniquingKeysWith: { first, _ in first })
        return lesson.checks.map { check in
            let outcome =
                TLSCheckKind(rawValue: check.kind).map {
                    evaluateTLS(
                        $0, check: check, ledger: ledger, events: events, facts: facts, now: now)
                } ?? evaluate(check, ledger: ledger)
            var result = CheckResult(
                checkID: check.id, state: outcome.state, passedAt: outcome.passedAt,
                finding: outcome.finding,
                reason: CheckReasonText.reason(for: outcome.finding, check: check),
                evidence: outcome.evidence, evidenceConnectionID: outcome.connectionID,
                evaluatedAt: now)
            if let kept = earlier[check.id], let keptTime = kept.passedAt,
                result.passedAt.map({ keptTime < $0 }) ?? true
            {
                result = kept
                result.evaluatedAt = now
            }
            return result
        }
    }

    /// Returns the results that grade `step`, in the step's order, leaving out checks the
    /// lesson lacks.
    public static func results(
        for step: LessonStep, in results: [CheckResult]
    ) -> [CheckResult] {
        step.checkIDs.compactMap { id in results.first { $0.checkID == id } }
    }

    struct Outcome {
        var state: CheckState
        var passedAt: Date?
        var finding: CheckFinding
        var evidence: [String] = []
        var connectionID: Int?

        static let notSeenYet = Outcome(state: .notYet, finding: .notSeenYet)
    }

    static func evaluate(_ check: CheckDefinition, ledger: ConnectionLedger) -> Outcome {
        guard let kind = CheckKind(rawValue: check.kind) else {
            return Outcome(state: .notYet, finding: .unknownKind(check.kind))
        }
        for name in kind.requiredParameters where check.parameters[name] == nil {
            return Outcome(state: .notYet, finding: .missingParameter(name))
        }
        switch kind {
        case .smtpEHLOAuth:
            return evaluateEHLOAuth(ledger: ledger)
        case .smtpAuthByHand:
            return evaluateAuthByHand(
                service: .smtp, mechanism: check.parameters["mechanism"]!, ledger: ledger)
        case .imapAuthByHand:
            return evaluateAuthByHand(
                service: .imap, mechanism: check.parameters["mechanism"]!, ledger: ledger)
        case .pop3AuthByHand:
            return evaluateAuthByHand(
                service: .pop3, mechanism: check.parameters["mechanism"]!, ledger: ledger)
        }
    }

    private static func evaluateEHLOAuth(ledger: ConnectionLedger) -> Outcome {
        var latest = Outcome.notSeenYet
        for fact in ledger.facts {
            guard case .ehloAnswered(_, _, let mechanisms, _) = fact.event else { continue }
            let finding: CheckFinding =
                mechanisms.isEmpty ? .ehloWithoutAuth : .ehloAdvertisedAuth(mechanisms: mechanisms)
            var outcome = Outcome(
                state: mechanisms.isEmpty ? .failed : .passed,
                passedAt: mechanisms.isEmpty ? nil : fact.time, finding: finding)
            attachEvidence(to: &outcome, fact: fact, ledger: ledger)
            if outcome.state == .passed { return outcome }
            latest = outcome
        }
        return latest
    }

    private static func evaluateAuthByHand(
        service: ServiceKind, mechanism: String, ledger: ConnectionLedger
    ) -> Outcome {
        let expected = mechanism.uppercased()
        var latest = Outcome.notSeenYet
        for fact in ledger.facts {
            var outcome: Outcome
            switch fact.event {
            case .authSucceeded(_, let eventService, let eventMechanism, let user, _, _)
            where eventService == service && eventMechanism.uppercased() == expected:
                if let position = fact.connection, let shell = ledger.connections[position].shell {
                    outcome = Outcome(
                        state: .passed, passedAt: fact.time,
                        finding: .authSucceededByHand(mechanism: expected, user: user, shell: shell)
                    )
                    attachEvidence(to: &outcome, fact: fact, ledger: ledger)
                    return outcome
                }
                outcome = Outcome(
                    state: .failed, finding: .succeededByToolOnly(mechanism: expected))
            case .authFailed(_, let eventService, let eventMechanism, _, let reason, _)
            where eventService == service && eventMechanism.uppercased() == expected:
                outcome = Outcome(
                    state: .failed, finding: .authFailed(mechanism: expected, reason: reason))
            case .ehloAnswered(_, _, let mechanisms, _) where service == .smtp:
                let offered = mechanisms.map { $0.uppercased() }
                if offered.contains(expected) {
                    // The configuration now offers the mechanism, so a complaint about it is
                    // out of date. An earlier AUTH failure remains the reason.
                    if case .ehloWithoutAuth = latest.finding { latest = .notSeenYet }
                    if case .mechanismNotOffered = latest.finding { latest = .notSeenYet }
                    continue
                }
                outcome = Outcome(
                    state: .failed,
                    finding: mechanisms.isEmpty
                        ? .ehloWithoutAuth
                        : .mechanismNotOffered(mechanism: expected, offered: mechanisms))
            default:
                continue
            }
            attachEvidence(to: &outcome, fact: fact, ledger: ledger)
            latest = outcome
        }
        return latest
    }

    private static func attachEvidence(
        to outcome: inout Outcome, fact: ConnectionLedger.SessionFact, ledger: ConnectionLedger
    ) {
        guard let position = fact.connection else { return }
        outcome.evidence = ledger.evidence(connection: position, proofIndex: fact.index)
        outcome.connectionID = ledger.connections[position].connectionID
    }
}
