import Foundation
import SASL

@testable import MailProtocol

/// Fri,  4 Dec 2026 13:44:10.5 UTC.
let fixedDate = Date(timeIntervalSince1970: 1_796_391_850.5)

/// The lab's usual settings: SASL on, relaying for authenticated clients only.
func labSettings() -> SMTPSettings {
    SMTPSettings(
        myhostname: "lab.example.jp", smtpdSASLAuthEnable: true,
        smtpdRecipientRestrictions: [
            "permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination",
        ],
        mynetworks: ["192.0.2.0/24"])
}

/// Drives an `SMTPSession` the way a connection would and keeps every action.
struct SMTPHarness {
    var session: SMTPSession
    var actions: [SessionAction] = []

    init(
        settings: SMTPSettings = labSettings(),
        mechList: [String]? = ["PLAIN", "LOGIN", "CRAM-MD5"],
        address: String = "127.0.0.1", passwordCheckMethod: SASLPasswordCheckMethod = .auxprop
    ) {
        var database = SASLDatabase()
        database.setPassword(Array("password".utf8), user: "testuser", realm: "lab.example.jp")
        database.setPassword(Array("builder".utf8), user: "bob", realm: "other.example")
        let environment = SASLEnvironment(
            hostname: "ignored.example", now: { fixedDate },
            randomBytes: { count in Array([0x2E, 0x8D, 0x0B, 0x5E].prefix(count)) })
        let authenticator = SASLAuthenticator(
            configuration: SASLServerConfiguration(
                mechList: mechList, passwordCheckMethod: passwordCheckMethod),
            store: database, environment: environment)
        session = SMTPSession(
            settings: settings,
            peer: PeerInfo(connectionID: 7, address: address, port: 40000, hostname: "localhost"),
            authenticator: authenticator, now: { fixedDate },
            randomBytes: { count in Array([0x7F, 0x60, 0xB5].prefix(count)) },
            localRecipientExists: { ["testuser", "postmaster", "bob"].contains($0) })
    }

    /// Starts the session and returns the reply lines.
    @discardableResult mutating func start() -> [String] {
        record(session.start())
    }

    /// Sends one line and returns the reply lines it produced.
    @discardableResult mutating func send(_ line: String) -> [String] {
        record(session.receive(line: Array(line.utf8)))
    }

    /// Sends raw bytes as one line.
    @discardableResult mutating func send(bytes: [UInt8]) -> [String] {
        record(session.receive(line: bytes))
    }

    /// Starts, sends EHLO and returns the session ready for commands.
    static func greeted(
        settings: SMTPSettings = labSettings(),
        mechList: [String]? = ["PLAIN", "LOGIN", "CRAM-MD5"]
    ) -> SMTPHarness {
        var harness = SMTPHarness(settings: settings, mechList: mechList)
        harness.start()
        harness.send("EHLO client.example")
        harness.actions = []
        return harness
    }

    /// The actions of the last call only.
    private(set) var lastActions: [SessionAction] = []

    private mutating func record(_ new: [SessionAction]) -> [String] {
        lastActions = new
        actions += new
        return replies(new)
    }
}

func replies(_ actions: [SessionAction]) -> [String] {
    actions.compactMap { action in
        if case .reply(let line) = action { return line }
        return nil
    }
}

func logs(_ actions: [SessionAction]) -> [String] {
    actions.compactMap { action in
        if case .log(let line) = action { return line }
        return nil
    }
}

func events(_ actions: [SessionAction]) -> [SessionEvent] {
    actions.compactMap { action in
        if case .emit(let event) = action { return event }
        return nil
    }
}

func deliveries(_ actions: [SessionAction]) -> [Delivery] {
    actions.compactMap { action in
        if case .deliver(let delivery) = action { return delivery }
        return nil
    }
}

func base64(_ text: String) -> String { Base64.encode(Array(text.utf8)) }
