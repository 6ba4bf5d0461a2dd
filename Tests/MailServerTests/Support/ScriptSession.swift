import Foundation
import MailProtocol

/// A small SMTP-like session for driving the server in tests. It speaks enough SMTP for
/// `openssl s_client -starttls smtp` and Python's smtplib, plus test commands:
/// `ECHO text`, `PAUSE seconds`, `DELIVER`, `LOG text`, `TLSINFO`, `TAG`.
struct ScriptSession: LineSession {
    struct Options: Sendable {
        var tag = "A"
        var idleTimeout = 30.0
        var maximumLineLength: Int? = 512
    }

    let peer: PeerInfo
    let options: Options
    private var inData = false
    private var dataLines = 0
    private var tlsInfo: TLSInfo?

    init(peer: PeerInfo, options: Options = Options()) {
        self.peer = peer
        self.options = options
    }

    var idleTimeout: Double { options.idleTimeout }
    var maximumLineLength: Int? { inData ? nil : options.maximumLineLength }

    mutating func start() -> [SessionAction] {
        [.reply("220 test.example ESMTP \(options.tag)")]
    }

    mutating func receive(line bytes: [UInt8]) -> [SessionAction] {
        let line = String(decoding: bytes, as: UTF8.self)
        if inData {
            return receiveData(line: line, length: bytes.count)
        }
        let emit = SessionAction.emit(.commandReceived(connectionID: peer.connectionID, line: line))
        let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
        let verb = parts.first.map { $0.uppercased() } ?? ""
        let argument = parts.count > 1 ? String(parts[1]) : ""
        return [emit] + actions(verb: verb, argument: argument)
    }

    private mutating func actions(verb: String, argument: String) -> [SessionAction] {
        switch verb {
        case "EHLO":
            var lines = ["250-test.example", "250-PIPELINING"]
            if tlsInfo == nil { lines.append("250-STARTTLS") }
            lines.append("250 8BITMIME")
            return lines.map { .reply($0) }
        case "ECHO":
            return [.reply("250 \(argument)")]
        case "TAG":
            return [.reply("250 \(options.tag)")]
        case "PAUSE":
            return [
                .reply("250 pausing"), .pause(seconds: Double(argument) ?? 0),
                .reply("250 resumed"),
            ]
        case "DELIVER":
            let delivery = Delivery(
                queueID: "Q\(peer.connectionID)", sender: "sender@example.org",
                recipients: ["testuser@lab.example.jp"], message: Array("Subject: t\n\nbody\n".utf8)
            )
            return [.deliver(delivery), .reply("250 2.0.0 Ok: queued as Q\(peer.connectionID)")]
        case "LOG":
            return [.log(argument), .reply("250 logged")]
        case "TLSINFO":
            guard let tlsInfo else { return [.reply("250 plaintext")] }
            return [.reply("250 \(tlsInfo.version) \(tlsInfo.cipher) \(tlsInfo.secretBits)")]
        case "STARTTLS":
            return [.reply("220 2.0.0 Ready to start TLS"), .startTLS]
        case "DATA":
            inData = true
            dataLines = 0
            return [.reply("354 End data with <CR><LF>.<CR><LF>")]
        case "NOOP", "RSET":
            return [.reply("250 2.0.0 Ok \(verb)")]
        case "QUIT":
            return [.reply("221 2.0.0 Bye"), .close]
        default:
            return [.reply("500 5.5.2 Error: command not recognized")]
        }
    }

    private mutating func receiveData(line: String, length: Int) -> [SessionAction] {
        guard line != "." else {
            inData = false
            return [.reply("250 2.0.0 Ok: \(dataLines) lines")]
        }
        dataLines += 1
        return [.reply("251 length \(length)")]
    }

    mutating func tlsEstablished(_ info: TLSInfo) -> [SessionAction] {
        tlsInfo = info
        return [.emit(.tlsStarted(connectionID: peer.connectionID, info: info))]
    }

    mutating func tlsFailed(reason: String) -> [SessionAction] {
        [.log("TLS failed: \(reason)")]
    }

    mutating func timedOut() -> [SessionAction] {
        [.reply("421 4.4.2 test.example Error: timeout exceeded"), .close]
    }
}
