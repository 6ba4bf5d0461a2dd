import CCurses
import Glibc
import LabUI

extension CursesTerminal {
    /// Runs the UI until an `update` returns `.quit`, then restores the terminal and returns
    /// the last state. Each turn waits in poll(2) for a key or for the inbox's wake-up pipe
    /// (or at most a second, for a resize signal that arrives without input), applies every
    /// message, hands each effect to `perform` in order, and draws once. `perform` runs on
    /// the UI thread and must not block, so slow work belongs on another thread that posts
    /// its results to the inbox. The terminal's size and the start-up notices come first.
    @discardableResult
    public func run(
        _ initial: AppState, inbox: TerminalInbox,
        update: (inout AppState, Message) -> [Effect] = LabUI.update,
        perform: (Effect) throws -> Void
    ) rethrows -> AppState {
        defer { stop() }
        var state = initial
        var pending: [Message] = [.resize(width: size.width, height: size.height)]
        pending += notices.map { .notice($0) }
        while true {
            var quit = false
            for message in pending {
                for effect in update(&state, message) {
                    try perform(effect)
                    if effect == .quit {
                        quit = true
                    }
                }
            }
            if quit {
                return state
            }
            if !pending.isEmpty {
                draw(render(state, width: state.width, height: state.height))
            }
            guard waitForInput(inbox) else {
                return state
            }
            pending = readMessages()
            let queued = inbox.drain()
            pending += queued.messages
            for work in queued.suspendedWork {
                suspend()
                work()
                resume()
                pending.append(.resize(width: size.width, height: size.height))
            }
        }
    }

    /// Waits for a key, a posted message or a signal. Returns false when the loop must end:
    /// SIGINT, SIGTERM or SIGHUP arrived, or the terminal went away (its pseudo-terminal
    /// closed), in which case no key can ever come again.
    private func waitForInput(_ inbox: TerminalInbox) -> Bool {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeReadDescriptor, events: Int16(POLLIN), revents: 0),
            pollfd(
                fd: SignalRestore.terminationReadDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // EINTR (a resize signal) returns early, which is what the loop needs.
        _ = poll(&descriptors, nfds_t(descriptors.count), 1000)
        if descriptors[2].revents & Int16(POLLIN) != 0, SignalRestore.takeTermination() != nil {
            return false
        }
        let gone = Int16(POLLHUP | POLLERR | POLLNVAL)
        return descriptors[0].revents & gone == 0
    }
}

extension CursesTerminal {
    /// Ends the process with the termination signal that stopped `run`, now that the terminal
    /// is restored and the caller has cleaned up; returns at once when `run` ended otherwise.
    public static func reraisePendingSignal() {
        SignalRestore.reraiseTermination()
    }
}
