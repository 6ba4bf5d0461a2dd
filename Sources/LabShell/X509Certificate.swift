import COpenSSL

/// An X.509 certificate held through OpenSSL, with the views that `openssl x509` and
/// `openssl s_client` print.
public final class X509Certificate: @unchecked Sendable {
    /// The `X509`, owned: this object holds one reference.
    let certificate: OpaquePointer

    /// Takes an extra reference to `certificate`, which stays owned by its caller too.
    init(borrowing certificate: OpaquePointer) {
        X509_up_ref(certificate)
        self.certificate = certificate
    }

    /// Takes over the caller's reference to `certificate`.
    init(owning certificate: OpaquePointer) {
        self.certificate = certificate
    }

    /// Parses the first PEM certificate in `pem`; nil when there is none.
    public convenience init?(pem: [UInt8]) {
        let parsed = pem.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return nil
            }
            defer { BIO_free(bio) }
            return PEM_read_bio_X509(bio, nil, nil, nil)
        }
        guard let parsed else { return nil }
        self.init(owning: parsed)
    }

    deinit {
        X509_free(certificate)
    }

    /// The certificate in PEM, with its BEGIN and END lines and a final newline.
    public var pem: String {
        withBIO { PEM_write_bio_X509($0, certificate) }
    }

    /// The subject in OpenSSL 3's default one-line form: `C = JP, ST = Tokyo, CN = lab`.
    public var subject: String { Self.oneLine(X509_get_subject_name(certificate)) }

    public var issuer: String { Self.oneLine(X509_get_issuer_name(certificate)) }

    /// The start of the validity period as OpenSSL prints it: `Dec  4 15:00:00 2026 GMT`.
    public var notBefore: String {
        withBIO { ASN1_TIME_print($0, X509_get0_notBefore(certificate)) }
    }

    public var notAfter: String {
        withBIO { ASN1_TIME_print($0, X509_get0_notAfter(certificate)) }
    }

    /// The whole decoded certificate, as `openssl x509 -noout -text` prints it.
    public var text: String {
        withBIO { X509_print_ex($0, certificate, copenssl_xn_flag_oneline(), 0) }
    }

    /// The SHA-1 (or SHA-256) fingerprint in upper-case hex pairs joined by colons, as
    /// `openssl x509 -fingerprint` prints it; OpenSSL 3.0 uses SHA-1 by default.
    public func fingerprint(sha256: Bool = false) -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let algorithm = sha256 ? EVP_sha256() : EVP_sha1()
        guard X509_digest(certificate, algorithm, &digest, &length) == 1 else { return "" }
        return digest[..<Int(length)].map { byte in
            let hex = String(byte, radix: 16, uppercase: true)
            return byte < 16 ? "0" + hex : hex
        }.joined(separator: ":")
    }

    /// The serial number in upper-case hex, as `openssl x509 -serial` prints it.
    public var serialHex: String {
        guard let number = ASN1_INTEGER_to_BN(X509_get_serialNumber(certificate), nil),
            let hex = BN_bn2hex(number)
        else { return "" }
        defer {
            BN_free(number)
            copenssl_free(hex)
        }
        return String(cString: hex)
    }

    /// The public key as `s_client` describes it: `rsaEncryption, 2048 (bit)`.
    public var publicKeySummary: String {
        guard let key = X509_get0_pubkey(certificate) else { return "unknown" }
        let nid = EVP_PKEY_get_base_id(key)
        let name = nid == EVP_PKEY_RSA ? "rsaEncryption" : String(cString: OBJ_nid2ln(nid))
        return "\(name), \(EVP_PKEY_get_bits(key)) (bit)"
    }

    /// The bits of the public key.
    public var publicKeyBits: Int {
        guard let key = X509_get0_pubkey(certificate) else { return 0 }
        return Int(EVP_PKEY_get_bits(key))
    }

    /// The signature algorithm as `s_client` names it: `RSA-SHA256`.
    public var signatureAlgorithmName: String {
        let nid = X509_get_signature_nid(certificate)
        guard nid != NID_undef else { return "unknown" }
        return String(cString: OBJ_nid2sn(nid))
    }

    static func oneLine(_ name: OpaquePointer?) -> String {
        guard let name else { return "" }
        let bio = BIO_new(BIO_s_mem())!
        defer { BIO_free(bio) }
        X509_NAME_print_ex(bio, name, 0, copenssl_xn_flag_oneline())
        return memoryBIOText(bio)
    }

    private func withBIO(_ body: (OpaquePointer) -> Int32) -> String {
        let bio = BIO_new(BIO_s_mem())!
        defer { BIO_free(bio) }
        _ = body(bio)
        return memoryBIOText(bio)
    }
}
