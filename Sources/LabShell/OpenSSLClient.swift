import COpenSSL
import Foundation
import LabSystem

#if canImport(Glibc)
    import Glibc
#endif

/// `openssl s_client -connect HOST:PORT [-starttls smtp|imap|pop3] [-crlf] [-quiet]
/// [-ign_eof] [-nocommands]`: a TLS console on one of the lab's servers. Hosts and ports map
/// as in `telnet`. It runs the STARTTLS dialogue that OpenSSL 3.0's s_client runs, prints
/// the handshake as s_client does (certificate check, chain, summary), then sends typed
/// lines until either side closes. Unless `-quiet`, `-ign_eof` or `-nocommands`, a line
/// starting with `Q` ends the session and one starting with `R` asks for a renegotiation.
struct OpenSSLClient {
    let context: CommandContext

    struct Options {
        var host = "localhost"
        var port = "4433"
        var starttls: String?
        var crlf = false
        var quiet = false
        var ignoreEOF = false
        var commands = true
        var serverName: String?
        var brief = false
    }

    /// The seconds to wait for the server during the dialogue and the handshake.
    static let serverWaitSeconds = 30.0

    func run(_ arguments: [String]) -> Int32 {
        guard let options = parse(arguments) else { return 1 }
        guard TelnetCommand.loopbackNames(context.sandbox).contains(options.host.lowercased())
        else {
            context.writeError(
                "\(OpenSSLFiles.threadPrefix):error:10080002:BIO routines:BIO_lookup_ex:"
                    + "system lib:../crypto/bio/bio_addr.c:738:Name or service not known\n"
                    + "connect:errno=0\n")
            return 1
        }
        guard
            let port = Int(options.port).flatMap({ (1...65535).contains($0) ? $0 : nil })
                ?? TelnetCommand.services[options.port.lowercased()]
        else {
            OpenSSLFiles(context: context).writeLabError(
                ja: "s_client: ポート番号 \(options.port) が正しくありません",
                en: "s_client: invalid port \(options.port)")
            return 1
        }
        let serverPort = context.shell.portMap[port] ?? port
        let connection: TelnetConnection
        switch TelnetConnection.connect(port: serverPort) {
        case .success(let value):
            connection = value
        case .failure(let error):
            let prefix = OpenSSLFiles.threadPrefix
            context.writeError(
                "\(prefix):error:8000006F:system library:BIO_connect:\(error.message):"
                    + "../crypto/bio/bio_sock2.c:125:calling connect()\n"
                    + "\(prefix):error:10000067:BIO routines:BIO_connect:connect error:"
                    + "../crypto/bio/bio_sock2.c:127:\nconnect:errno=\(error.code)\n")
            return 1
        }
        // Published before a byte is sent, so that the check engine joins this session with
        // the server's connectionOpened on the same port and counts it as typed by hand.
        context.publish(
            .telnetConnected(
                shell: context.shell.shellID, localPort: connection.localPort,
                serverPort: serverPort))
        if !options.quiet && !options.brief { context.write("CONNECTED(00000003)\n") }

        var lastDialogueLine = ""
        if let protocolName = options.starttls {
            var plain = PlainLineReader(descriptor: connection.descriptor)
            guard
                let line = StartTLSDialogue.run(
                    protocolName, reader: &plain, send: { connection.send(Array($0.utf8)) },
                    warn: { context.writeError($0) })
            else {
                OpenSSLFiles(context: context).writeLabError(
                    ja: "s_client: STARTTLS の前にサーバが接続を閉じました",
                    en: "s_client: the server closed the connection before STARTTLS")
                return 1
            }
            lastDialogueLine = line
        }

        let serverName = options.serverName ?? (Self.isAddress(options.host) ? nil : options.host)
        let tls: TLSClientConnection
        do {
            tls = try TLSClientConnection(descriptor: connection.descriptor, serverName: serverName)
            try tls.handshake(timeout: Self.serverWaitSeconds)
        } catch {
            error.openSSLErrors.forEach { context.writeError($0 + "\n") }
            if error == .timedOut { context.writeError("s_client: \(error)\n") }
            context.write("---\nno peer certificate available\n---\n")
            return 1
        }
        printHandshake(tls, options: options)
        if !lastDialogueLine.isEmpty { context.writeError(lastDialogueLine + "\n") }

        let session = OpenSSLClientSession(
            connection: connection, tls: tls, terminal: context.terminal, options: options)
        session.run(input: context)
        return 0
    }

