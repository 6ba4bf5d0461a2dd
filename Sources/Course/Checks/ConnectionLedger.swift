import Foundation
import MailProtocol

/// The server connections of an event journal, with their transcripts and whether a lab
/// shell's telnet made them. Built in one pass so that every check can share it.
struct ConnectionLedger {
    struct Connection {
        var connectionID: Int
        var service: ServiceKind
        var peerPort: Int
        var openIndex: Int
        var closeIndex: Int?
        /// The listening port of the service when the connection opened, from the latest
        /// `serviceStarted`; nil when the journal has none.
        var servicePort: Int?
        /// Transcript lines with the index of their event in the journal.
        var lines: [(index: Int, line: String, isCommand: Bool)] = []
        /// The shell whose telnet made this connection; nil for tools and outside clients.
        var shell: ShellID?
    }

    /// A session event placed in its connection.
    struct SessionFact {
        var index: Int
        var time: Date
        var connection: Int?
        var event: SessionEvent
    }

    /// The maximum number of transcript lines kept as evidence, the ones nearest the proof.
    static let maximumEvidenceLines = 200

    private(set) var connections: [Connection] = []
    private(set) var facts: [SessionFact] = []

    init(events: [LabEvent]) {
        var current: [Int: Int] = [:]
        var servicePorts: [ServiceKind: Int] = [:]
        var telnets: [(index: Int, shell: ShellID, localPort: Int, serverPort: Int)] = []

        for (index, event) in events.enumerated() {
            switch event.payload {
            case .serviceStarted(let service, let port):
                servicePorts[service] = port
            case .connectionOpened(let id, let service, _, let peerPort):
                current[id] = connections.count
                connections.append(
                    Connection(
                        connectionID: id, service: service, peerPort: peerPort, openIndex: index,
                        servicePort: servicePorts[service]))
            case .connectionClosed(let id):
                if let position = current.removeValue(forKey: id) {
                    connections[position].closeIndex = index
                }
            case .telnetConnected(let shell, let localPort, let serverPort):
                telnets.append((index, shell, localPort, serverPort))
            case .session(let sessionEvent):
                let position = Self.connectionID(of: sessionEvent).flatMap { current[$0] }
                if let position {
                    switch sessionEvent {
                    case .commandReceived(_, let line):
                        connections[position].lines.append((index, line, true))
                    case .replySent(_, let line):
                        connections[position].lines.append((index, line, false))
                    default:
                        break
                    }
                }
                facts.append(
                    SessionFact(
                        index: index, time: event.time, connection: position, event: sessionEvent
                    ))
            default:
                break
            }
        }
        matchTelnets(telnets)
    }

    /// Marks the connections a lab shell's telnet made. A telnet matches a connection when its
    /// local port is the connection's peer port and its server port is the service's port. It
    /// must also have been published after the previous connection from that peer port closed
    /// and before this one closed. Within that window the telnet's event may come before or
    /// after the server's `connectionOpened`, because two threads publish them.
    private mutating func matchTelnets(
        _ telnets: [(index: Int, shell: ShellID, localPort: Int, serverPort: Int)]
    ) {
        let telnetsByPort = Dictionary(grouping: telnets, by: \.localPort)
        var previousClose: [Int: Int] = [:]
        for position in connections.indices {
            let connection = connections[position]
            let windowStart = previousClose[connection.peerPort] ?? -1
            let windowEnd = connection.closeIndex ?? Int.max
            // NOTE: without a `serviceStarted` in the journal the server port cannot be compared,
            // so the peer port alone decides.
            let match = telnetsByPort[connection.peerPort]?.first { telnet in
                (connection.servicePort == nil
                    || telnet.serverPort == connection.servicePort)
                    && telnet.index > windowStart && telnet.index < windowEnd
            }
            connections[position].shell = match?.shell
            // A connection the journal never saw closed (the lab stopped first) ends the window
            // at its opening.
            previousClose[connection.peerPort] = connection.closeIndex ?? connection.openIndex
        }
    }

    /// Returns the masked transcript of a connection up to the proof at journal index
    /// `proofIndex`, with the server's reply to the command being proven. The lines stop before
    /// the first client line after the proof.
    func evidence(connection position: Int, proofIndex: Int) -> [String] {
        var lines: [String] = []
        for entry in connections[position].lines {
            if entry.index > proofIndex && entry.isCommand { break }
            lines.append((entry.isCommand ? "C: " : "S: ") + entry.line)
        }
        return Array(SecretMasker.maskTranscript(lines).suffix(Self.maximumEvidenceLines))
    }

    private static func connectionID(of event: SessionEvent) -> Int? {
        switch event {
        case .commandReceived(let id, _), .replySent(let id, _): id
        case .ehloAnswered(let id, _, _, _): id
        case .authSucceeded(let id, _, _, _, _, _): id
        case .authFailed(let id, _, _, _, _, _): id
        case .tlsStarted(let id, _): id
        case .messageDelivered(let id, _, _, _, _, _): id
        }
    }
}
