import Foundation
import MailProtocol
import SASL

/// The embedded SMTP server's configuration, read from the sandbox as Postfix and Cyrus SASL read
/// it at a start or a reload: `main.cf`, the SASL application file that `smtpd_sasl_path` names,
/// and the local users of `/etc/passwd`.
public struct PostfixRuntimeConfiguration: Sendable {
    public static let mainCFPath = "/usr/local/etc/postfix/main.cf"

    public var mainCF: PostfixMainCF
    public var saslConfig: CyrusSASLConfig
    public var smtpSettings: SMTPSettings
    public var saslConfiguration: SASLServerConfiguration
    /// Local users by name, with their home directories.
    public var localUsers: [String: String]
    /// Lines for `/var/log/maillog`, such as the unused-parameter warnings of a misspelt name.
    public var warnings: [String]

    /// Reads the configuration. A `main.cf` that Postfix would refuse throws its error.
    public static func load(from sandbox: Sandbox) throws(MainCFError)
        -> PostfixRuntimeConfiguration
    {
        let mainBytes = (try? sandbox.readFile(mainCFPath)) ?? []
        let mainCF = try PostfixMainCF(bytes: mainBytes)
        var warnings = mainCF.unusedParameters.map { name in
            "warning: \(mainCFPath), line \(mainCF.line(of: name) ?? 0): unused parameter: "
                + "\(name)=\(mainCF.rawValue(of: name) ?? "")"
        }

        let application = mainCF.value(of: "smtpd_sasl_path") ?? "smtpd"
        let saslPath = CyrusSASLConfig.path(forApplication: application)
        var saslConfig = CyrusSASLConfig()
        if let bytes = try? sandbox.readFile(saslPath) {
            do {
                saslConfig = try CyrusSASLConfig(bytes: bytes)
            } catch {
                warnings.append("warning: SASL: \(saslPath): \(error.message)")
            }
        }

        let settings = smtpSettings(from: mainCF)
        let saslConfiguration = SASLServerConfiguration(
            mechList: saslConfig.mechanismList,
            passwordCheckMethod: SASLPasswordCheckMethod(rawValue: saslConfig.pwcheckMethod)
                ?? .auxprop,
            realm: settings.smtpdSASLLocalDomain,
            library: .cyrus)
        return PostfixRuntimeConfiguration(
            mainCF: mainCF, saslConfig: saslConfig, smtpSettings: settings,
            saslConfiguration: saslConfiguration, localUsers: readLocalUsers(sandbox),
            warnings: warnings)
    }

