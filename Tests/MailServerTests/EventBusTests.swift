import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("Event bus")
struct EventBusTests {
    @Test("numbers from 1 and stamps milliseconds")
    func numbering() throws {
        let bus = EventBus(clock: { Date(timeIntervalSince1970: 1000.123456) })
        let seen = Recorder<LabEvent>()
        bus.subscribe { seen.append($0) }
        bus.publish(.serviceStarted(service: .smtp, port: 2525), origin: .lab)
        bus.publish(.serviceStopped(service: .smtp), origin: .server(.smtp))
        bus.flush()
        #expect(seen.values.map(\.sequence) == [1, 2])
        #expect(seen.values.first?.time == Date(timeIntervalSince1970: 1000.123))
        #expect(seen.values.map(\.origin) == [.lab, .server(.smtp)])
        #expect(bus.lastSequence == 2)
    }

    @Test("concurrent publishers reach subscribers in order")
    func ordering() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        let bus = EventBus(journal: try EventJournal(url: url))
        let first = Recorder<Int>()
        let second = Recorder<Int>()
        bus.subscribe { first.append($0.sequence) }
        bus.subscribe { second.append($0.sequence) }
        let threads = 8
        let perThread = 250
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                bus.publish(.connectionClosed(connectionID: thread * 1000 + index), origin: .lab)
            }
        }
        bus.flush()
        let expected = Array(1...(threads * perThread))
        #expect(first.values == expected)
        #expect(second.values == expected)
        #expect(try EventJournal.read(url: url).map(\.sequence) == expected)
    }

    @Test("subscriber sees an event only after it is journaled")
    func journaledBeforeDelivery() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        let bus = EventBus(journal: try EventJournal(url: url))
        let onDisk = Recorder<Bool>()
        bus.subscribe { event in
            let stored = (try? EventJournal.read(url: url)) ?? []
            onDisk.append(stored.contains(event))
        }
        for index in 0..<20 {
            bus.publish(.connectionClosed(connectionID: index), origin: .lab)
        }
        bus.flush()
        #expect(onDisk.values == Array(repeating: true, count: 20))
    }

    @Test("bus continues the journal's numbering")
    func continuesJournal() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        let firstBus = EventBus(journal: try EventJournal(url: url))
        firstBus.publish(.serviceStarted(service: .imap, port: 1143), origin: .lab)
        firstBus.publish(.serviceStopped(service: .imap), origin: .lab)
        firstBus.flush()
        let secondBus = EventBus(journal: try EventJournal(url: url))
        secondBus.publish(.serviceStarted(service: .imap, port: 1143), origin: .lab)
        secondBus.flush()
        #expect(try EventJournal.read(url: url).map(\.sequence) == [1, 2, 3])
    }

    @Test("unsubscribed handler gets nothing more")
    func unsubscribe() {
        let bus = EventBus()
        let seen = Recorder<Int>()
        let subscription = bus.subscribe { seen.append($0.sequence) }
        bus.publish(.serviceReloaded(service: .pop3), origin: .lab)
        bus.flush()
        bus.unsubscribe(subscription)
        bus.publish(.serviceReloaded(service: .pop3), origin: .lab)
        bus.flush()
        #expect(seen.values == [1])
    }

    @Test("subscriber may publish")
    func reentrantPublish() {
        let bus = EventBus()
        let seen = Recorder<Int>()
        bus.subscribe { event in
            seen.append(event.sequence)
            if event.sequence == 1 {
                bus.publish(.serviceReloaded(service: .smtp), origin: .lab)
            }
        }
        bus.publish(.serviceReloaded(service: .smtp), origin: .lab)
        #expect(seen.wait { $0.count == 2 })
        #expect(seen.values == [1, 2])
    }

    @Test("server events arrive through the bus")
    func serverEvents() throws {
        let bus = EventBus()
        let seen = Recorder<LabEvent>()
        bus.subscribe { seen.append($0) }
        let server = MailServer()
        try server.start()
        defer { server.stop() }
        let listener = try server.listen(
            MailListener.Configuration(service: .pop3, events: bus),
            settings: SessionSettings { ScriptSession(peer: $0) })
        let client = try TestClient(port: listener.port)
        _ = try client.readLine()
        try client.send("QUIT\r\n")
        _ = try client.readUntilClosed()
        #expect(
            seen.wait {
                $0.contains { event in event.payload == .connectionClosed(connectionID: 1) }
            })
        let payloads = seen.values.map(\.payload)
        #expect(payloads.first == .serviceStarted(service: .pop3, port: listener.port))
        #expect(seen.values.allSatisfy { $0.origin == .server(.pop3) })
        #expect(seen.values.map(\.sequence) == Array(1...seen.values.count))
    }
}
