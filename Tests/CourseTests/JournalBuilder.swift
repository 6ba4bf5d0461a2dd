import Foundation
import MailProtocol

@testable import Course

/// Builds event journals by hand, one second apart, as the servers and shells would publish
/// them.
struct JournalBuilder {
    static let start = Date(timeIntervalSince1970: 1_765_000_000)

    private(set) var events: [LabEvent] = []

    /// The time the next event gets.
    var nextTime: Date { Self.start.addingTimeInterval(Double(events.count)) }

    /// The time of the event at `sequence` (from 1).
    static func time(ofSequence sequence: Int) -> Date {
        start.addingTimeInterval(Double(sequence - 1))
    }

    mutating func add(_ payload: LabEventPayload, origin: EventOrigin = .lab) {
        events.append(
            LabEvent(sequence: events.count + 1, time: nextTime, origin: origin, payload: payload))
    }

    mutating func serviceStarted(_ service: ServiceKind = .smtp, port: Int = 2525) {
        add(.serviceStarted(service: service, port: port))
    }

    mutating func telnet(_ shell: ShellID = .a, localPort: Int, serverPort: Int = 2525) {
        add(
            .telnetConnected(shell: shell, localPort: localPort, serverPort: serverPort),
            origin: .shell(shell))
    }

    mutating func open(_ id: Int, peerPort: Int, service: ServiceKind = .smtp) {
        add(
            .connectionOpened(
                connectionID: id, service: service, peerAddress: "127.0.0.1", peerPort: peerPort),
            origin: .server(service))
    }

    mutating func close(_ id: Int) {
        add(.connectionClosed(connectionID: id), origin: .server(.smtp))
    }

    mutating func client(_ id: Int, _ line: String) {
        add(.session(.commandReceived(connectionID: id, line: line)), origin: .server(.smtp))
    }

    mutating func server(_ id: Int, _ line: String) {
        add(.session(.replySent(connectionID: id, line: line)), origin: .server(.smtp))
    }

    /// A greeting and an EHLO exchange that advertises `mechanisms`.
    mutating func ehlo(_ id: Int, mechanisms: [String] = ["PLAIN", "LOGIN", "CRAM-MD5"]) {
        server(id, "220 lab.example.jp ESMTP Postfix")
        client(id, "EHLO localhost")
        server(id, "250-lab.example.jp")
        if !mechanisms.isEmpty {
            server(id, "250-AUTH " + mechanisms.joined(separator: " "))
        }
        server(id, "250 DSN")
        add(
            .session(
                .ehloAnswered(
                    connectionID: id, name: "localhost", authMechanisms: mechanisms,
                    offeredStartTLS: false)), origin: .server(.smtp))
    }

    mutating func authSucceeded(
        _ id: Int, _ mechanism: String, user: String = "testuser", service: ServiceKind = .smtp
    ) {
        add(
            .session(
                .authSucceeded(
                    connectionID: id, service: service, mechanism: mechanism, user: user,
                    realm: "lab.example.jp", overTLS: false)), origin: .server(service))
    }

    mutating func authFailed(
        _ id: Int, _ mechanism: String, _ reason: AuthFailureReason, service: ServiceKind = .smtp
    ) {
        add(
            .session(
                .authFailed(
                    connectionID: id, service: service, mechanism: mechanism, user: "testuser",
                    reason: reason, overTLS: false)), origin: .server(service))
    }

    /// A whole AUTH PLAIN exchange: the command, the result event and the reply.
    mutating func plainLogin(_ id: Int, success: Bool = true) {
        client(id, "AUTH PLAIN ********")
        if success {
            authSucceeded(id, "PLAIN")
            server(id, "235 2.7.0 Authentication successful")
        } else {
            authFailed(id, "PLAIN", .wrongPassword)
            server(id, "535 5.7.8 Error: authentication failed: authentication failure")
        }
    }
}
