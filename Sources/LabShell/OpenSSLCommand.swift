import COpenSSL
import Foundation
import LabSystem

#if canImport(Glibc)
    import Glibc
#endif

/// `openssl SUBCOMMAND …`: the subcommands of OpenSSL 3.0's tool that the lesson uses, each
/// done with the real library over sandbox files, so that the keys and certificates it writes
/// are the ones Debian's `openssl` would write and read.
struct OpenSSLCommand: ShellCommand {
    let name = "openssl"
    let path: String? = "/usr/bin/openssl"
    let synopsis = "openssl genrsa|req|x509|rsa|s_client ..."
    let summary = LocalizedText(
        ja: "鍵と証明書を作る・調べる、TLS でサーバに接続する",
        en: "make and inspect keys and certificates, connect to a server over TLS")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard let subcommand = arguments.first else {
            OpenSSLFiles(context: context).writeLabError(
                ja: "openssl: サブコマンドを指定してください: genrsa, req, x509, rsa, s_client",
                en: "openssl: give a subcommand: genrsa, req, x509, rsa, s_client")
            return 1
        }
        let rest = Array(arguments.dropFirst())
        switch subcommand {
        case "genrsa":
            return OpenSSLGenrsa(context: context).run(rest)
        case "rsa":
            return OpenSSLRsa(context: context).run(rest)
        case "req":
            return OpenSSLReq(context: context).run(rest)
        case "x509":
            return OpenSSLX509(context: context).run(rest)
        case "s_client":
            return OpenSSLClient(context: context).run(rest)
        case "version":
            context.write(String(cString: OpenSSL_version(OPENSSL_VERSION)) + "\n")
            return 0
        default:
            context.writeError("Invalid command '\(subcommand)'; type \"help\" for a list.\n")
            return 1
        }
    }
}

/// The file handling of the subcommands: PEM files read from and written to the sandbox, and
/// OpenSSL's error lines for a file that cannot be opened.
struct OpenSSLFiles {
    let context: CommandContext

    /// Reads a sandbox file, or prints OpenSSL 3.0's lines for a file it cannot open.
    func read(_ path: String, what: String) -> [UInt8]? {
        do {
            return try context.sandbox.readFile(path, cwd: context.cwd)
        } catch {
            context.writeError("Could not open file or uri for loading \(what) from \(path)\n")
            let prefix = OpenSSLFiles.threadPrefix
            context.writeError(
                "\(prefix):error:16000069:STORE routines:ossl_store_get0_loader_int:"
                    + "unregistered scheme:../crypto/store/store_register.c:237:scheme=file\n")
            context.writeError(
                "\(prefix):error:80000002:system library:file_open:\(error.reason):"
                    + "../providers/implementations/storemgmt/file_store.c:266:"
                    + "calling stat(\(path))\n")
            return nil
        }
    }

    /// Parses the first private key in `bytes`; nil for none or an encrypted one.
    static func privateKey(_ bytes: [UInt8]) -> OpaquePointer? {
        bytes.withUnsafeBytes { buffer -> OpaquePointer? in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else {
                return nil
            }
            defer { BIO_free(bio) }
            let key = PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
            ERR_clear_error()
            return key
        }
    }

    /// Writes `bytes` to a sandbox file, or to standard output for nil. A new file gets
    /// `mode`, as OpenSSL's `open` creates it; an existing one keeps its mode.
    func write(_ bytes: [UInt8], to path: String?, mode: UInt16, program: String) -> Bool {
        guard let path else {
            context.write(bytes: bytes)
            return true
        }
        do {
            try context.sandbox.writeFile(path, cwd: context.cwd, contents: bytes, mode: mode)
            context.publishFileChanged(path)
            return true
        } catch {
            context.writeError("\(program): Can't open \"\(path)\" for writing, \(error.reason)\n")
            return false
        }
    }

    /// Writes one of the lab's own messages (not OpenSSL's) to standard error in the learner's
    /// language, followed by a newline.
    func writeLabError(ja: String, en: String) {
        context.writeError((context.language == .ja ? ja : en) + "\n")
    }

    /// The thread id that starts OpenSSL 3's error lines, in hex of its bytes in memory order
    /// as OpenSSL prints it on x86-64 (`40B714010C7F0000`).
    static var threadPrefix: String {
        let hex = String(UInt(pthread_self()).byteSwapped, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    /// Returns the PEM of a private key in PKCS #8 (`BEGIN PRIVATE KEY`), as OpenSSL 3 writes it.
    static func pem(privateKey key: OpaquePointer) -> [UInt8] {
        let bio = BIO_new(BIO_s_mem())!
        defer { BIO_free(bio) }
        PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil)
        return memoryBIOBytes(bio)
    }
}

/// `openssl genrsa [-out FILE] [BITS]`: a new RSA key, 2048 bits by default, written in
/// PKCS #8 PEM with mode 0600 as OpenSSL 3.0 writes it.
struct OpenSSLGenrsa {
    let context: CommandContext