    /// Maps the parameters the SMTP server obeys. The others keep Postfix's defaults.
    static func smtpSettings(from mainCF: PostfixMainCF) -> SMTPSettings {
        func text(_ name: String) -> String? { mainCF.value(of: name) }
        func flag(_ name: String) -> Bool { text(name)?.lowercased() == "yes" }
        func list(_ name: String) -> [String] {
            (text(name) ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                .map(String.init)
        }
        func number(_ name: String, _ fallback: Int) -> Int {
            text(name).flatMap { Int($0) } ?? fallback
        }
        func seconds(_ name: String, _ fallback: Double) -> Double {
            guard var value = text(name), !value.isEmpty else { return fallback }
            var scale = 1.0
            switch value.last {
            case "s": value.removeLast()
            case "m": value.removeLast(); scale = 60
            case "h": value.removeLast(); scale = 3600
            default: break
            }
            return Double(value).map { $0 * scale } ?? fallback
        }

        let hostname = text("myhostname") ?? PostfixMainCF.labHostname
        return SMTPSettings(
            myhostname: hostname,
            smtpdBanner: text("smtpd_banner"),
            smtpdSASLAuthEnable: flag("smtpd_sasl_auth_enable"),
            brokenSASLAuthClients: flag("broken_sasl_auth_clients"),
            smtpdSASLLocalDomain: text("smtpd_sasl_local_domain") ?? "",
            smtpdSASLAuthenticatedHeader: flag("smtpd_sasl_authenticated_header"),
            smtpdRecipientRestrictions: list("smtpd_recipient_restrictions"),
            mynetworks: list("mynetworks"),
            mydestination: list("mydestination"),
            smtpdHELORequired: flag("smtpd_helo_required"),
            messageSizeLimit: number("message_size_limit", 10_240_000),
            lineLengthLimit: number("line_length_limit", 2048),
            smtpdTimeout: seconds("smtpd_timeout", 300),
            smtpdHardErrorLimit: number("smtpd_hard_error_limit", 20),
            smtpdSoftErrorLimit: number("smtpd_soft_error_limit", 10),
            smtpdErrorSleepTime: seconds("smtpd_error_sleep_time", 1),
            smtpdRecipientLimit: number("smtpd_recipient_limit", 1000),
            smtpdSASLResponseLimit: number("smtpd_sasl_response_limit", 12288),
            tls: .off,
            smtpdTLSSecurityLevel: tlsSecurityLevel(from: mainCF),
            smtpdTLSAuthOnly: flag("smtpd_tls_auth_only"),
            smtpdTLSReceivedHeader: flag("smtpd_tls_received_header"),
            smtpdTLSLogLevel: number("smtpd_tls_loglevel", 0))
    }

    /// Returns `smtpd_tls_security_level`, or, when it is empty, the level that Postfix
    /// derives from the older `smtpd_enforce_tls` (encrypt) and `smtpd_use_tls` (may). An
    /// unknown level reads as `none`.
    ///
    /// NOTE: Postfix also accepts `fingerprint`, `verify` and `secure` here, which only the
    /// SMTP client uses; smtpd treats them as unknown, and so does this mapping.
    static func tlsSecurityLevel(from mainCF: PostfixMainCF) -> SMTPTLSSecurityLevel {
        let level = (mainCF.value(of: "smtpd_tls_security_level") ?? "").lowercased()
        if !level.isEmpty {
            return SMTPTLSSecurityLevel(rawValue: level) ?? .none
        }
        if mainCF.value(of: "smtpd_enforce_tls")?.lowercased() == "yes" { return .encrypt }
        if mainCF.value(of: "smtpd_use_tls")?.lowercased() == "yes" { return .may }
        return .none
    }

    /// The sandbox paths of the server's certificate and key, or nil when TLS is off or
    /// `smtpd_tls_cert_file` is empty. `smtpd_tls_key_file` defaults to the certificate file.
    public var smtpdTLSFiles: (certificate: String, key: String)? {
        guard smtpSettings.smtpdTLSSecurityLevel != .none else { return nil }
        let certificate = mainCF.value(of: "smtpd_tls_cert_file") ?? ""
        guard !certificate.isEmpty else { return nil }
        let key = mainCF.value(of: "smtpd_tls_key_file") ?? ""
        return (certificate, key.isEmpty ? certificate : key)
    }

    /// Reads the users of the sandbox's `/etc/passwd` with a home under `/home`, the ones that
    /// receive mail in `~/Maildir`.
    static func readLocalUsers(_ sandbox: Sandbox) -> [String: String] {
        guard let bytes = try? sandbox.readFile("/etc/passwd") else { return [:] }
        var users: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 6, !line.hasPrefix("#") else { continue }
            let home = String(fields[5])
            if home.hasPrefix("/home/") { users[String(fields[0])] = home }
        }
        return users
    }

    /// Returns the sandbox path of a local recipient's Maildir, or nil for a remote or unknown one.
    public func maildirPath(forRecipient address: String) -> String? {
        let parts = address.split(separator: "@", maxSplits: 1).map(String.init)
        guard let local = parts.first?.lowercased() else { return nil }
        if parts.count == 2 {
            let domain = parts[1].lowercased()
            guard smtpSettings.mydestination.contains(where: { $0.lowercased() == domain })
            else { return nil }
        }
        return localUsers[local].map { $0 + "/Maildir" }
    }
}
