import COpenSSL
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The client side of TLS over a TCP socket that is already connected, for `openssl
/// s_client` and `swaks -tls`. The peer's certificate is checked, but as in `openssl
/// s_client` a failed check does not stop the handshake: `verificationSteps` and
/// `verifyResult` report it.
///
/// The connection puts the socket in non-blocking mode and waits with `poll`, so one thread
/// may read while another writes. It does not close the descriptor: the caller does, after
/// the connection is released.
public final class TLSClientConnection: @unchecked Sendable {
    public let descriptor: Int32
    private let context: OpaquePointer
    private let ssl: OpaquePointer
    /// Guards every call on `ssl`, because an `SSL` object is not safe for concurrent use.
    private let lock = NSLock()
    private var steps: [TLSVerificationStep] = []  // lock

    /// Prepares TLS on `descriptor`. `serverName` goes out as SNI when given.
    public init(descriptor: Int32, serverName: String? = nil) throws(TLSClientError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw .setupFailed(openSSLErrors: OpenSSLErrorText.drain())
        }
        // Set before SSL_new, which copies the context's settings.
        _ = copenssl_ctx_set_min_proto_version(context, copenssl_tls1_2_version())
        // A server that closes TCP without close_notify has ended the session all the same.
        SSL_CTX_set_options(context, copenssl_op_ignore_unexpected_eof())
        guard let ssl = SSL_new(context) else {
            SSL_CTX_free(context)
            throw .setupFailed(openSSLErrors: OpenSSLErrorText.drain())
        }
        self.descriptor = descriptor
        self.context = context
        self.ssl = ssl
        SSL_set_verify(ssl, SSL_VERIFY_NONE, tlsClientVerifyCallback)
        _ = copenssl_set_app_data(ssl, Unmanaged.passUnretained(self).toOpaque())
        if let serverName { _ = copenssl_set_tlsext_host_name(ssl, serverName) }
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
        SSL_set_fd(ssl, descriptor)
        SSL_set_connect_state(ssl)
    }

    deinit {
        SSL_free(ssl)
        SSL_CTX_free(context)
    }

    /// Runs the TLS handshake, waiting at most `timeout` seconds for the server.
    public func handshake(timeout: Double = 30) throws(TLSClientError) {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let outcome = locked { () -> (Int32, Int32) in
                ERR_clear_error()
                let result = SSL_do_handshake(ssl)
                return (result, result == 1 ? 0 : SSL_get_error(ssl, result))
            }
            if outcome.0 == 1 { return }
            switch outcome.1 {
            case SSL_ERROR_WANT_READ:
                try wait(for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE:
                try wait(for: Int16(POLLOUT), until: deadline)
            default:
                throw .handshakeFailed(openSSLErrors: OpenSSLErrorText.drain())
            }
        }
    }

    /// Returns the next plaintext bytes, at most `maximumCount`, or an empty array when the
    /// server closed the connection (with or without close_notify). `timeout` nil waits
    /// for as long as it takes.
    public func read(maximumCount: Int = 16_384, timeout: Double? = nil) throws(TLSClientError)
        -> [UInt8]
    {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        var buffer = [UInt8](repeating: 0, count: maximumCount)
        while true {
            let outcome = locked { () -> (Int32, Int32) in
                ERR_clear_error()
                let result = buffer.withUnsafeMutableBytes {
                    SSL_read(ssl, $0.baseAddress, Int32($0.count))
                }
                return (result, result > 0 ? 0 : SSL_get_error(ssl, result))
            }
            if outcome.0 > 0 { return Array(buffer[..<Int(outcome.0)]) }
            switch outcome.1 {
            case SSL_ERROR_WANT_READ:
                try wait(for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE:
                try wait(for: Int16(POLLOUT), until: deadline)
            case SSL_ERROR_ZERO_RETURN:
                return []
            case SSL_ERROR_SYSCALL where ERR_peek_error() == 0:
                return []
            default:
                throw .ioFailed(openSSLErrors: OpenSSLErrorText.drain())
            }
        }
    }

    /// Sends all of `bytes`, waiting at most `timeout` seconds for room in the socket.
    public func write(_ bytes: [UInt8], timeout: Double = 30) throws(TLSClientError) {
        let deadline = Date().addingTimeInterval(timeout)
        var offset = 0
        while offset < bytes.count {
            let outcome = locked { () -> (Int32, Int32) in
                ERR_clear_error()
                let result = bytes[offset...].withUnsafeBytes {
                    SSL_write(ssl, $0.baseAddress, Int32($0.count))
                }
                return (result, result > 0 ? 0 : SSL_get_error(ssl, result))
            }
            if outcome.0 > 0 {
                offset += Int(outcome.0)
                continue
            }
            switch outcome.1 {
            case SSL_ERROR_WANT_READ:
                try wait(for: Int16(POLLIN), until: deadline)
            case SSL_ERROR_WANT_WRITE:
                try wait(for: Int16(POLLOUT), until: deadline)
            default:
                throw .ioFailed(openSSLErrors: OpenSSLErrorText.drain())
            }
        }
    }

    /// Sends close_notify without waiting for the server's.
    public func sendCloseNotify() {
        locked {
            ERR_clear_error()
            _ = SSL_shutdown(ssl)
            ERR_clear_error()
        }
    }

    /// Asks for a renegotiation, as `R` in `openssl s_client` does. Returns `false` when the
    /// protocol has none, which is the case of TLS 1.3.
    public func renegotiate() -> Bool {
        locked {
            ERR_clear_error()
            let accepted = SSL_renegotiate(ssl) == 1
            ERR_clear_error()
            return accepted
        }
    }

    /// The protocol version, such as `TLSv1.3`.
    public var protocolVersion: String {
        locked { String(cString: SSL_get_version(ssl)) }
    }

    /// The cipher suite with its secret and algorithm bits, as Postfix logs it.
    public var cipher: (name: String, secretBits: Int, algorithmBits: Int) {
        locked {
            guard let cipher = SSL_get_current_cipher(ssl) else { return ("(NONE)", 0, 0) }
            var algorithmBits: Int32 = 0
            let secretBits = SSL_CIPHER_get_bits(cipher, &algorithmBits)
            return (
                String(cString: SSL_CIPHER_get_name(cipher)), Int(secretBits), Int(algorithmBits)
            )
        }
    }

    /// The certificates the server sent, its own first.
    public var peerCertificates: [X509Certificate] {
        locked {
            guard let chain = SSL_get_peer_cert_chain(ssl) else { return [] }
            return (0..<OPENSSL_sk_num(chain)).compactMap { index in
                guard let raw = OPENSSL_sk_value(chain, index) else { return nil }
                return X509Certificate(borrowing: OpaquePointer(raw))
            }
        }
    }

    /// The result of the certificate check: 0 (`X509_V_OK`) or an `X509_V_ERR_*` code.
    public var verifyResult: Int {
        locked { Int(SSL_get_verify_result(ssl)) }
    }

    /// The calls of the certificate check, in order, as `openssl s_client` prints them.
    public var verificationSteps: [TLSVerificationStep] {
        locked { steps }
    }

    /// Bytes read and written on the socket so far, TLS records included.
    public var byteCounts: (read: Int, written: Int) {
        locked {
            (
                Int(BIO_number_read(SSL_get_rbio(ssl))),
                Int(BIO_number_written(SSL_get_wbio(ssl)))
            )
        }
    }

    /// The server's signature and key exchange, as `openssl s_client` prints them. The parts
    /// are the digest (`SHA256`), the signature type (`RSA-PSS`) and the ephemeral key
    /// (`X25519, 253 bits`), each nil when the server did not use it.
    public var keyExchange: (digest: String?, signatureType: String?, temporaryKey: String?) {
        locked {
            var digestNID: Int32 = 0
            var typeNID: Int32 = 0
            var digest: String?
            var signatureType: String?
            if copenssl_get_peer_signature_nid(ssl, &digestNID) == 1 {
                digest = String(cString: OBJ_nid2sn(digestNID))
            }
            if copenssl_get_peer_signature_type_nid(ssl, &typeNID) == 1 {
                signatureType = Self.signatureTypeName(typeNID)
            }
            var key: OpaquePointer?
            var temporaryKey: String?
            if copenssl_get_peer_tmp_key(ssl, &key) == 1, let key {
                temporaryKey = Self.temporaryKeyDescription(key)
                EVP_PKEY_free(key)
            }
            return (digest, signatureType, temporaryKey)
        }
    }

    private static func signatureTypeName(_ nid: Int32) -> String {
        switch nid {
        case EVP_PKEY_RSA: return "RSA"
        case EVP_PKEY_RSA_PSS: return "RSA-PSS"
        case EVP_PKEY_EC: return "ECDSA"
        case EVP_PKEY_ED25519: return "Ed25519"
        case EVP_PKEY_ED448: return "Ed448"
        default: return String(cString: OBJ_nid2sn(nid))
        }
    }

    private static func temporaryKeyDescription(_ key: OpaquePointer) -> String {
        let bits = EVP_PKEY_get_bits(key)
        switch EVP_PKEY_get_id(key) {
        case EVP_PKEY_DH:
            return "DH, \(bits) bits"
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 80)
            var length = 0
            _ = EVP_PKEY_get_group_name(key, &name, name.count, &length)
            return "ECDH, \(String(cString: name)), \(bits) bits"
        default:
            return "\(String(cString: OBJ_nid2sn(EVP_PKEY_get_id(key)))), \(bits) bits"
        }
    }

    fileprivate func record(_ step: TLSVerificationStep) {
        // Runs inside SSL_do_handshake, so the lock is already held by this thread.
        steps.append(step)
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    private func wait(for events: Int16, until deadline: Date?) throws(TLSClientError) {
        while true {
            var descriptorEvents = pollfd(fd: descriptor, events: events, revents: 0)
            var milliseconds: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { throw .timedOut }
                milliseconds = Int32(min(left * 1000 + 1, Double(Int32.max)))
            }
            let ready = poll(&descriptorEvents, 1, milliseconds)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { throw .ioFailed(openSSLErrors: [String(cString: strerror(errno))]) }
            if ready == 0 { throw .timedOut }
            return
        }
    }
}

