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
            waitForInput(inbox)
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

    private func waitForInput(_ inbox: TerminalInbox) {
        var descriptors = [
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
            pollfd(fd: inbox.wakeReadDescriptor, events: Int16(POLLIN), revents: 0),
        ]
        // EINTR (a resize signal) returns early, which is what the loop needs.
        _ = poll(&descriptors, nfds_t(descriptors.count), 1000)
    }
}
