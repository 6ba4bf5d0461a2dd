import Foundation
import Glibc
import MailProtocol

/// The end of a journal file, found by reading backwards so that opening a long journal does
/// not read all of it.
struct JournalTail {
    var size: off_t
    var lastSequence: Int
    var truncatedByteCount: Int

    /// Cuts a torn last line off the file and finds the last event that decodes.
    static func recover(fd: Int32, path: String) throws(EventJournalError) -> JournalTail {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .lastSystemCall("fstat", path) }
        let fileSize = status.st_size
        let decoder = EventJournal.makeDecoder()
        var window = 64 * 1024
        while true {
            let start = max(0, fileSize - off_t(window))
            let bytes = try readBytes(fd: fd, from: start, count: Int(fileSize - start), path: path)
            guard let lastNewline = bytes.lastIndex(of: 0x0A) else {
                if start > 0 {
                    window *= 4
                    continue
                }
                // No complete line at all: everything is a torn first line.
                return try truncate(fd: fd, path: path, to: 0, from: fileSize, lastSequence: 0)
            }
            let cleanSize = start + off_t(lastNewline + 1)
            // Complete lines inside the window; the first is partial unless the window starts
            // the file.
            var lines = bytes[...lastNewline].split(
                separator: 0x0A, omittingEmptySubsequences: true)
            if start > 0 && !lines.isEmpty {
                lines.removeFirst()
            }
            for line in lines.reversed() {
                if let event = try? decoder.decode(LabEvent.self, from: Data(line)) {
                    return try truncate(
                        fd: fd, path: path, to: cleanSize, from: fileSize,
                        lastSequence: event.sequence)
                }
            }
            if start == 0 {
                return try truncate(
                    fd: fd, path: path, to: cleanSize, from: fileSize, lastSequence: 0)
            }
            window *= 4
        }
    }

    private static func truncate(
        fd: Int32, path: String, to cleanSize: off_t, from fileSize: off_t, lastSequence: Int
    ) throws(EventJournalError) -> JournalTail {
        if cleanSize < fileSize {
            guard ftruncate(fd, cleanSize) == 0 else { throw .lastSystemCall("ftruncate", path) }
            guard fdatasync(fd) == 0 else { throw .lastSystemCall("fdatasync", path) }
        }
        return JournalTail(
            size: cleanSize, lastSequence: lastSequence,
            truncatedByteCount: Int(fileSize - cleanSize))
    }

    static func readBytes(fd: Int32, from offset: off_t, count: Int, path: String)
        throws(EventJournalError) -> [UInt8]
    {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + done, count - done, offset + off_t(done))
            }
            if result < 0 && errno == EINTR {
                continue
            }
            guard result >= 0 else { throw .lastSystemCall("pread", path) }
            if result == 0 { break }
            done += result
        }
        bytes.removeLast(count - done)
        return bytes
    }
}
