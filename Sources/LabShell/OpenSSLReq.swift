import COpenSSL
import Foundation
import LabSystem

/// `openssl req -new -x509 [-days N] -key FILE|-newkey rsa:BITS [-keyout FILE] [-out FILE]
/// [-subj /C=JP/…]`: a self-signed certificate for an existing or a new key. Without `-subj`
/// it prompts for the distinguished name with the prompts and defaults of Debian 12's
/// `/etc/ssl/openssl.cnf`, where `.` leaves a field out and an empty answer takes the default
/// shown in brackets.
struct OpenSSLReq {
    let context: CommandContext

    /// One question of the `[ req_distinguished_name ]` section.
    struct Field {
        var shortName: String
        var prompt: String
        var defaultValue: String
        var minimumLength: Int
        var maximumLength: Int
    }

    static let fields = [
        Field(
            shortName: "C", prompt: "Country Name (2 letter code)", defaultValue: "AU",
            minimumLength: 2, maximumLength: 2),
        Field(
            shortName: "ST", prompt: "State or Province Name (full name)",
            defaultValue: "Some-State", minimumLength: 0, maximumLength: 0),
        Field(
            shortName: "L", prompt: "Locality Name (eg, city)", defaultValue: "",
            minimumLength: 0, maximumLength: 0),
        Field(
            shortName: "O", prompt: "Organization Name (eg, company)",
            defaultValue: "Internet Widgits Pty Ltd", minimumLength: 0, maximumLength: 0),
        Field(
            shortName: "OU", prompt: "Organizational Unit Name (eg, section)", defaultValue: "",
            minimumLength: 0, maximumLength: 0),
        Field(
            shortName: "CN", prompt: "Common Name (e.g. server FQDN or YOUR name)",
            defaultValue: "", minimumLength: 0, maximumLength: 64),
        Field(
            shortName: "emailAddress", prompt: "Email Address", defaultValue: "",
            minimumLength: 0, maximumLength: 64),
    ]

    static let introduction = """
        You are about to be asked to enter information that will be incorporated
        into your certificate request.
        What you are about to enter is what is called a Distinguished Name or a DN.
        There are quite a few fields but you can leave some blank
        For some fields there will be a default value,
        If you enter '.', the field will be left blank.
        -----

        """

    struct Options {
        var keyFile: String?
        var output: String?
        var subject: String?
        var days = 30
        var x509 = false
        /// The bits of `-newkey rsa:BITS`.
        var newKeyBits: Int?
        var newKeyOutput: String?
    }

    func run(_ arguments: [String]) -> Int32 {
        guard let options = parse(arguments) else { return 1 }
        guard options.x509 else {
            // TODO: certificate signing requests (`req -new` without `-x509`) are not made.
            OpenSSLFiles(context: context).writeLabError(
                ja: "req: このラボが作るのは自己署名証明書だけです。-x509 を付けてください",
                en: "req: this lab makes only self-signed certificates: add -x509")
            return 1
        }
        let files = OpenSSLFiles(context: context)
        guard let key = loadOrMakeKey(options, files: files) else { return 1 }
        defer { EVP_PKEY_free(key) }

        let entries: [(String, String)]
        if let subject = options.subject {
            guard let parsed = parseSubject(subject) else { return 1 }
            entries = parsed
        } else {
            guard let answered = askDistinguishedName() else {
                context.writeError("Error making certificate request\n")
                return 1
            }
            entries = answered
        }
        guard !entries.isEmpty else {
            context.writeError(
                "Error: No objects specified in config file\nError making certificate request\n")
            return 1
        }
        guard let certificate = makeCertificate(key: key, entries: entries, days: options.days)
        else {
            context.writeError(OpenSSLErrorText.drain().joined(separator: "\n") + "\n")
            return 1
        }
        return files.write(
            Array(certificate.pem.utf8), to: options.output, mode: Sandbox.defaultFileMode,
            program: "req") ? 0 : 1
    }

    /// Reads `-key FILE`, or makes the key of `-newkey` (2048 bits without either, as
    /// Debian's `default_bits`) and writes it to `-keyout`, by default `privkey.pem`.
    private func loadOrMakeKey(_ options: Options, files: OpenSSLFiles) -> OpaquePointer? {
        if let keyFile = options.keyFile {
            guard let keyBytes = files.read(keyFile, what: "private key") else { return nil }
            guard let key = OpenSSLFiles.privateKey(keyBytes) else {
                context.writeError("Could not read private key from \(keyFile)\n")
                return nil
            }
            return key
        }
        let bits = options.newKeyBits ?? 2048
        guard bits >= 512, let key = copenssl_rsa_gen(UInt32(bits)) else {
            context.writeError("Error setting RSA length\n")
            return nil
        }
        // NOTE: the real tool prints a line of progress dots here. Without `-nodes` it also
        // prompts for a pass phrase and encrypts the key, but this key is always unencrypted.
        context.writeError("-----\n")
        let output = options.newKeyOutput ?? "privkey.pem"
        guard
            files.write(OpenSSLFiles.pem(privateKey: key), to: output, mode: 0o600, program: "req")
        else {
            EVP_PKEY_free(key)
            return nil
        }
        if bits < 2048 {
            context.writeError(OpenSSLGenrsa.weakKeyWarning(bits: bits, language: context.language))
        }
        return key
    }

