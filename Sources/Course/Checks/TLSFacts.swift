import COpenSSL
import Foundation
import LabSystem

/// The sandbox facts that the TLS check kinds read, stored in `SandboxFacts.values` under
/// keys that start with `tls.`, `mode.`, `maincf.` and `maillog.`.
public enum TLSFacts {
    /// The state of a key or certificate file as OpenSSL loaded it.
    public enum FileState: String, Sendable {
        case missing, invalid, ok
    }

    /// Returns the key that stores the state of the private key at `path`:
    /// `missing`, `invalid` or `ok:<bits>`.
    static func keyFact(_ path: String) -> String { "tls.key." + path }
    /// `missing`, `invalid`, `expired` or `ok`.
    static func certificateFact(_ path: String) -> String { "tls.certificate." + path }
    /// `match` or `mismatch`, only when both files are valid.
    static func pairFact(key: String, certificate: String) -> String {
        "tls.pair." + key + "|" + certificate
    }
    /// Returns the key that stores a file's permission bits in octal (`400`).
    static func modeFact(_ path: String) -> String { "mode." + path }
    /// The value Postfix reads for a `main.cf` parameter; absent when main.cf does not set it.
    static func mainCFFact(_ name: String) -> String { "maincf." + name }
    /// The TLS warnings of `/var/log/maillog` since the last start or reload, one a line.
    static let maillogWarningsFact = "maillog.tls_warnings"

    /// Reads what the TLS checks of `lesson` need from `sandbox`.
    public static func values(sandbox: Sandbox, lesson: Lesson) -> [String: String] {
        var values: [String: String] = [:]
        let mainCF = (try? sandbox.readFile(PostfixRuntimeConfiguration.mainCFPath)).flatMap {
            try? PostfixMainCF(bytes: $0)
        }
        for check in lesson.checks {
            guard let kind = TLSCheckKind(rawValue: check.kind) else { continue }
            switch kind {
            case .keyCertificate:
                let key = check.parameters["key"] ?? ""
                let certificate = check.parameters["certificate"] ?? ""
                values.merge(pairValues(key: key, certificate: certificate, sandbox: sandbox)) {
                    _, new in new
                }
            case .fileMode:
                for path in TLSCheckKind.list(check.parameters["paths"]) {
                    if let attributes = try? sandbox.attributes(of: path) {
                        values[modeFact(path)] = String(attributes.mode & 0o7777, radix: 8)
                    }
                }
            case .mainCFValues:
                let explicit = Set(mainCF?.explicitlySet ?? [])
                for name in check.parameters.keys where explicit.contains(name) {
                    if let value = mainCF?.rawValue(of: name) {
                        values[mainCFFact(name)] = value
                    }
                }
            case .restartedWithoutTLSWarning:
                values[maillogWarningsFact] = maillogTLSWarnings(sandbox: sandbox)
            default:
                break
            }
        }
        return values
    }

    /// Returns the TLS warnings that Postfix logged after its last start or reload.
    static func maillogTLSWarnings(sandbox: Sandbox) -> String {
        // NOTE: this reads the whole log at every grading; a log grown large by load tests
        // makes grading slower in proportion.
        let text = String(
            decoding: (try? sandbox.readFile(MailLog.defaultPath)) ?? [], as: UTF8.self)
        var warnings: [String] = []
        for line in text.split(separator: "\n") {
            if line.contains("postfix/master"),
                line.contains("daemon started") || line.contains("reload --")
            {
                warnings = []
            } else if line.contains("warning:"), isTLSWarning(line) {
                warnings.append(String(line))
            }
        }
        return warnings.joined(separator: "\n")
    }

    static func isTLSWarning(_ line: Substring) -> Bool {
        let lowered = line.lowercased()
        return ["tls", "certificate", "private key", "cert file", "key file"].contains {
            lowered.contains($0)
        }
    }

    /// Loads the key and the certificate with OpenSSL and records their states and whether
    /// the certificate's public key belongs to the private key.
    static func pairValues(key: String, certificate: String, sandbox: Sandbox) -> [String: String] {
        var values: [String: String] = [:]
        let keyBytes = try? sandbox.readFile(key)
        let certificateBytes = try? sandbox.readFile(certificate)
        let privateKey = keyBytes.flatMap(loadPrivateKey)
        let x509 = certificateBytes.flatMap(loadCertificate)
        defer {
            if let privateKey { EVP_PKEY_free(privateKey) }
            if let x509 { X509_free(x509) }
        }

        if keyBytes == nil {
            values[keyFact(key)] = FileState.missing.rawValue
        } else if let privateKey {
            values[keyFact(key)] = "ok:\(EVP_PKEY_get_bits(privateKey))"
        } else {
            values[keyFact(key)] = FileState.invalid.rawValue
        }

        if certificateBytes == nil {
            values[certificateFact(certificate)] = FileState.missing.rawValue
        } else if let x509 {
            let expired = X509_cmp_current_time(X509_getm_notAfter(x509)) < 0
            values[certificateFact(certificate)] = expired ? "expired" : FileState.ok.rawValue
        } else {
            values[certificateFact(certificate)] = FileState.invalid.rawValue
        }

        if let privateKey, let x509 {
            let matches = X509_check_private_key(x509, privateKey) == 1
            values[pairFact(key: key, certificate: certificate)] = matches ? "match" : "mismatch"
        }
        ERR_clear_error()
        return values
    }

    private static func loadPrivateKey(_ bytes: [UInt8]) -> OpaquePointer? {
        withMemoryBIO(bytes) { PEM_read_bio_PrivateKey($0, nil, nil, nil) }
    }

    private static func loadCertificate(_ bytes: [UInt8]) -> OpaquePointer? {
        withMemoryBIO(bytes) { PEM_read_bio_X509($0, nil, nil, nil) }
    }

    private static func withMemoryBIO(
        _ bytes: [UInt8], _ body: (OpaquePointer) -> OpaquePointer?
    ) -> OpaquePointer? {
        bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return nil
            }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }
}
