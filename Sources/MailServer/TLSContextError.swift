/// The file of a TLS configuration that an error is about.
public enum TLSFileRole: String, Equatable, Sendable {
    case certificate
    case privateKey = "private key"
}

/// A failure to load a certificate and private key into a TLS context.
public enum TLSContextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is missing or cannot be read; `reason` is the system's error text.
    case unreadableFile(role: TLSFileRole, path: String, reason: String)
    /// The certificate file contains no PEM certificate that OpenSSL accepts.
    case invalidCertificate(path: String, openSSLErrors: [String])
    /// The key file contains no PEM private key that OpenSSL accepts, or the key is encrypted.
    case invalidPrivateKey(path: String, openSSLErrors: [String])
    /// OpenSSL's security level rejects the key: at level 2, RSA keys need 2048 bits.
    case keyTooSmall(path: String, bits: Int, openSSLErrors: [String])
    /// The private key is not the key of the certificate.
    case keyMismatch(certificatePath: String, keyPath: String, openSSLErrors: [String])
    /// OpenSSL could not create or set up the context itself.
    case contextSetupFailed(openSSLErrors: [String])

    /// OpenSSL's error lines, as `ERR_error_string_n` writes them.
    public var openSSLErrors: [String] {
        switch self {
        case .unreadableFile:
            return []
        case .invalidCertificate(_, let errors), .invalidPrivateKey(_, let errors),
            .keyTooSmall(_, _, let errors), .keyMismatch(_, _, let errors),
            .contextSetupFailed(let errors):
            return errors
        }
    }

    /// The file that Postfix names in its warning.
    public var path: String? {
        switch self {
        case .unreadableFile(_, let path, _), .invalidCertificate(let path, _),
            .invalidPrivateKey(let path, _), .keyTooSmall(let path, _, _):
            return path
        case .keyMismatch(_, let keyPath, _):
            return keyPath
        case .contextSetupFailed:
            return nil
        }
    }

    /// The lines Postfix 3.7's smtpd writes to the mail log for this failure, without the date
    /// and host prefix: one `TLS library problem` line per OpenSSL error (without the source
    /// file and line that Postfix appends), then the line that turns TLS off.
    public var postfixWarnings: [String] {
        var lines = openSSLErrors.map { "warning: TLS library problem: \($0)" }
        switch self {
        case .unreadableFile(.certificate, let path, _), .invalidCertificate(let path, _):
            lines.append(
                "warning: cannot get RSA certificate from file \"\(path)\": disabling TLS support")
        case .unreadableFile(.privateKey, let path, _), .invalidPrivateKey(let path, _),
            .keyTooSmall(let path, _, _), .keyMismatch(_, let path, _):
            lines.append(
                "warning: cannot get RSA private key from file \"\(path)\": disabling TLS support")
        case .contextSetupFailed:
            lines.append("warning: cannot allocate server SSL_CTX: disabling TLS support")
        }
        return lines
    }

    public var description: String {
        let details = openSSLErrors.isEmpty ? "" : " (\(openSSLErrors.joined(separator: "; ")))"
        switch self {
        case .unreadableFile(let role, let path, let reason):
            return "cannot read the \(role.rawValue) file \(path): \(reason)"
        case .invalidCertificate(let path, _):
            return "no valid PEM certificate in \(path)\(details)"
        case .invalidPrivateKey(let path, _):
            return "no valid unencrypted PEM private key in \(path)\(details)"
        case .keyTooSmall(let path, let bits, _):
            return "the \(bits)-bit key in \(path) is too small; use an RSA key of at least"
                + " 2048 bits\(details)"
        case .keyMismatch(let certificatePath, let keyPath, _):
            return "the private key in \(keyPath) does not match the certificate in"
                + " \(certificatePath)\(details)"
        case .contextSetupFailed:
            return "OpenSSL could not set up a TLS server context\(details)"
        }
    }
}
