import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("Event journal")
struct EventJournalTests {
    /// Times in whole milliseconds, as the event bus stamps them.
    static func event(_ sequence: Int, _ payload: LabEventPayload) -> LabEvent {
        LabEvent(
            sequence: sequence,
            time: Date(timeIntervalSince1970: Double(1_796_392_250_125 + sequence) / 1000),
            origin: .server(.smtp), payload: payload)
    }

    static let sample: [LabEvent] = [
        event(
            1,
            .connectionOpened(
                connectionID: 7, service: .smtp, peerAddress: "127.0.0.1",
                peerPort: 40000)),
        event(2, .session(.commandReceived(connectionID: 7, line: "AUTH PLAIN ********"))),
        event(3, .fileChanged(path: "/usr/local/etc/postfix/main.cf")),
        event(4, .connectionClosed(connectionID: 7)),
    ]

    @Test("append then read returns the events")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        let journal = try EventJournal(url: url)
        try journal.append(Self.sample[0])
        try journal.append(Array(Self.sample[1...]))
        #expect(journal.lastSequence == 4)
        #expect(try EventJournal.read(url: url) == Self.sample)
    }

    @Test("lines are sorted-key JSON with millisecond times")
    func lineFormat() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        try EventJournal(url: url).append(Self.sample[3])
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(
            text
                == #"{"origin":{"server":{"_0":"smtp"}},"payload":{"connectionClosed":"#
                + #"{"connectionID":7}},"sequence":4,"time":"2026-12-04T13:50:50.129Z"}"#
                + "\n")
    }

    @Test("paths keep their slashes")
    func slashes() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        try EventJournal(url: url).append(Self.sample[2])
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(#""/usr/local/etc/postfix/main.cf""#))
    }

    @Test("reopen continues the numbering")
    func reopen() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        try EventJournal(url: url).append(Array(Self.sample[..<2]))
        let reopened = try EventJournal(url: url)
        #expect(reopened.lastSequence == 2)
        #expect(reopened.truncatedByteCount == 0)
        try reopened.append(Array(Self.sample[2...]))
        #expect(try EventJournal.read(url: url) == Self.sample)
    }

    @Test("torn last line is cut on open")
    func tornLine() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        try EventJournal(url: url).append(Array(Self.sample[..<3]))
        let torn = Array(#"{"origin":{"server":{"_0":"sm"#.utf8)
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: torn)
        try handle.close()
        #expect(try EventJournal.read(url: url) == Array(Self.sample[..<3]))

        let reopened = try EventJournal(url: url)
        #expect(reopened.truncatedByteCount == torn.count)
        #expect(reopened.lastSequence == 3)
        try reopened.append(Self.sample[3])
        #expect(try EventJournal.read(url: url) == Self.sample)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 4)
    }

    @Test("journal of only a torn line starts over")
    func onlyTornLine() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        try Data(#"{"orig"#.utf8).write(to: url)
        let journal = try EventJournal(url: url)
        #expect(journal.lastSequence == 0)
        #expect(journal.truncatedByteCount == 6)
        #expect(try Data(contentsOf: url).isEmpty)
    }

    @Test("torn line after a long journal is found")
    func longJournal() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        let journal = try EventJournal(url: url)
        let events = (1...3000).map { Self.event($0, .connectionClosed(connectionID: $0)) }
        try journal.append(events)
        journal.close()
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(String(repeating: "x", count: 200_000).utf8))
        try handle.close()
        let reopened = try EventJournal(url: url)
        #expect(reopened.lastSequence == 3000)
        #expect(reopened.truncatedByteCount == 200_000)
    }

    @Test("out-of-order append is rejected")
    func outOfOrder() throws {
        let folder = try TemporaryFolder()
        let journal = try EventJournal(url: folder.file("events.jsonl"))
        try journal.append(Self.sample[1])
        #expect(throws: EventJournalError.outOfOrder(sequence: 1, lastSequence: 2)) {
            try journal.append(Self.sample[0])
        }
        journal.close()
        #expect(throws: EventJournalError.self) { try journal.append(Self.sample[2]) }
    }

    @Test("incremental read resumes at the offset")
    func incrementalRead() throws {
        let folder = try TemporaryFolder()
        let url = folder.file("events.jsonl")
        #expect(try EventJournal.read(url: url).isEmpty)
        let journal = try EventJournal(url: url)
        try journal.append(Array(Self.sample[..<2]))
        let first = try EventJournal.read(url: url, fromOffset: 0)
        #expect(first.events == Array(Self.sample[..<2]))
        try journal.append(Array(Self.sample[2...]))
        let second = try EventJournal.read(url: url, fromOffset: first.nextOffset)
        #expect(second.events == Array(Self.sample[2...]))
        let third = try EventJournal.read(url: url, fromOffset: second.nextOffset)
        #expect(third.events.isEmpty)
        #expect(third.nextOffset == second.nextOffset)
    }

    @Test(
        "dates parse and format",
        arguments: [
            ("2026-12-04T13:44:10.123Z", 1_796_391_850.123),
            ("1970-01-01T00:00:00.000Z", 0),
            ("1969-12-31T23:59:59.999Z", -0.001),
        ])
    func dates(text: String, seconds: Double) throws {
        let date = try #require(JournalDate.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.0005)
        #expect(JournalDate.format(date) == text)
    }

    @Test(
        "invalid dates are rejected",
        arguments: [
            "", "2026-12-04T13:44:10", "2026-13-04T13:44:10Z", "2026-12-04 13:44:10Z",
            "2026-12-04T13:44:10.Z", "2026-12-04T13:44:10.1234567890Z", "２026-12-04T13:44:10Z",
        ])
    func invalidDates(text: String) {
        #expect(JournalDate.parse(text) == nil)
    }
}
