import Foundation

/// The source of an event. A session typed in a lab shell's `telnet` is "by hand", and the
/// check engine finds such sessions by joining `telnetConnected` with `connectionOpened` on the
/// port.
public enum EventOrigin: Equatable, Sendable, Codable {
    case server(ServiceKind)
    case shell(ShellID)
    case lab
}

public enum ServiceKind: String, Equatable, Sendable, Codable {
    case smtp, imap, pop3
}

/// The two lab shells of the split console.
public enum ShellID: String, Equatable, Sendable, Codable, CaseIterable {
    case a = "A"
    case b = "B"
}

/// An event of a protocol session. None carries a password or base64 text that decodes to one,
/// because lines that carry credentials are masked before they are emitted.
public enum SessionEvent: Equatable, Sendable, Codable {
    /// A line from the client, with credentials masked (`AUTH PLAIN ********`).
    case commandReceived(connectionID: Int, line: String)
    /// A reply line sent by the server.
    case replySent(connectionID: Int, line: String)
    /// The server replied to EHLO. `authMechanisms` lists what the AUTH line advertised, and is
    /// empty when there was no AUTH line.
    case ehloAnswered(
        connectionID: Int, name: String, authMechanisms: [String], offeredStartTLS: Bool)
    case authSucceeded(
        connectionID: Int, service: ServiceKind, mechanism: String, user: String, realm: String?,
        overTLS: Bool)
    case authFailed(
        connectionID: Int, service: ServiceKind, mechanism: String, user: String?,
        reason: AuthFailureReason, overTLS: Bool)
    case tlsStarted(connectionID: Int, info: TLSInfo)
    case messageDelivered(
        connectionID: Int, queueID: String, sender: String, recipients: [String], overTLS: Bool,
        authenticatedUser: String?)
}

/// The cause of a failed authentication, in enough detail for a hint and no more. The password
/// itself never appears, but facts about it (its length, a leading control byte) may.
public enum AuthFailureReason: Equatable, Sendable, Codable {
    /// The user does not exist in the store (in the realm, when one applies).
    case unknownUser
    /// The user exists and the password or the response did not match.
    case wrongPassword
    /// The client's text was not valid base64.
    case invalidBase64
    /// A PLAIN message that did not split into authzid NUL authcid NUL password. `fieldCount`
    /// is the number of NUL-separated fields. `controlBytes` lists the bytes below 0x20 other
    /// than NUL in it, which `printf '\0…'` leaves when an octal escape took in a digit.
    case malformedPLAIN(fieldCount: Int, controlBytes: [UInt8])
    /// The mechanism is not offered (`mech_list`) or not known.
    case mechanismUnavailable
    /// The client sent `*`.
    case aborted
    /// The verification back end cannot check this mechanism (saslauthd with CRAM-MD5).
    case backendCannotVerify
    /// A user of another realm than `smtpd_sasl_local_domain`.
    case wrongRealm(String)
    /// Anything else, in English, for the log.
    case other(String)
}

/// Everything the event bus carries: protocol sessions' events and the lab's own.
public enum LabEventPayload: Equatable, Sendable, Codable {
    case connectionOpened(
        connectionID: Int, service: ServiceKind, peerAddress: String, peerPort: Int)
    case connectionClosed(connectionID: Int)
    case session(SessionEvent)
    /// A lab shell's telnet (or s_client) connected from `localPort`; the server's
    /// `connectionOpened` with the same `peerPort` is that session.
    case telnetConnected(shell: ShellID, localPort: Int, serverPort: Int)
    /// A lab shell ran a command line. `line` is masked the same way protocol lines are.
    case commandRun(shell: ShellID, line: String, exitStatus: Int32)
    /// A line a lab shell printed that the checks or the report may use as evidence.
    case shellOutput(shell: ShellID, line: String)
    case fileChanged(path: String)
    case serviceStarted(service: ServiceKind, port: Int)
    case serviceReloaded(service: ServiceKind)
    case serviceStopped(service: ServiceKind)
    case portInstalled(name: String)
}

/// One entry of the event journal.
public struct LabEvent: Equatable, Sendable, Codable {
    /// Position in the journal, from 1, with no gaps.
    public var sequence: Int
    public var time: Date
    public var origin: EventOrigin
    public var payload: LabEventPayload

    public init(sequence: Int, time: Date, origin: EventOrigin, payload: LabEventPayload) {
        self.sequence = sequence
        self.time = time
        self.origin = origin
        self.payload = payload
    }
}

/// The destination of the events that servers and shells publish. The bus assigns the sequence
/// number and the time.
public protocol EventSink: Sendable {
    func publish(_ payload: LabEventPayload, origin: EventOrigin)
}