    private func parse(_ arguments: [String]) -> Options? {
        var options = Options()
        var index = 0
        func value(_ option: String) -> String? {
            guard index + 1 < arguments.count else {
                context.writeError(
                    "s_client: Option \(option) needs a value\ns_client: Use -help for summary.\n")
                return nil
            }
            index += 1
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-connect":
                guard let target = value(argument) else { return nil }
                if let colon = target.lastIndex(of: ":") {
                    options.host = String(target[..<colon])
                    options.port = String(target[target.index(after: colon)...])
                } else {
                    options.host = target
                }
            case "-starttls":
                guard let name = value(argument) else { return nil }
                guard ["smtp", "imap", "pop3"].contains(name) else {
                    OpenSSLFiles(context: context).writeLabError(
                        ja: "s_client: このラボの -starttls は smtp, imap, pop3 だけです",
                        en: "s_client: this lab runs -starttls for smtp, imap and pop3 only")
                    return nil
                }
                options.starttls = name
            case "-servername":
                guard let name = value(argument) else { return nil }
                options.serverName = name
            case "-crlf": options.crlf = true
            case "-quiet":
                options.quiet = true
                options.ignoreEOF = true
            case "-ign_eof": options.ignoreEOF = true
            case "-no_ign_eof": options.ignoreEOF = false
            case "-nocommands": options.commands = false
            case "-brief":
                options.brief = true
            case "-showcerts", "-tls1_2", "-tls1_3", "-no_ssl3", "-state":
                break
            default:
                context.writeError(
                    "s_client: Unknown option: \(argument)\ns_client: Use -help for summary.\n")
                return nil
            }
            index += 1
        }
        return options
    }

    private static func isAddress(_ host: String) -> Bool {
        !host.isEmpty && host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
    }

    /// Prints what OpenSSL 3.0's s_client prints after the handshake, without the session
    /// tickets' dumps. With `-quiet` only the certificate check shows; `-brief` prints its
    /// short summary instead of the full one.
    private func printHandshake(_ tls: TLSClientConnection, options: Options) {
        context.writeError("Can't use SSL_get_servername\n")
        var check = ""
        for step in tls.verificationSteps {
            if options.brief {
                // -brief reports only the errors of the check.
                if step.error != 0 {
                    check += "depth=\(step.depth) \(step.subject)\n"
                    check += "verify error:num=\(step.error):\(step.errorText)\n"
                }
                continue
            }
            check += "depth=\(step.depth) \(step.subject)\n"
            if step.error != 0 {
                check += "verify error:num=\(step.error):\(step.errorText)\n"
            }
            check += "verify return:1\n"
        }
        context.writeError(check)
        if options.brief {
            printBriefSummary(tls)
            return
        }
        guard !options.quiet else { return }

        let certificates = tls.peerCertificates
        var text = "---\nCertificate chain\n"
        for (index, certificate) in certificates.enumerated() {
            text += " \(index) s:\(certificate.subject)\n   i:\(certificate.issuer)\n"
            text +=
                "   a:PKEY: \(certificate.publicKeySummary); sigalg: "
                + "\(certificate.signatureAlgorithmName)\n"
            text += "   v:NotBefore: \(certificate.notBefore); NotAfter: \(certificate.notAfter)\n"
        }
        text += "---\n"
        if let leaf = certificates.first {
            text += "Server certificate\n\(leaf.pem)subject=\(leaf.subject)\n"
            text += "issuer=\(leaf.issuer)\n---\n"
        } else {
            text += "no peer certificate available\n---\n"
        }
        let counts = tls.byteCounts
        let cipher = tls.cipher
        let verify = tls.verifyResult
        let verifyText = String(cString: X509_verify_cert_error_string(Int(verify)))
        text += "No client certificate CA names sent\n"
        let exchange = tls.keyExchange
        if let digest = exchange.digest { text += "Peer signing digest: \(digest)\n" }
        if let type = exchange.signatureType { text += "Peer signature type: \(type)\n" }
        if let key = exchange.temporaryKey { text += "Server Temp Key: \(key)\n" }
        text += "---\n"
        text += "SSL handshake has read \(counts.read) bytes and written \(counts.written) bytes\n"
        text += verify == 0 ? "Verification: OK\n" : "Verification error: \(verifyText)\n"
        text += "---\nNew, \(tls.protocolVersion), Cipher is \(cipher.name)\n"
        if let leaf = certificates.first {
            text += "Server public key is \(leaf.publicKeyBits) bit\n"
        }
        text += "Secure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\n"
        text += "No ALPN negotiated\nEarly data was not sent\n"
        text += "Verify return code: \(verify) (\(verifyText))\n---\n"
        context.write(text)
    }
}

