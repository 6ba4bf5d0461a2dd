import CLinux
import Foundation
import Glibc
import MailProtocol

/// One accepted socket and its protocol session, owned by one event loop.
///
/// The connection reads bytes, frames lines, hands each line to the session and performs the
/// actions the session returns, in order. It takes the next line only when every action of the
/// previous one is done, so a pause, a delivery or a TLS handshake holds back pipelined lines.
final class Connection: EventLoopHandler, @unchecked Sendable {
    enum Phase {
        case running
        /// Waiting for a `.pause` to end.
        case paused(until: Double)
        /// Waiting for the delivery worker.
        case delivering
        /// Sending the replies before a `.startTLS`.
        case flushingBeforeTLS
        /// In the TLS handshake; `startsSession` when TLS runs from connect.
        case handshaking(startsSession: Bool)
        /// Sending what is left before closing, until the deadline.
        case closing(deadline: Double)
        case closed
    }

    /// Reply that replaces the session's next one after a failed delivery.
    static let queueWriteErrorReply = "451 4.3.0 Error: queue file write error"
    /// Unsent output above which the connection stops taking lines from the client.
    static let outputHighWater = 256 * 1024

    let fd: Int32
    let peer: PeerInfo
    let listener: MailListener
    let loop: EventLoop
    let tlsContext: TLSServerContext?
    var session: any LineSession
    var key: UInt64 = 0

    var phase = Phase.running
    var tls: TLSStream?
    /// Whether the TLS read BIO may hold ciphertext not decrypted yet.
    var ciphertextPending = false
    var framer = LineFramer()
    var output: [UInt8] = []
    var outputStart = 0
    var actions: [SessionAction] = []
    var nextAction = 0
    var failNextReply = false
    var closeAfterActions = false
    var inputEnded = false
    var lastActivity: Double
    private var scheduledWake: Double?
    private var interest: UInt32 = 0

    init(
        fd: Int32, peer: PeerInfo, session: any LineSession, tlsContext: TLSServerContext?,
        listener: MailListener, loop: EventLoop
    ) {
        self.fd = fd
        self.peer = peer
        self.session = session
        self.tlsContext = tlsContext
        self.listener = listener
        self.loop = loop
        lastActivity = monotonicSeconds()
    }

    func register() -> Bool {
        interest = EPOLLIN.rawValue
        guard let key = loop.register(fd: fd, events: interest, handler: self) else {
            return false
        }
        self.key = key
        return true
    }

    /// Starts the session, or the TLS handshake that comes before it.
    func begin(tlsOnConnect: Bool) {
        if tlsOnConnect {
            beginHandshake(startsSession: true)
        } else {
            enqueue(session.start())
        }
        advance()
    }

    var isClosed: Bool {
        if case .closed = phase { return true }
        return false
    }

    var hasPendingOutput: Bool { outputStart < output.count }

    // MARK: EventLoopHandler

    func handleEvents(_ events: UInt32) {
        guard !isClosed else { return }
        let readable = EPOLLIN.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue
        if events & readable != 0 && wantsInput {
            readFromSocket()
        } else if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 && !hasPendingOutput {
            closeImmediately()
        }
        guard !isClosed else { return }
        advance()
    }

    func handleTimer(deadline: Double, now: Double) {
        if scheduledWake == deadline {
            scheduledWake = nil
        }
        switch phase {
        case .paused(let until) where now >= until:
            phase = .running
            lastActivity = now
        case .closing(let closeDeadline) where now >= closeDeadline:
            closeImmediately()
            return
        case .running where now >= lastActivity + session.idleTimeout:
            lastActivity = now
            enqueue(session.timedOut())
        case .handshaking where now >= lastActivity + session.idleTimeout:
            lastActivity = now
            handshakeFailed(reason: "TLS handshake timed out")
        case .flushingBeforeTLS where now >= lastActivity + session.idleTimeout:
            closeImmediately()
            return
        case .closed:
            return
        default:
            break
        }
        advance()
    }

    func closeForShutdown() {
        closeImmediately()
    }

    // MARK: Reading

    /// Whether the connection reads from its socket now.
    var wantsInput: Bool {
        guard !inputEnded else { return false }
        switch phase {
        case .flushingBeforeTLS, .closing, .closed:
            return false
        case .handshaking:
            return true
        case .running, .paused, .delivering:
            let longest = session.maximumLineLength ?? listener.shared.hardLineLengthLimit
            return framer.bufferedCount < longest + 64 * 1024 && !ciphertextPending
        }
    }