/// One call of the certificate check: the certificate at `depth` of the chain, and the error
/// found there, if any.
public struct TLSVerificationStep: Equatable, Sendable {
    public var depth: Int
    /// The certificate's subject in OpenSSL's one-line form (`CN = lab.example.jp`).
    public var subject: String
    /// 0 when this call found no error, or the `X509_V_ERR_*` code.
    public var error: Int
    /// OpenSSL's text for `error` (`self-signed certificate`).
    public var errorText: String
}

/// A failure of the lab's TLS client.
public enum TLSClientError: Error, Equatable, Sendable, CustomStringConvertible {
    case setupFailed(openSSLErrors: [String])
    /// The handshake failed; the lines are OpenSSL's, as `ERR_print_errors` writes them.
    case handshakeFailed(openSSLErrors: [String])
    /// Reading or writing failed after the handshake.
    case ioFailed(openSSLErrors: [String])
    /// The server sent nothing within the time allowed.
    case timedOut

    public var openSSLErrors: [String] {
        switch self {
        case .setupFailed(let lines), .handshakeFailed(let lines), .ioFailed(let lines):
            return lines
        case .timedOut:
            return []
        }
    }

    public var description: String {
        switch self {
        case .setupFailed(let lines):
            return "TLS setup failed: " + lines.joined(separator: "; ")
        case .handshakeFailed(let lines):
            return "TLS handshake failed: " + lines.joined(separator: "; ")
        case .ioFailed(let lines):
            return "TLS read or write failed: " + lines.joined(separator: "; ")
        case .timedOut:
            return "timed out waiting for the server"
        }
    }
}

