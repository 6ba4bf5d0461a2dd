/// Splits the bytes read from a client into lines that end in CRLF or a bare LF.
///
/// A line longer than the maximum is handed on cut to the maximum, and the rest of it, up to
/// and including its LF, is discarded. The cut happens as soon as the buffered part of the line
/// cannot fit any more, so an endless line never buffers more than the maximum plus one chunk.
struct LineFramer {
    private var bytes: [UInt8] = []
    /// Index of the first byte not yet handed out.
    private var start = 0
    /// Bytes after `start` already searched for an LF without finding one.
    private var searched = 0
    /// Whether the bytes up to the next LF belong to a line that was already cut.
    private var discardingRest = false

    /// Buffered bytes not yet handed out as lines.
    var bufferedCount: Int { bytes.count - start }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
    }

    mutating func append(_ chunk: [UInt8]) {
        bytes.append(contentsOf: chunk)
    }

    /// Returns the next complete line without its line ending, or nil when more bytes are
    /// needed. `maximumLength` is at least 1.
    mutating func nextLine(maximumLength: Int) -> [UInt8]? {
        let maximum = max(1, maximumLength)
        if discardingRest && !skipRestOfCutLine() {
            return nil
        }
        let searchFrom = start + searched
        if let newline = bytes[searchFrom...].firstIndex(of: 0x0A) {
            var end = newline
            if end > start && bytes[end - 1] == 0x0D {
                end -= 1
            }
            let line = Array(bytes[start..<min(end, start + maximum)])
            consume(upTo: newline + 1)
            return line
        }
        searched = bytes.count - start
        // One byte more than the maximum may still be the CR of a line that fits.
        guard bufferedCount > maximum + 1 else { return nil }
        let line = Array(bytes[start..<start + maximum])
        discardingRest = true
        consume(upTo: bytes.count)
        return line
    }

    /// Drops every buffered byte, including the rest of a cut line.
    mutating func discardAll() {
        discardingRest = false
        consume(upTo: bytes.count)
    }

    /// Drops bytes up to the LF that ends a cut line; returns false when that LF is not here yet.
    private mutating func skipRestOfCutLine() -> Bool {
        guard let newline = bytes[start...].firstIndex(of: 0x0A) else {
            consume(upTo: bytes.count)
            return false
        }
        discardingRest = false
        consume(upTo: newline + 1)
        return true
    }

    private mutating func consume(upTo index: Int) {
        start = index
        searched = 0
        if start == bytes.count {
            // An idle connection keeps no large buffer.
            bytes.removeAll(keepingCapacity: bytes.capacity <= 4096)
            start = 0
        } else if start >= 4096 && start * 2 >= bytes.count {
            bytes.removeSubrange(0..<start)
            start = 0
        }
    }
}