    private func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var index = 0
        func value(_ option: String) -> String? {
            guard index + 1 < arguments.count else {
                context.writeError(
                    "req: Option \(option) needs a value\nreq: Use -help for summary.\n")
                return nil
            }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-new", "-nodes", "-noenc", "-sha256", "-batch":
                break
            case "-x509":
                options.x509 = true
            case "-key":
                guard let file = value(argument) else { return nil }
                options.keyFile = file
            case "-out":
                guard let file = value(argument) else { return nil }
                options.output = file
            case "-keyout":
                guard let file = value(argument) else { return nil }
                options.newKeyOutput = file
            case "-newkey":
                guard let algorithm = value(argument) else { return nil }
                let parts = algorithm.split(separator: ":", maxSplits: 1).map(String.init)
                guard parts.first == "rsa", let bits = parts.count == 2 ? Int(parts[1]) : 2048
                else {
                    OpenSSLFiles(context: context).writeLabError(
                        ja: "req: このラボが作る鍵は RSA だけです。-newkey rsa:2048 としてください",
                        en: "req: this lab makes RSA keys only: use -newkey rsa:2048")
                    return nil
                }
                options.newKeyBits = bits
            case "-subj":
                guard let subject = value(argument) else { return nil }
                options.subject = subject
            case "-days":
                guard let text = value(argument) else { return nil }
                guard let days = Int(text) else {
                    context.writeError(
                        "req: Non-numeric value \"\(text)\"\nreq: Use -help for summary.\n")
                    return nil
                }
                options.days = days
            default:
                context.writeError(
                    "req: Unknown option: \(argument)\nreq: Use -help for summary.\n")
                return nil
            }
            index += 1
        }
        return options
    }

    /// Prints each question on standard error, as `openssl req` does, and returns the fields
    /// in order; nil when the input ends.
    private func askDistinguishedName() -> [(String, String)]? {
        context.writeError(Self.introduction)
        var entries: [(String, String)] = []
        for field in Self.fields {
            while true {
                let prompt = "\(field.prompt) [\(field.defaultValue)]:"
                guard let line = readAnswer(prompt: prompt) else { return nil }
                let answer = line.isEmpty ? field.defaultValue : line
                if answer == "." || answer.isEmpty { break }
                let length = answer.utf8.count
                if length < field.minimumLength {
                    context.writeError(
                        "String too short, must be at least \(field.minimumLength) bytes long\n")
                    continue
                }
                if field.maximumLength > 0 && length > field.maximumLength {
                    context.writeError(
                        "String too long, must be at most \(field.maximumLength) bytes long\n")
                    continue
                }
                entries.append((field.shortName, answer))
                break
            }
        }
        return entries
    }

    private func readAnswer(prompt: String) -> String? {
        if context.standardInputIsTerminal {
            return context.terminal.readLine(prompt: prompt, echo: true)
        }
        context.writeError(prompt)
        return context.readLine(prompt: "", echo: true)
    }

    /// Splits `/C=JP/ST=Tokyo/CN=lab.example.jp`; a backslash escapes the next character.
    private func parseSubject(_ subject: String) -> [(String, String)]? {
        guard subject.hasPrefix("/") else {
            context.writeError(
                "req: name is expected to be in the format /type0=value0/type1=value1/type2=..."
                    + " where characters may be escaped by \\. This name is not in that format:"
                    + " '\(subject)'\n")
            return nil
        }
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in subject.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "/" {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        var entries: [(String, String)] = []
        for part in parts where !part.isEmpty {
            guard let equals = part.firstIndex(of: "=") else {
                context.writeError("req: Hit end of string before finding the '='\n")
                return nil
            }
            let type = String(part[..<equals])
            let value = String(part[part.index(after: equals)...])
            guard OBJ_txt2nid(type) != NID_undef else {
                context.writeError(
                    "req warning: Skipping unknown subject name attribute \"\(type)\"\n")
                continue
            }
            if value.isEmpty { continue }
            entries.append((type, value))
        }
        return entries
    }

    /// Builds and signs a version 3 certificate with the extensions of Debian's `v3_ca`
    /// section: subject and authority key identifiers and `CA:TRUE`.
    private func makeCertificate(key: OpaquePointer, entries: [(String, String)], days: Int)
        -> X509Certificate?
    {
        guard let certificate = X509_new(), let name = X509_NAME_new() else { return nil }
        defer { X509_NAME_free(name) }
        let result = X509Certificate(owning: certificate)
        _ = ASN1_STRING_set_default_mask_asc("utf8only")
        for (type, value) in entries {
            guard X509_NAME_add_entry_by_txt(name, type, MBSTRING_UTF8, value, -1, -1, 0) == 1
            else { return nil }
        }
        var serial = [UInt8](repeating: 0, count: 20)
        _ = RAND_bytes(&serial, Int32(serial.count))
        serial[0] &= 0x7F
        let serialNumber = BN_bin2bn(serial, Int32(serial.count), nil)
        defer { BN_free(serialNumber) }
        guard X509_set_version(certificate, 2) == 1,
            BN_to_ASN1_INTEGER(serialNumber, X509_get_serialNumber(certificate)) != nil,
            X509_set_subject_name(certificate, name) == 1,
            X509_set_issuer_name(certificate, name) == 1,
            X509_gmtime_adj(X509_getm_notBefore(certificate), 0) != nil,
            X509_time_adj_ex(X509_getm_notAfter(certificate), Int32(days), 0, nil) != nil,
            X509_set_pubkey(certificate, key) == 1
        else { return nil }

        var extensionContext = X509V3_CTX()
        X509V3_set_ctx(&extensionContext, certificate, certificate, nil, nil, 0)
        let extensions = [
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
            (NID_basic_constraints, "critical,CA:TRUE"),
        ]
        for (nid, value) in extensions {
            guard let made = X509V3_EXT_conf_nid(nil, &extensionContext, nid, value) else {
                return nil
            }
            defer { X509_EXTENSION_free(made) }
            guard X509_add_ext(certificate, made, -1) == 1 else { return nil }
        }
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else { return nil }
        return result
    }
}
