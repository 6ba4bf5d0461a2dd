import COpenSSL
import Foundation

/// Starts swaks's TLS with the lab shell's `TLSClientConnection`.
public struct LabTLSStarter: SMTPClientTLSStarter {
    public init() {}

    public func startTLS(descriptor: Int32, serverName: String)
        -> Result<any SMTPClientTLSSession, SMTPClientTLSError>
    {
        do {
            let connection = try TLSClientConnection(descriptor: descriptor, serverName: serverName)
            try connection.handshake()
            return .success(SwaksTLSSession(connection: connection))
        } catch {
            return .failure(SMTPClientTLSError(message: LabTLSStarter.swaksText(of: error)))
        }
    }

    /// Returns the error as swaks prints it after a failed handshake:
    /// `connect(): error:0A00010B:SSL routines::wrong version number`.
    static func swaksText(of error: TLSClientError) -> String {
        guard let line = error.openSSLErrors.first, let start = line.range(of: "error:") else {
            return "connect(): \(error)"
        }
        // ERR_print_errors writes `pid:error:CODE:LIBRARY:FUNCTION:REASON:FILE:LINE:`;
        // ERR_error_string, which swaks uses, leaves the function out.
        let fields = line[start.upperBound...].split(
            separator: ":", omittingEmptySubsequences: false)
        guard fields.count >= 4 else { return "connect(): " + String(line[start.lowerBound...]) }
        return "connect(): error:\(fields[0]):\(fields[1])::\(fields[3])"
    }
}

/// A swaks TLS session over `TLSClientConnection`.
final class SwaksTLSSession: SMTPClientTLSSession {
    let connection: TLSClientConnection

    init(connection: TLSClientConnection) {
        self.connection = connection
    }

    func send(_ bytes: [UInt8]) -> Bool {
        do {
            try connection.write(bytes)
            return true
        } catch {
            return false
        }
    }

    func receive(timeout: Double) -> [UInt8]? {
        do {
            return try connection.read(timeout: timeout)
        } catch {
            return nil
        }
    }

    var cipherDescription: String {
        let cipher = connection.cipher
        return "\(connection.protocolVersion):\(cipher.name):\(cipher.secretBits)"
    }

    /// The subject as `X509_NAME_oneline` writes it (`/C=JP/O=Lab/CN=lab.example.jp`), the
    /// form Net::SSLeay gives swaks.
    var peerSubject: String? {
        guard let certificate = connection.peerCertificates.first else { return nil }
        var buffer = [CChar](repeating: 0, count: 1024)
        let name = X509_get_subject_name(certificate.certificate)
        _ = buffer.withUnsafeMutableBufferPointer {
            X509_NAME_oneline(name, $0.baseAddress, Int32($0.count))
        }
        return String(
            decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
