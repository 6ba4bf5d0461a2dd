import COpenSSL
import MailProtocol

/// The server side of one TLS connection. OpenSSL reads and writes two memory BIOs, and the
/// connection moves the ciphertext between them and the socket, so every byte on the wire
/// passes through the connection's own reads and writes.
final class TLSStream {
    enum HandshakeResult {
        case established(TLSInfo)
        /// More ciphertext from the client is needed.
        case inProgress
        case failed(reason: String)
    }

    enum ReadResult {
        /// `count` bytes of plaintext are in the buffer.
        case plaintext(count: Int)
        /// All buffered ciphertext has been decrypted.
        case needMoreCiphertext
        /// The client sent close_notify.
        case closedByPeer
        case failed(reason: String)
    }

    private let ssl: OpaquePointer
    private let readBIO: OpaquePointer
    private let writeBIO: OpaquePointer

    init?(context: TLSServerContext) {
        guard let ssl = SSL_new(context.context) else { return nil }
        guard let readBIO = BIO_new(BIO_s_mem()), let writeBIO = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            return nil
        }
        // SSL_free frees both BIOs.
        SSL_set_bio(ssl, readBIO, writeBIO)
        SSL_set_accept_state(ssl)
        self.ssl = ssl
        self.readBIO = readBIO
        self.writeBIO = writeBIO
    }

    deinit {
        SSL_free(ssl)
    }

    /// Hands ciphertext read from the socket to OpenSSL.
    func receiveCiphertext(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        _ = BIO_write(readBIO, bytes.baseAddress, Int32(bytes.count))
    }

    /// Moves the ciphertext OpenSSL produced into `output`.
    func takeCiphertext(into output: inout [UInt8]) {
        let pending = Int(BIO_ctrl_pending(writeBIO))
        guard pending > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: pending))
        let read = output.withUnsafeMutableBytes { buffer in
            BIO_read(writeBIO, buffer.baseAddress! + start, Int32(pending))
        }
        output.removeLast(pending - max(0, Int(read)))
    }

    func handshake() -> HandshakeResult {
        OpenSSLErrorQueue.clear()
        let result = SSL_do_handshake(ssl)
        if result == 1 {
            return .established(info())
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .inProgress
        default:
            return .failed(reason: failureReason(default: "TLS handshake failed"))
        }
    }

    /// Decrypts buffered ciphertext into `buffer`.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> ReadResult {
        OpenSSLErrorQueue.clear()
        let result = SSL_read(ssl, buffer.baseAddress, Int32(buffer.count))
        if result > 0 {
            return .plaintext(count: Int(result))
        }
        switch SSL_get_error(ssl, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            return .needMoreCiphertext
        case SSL_ERROR_ZERO_RETURN:
            return .closedByPeer
        default:
            return .failed(reason: failureReason(default: "TLS read failed"))
        }
    }

    /// Encrypts `plaintext`; the records wait in the write BIO for `takeCiphertext`.
    func write(_ plaintext: [UInt8]) -> Bool {
        guard !plaintext.isEmpty else { return true }
        OpenSSLErrorQueue.clear()
        var offset = 0
        while offset < plaintext.count {
            let written = plaintext.withUnsafeBytes { buffer in
                SSL_write(ssl, buffer.baseAddress! + offset, Int32(buffer.count - offset))
            }
            guard written > 0 else { return false }
            offset += Int(written)
        }
        return true
    }

    /// Queues a close_notify alert.
    func shutdown() {
        OpenSSLErrorQueue.clear()
        _ = SSL_shutdown(ssl)
        OpenSSLErrorQueue.clear()
    }

    private func info() -> TLSInfo {
        let version = String(cString: SSL_get_version(ssl))
        let cipher = SSL_get_current_cipher(ssl)
        let name = cipher.map { String(cString: SSL_CIPHER_get_name($0)) } ?? ""
        var algorithmBits: Int32 = 0
        let secretBits = cipher.map { SSL_CIPHER_get_bits($0, &algorithmBits) } ?? 0
        return TLSInfo(
            version: version, cipher: name, secretBits: Int(secretBits),
            algorithmBits: Int(algorithmBits))
    }

    private func failureReason(default text: String) -> String {
        let lines = OpenSSLErrorQueue.drainLines()
        return lines.isEmpty ? text : lines.joined(separator: "; ")
    }
}
