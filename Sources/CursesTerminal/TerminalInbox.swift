import Foundation
import Glibc
import LabUI

/// The queue through which other threads hand messages to the UI thread. Posting writes one
/// byte to a pipe that the run loop polls together with the terminal, so the loop wakes at
/// once instead of at its next timeout.
public final class TerminalInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Message] = []
    private var suspendedWork: [@Sendable () -> Void] = []
    private var wakePending = false
    /// The pipe's read end, polled by the run loop; both ends are non-blocking.
    let wakeReadDescriptor: Int32
    private let wakeWriteDescriptor: Int32

    public init() throws(TerminalError) {
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            throw .pipeFailed(errno)
        }
        for descriptor in descriptors {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        wakeReadDescriptor = descriptors[0]
        wakeWriteDescriptor = descriptors[1]
    }

    deinit {
        close(wakeReadDescriptor)
        close(wakeWriteDescriptor)
    }

    /// Queues a message for `update` on the UI thread. Safe from any thread.
    public func post(_ message: Message) {
        post([message])
    }

    /// Queues messages, keeping their order. Safe from any thread.
    public func post(_ new: [Message]) {
        lock.lock()
        messages.append(contentsOf: new)
        let wake = !wakePending
        wakePending = true
        lock.unlock()
        if wake {
            wakeUp()
        }
    }

    /// Runs `work` on the UI thread while curses is suspended and the terminal is back in
    /// its normal mode, as an external editor needs. The screen is redrawn afterwards. The
    /// UI waits for `work`, so it should only run the program that needs the terminal.
    public func withTerminalSuspended(_ work: @escaping @Sendable () -> Void) {
        lock.lock()
        suspendedWork.append(work)
        let wake = !wakePending
        wakePending = true
        lock.unlock()
        if wake {
            wakeUp()
        }
    }

    /// Waits up to `timeoutMilliseconds` for a posted message and returns every message queued
    /// by then, or none at the timeout. It is for code that drives `update` without curses,
    /// such as tests; the curses loop reads the inbox itself.
    public func waitForMessages(timeoutMilliseconds: Int32) -> [Message] {
        var descriptor = pollfd(fd: wakeReadDescriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&descriptor, 1, timeoutMilliseconds)
        return drain().messages
    }

    /// Takes everything queued so far and clears the wake-up byte.
    func drain() -> (messages: [Message], suspendedWork: [@Sendable () -> Void]) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeReadDescriptor, &buffer, buffer.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let result = (messages, suspendedWork)
        messages = []
        suspendedWork = []
        wakePending = false
        return result
    }

    private func wakeUp() {
        var byte: UInt8 = 1
        // A full pipe already wakes the loop, so EAGAIN needs no retry.
        _ = write(wakeWriteDescriptor, &byte, 1)
    }
}
