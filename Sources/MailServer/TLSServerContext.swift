import COpenSSL
import Glibc

/// An OpenSSL server context loaded from a PEM certificate (with its chain) and a PEM private
/// key. Create one per configuration and share it: every TLS connection of that configuration
/// uses this one `SSL_CTX`, which keeps the session cache warm and the handshake fast.
public final class TLSServerContext: @unchecked Sendable {
    public let certificateFile: String
    public let keyFile: String
    /// Bits of the loaded private key.
    public let keyBits: Int
    /// The `SSL_CTX`. OpenSSL's contexts may be shared across threads once set up.
    let context: OpaquePointer

    /// Loads the certificate and key. `keyFile` may be the certificate file itself when that
    /// file contains both, as Courier's `imapd.pem` does. TLS 1.2 and 1.3 are enabled.
    ///
    /// `securityLevel` is OpenSSL's: level 2, the default of OpenSSL 3.2 and of Debian 12's
    /// configuration, rejects RSA keys shorter than 2048 bits.
    public init(certificateFile: String, keyFile: String, securityLevel: Int32 = 2)
        throws(TLSContextError)
    {
        OpenSSLErrorQueue.clear()
        let certificatePEM = try Self.read(certificateFile, role: .certificate)
        let keyPEM = try Self.read(keyFile, role: .privateKey)
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw .contextSetupFailed(openSSLErrors: OpenSSLErrorQueue.drainLines())
        }
        do {
            try Self.configure(context, securityLevel: securityLevel)
            let key = try Self.parsePrivateKey(keyPEM, path: keyFile)
            defer { EVP_PKEY_free(key) }
            keyBits = Int(EVP_PKEY_get_bits(key))
            try Self.useCertificateChain(
                certificatePEM, path: certificateFile, keyPath: keyFile, keyBits: keyBits,
                context: context)
            try Self.use(
                key, context: context, certificatePath: certificateFile, keyPath: keyFile,
                keyBits: keyBits)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        self.certificateFile = certificateFile
        self.keyFile = keyFile
        self.context = context
    }

    deinit {
        SSL_CTX_free(context)
    }

    private static func read(_ path: String, role: TLSFileRole) throws(TLSContextError) -> [UInt8] {
        switch readFileBytes(atPath: path) {
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            throw .unreadableFile(role: role, path: path, reason: failure.reason)
        }
    }

    private static func configure(_ context: OpaquePointer, securityLevel: Int32)
        throws(TLSContextError)
    {
        guard copenssl_ctx_set_min_proto_version(context, copenssl_tls1_2_version()) == 1 else {
            throw .contextSetupFailed(openSSLErrors: OpenSSLErrorQueue.drainLines())
        }
        SSL_CTX_set_security_level(context, securityLevel)
        // Idle connections give their read and write buffers back; writes may be partial.
        _ = copenssl_ctx_set_mode(
            context,
            copenssl_mode_release_buffers() | copenssl_mode_enable_partial_write()
                | copenssl_mode_accept_moving_write_buffer())
    }

    private static func parsePrivateKey(_ pem: [UInt8], path: String) throws(TLSContextError)
        -> OpaquePointer
    {
        let key = withMemoryBIO(pem) { bio in
            // A key protected by a passphrase fails here instead of prompting on the terminal.
            PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let key else {
            throw .invalidPrivateKey(path: path, openSSLErrors: OpenSSLErrorQueue.drainLines())
        }
        return key
    }

    private static func useCertificateChain(
        _ pem: [UInt8], path: String, keyPath: String, keyBits: Int, context: OpaquePointer
    ) throws(TLSContextError) {
        let result: Result<Void, TLSContextError> = withMemoryBIO(pem) { bio in
            guard let leaf = PEM_read_bio_X509(bio, nil, nil, nil) else {
                return .failure(
                    .invalidCertificate(path: path, openSSLErrors: OpenSSLErrorQueue.drainLines()))
            }
            defer { X509_free(leaf) }
            guard SSL_CTX_use_certificate(context, leaf) == 1 else {
                let errors = OpenSSLErrorQueue.drain()
                let lines = errors.map(\.line)
                if errors.contains(where: { $0.reason == SSL_R_EE_KEY_TOO_SMALL }) {
                    return .failure(
                        .keyTooSmall(path: keyPath, bits: keyBits, openSSLErrors: lines))
                }
                return .failure(.invalidCertificate(path: path, openSSLErrors: lines))
            }
            // Further certificates in the file form the chain sent to clients.
            while let intermediate = PEM_read_bio_X509(bio, nil, nil, nil) {
                let pointer = UnsafeMutableRawPointer(intermediate)
                // SSL_CTX_add0_chain_cert, a macro; it takes ownership on success.
                if SSL_CTX_ctrl(context, SSL_CTRL_CHAIN_CERT, 0, pointer) != 1 {
                    X509_free(intermediate)
                    return .failure(
                        .invalidCertificate(
                            path: path, openSSLErrors: OpenSSLErrorQueue.drainLines()))
                }
            }
            // The loop ends on "no start line", which is not an error.
            OpenSSLErrorQueue.clear()
            return .success(())
        }
        try result.get()
    }

    private static func use(
        _ key: OpaquePointer, context: OpaquePointer, certificatePath: String, keyPath: String,
        keyBits: Int
    ) throws(TLSContextError) {
        guard SSL_CTX_use_PrivateKey(context, key) == 1, SSL_CTX_check_private_key(context) == 1
        else {
            let errors = OpenSSLErrorQueue.drain()
            let lines = errors.map(\.line)
            if errors.contains(where: { $0.reason == SSL_R_EE_KEY_TOO_SMALL }) {
                throw .keyTooSmall(path: keyPath, bits: keyBits, openSSLErrors: lines)
            }
            throw .keyMismatch(
                certificatePath: certificatePath, keyPath: keyPath, openSSLErrors: lines)
        }
    }
}

/// Calls `body` with a read-only memory BIO over `bytes`.
private func withMemoryBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T {
    bytes.withUnsafeBytes { buffer in
        let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count))!
        defer { BIO_free(bio) }
        return body(bio)
    }
}
