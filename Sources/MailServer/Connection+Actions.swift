import Foundation
import MailProtocol

extension Connection {
    func enqueue(_ newActions: [SessionAction]) {
        if nextAction == actions.count {
            actions = newActions
            nextAction = 0
        } else {
            actions.append(contentsOf: newActions)
        }
    }

    /// Performs actions and hands lines to the session until something has to wait, then
    /// writes the output and updates what the loop watches.
    func advance() {
        while !isClosed {
            if case .running = phase {
                runSession()
            }
            flush()
            if case .flushingBeforeTLS = phase, !hasPendingOutput {
                beginHandshake(startsSession: false)
                continue
            }
            if case .closing = phase, !hasPendingOutput {
                closeImmediately()
            }
            break
        }
        updateInterest()
        updateWake()
    }

    /// Runs actions and lines while the phase stays `.running`.
    private func runSession() {
        while case .running = phase {
            if nextAction < actions.count {
                let action = actions[nextAction]
                nextAction += 1
                perform(action)
                continue
            }
            if !actions.isEmpty {
                actions = []
                nextAction = 0
            }
            if closeAfterActions {
                beginClosing()
                return
            }
            guard output.count - outputStart < Self.outputHighWater else { return }
            if ciphertextPending {
                decryptPendingCiphertext()
            }
            let longest = session.maximumLineLength ?? listener.shared.hardLineLengthLimit
            if let line = framer.nextLine(maximumLength: longest) {
                enqueue(session.receive(line: line))
                continue
            }
            if inputEnded {
                reportConnectionLost()
                beginClosing()
            }
            return
        }
    }

    /// Tells the session that the client went away, for its log lines (Postfix's `lost
    /// connection after …`); the connection is closing, so only logs and events are kept.
    private func reportConnectionLost() {
        for action in session.connectionLost() {
            switch action {
            case .log(let line):
                listener.log(line)
            case .emit(let event):
                listener.publish(.session(event))
            default:
                break
            }
        }
    }

    private func perform(_ action: SessionAction) {
        switch action {
        case .reply(let text):
            sendLine(failNextReply ? Self.queueWriteErrorReply : text)
            failNextReply = false
        case .pause(let seconds):
            if seconds > 0 {
                phase = .paused(until: monotonicSeconds() + seconds)
            }
        case .deliver(let delivery):
            startDelivery(delivery)
        case .log(let line):
            listener.log(line)
        case .emit(let event):
            listener.publish(.session(event))
        case .close:
            beginClosing()
        case .startTLS:
            if tls != nil || tlsContext == nil {
                let reason = tls != nil ? "TLS is already active" : "TLS is not configured"
                enqueue(session.tlsFailed(reason: reason))
                closeAfterActions = true
            } else {
                phase = .flushingBeforeTLS
            }
        }
    }

    /// Drops the remaining actions and input and closes once the output is written.
    private func beginClosing() {
        actions = []
        nextAction = 0
        framer.discardAll()
        if let tls {
            tls.shutdown()
            tls.takeCiphertext(into: &output)
        }
        phase = .closing(deadline: monotonicSeconds() + min(session.idleTimeout, 300))
    }

    // MARK: Delivery

    private func startDelivery(_ delivery: Delivery) {
        guard let target = listener.configuration.delivery else {
            failNextReply = true
            listener.log("warning: \(delivery.queueID): no message store is configured")
            return
        }
        phase = .delivering
        let loop = self.loop
        listener.shared.deliveryQueue.async {
            let failure: String?
            do {
                try target.deliver(delivery)
                failure = nil
            } catch {
                failure = String(describing: error)
            }
            loop.execute {
                self.finishDelivery(queueID: delivery.queueID, failure: failure)
            }
        }
    }

    private func finishDelivery(queueID: String, failure: String?) {
        guard case .delivering = phase else { return }
        if let failure {
            failNextReply = true
            listener.log("warning: \(queueID): queue file write error: \(failure)")
        }
        phase = .running
        lastActivity = monotonicSeconds()
        advance()
    }

    // MARK: TLS

    /// Starts the server side of the handshake. Every byte read and not yet handed to the
    /// session is discarded first: it arrived in plaintext before the handshake, and a client
    /// must not be able to inject commands that run inside TLS (CVE-2011-0411).
    func beginHandshake(startsSession: Bool) {
        framer.discardAll()
        guard let tlsContext, let stream = TLSStream(context: tlsContext) else {
            phase = .running
            enqueue(session.tlsFailed(reason: "TLS is not configured"))
            closeAfterActions = true
            return
        }
        tls = stream
        phase = .handshaking(startsSession: startsSession)
        lastActivity = monotonicSeconds()
    }

    func continueHandshake() {
        guard let tls, case .handshaking(let startsSession) = phase else { return }
        switch tls.handshake() {
        case .inProgress:
            tls.takeCiphertext(into: &output)
        case .established(let info):
            tls.takeCiphertext(into: &output)
            phase = .running
            // The client may have sent its first command right behind its Finished message.
            ciphertextPending = true
            enqueue(session.tlsEstablished(info))
            if startsSession {
                enqueue(session.start())
            }
        case .failed(let reason):
            handshakeFailed(reason: reason)
        }
    }

    /// Reports the failure to the session and closes after its actions. The alert OpenSSL
    /// queued, if any, is still sent.
    func handshakeFailed(reason: String) {
        tls?.takeCiphertext(into: &output)
        tls = nil
        ciphertextPending = false
        phase = .running
        enqueue(session.tlsFailed(reason: reason))
        closeAfterActions = true
    }
}