extension OpenSSLClient {
    /// The summary of `-brief`, which s_client writes to standard error.
    fileprivate func printBriefSummary(_ tls: TLSClientConnection) {
        let cipher = tls.cipher
        let exchange = tls.keyExchange
        let verify = tls.verifyResult
        var text = "CONNECTION ESTABLISHED\nProtocol version: \(tls.protocolVersion)\n"
        text += "Ciphersuite: \(cipher.name)\n"
        if let leaf = tls.peerCertificates.first { text += "Peer certificate: \(leaf.subject)\n" }
        if let digest = exchange.digest { text += "Hash used: \(digest)\n" }
        if let type = exchange.signatureType { text += "Signature type: \(type)\n" }
        if verify == 0 {
            text += "Verification: OK\n"
        } else {
            let reason = String(cString: X509_verify_cert_error_string(Int(verify)))
            text += "Verification error: \(reason)\n"
        }
        if let key = exchange.temporaryKey { text += "Server Temp Key: \(key)\n" }
        context.writeError(text)
    }
}

/// The plaintext part of s_client's STARTTLS dialogues, as OpenSSL 3.0 runs them.
enum StartTLSDialogue {
    /// Runs the dialogue for `protocolName` and returns the last line of the capability
    /// listing, which s_client prints after the handshake; nil when the server closed.
    static func run(
        _ protocolName: String, reader: inout PlainLineReader,
        send: (String) -> Bool, warn: (String) -> Void
    ) -> String? {
        switch protocolName {
        case "smtp":
            guard readReply(&reader) != nil else { return nil }
            guard send("EHLO mail.example.com\r\n"), let listing = readReply(&reader) else {
                return nil
            }
            if !listing.contains(where: { $0.contains("STARTTLS") }) {
                warn("Didn't find STARTTLS in server response, trying anyway...\n")
            }
            guard send("STARTTLS\r\n"), reader.readLine() != nil else { return nil }
            return listing.last ?? ""
        case "imap":
            guard reader.readLine() != nil, send(". CAPABILITY\r\n") else { return nil }
            var found = false
            var last = ""
            while let line = reader.readLine() {
                last = line
                if line.contains("STARTTLS") { found = true }
                if line.hasPrefix(". ") { break }
            }
            if !found { warn("Didn't find STARTTLS in server response, trying anyway...\n") }
            guard send(". STARTTLS\r\n"), reader.readLine() != nil else { return nil }
            return last
        default:
            guard reader.readLine() != nil, send("STLS\r\n"), reader.readLine() != nil else {
                return nil
            }
            return ""
        }
    }

    /// Reads an SMTP reply's lines up to the one whose fourth character is not `-`.
    private static func readReply(_ reader: inout PlainLineReader) -> [String]? {
        var lines: [String] = []
        while let line = reader.readLine() {
            lines.append(line)
            let characters = Array(line.utf8)
            if characters.count <= 3 || characters[3] != UInt8(ascii: "-") { return lines }
        }
        return nil
    }
}

/// Reads CRLF-terminated lines from a socket before TLS starts, one byte at a time so that
/// nothing after the last line is taken from the socket, where TLS must find it.
struct PlainLineReader {
    let descriptor: Int32

    /// Returns the next line without its line ending, or nil at the end of the connection
    /// or after `OpenSSLClient.serverWaitSeconds` without a byte.
    mutating func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            var ready = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let waited = poll(&ready, 1, Int32(OpenSSLClient.serverWaitSeconds * 1000))
            if waited < 0 && errno == EINTR { continue }
            guard waited > 0 else { return nil }
            let count = recv(descriptor, &byte, 1, 0)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return nil }
            if byte == 0x0A { break }
            bytes.append(byte)
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
