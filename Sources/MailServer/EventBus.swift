import Dispatch
import Foundation
import MailProtocol

/// The handle of an event-bus subscription, for `EventBus.unsubscribe(_:)`.
public struct EventSubscription: Hashable, Sendable {
    let value: Int
}

/// The one place servers and shells publish to. The bus numbers events from 1 (or after the
/// journal's last event), stamps them with the time in whole milliseconds, appends them to the
/// journal and then hands them to every subscriber, in sequence order.
///
/// `publish` never waits for the disk: a serial queue writes the journal and calls the
/// subscribers, so a subscriber gets an event only after it is on disk. Events published
/// while the queue is busy are journaled together, with one write and one flush.
public final class EventBus: EventSink, @unchecked Sendable {
    private let journal: EventJournal?
    private let clock: @Sendable () -> Date
    private let onJournalError: (@Sendable (EventJournalError) -> Void)?
    private let queue = DispatchQueue(label: "maillab.event-bus")

    private let lock = NSLock()
    private var last: Int  // guarded by lock
    private var pending: [LabEvent] = []  // guarded by lock
    private var draining = false  // guarded by lock
    private var nextSubscription = 1  // guarded by lock
    private var subscribers: [(id: Int, handler: @Sendable (LabEvent) -> Void)] = []  // lock

    /// Creates a bus that continues `journal`'s numbering. `onJournalError` receives append
    /// failures; the events still reach the subscribers.
    public init(
        journal: EventJournal? = nil, clock: @escaping @Sendable () -> Date = { Date() },
        onJournalError: (@Sendable (EventJournalError) -> Void)? = nil
    ) {
        self.journal = journal
        self.clock = clock
        self.onJournalError = onJournalError
        last = journal?.lastSequence ?? 0
    }

    /// The sequence number of the last event published.
    public var lastSequence: Int {
        lock.lock()
        defer { lock.unlock() }
        return last
    }

    public func publish(_ payload: LabEventPayload, origin: EventOrigin) {
        lock.lock()
        last += 1
        let event = LabEvent(
            sequence: last, time: JournalDate.truncatedToMilliseconds(clock()), origin: origin,
            payload: payload)
        pending.append(event)
        let startsDrain = !draining
        draining = true
        lock.unlock()
        if startsDrain {
            queue.async { self.drain() }
        }
    }

    /// Calls `handler` with every event published from now on, in order, on the bus's queue.
    @discardableResult
    public func subscribe(_ handler: @escaping @Sendable (LabEvent) -> Void) -> EventSubscription {
        lock.lock()
        defer { lock.unlock() }
        let id = nextSubscription
        nextSubscription += 1
        subscribers.append((id, handler))
        return EventSubscription(value: id)
    }

    public func unsubscribe(_ subscription: EventSubscription) {
        lock.lock()
        subscribers.removeAll { $0.id == subscription.value }
        lock.unlock()
    }

    /// Waits until every event published before the call is journaled and delivered. Never
    /// call it from a subscriber, which runs on the queue this waits for.
    public func flush() {
        queue.sync {}
    }

    private func drain() {
        while true {
            lock.lock()
            let batch = pending
            pending = []
            if batch.isEmpty {
                draining = false
                lock.unlock()
                return
            }
            let handlers = subscribers.map(\.handler)
            lock.unlock()
            if let journal {
                do {
                    try journal.append(batch)
                } catch {
                    onJournalError?(error)
                }
            }
            for event in batch {
                for handler in handlers {
                    handler(event)
                }
            }
        }
    }
}
