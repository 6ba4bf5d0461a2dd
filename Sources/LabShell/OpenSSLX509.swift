import COpenSSL
import LabSystem

/// `openssl x509 -in FILE [-noout] [-text] [-subject] [-issuer] [-dates] [-serial]
/// [-fingerprint [-sha1|-sha256]]`: prints what was asked, in the order of the options,
/// then the certificate itself unless `-noout`.
struct OpenSSLX509 {
    let context: CommandContext

    enum Part {
        case text, subject, issuer, dates, serial, fingerprint
    }

    func run(_ arguments: [String]) -> Int32 {
        var input: String?
        var output: String?
        var parts: [Part] = []
        var noout = false
        var sha256 = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-in", "-out":
                guard index + 1 < arguments.count else {
                    context.writeError("x509: Option \(argument) needs a value\n")
                    return 1
                }
                if argument == "-in" {
                    input = arguments[index + 1]
                } else {
                    output = arguments[index + 1]
                }
                index += 1
            case "-noout": noout = true
            case "-text": parts.append(.text)
            case "-subject": parts.append(.subject)
            case "-issuer": parts.append(.issuer)
            case "-dates": parts.append(.dates)
            case "-serial": parts.append(.serial)
            case "-fingerprint": parts.append(.fingerprint)
            case "-sha1": sha256 = false
            case "-sha256": sha256 = true
            default:
                context.writeError(
                    "x509: Unknown option: \(argument)\nx509: Use -help for summary.\n")
                return 1
            }
            index += 1
        }
        guard let input else {
            // NOTE: the real tool reads the certificate from standard input here.
            OpenSSLFiles(context: context).writeLabError(
                ja: "x509: 証明書のファイルを -in FILE で指定してください",
                en: "x509: name the certificate file with -in FILE")
            return 1
        }
        let files = OpenSSLFiles(context: context)
        guard let bytes = files.read(input, what: "certificate") else {
            context.writeError("Unable to load certificate\n")
            return 1
        }
        guard let certificate = X509Certificate(pem: bytes) else {
            context.writeError("Could not read certificate from \(input)\n")
            context.writeError(
                "\(OpenSSLFiles.threadPrefix):error:1608010C:STORE routines:"
                    + "ossl_store_handle_load_result:unsupported:"
                    + "../crypto/store/store_result.c:149:\n")
            context.writeError("Unable to load certificate\n")
            return 1
        }
        var printed = ""
        for part in parts {
            switch part {
            case .text: printed += certificate.text
            case .subject: printed += "subject=\(certificate.subject)\n"
            case .issuer: printed += "issuer=\(certificate.issuer)\n"
            case .dates:
                printed += "notBefore=\(certificate.notBefore)\nnotAfter=\(certificate.notAfter)\n"
            case .serial: printed += "serial=\(certificate.serialHex)\n"
            case .fingerprint:
                printed +=
                    sha256
                    ? "sha256 Fingerprint=\(certificate.fingerprint(sha256: true))\n"
                    : "SHA1 Fingerprint=\(certificate.fingerprint(sha256: false))\n"
            }
        }
        context.write(printed)
        guard !noout else { return 0 }
        return files.write(
            Array(certificate.pem.utf8), to: output, mode: Sandbox.defaultFileMode,
            program: "x509") ? 0 : 1
    }
}
