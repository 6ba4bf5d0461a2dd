import Foundation
import LabSystem
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
    /// What a configuration check found in the sandbox or the journal.
    case configuration(ConfigurationFinding)
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

/// Facts the lab reads from the sandbox and the lab folder for checks that grade more than the
/// event journal. `SandboxFacts.gather(folder:)` reads them; an empty value means nothing was
/// read, so every configuration check stays not passed.
public struct SandboxFacts: Equatable, Sendable {
    /// `main.cf` as Postfix reads it; nil when it was not read or Postfix would refuse it.
    public var mainCF: PostfixMainCF?
    /// Why Postfix would refuse `main.cf`, in English.
    public var mainCFProblem: String?
    /// The sandbox path of the SASL application file that `smtpd_sasl_path` names.
    public var saslConfigPath: String
    /// That file as Cyrus SASL reads it; nil when it is absent or unreadable.
    public var saslConfig: CyrusSASLConfig?
    /// Why Cyrus SASL rejects that file, in English; nil when it is fine or absent.
    public var saslConfigProblem: String?
    /// The sasldb's accounts, sorted by realm then user.
    public var saslAccounts: [SASLAccount]
    /// The packages in the ports database (`/var/db/pkg`), as `name-version`.
    public var installedPackages: [String]
    /// The options that `make config` recorded, by port then option name (`swaks`, `TLS`).
    public var portOptions: [String: [String: Bool]] = [:]
    /// The report's answers by question id, and its free text.
    public var reportAnswers: [String: String]
    public var reportText: String
    /// Named values for check kinds that need nothing above.
    public var values: [String: String]

    public init(
        mainCF: PostfixMainCF? = nil, mainCFProblem: String? = nil,
        saslConfigPath: String = CyrusSASLConfig.path(forApplication: "smtpd"),
        saslConfig: CyrusSASLConfig? = nil, saslConfigProblem: String? = nil,
        saslAccounts: [SASLAccount] = [], installedPackages: [String] = [],
        reportAnswers: [String: String] = [:], reportText: String = "",
        values: [String: String] = [:]
    ) {
        self.mainCF = mainCF
        self.mainCFProblem = mainCFProblem
        self.saslConfigPath = saslConfigPath
        self.saslConfig = saslConfig
        self.saslConfigProblem = saslConfigProblem
        self.saslAccounts = saslAccounts
        self.installedPackages = installedPackages
        self.reportAnswers = reportAnswers
        self.reportText = reportText
        self.values = values
    }
}

/// One account of the sasldb: a user name and its realm.
public struct SASLAccount: Equatable, Sendable, Codable {
    public var user: String
    public var realm: String

    public init(user: String, realm: String) {
        self.user = user
        self.realm = realm
    }
}
