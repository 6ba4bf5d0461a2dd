import MailProtocol

/// The check kinds of Parts 3 and 4 (SMTP over TLS and swaks). `CheckEngine+TLS.swift`
/// evaluates them, and `TLSFacts` reads the sandbox facts they need.
public enum TLSCheckKind: String, Sendable, CaseIterable {
    /// The private key `key` and the certificate `certificate` are valid, the key has at
    /// least 2048 bits, and the certificate's public key belongs to the key.
    case keyCertificate = "tls.key_certificate"
    /// Each file of the comma-separated `paths` has the permission bits `mode` (octal).
    case fileMode = "file.mode"
    /// `main.cf` sets every parameter named by a parameter of the check to its value.
    case mainCFValues = "postfix.main_cf_values"
    /// Postfix started or reloaded after the last change of `main.cf`, and `/var/log/maillog`
    /// has no TLS warning since.
    case restartedWithoutTLSWarning = "postfix.restarted_without_tls_warning"
    /// An SMTP EHLO reply listed STARTTLS, on any connection.
    case ehloOffersSTARTTLS = "smtp.ehlo_starttls"
    /// STARTTLS typed by hand in a lab shell's telnet or s_client got `220`.
    case startTLSByHand = "smtp.starttls_by_hand"
    /// An SMTP AUTH with `mechanism` succeeded on a connection no lab shell's telnet made:
    /// swaks, built in or real, or another client.
    case authByTool = "smtp.auth_by_tool"
    /// A message was delivered into a Maildir; with `tls` = `required`, one received over TLS.
    case messageDelivered = "smtp.message_delivered"
    /// One SMTP session started TLS and then authenticated inside it.
    case startTLSThenAuth = "smtp.starttls_then_auth"

    /// The parameters a check of this kind must set; `mainCFValues` takes any names.
    var requiredParameters: [String] {
        switch self {
        case .keyCertificate: ["key", "certificate"]
        case .fileMode: ["paths", "mode"]
        case .authByTool: ["mechanism"]
        case .mainCFValues, .restartedWithoutTLSWarning, .ehloOffersSTARTTLS, .startTLSByHand,
            .messageDelivered, .startTLSThenAuth:
            []
        }
    }

    /// The parameters a check of this kind may set besides the required ones.
    var optionalParameters: [String] {
        switch self {
        case .messageDelivered: ["tls"]
        default: []
        }
    }

    /// Returns the validation issues of a check of this kind.
    func issues(_ check: CheckDefinition) -> [LessonIssue] {
        var issues: [LessonIssue] = []
        for name in requiredParameters where check.parameters[name] == nil {
            issues.append(
                LessonIssue(
                    severity: .error, file: "checks.json",
                    problem: .missingParameter(checkID: check.id, name: name)))
        }
        if self == .mainCFValues && check.parameters.isEmpty {
            issues.append(
                LessonIssue(
                    severity: .error, file: "checks.json",
                    problem: .missingParameter(checkID: check.id, name: "smtpd_tls_cert_file")))
        }
        guard self != .mainCFValues else { return issues }
        let known = Set(requiredParameters + optionalParameters)
        for name in check.parameters.keys.sorted() where !known.contains(name) {
            issues.append(
                LessonIssue(
                    severity: .warning, file: "checks.json",
                    problem: .unknownParameter(checkID: check.id, name: name)))
        }
        return issues
    }

    /// Splits a comma-separated parameter into its trimmed, non-empty items.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map {
            String($0.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
        }.filter { !$0.isEmpty }
    }
}

/// The fact a TLS or swaks check found. Passwords never appear; file paths, user names and
/// mechanism names may.
public enum TLSFinding: Equatable, Sendable, Codable {
    case keyCertificateValid(bits: Int)
    case keyMissing(path: String)
    case keyInvalid(path: String)
    /// The key has fewer than 2048 bits, which OpenSSL 3 rejects at its default security level.
    case keyTooShort(path: String, bits: Int)
    case certificateMissing(path: String)
    case certificateInvalid(path: String)
    case certificateExpired(path: String)
    case keyCertificateMismatch
    case modesCorrect(mode: String)
    /// The files whose mode differs, each with its mode; a nil mode means the file is missing.
    case modesWrong(expected: String, files: [String: String?])
    case mainCFValuesSet
    /// The parameters whose value differs, each with the value read (nil when not set).
    case mainCFValuesWrong(values: [String: String?], expected: [String: String])
    case restarted
    /// `main.cf` changed after the latest start or reload.
    case notRestartedSinceChange
    case tlsWarningsLogged(lines: [String])
    case ehloOfferedSTARTTLS
    /// An EHLO reply was seen, but without STARTTLS.
    case ehloWithoutSTARTTLS
    case startTLSSucceededByHand(shell: ShellID)
    /// STARTTLS typed by hand got this reply instead of 220.
    case startTLSRefused(reply: String)
    /// STARTTLS succeeded, but only from a tool.
    case startTLSByToolOnly
    case authSucceededByTool(mechanism: String, user: String)
    /// AUTH with the mechanism succeeded, but only typed by hand.
    case authByHandOnly(mechanism: String)
    case authFailedByTool(mechanism: String, reason: AuthFailureReason)
    case messageDelivered(recipients: [String], overTLS: Bool)
    /// A message was delivered, but not over TLS.
    case deliveredWithoutTLS
    case startTLSThenAuthSucceeded(mechanism: String)
    /// AUTH succeeded in plaintext, with no TLS before it in that session.
    case authWithoutTLS(mechanism: String)
    /// TLS started, but no AUTH followed inside it.
    case tlsWithoutAuth
}