/// Records each call of the certificate check and, as `openssl s_client` does by default,
/// accepts the certificate whatever the outcome.
private func tlsClientVerifyCallback(
    _ preverified: Int32, _ store: OpaquePointer?
) -> Int32 {
    guard let store,
        let sslPointer = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
        let owner = copenssl_get_app_data(OpaquePointer(sslPointer))
    else { return 1 }
    let connection = Unmanaged<TLSClientConnection>.fromOpaque(owner).takeUnretainedValue()
    let error = preverified == 1 ? 0 : X509_STORE_CTX_get_error(store)
    let certificate = X509_STORE_CTX_get_current_cert(store)
    let subject = certificate.map { X509Certificate.oneLine(X509_get_subject_name($0)) } ?? ""
    connection.record(
        TLSVerificationStep(
            depth: Int(X509_STORE_CTX_get_error_depth(store)), subject: subject,
            error: Int(error),
            errorText: String(cString: X509_verify_cert_error_string(Int(error)))))
    return 1
}

/// OpenSSL's error queue of the current thread as text.
enum OpenSSLErrorText {
    /// Removes the queued errors and returns them as `ERR_print_errors` prints them, one line
    /// each (`40E7…:error:0A00010B:SSL routines:…`).
    static func drain() -> [String] {
        guard let bio = BIO_new(BIO_s_mem()) else {
            ERR_clear_error()
            return []
        }
        defer { BIO_free(bio) }
        ERR_print_errors(bio)
        return memoryBIOText(bio).split(separator: "\n").map(String.init)
    }
}

/// Returns the bytes written to a memory BIO as text.
func memoryBIOText(_ bio: OpaquePointer) -> String {
    String(decoding: memoryBIOBytes(bio), as: UTF8.self)
}

func memoryBIOBytes(_ bio: OpaquePointer) -> [UInt8] {
    var data: UnsafeMutablePointer<CChar>?
    let length = copenssl_bio_get_mem_data(bio, &data)
    guard let data, length > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
}
