import Foundation
import MailProtocol

public enum CheckState: String, Equatable, Sendable, Codable {
    case passed
    case failed
    /// Nothing relevant has happened yet.
    case notYet
}

/// The fact the engine found for one check, behind its state and its reason text. Passwords never appear; user names and mechanism names may.
public enum CheckFinding: Equatable, Sendable, Codable {
    /// An EHLO reply advertised AUTH with these mechanisms.
    case ehloAdvertisedAuth(mechanisms: [String])
    /// AUTH succeeded on a connection typed in `shell`'s telnet.
    case authSucceededByHand(mechanism: String, user: String, shell: ShellID)
    case notSeenYet
    /// An EHLO reply had no AUTH line.
    case ehloWithoutAuth
    /// An EHLO reply advertised AUTH without the mechanism the check needs.
    case mechanismNotOffered(mechanism: String, offered: [String])
    /// The latest attempt with the mechanism failed for `reason`.
    case authFailed(mechanism: String, reason: AuthFailureReason)
    /// AUTH succeeded, but only on connections that no lab shell's telnet made.
    case succeededByToolOnly(mechanism: String)
    /// The lesson names a kind this program does not evaluate.
    case unknownKind(String)
    /// The check lacks a parameter its kind needs.
    case missingParameter(String)
    /// What a check of Parts 3 and 4 (TLS, swaks) found.
    case tls(TLSFinding)
}

/// The outcome of one check at one moment.
public struct CheckResult: Equatable, Sendable, Codable {
    public var checkID: String
    public var state: CheckState
    /// When the check first passed; nil unless `state` is `passed`.
    public var passedAt: Date?
    public var finding: CheckFinding
    /// The explanation of the state, for the learner.
    public var reason: LocalizedText
    /// The transcript of the connection that proves the finding, `C: ` lines from the client
    /// and `S: ` lines from the server, in order and masked. Empty when no connection applies.
    public var evidence: [String]
    /// The connection the evidence comes from, as numbered by the server.
    public var evidenceConnectionID: Int?
    /// The `now` of the evaluation that produced this result.
    public var evaluatedAt: Date

    public init(
        checkID: String, state: CheckState, passedAt: Date?, finding: CheckFinding,
        reason: LocalizedText, evidence: [String], evidenceConnectionID: Int?, evaluatedAt: Date
    ) {
        self.checkID = checkID
        self.state = state
        self.passedAt = passedAt
        self.finding = finding
        self.reason = reason
        self.evidence = evidence
        self.evidenceConnectionID = evidenceConnectionID
        self.evaluatedAt = evaluatedAt
    }
}

/// Facts the lab reads from the sandbox (files, the running configuration) for checks that
/// grade more than the event journal, keyed by names those check kinds define.
public struct SandboxFacts: Equatable, Sendable {
    // NOTE: no check kind of Part 2 reads sandbox facts; Part 1's setting checks will.
    public var values: [String: String]

    public init(values: [String: String] = [:]) {
        self.values = values
    }
}
