import LabSystem
import MailProtocol
import MailServer

/// The TLS part of the SMTP server's settings, loaded from the sandbox files that
/// `smtpd_tls_cert_file` and `smtpd_tls_key_file` name, as Postfix 3.7's smtpd loads them.
struct SMTPTLSSetup {
    /// What `SMTPSettings.tls` gets.
    var availability: SMTPTLSAvailability
    /// The context for STARTTLS; nil unless the key and certificate loaded.
    var context: TLSServerContext?
    /// Postfix's warnings, which smtpd writes when it starts serving a connection.
    var warnings: [String]

    /// Loads the key and certificate, reusing the context in `cache` while the files are
    /// unchanged. A file that is missing, unreadable, invalid, too weak or not matching makes
    /// TLS `.broken`: STARTTLS stays advertised and gets 454, as in Postfix.
    static func load(
        _ configuration: PostfixRuntimeConfiguration, sandbox: Sandbox, cache: TLSContextCache
    ) -> SMTPTLSSetup {
        guard configuration.smtpSettings.smtpdTLSSecurityLevel != .none else {
            return SMTPTLSSetup(availability: .off, context: nil, warnings: [])
        }
        guard let files = configuration.smtpdTLSFiles else {
            return SMTPTLSSetup(
                availability: .off, context: nil,
                warnings: ["warning: No server certs available. TLS won't be enabled"])
        }

        do throws(TLSContextError) {
            let certificate = try hostPath(files.certificate, role: .certificate, in: sandbox)
            let key = try hostPath(files.key, role: .privateKey, in: sandbox)
            let context = try cache.context(certificateFile: certificate, keyFile: key)
            return SMTPTLSSetup(availability: .available, context: context, warnings: [])
        } catch {
            let warnings = error.withPaths(certificate: files.certificate, key: files.key)
                .postfixWarnings
            // The session logs its `.broken` warning at every connection; the lines go out
            // once through `firstConnectionLogLines` instead, so this one stays empty.
            return SMTPTLSSetup(
                availability: .broken(warning: ""), context: nil, warnings: warnings)
        }
    }

    /// Resolves a sandbox path to the host file that OpenSSL reads. A file whose mode gives
    /// nobody read access counts as unreadable, because smtpd could not open it.
    private static func hostPath(_ path: String, role: TLSFileRole, in sandbox: Sandbox)
        throws(TLSContextError) -> String
    {
        let resolved: Sandbox.ResolvedPath
        do {
            resolved = try sandbox.resolve(path)
        } catch {
            throw .unreadableFile(role: role, path: path, reason: error.reason)
        }
        if let attributes = try? sandbox.attributes(of: path), attributes.mode & 0o444 == 0 {
            throw .unreadableFile(role: role, path: path, reason: "Permission denied")
        }
        return resolved.hostPath
    }
}

extension TLSContextError {
    /// The same error naming the sandbox paths, which the learner knows, instead of the host
    /// paths OpenSSL opened.
    func withPaths(certificate: String, key: String) -> TLSContextError {
        switch self {
        case .unreadableFile(let role, _, let reason):
            return .unreadableFile(
                role: role, path: role == .certificate ? certificate : key, reason: reason)
        case .invalidCertificate(_, let errors):
            return .invalidCertificate(path: certificate, openSSLErrors: errors)
        case .invalidPrivateKey(_, let errors):
            return .invalidPrivateKey(path: key, openSSLErrors: errors)
        case .keyTooSmall(_, let bits, let errors):
            return .keyTooSmall(path: key, bits: bits, openSSLErrors: errors)
        case .keyMismatch(_, _, let errors):
            return .keyMismatch(certificatePath: certificate, keyPath: key, openSSLErrors: errors)
        case .contextSetupFailed:
            return self
        }
    }
}