    private func readFromSocket() {
        let buffer = loop.readBuffer
        let count = recv(fd, buffer.baseAddress, buffer.count, 0)
        if count > 0 {
            lastActivity = monotonicSeconds()
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            tapWire(.fromClient, bytes)
            if let tls {
                tls.receiveCiphertext(bytes)
                if case .handshaking = phase {
                    continueHandshake()
                } else {
                    ciphertextPending = true
                    decryptPendingCiphertext()
                }
            } else {
                framer.append(bytes)
            }
        } else if count == 0 {
            inputEnded = true
            if case .handshaking = phase {
                handshakeFailed(reason: "connection closed by the client during the handshake")
            }
        } else if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR {
            closeImmediately()
        }
    }

    /// Moves plaintext out of TLS into the line framer while the backlog allows.
    func decryptPendingCiphertext() {
        guard let tls else {
            ciphertextPending = false
            return
        }
        let buffer = loop.readBuffer
        let limit = (session.maximumLineLength ?? listener.shared.hardLineLengthLimit) + 64 * 1024
        while framer.bufferedCount < limit {
            switch tls.read(into: buffer) {
            case .plaintext(let count):
                framer.append(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            case .needMoreCiphertext:
                ciphertextPending = false
                tls.takeCiphertext(into: &output)
                return
            case .closedByPeer:
                ciphertextPending = false
                inputEnded = true
                return
            case .failed:
                ciphertextPending = false
                closeImmediately()
                return
            }
        }
        tls.takeCiphertext(into: &output)
    }

    // MARK: Writing

    /// Queues a reply line with its CRLF, encrypting it when TLS is on.
    func sendLine(_ text: String) {
        if let tls {
            var line = Array(text.utf8)
            line.append(contentsOf: [0x0D, 0x0A])
            _ = tls.write(line)
            tls.takeCiphertext(into: &output)
        } else {
            output.append(contentsOf: text.utf8)
            output.append(contentsOf: [0x0D, 0x0A])
        }
    }

    /// Writes as much queued output as the socket takes.
    func flush() {
        guard !isClosed else { return }
        while outputStart < output.count {
            let count = output.withUnsafeBytes { buffer in
                Glibc.send(
                    fd, buffer.baseAddress! + outputStart, buffer.count - outputStart,
                    Int32(MSG_NOSIGNAL))
            }
            if count > 0 {
                output.withUnsafeBytes { buffer in
                    let sent = buffer[outputStart..<outputStart + count]
                    tapWire(.toClient, UnsafeRawBufferPointer(rebasing: sent))
                }
                outputStart += count
                lastActivity = monotonicSeconds()
            } else if count < 0 && errno == EINTR {
                continue
            } else if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                closeImmediately()
                return
            }
        }
        if outputStart == output.count {
            output.removeAll(keepingCapacity: output.capacity <= 16 * 1024)
            outputStart = 0
        }
    }

    private func tapWire(_ direction: WireChunk.Direction, _ bytes: UnsafeRawBufferPointer) {
        let taps = listener.shared.wireTaps()
        guard !taps.isEmpty else { return }
        let chunk = WireChunk(
            connectionID: peer.connectionID, service: listener.service, direction: direction,
            isTLS: tls != nil, bytes: Array(bytes))
        for tap in taps {
            tap.observer(chunk)
        }
    }

    // MARK: Epoll interest and deadlines

    func updateInterest() {
        guard !isClosed else { return }
        var events: UInt32 = 0
        if wantsInput {
            events |= EPOLLIN.rawValue
        }
        if hasPendingOutput {
            events |= EPOLLOUT.rawValue
        }
        if events != interest {
            interest = events
            loop.modify(fd: fd, key: key, events: events)
        }
    }

    func updateWake() {
        let wake: Double
        switch phase {
        case .paused(let until):
            wake = until
        case .closing(let deadline):
            wake = deadline
        case .running, .handshaking, .flushingBeforeTLS:
            wake = lastActivity + session.idleTimeout
        case .delivering, .closed:
            return
        }
        guard wake.isFinite else { return }
        if let scheduledWake, scheduledWake <= wake {
            return
        }
        scheduledWake = wake
        loop.schedule(deadline: wake, key: key)
    }

    // MARK: Closing

    /// Closes the socket now, dropping unsent output.
    func closeImmediately() {
        guard !isClosed else { return }
        phase = .closed
        loop.unregister(fd: fd, key: key)
        discardUnreadInput()
        close(fd)
        tls = nil
        actions = []
        output = []
        framer.discardAll()
        listener.connectionDidClose(peer)
    }

    /// Reads and drops the client's unread input, so that close(2) ends the
    /// connection with a FIN. Unread input would make the kernel send a reset, and the client
    /// could lose the last reply.
    private func discardUnreadInput() {
        let buffer = loop.readBuffer
        for _ in 0..<16 {
            guard recv(fd, buffer.baseAddress, buffer.count, Int32(MSG_DONTWAIT)) > 0 else {
                return
            }
        }
    }
}