    func run(_ arguments: [String]) -> Int32 {
        var output: String?
        var bitsText: String?
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-out":
                guard index + 1 < arguments.count else {
                    context.writeError("genrsa: Option -out needs a value\n")
                    return 1
                }
                output = arguments[index + 1]
                index += 1
            case "-3", "-f4", "-F4", "-quiet", "-verbose":
                break
            default:
                if argument.hasPrefix("-") {
                    context.writeError("genrsa: Unknown cipher: \(argument.dropFirst())\n")
                    return 1
                }
                bitsText = argument
            }
            index += 1
        }
        guard let bits = bitsText.map({ Int($0) }) ?? 2048 else {
            context.writeError("genrsa: Can't parse \"\(bitsText ?? "")\" as a number\n")
            return 1
        }
        guard bits >= 512, bits <= 16384 else {
            context.writeError("Error setting RSA length\n")
            context.writeError(
                "\(OpenSSLFiles.threadPrefix):error:1C8000AB:Provider routines:"
                    + "rsa_gen_set_params:key size too small:"
                    + "../providers/implementations/keymgmt/rsa_kmgmt.c:509:\n")
            return 1
        }

        guard let key = copenssl_rsa_gen(UInt32(bits)) else {
            context.writeError(OpenSSLErrorText.drain().joined(separator: "\n") + "\n")
            return 1
        }
        defer { EVP_PKEY_free(key) }
        let files = OpenSSLFiles(context: context)
        guard
            files.write(
                OpenSSLFiles.pem(privateKey: key), to: output, mode: 0o600, program: "genrsa")
        else { return 1 }
        if bits < 2048 {
            context.writeError(Self.weakKeyWarning(bits: bits, language: context.language))
        }
        return 0
    }

    /// The lab's own note on keys that OpenSSL 3 makes but will not use for TLS.
    static func weakKeyWarning(bits: Int, language: ShellLanguage) -> String {
        switch language {
        case .ja:
            return "maillab: 注意: \(bits) ビットの鍵を作りました。OpenSSL 3 は既定のセキュリティ"
                + "レベルで 2048 ビット未満の RSA 鍵を TLS に使うことを拒否するため、この鍵では"
                + "サーバが TLS を使えません。openssl genrsa -out FILE 2048 で作り直してください。\n"
        case .en:
            return "maillab: note: made a \(bits)-bit key. At its default security level"
                + " OpenSSL 3 rejects RSA keys shorter than 2048 bits for TLS, so the server will"
                + " not be able to use this key. Make it again with openssl genrsa -out FILE 2048.\n"
        }
    }
}

/// `openssl rsa -in FILE [-check] [-noout] [-text]`: reads a private key and checks it.
struct OpenSSLRsa {
    let context: CommandContext

    func run(_ arguments: [String]) -> Int32 {
        var input: String?
        var output: String?
        var check = false
        var noout = false
        var text = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-in", "-out":
                guard index + 1 < arguments.count else {
                    context.writeError("rsa: Option \(argument) needs a value\n")
                    return 1
                }
                if argument == "-in" {
                    input = arguments[index + 1]
                } else {
                    output = arguments[index + 1]
                }
                index += 1
            case "-check": check = true
            case "-noout": noout = true
            case "-text": text = true
            default:
                context.writeError(
                    "rsa: Unknown option: \(argument)\nrsa: Use -help for summary.\n")
                return 1
            }
            index += 1
        }

        guard let input else {
            // NOTE: the real tool reads the key from standard input here.
            OpenSSLFiles(context: context).writeLabError(
                ja: "rsa: 鍵のファイルを -in FILE で指定してください",
                en: "rsa: name the key file with -in FILE")
            return 1
        }
        let files = OpenSSLFiles(context: context)
        guard let bytes = files.read(input, what: "private key") else { return 1 }
        guard let key = OpenSSLFiles.privateKey(bytes) else {
            context.writeError("Could not read private key from \(input)\n")
            return 1
        }
        defer { EVP_PKEY_free(key) }

        if text {
            let bio = BIO_new(BIO_s_mem())!
            defer { BIO_free(bio) }
            EVP_PKEY_print_private(bio, key, 0, nil)
            context.write(bytes: memoryBIOBytes(bio))
        }
        if check {
            let checker = EVP_PKEY_CTX_new(key, nil)
            defer { EVP_PKEY_CTX_free(checker) }
            if EVP_PKEY_check(checker) == 1 {
                context.write("RSA key ok\n")
            } else {
                context.write("RSA key not ok\n")
                context.writeError(OpenSSLErrorText.drain().joined(separator: "\n") + "\n")
                return 1
            }
        }
        guard !noout else { return 0 }
        context.writeError("writing RSA key\n")
        return files.write(
            OpenSSLFiles.pem(privateKey: key), to: output, mode: 0o600, program: "rsa")
            ? 0 : 1
    }
}
