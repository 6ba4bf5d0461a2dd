import Foundation
import MailProtocol

/// Values collected from other threads, with a wait for a condition on them.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var stored: [Value] = []

    func append(_ value: Value) {
        condition.lock()
        stored.append(value)
        condition.broadcast()
        condition.unlock()
    }

    var values: [Value] {
        condition.lock()
        defer { condition.unlock() }
        return stored
    }

    /// Waits until `predicate` holds for the values; returns false after `timeout` seconds.
    func wait(timeout: Double = 10, until predicate: ([Value]) -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while !predicate(stored) {
            guard condition.wait(until: deadline) else { return predicate(stored) }
        }
        return true
    }
}

/// An event sink that records what the servers publish.
final class EventRecorder: EventSink, @unchecked Sendable {
    let recorder = Recorder<LabEventPayload>()

    func publish(_ payload: LabEventPayload, origin: EventOrigin) {
        recorder.append(payload)
    }

    var payloads: [LabEventPayload] { recorder.values }

    func waitFor(
        count: Int = 1, timeout: Double = 10, _ matches: @escaping (LabEventPayload) -> Bool
    ) -> Bool {
        recorder.wait(timeout: timeout) { values in values.filter(matches).count >= count }
    }

    func closedCount() -> Int {
        payloads.filter { if case .connectionClosed = $0 { true } else { false } }.count
    }

    static func isClosed(_ payload: LabEventPayload) -> Bool {
        if case .connectionClosed = payload { return true }
        return false
    }

    static func isOpened(_ payload: LabEventPayload) -> Bool {
        if case .connectionOpened = payload { return true }
        return false
    }

    /// Lines the sessions reported as received, in order.
    var receivedLines: [String] {
        payloads.compactMap { payload in
            if case .session(.commandReceived(_, let line)) = payload { return line }
            return nil
        }
    }
}
