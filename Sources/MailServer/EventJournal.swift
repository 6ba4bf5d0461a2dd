import Foundation
import Glibc
import MailProtocol

/// The append-only event journal: one `LabEvent` per line as JSON (sorted keys, ISO 8601 times
/// with milliseconds).
///
/// Each append writes its lines with one write(2) and then flushes them with fdatasync(2)
/// before returning, so an acknowledged event survives a killed process and a power failure.
/// A crash in the middle of a write leaves at most one torn last line. Opening the journal
/// cuts it off and continues the numbering after the last complete event.
public final class EventJournal: @unchecked Sendable {
    public let url: URL
    /// Bytes of a torn last line that opening removed; 0 when the file ended cleanly.
    public let truncatedByteCount: Int

    private let lock = NSLock()
    private var fd: Int32  // guarded by lock; -1 once closed
    private var size: off_t  // guarded by lock
    private var last: Int  // guarded by lock
    private let encoder = EventJournal.makeEncoder()

    /// Opens the journal at `url`, creating it with mode 0600 when missing.
    public init(url: URL) throws(EventJournalError) {
        self.url = url
        let path = url.path
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .lastSystemCall("open", path) }
        do throws(EventJournalError) {
            let tail = try JournalTail.recover(fd: fd, path: path)
            truncatedByteCount = tail.truncatedByteCount
            size = tail.size
            last = tail.lastSequence
        } catch {
            Glibc.close(fd)
            throw error
        }
        self.fd = fd
    }

    deinit {
        if fd >= 0 {
            Glibc.close(fd)
        }
    }

    /// The sequence number of the last event in the journal; 0 when it is empty.
    public var lastSequence: Int {
        lock.lock()
        defer { lock.unlock() }
        return last
    }

    public func append(_ event: LabEvent) throws(EventJournalError) {
        try append([event])
    }

    /// Appends `events` in order with one write and flushes them to disk. Each sequence number
    /// must be above the previous one. After a failed write the file is cut back to where it
    /// was, so a later append never continues a torn line.
    public func append(_ events: [LabEvent]) throws(EventJournalError) {
        guard !events.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        guard fd >= 0 else { throw .closed(path: url.path) }
        var bytes: [UInt8] = []
        var previous = last
        // NOTE: JSONEncoder takes about 30 µs per event in a release build (measured on the
        // 2-core development machine). At thousands of events a second, a hand-written
        // encoder for LabEvent would save most of a core.
        for event in events {
            guard event.sequence > previous else {
                throw .outOfOrder(sequence: event.sequence, lastSequence: previous)
            }
            previous = event.sequence
            do {
                bytes.append(contentsOf: try encoder.encode(event))
            } catch {
                throw .encodingFailed(sequence: event.sequence, reason: "\(error)")
            }
            bytes.append(0x0A)
        }
        try write(bytes)
        last = previous
    }

    /// Closes the file; later appends fail.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
    }

    private func write(_ bytes: [UInt8]) throws(EventJournalError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR {
                continue
            }
            guard written > 0 else {
                let error = EventJournalError.lastSystemCall("write", url.path)
                _ = ftruncate(fd, size)
                throw error
            }
            offset += written
        }
        guard fdatasync(fd) == 0 else {
            let error = EventJournalError.lastSystemCall("fdatasync", url.path)
            _ = ftruncate(fd, size)
            throw error
        }
        size += off_t(bytes.count)
    }

    // MARK: Reading

    /// Reads every complete event of the journal at `url`, for readers that never write (the
    /// check engine, the report). A missing file has no events. Lines that do not decode, such
    /// as a torn last line being written right now, are skipped.
    public static func read(url: URL) throws(EventJournalError) -> [LabEvent] {
        try read(url: url, fromOffset: 0).events
    }

    /// Reads the complete events that start at byte `offset` and returns them with the offset
    /// after the last complete line, where the next incremental read starts.
    public static func read(url: URL, fromOffset offset: UInt64) throws(EventJournalError)
        -> (events: [LabEvent], nextOffset: UInt64)
    {
        let path = url.path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return ([], offset) }
            throw .lastSystemCall("open", path)
        }
        defer { Glibc.close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .lastSystemCall("fstat", path) }
        let end = UInt64(max(0, status.st_size))
        guard end > offset else { return ([], offset) }
        let bytes = try JournalTail.readBytes(
            fd: fd, from: off_t(offset), count: Int(end - offset), path: path)
        guard let lastNewline = bytes.lastIndex(of: 0x0A) else { return ([], offset) }
        let decoder = makeDecoder()
        var events: [LabEvent] = []
        for line in bytes[...lastNewline].split(separator: 0x0A) {
            if let event = try? decoder.decode(LabEvent.self, from: Data(line)) {
                events.append(event)
            }
        }
        return (events, offset + UInt64(lastNewline + 1))
    }

    /// Makes the encoder of journal lines: sorted keys, unescaped slashes, millisecond UTC
    /// times.
    public static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(JournalDate.format(date))
        }
        return encoder
    }

    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = JournalDate.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    in: container, debugDescription: "invalid ISO 8601 time \(text)")
            }
            return date
        }
        return decoder
    }
}
