import CursesTerminal
import Dispatch
import LabUI
import MailProtocol
import MailServer

/// The wire view's data: a transcript of each recent server connection from the server's
/// wire tap, and which connection belongs to which lab shell's telnet, found by joining
/// `telnetConnected` (the shell's local port) with `connectionOpened` (the server's peer port).
/// Everything runs on `queue`; results reach the UI as `.wireChanged` messages.
final class WireMonitor: @unchecked Sendable {
    /// Connections whose transcripts are kept; the oldest one goes first when more open.
    static let maximumConnections = 16

    private let inbox: TerminalInbox
    private let language: Language
    private let queue = DispatchQueue(label: "maillab.wire")
    // The properties below are touched only on `queue`.
    private var transcripts: [Int: WireTranscript] = [:]
    private var order: [Int] = []
    private var shellByLocalPort: [Int: MailProtocol.ShellID] = [:]
    private var connectionByPeerPort: [Int: Int] = [:]
    private var connectionOfShell: [MailProtocol.ShellID: Int] = [:]
    private var latestShell: MailProtocol.ShellID?
    /// The shell whose connection is shown (`nil` inside means the latest of either), or
    /// `nil` while the wire view is hidden.
    private var shown: MailProtocol.ShellID??
    private var refreshPending = false

    init(inbox: TerminalInbox, language: Language) {
        self.inbox = inbox
        self.language = language
    }

    /// Takes a chunk from the server's wire tap; safe from any thread.
    func receive(_ chunk: WireChunk) {
        queue.async { [self] in
            if transcripts[chunk.connectionID] == nil {
                transcripts[chunk.connectionID] = WireTranscript()
                order.append(chunk.connectionID)
                evictOldConnections()
            }
            transcripts[chunk.connectionID]?.append(
                chunk.direction == .fromClient ? .client : .server, isTLS: chunk.isTLS,
                bytes: chunk.bytes)
            if let id = shownConnection, id == chunk.connectionID {
                scheduleRefresh()
            }
        }
    }

    /// Takes an event from the bus; safe from any thread.
    func observe(_ event: LabEvent) {
        switch event.payload {
        case .telnetConnected(let shell, let localPort, _):
            queue.async { [self] in
                shellByLocalPort[localPort] = shell
                join(port: localPort)
            }
        case .connectionOpened(let connectionID, _, _, let peerPort):
            queue.async { [self] in
                connectionByPeerPort[peerPort] = connectionID
                join(port: peerPort)
            }
        default:
            break
        }
    }

    /// Shows the connection of `shell` (or the latest one of either shell for `nil`), or
    /// hides the view when it is shown.
    func toggle(_ shell: MailProtocol.ShellID?) {
        queue.async { [self] in
            if shown != nil {
                shown = nil
                inbox.post(.wireChanged(nil))
            } else {
                shown = .some(shell)
                inbox.post(.wireChanged(currentLines()))
            }
        }
    }

    private func join(port: Int) {
        guard let shell = shellByLocalPort[port], let connection = connectionByPeerPort[port]
        else {
            return
        }
        shellByLocalPort[port] = nil
        connectionByPeerPort[port] = nil
        connectionOfShell[shell] = connection
        latestShell = shell
        if shown != nil {
            scheduleRefresh()
        }
    }

    private var shownConnection: Int? {
        guard case .some(let shell) = shown, let shell = shell ?? latestShell else {
            return nil
        }
        return connectionOfShell[shell]
    }

    private func currentLines() -> [String] {
        guard case .some(let requested) = shown, let shell = requested ?? latestShell,
            let connection = connectionOfShell[shell]
        else {
            return [UIText.wireNoConnection.text(language.ui)]
        }
        let name = shell == .a ? "Shell-A" : "Shell-B"
        let header = UIText.wireHeader(shell: name, connection: connection).text(language.ui)
        let body = transcripts[connection]?.lines(language.ui) ?? []
        return [header, ""] + body
    }

    /// Sends the shown lines at most every 50 ms, as chunks arrive in bursts.
    private func scheduleRefresh() {
        guard !refreshPending else {
            return
        }
        refreshPending = true
        queue.asyncAfter(deadline: .now() + .milliseconds(50)) { [self] in
            refreshPending = false
            if shown != nil {
                inbox.post(.wireChanged(currentLines()))
            }
        }
    }

    private func evictOldConnections() {
        let kept = Set(connectionOfShell.values)
        while order.count > Self.maximumConnections,
            let index = order.firstIndex(where: { !kept.contains($0) })
        {
            transcripts[order.remove(at: index)] = nil
        }
        // Ports of sessions that never joined (outside clients) would otherwise pile up.
        if connectionByPeerPort.count > Self.maximumConnections * 4 {
            connectionByPeerPort.removeAll()
        }
        if shellByLocalPort.count > Self.maximumConnections {
            shellByLocalPort.removeAll()
        }
    }
}
