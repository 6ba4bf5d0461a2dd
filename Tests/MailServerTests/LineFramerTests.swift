import Testing

@testable import MailServer

@Suite("Line framer")
struct LineFramerTests {
    /// Feeds `input` in chunks of `chunkSize` bytes and collects every line handed out.
    static func lines(_ input: String, chunkSize: Int, maximum: Int) -> [String] {
        var framer = LineFramer()
        var lines: [String] = []
        let bytes = Array(input.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunkSize)
            framer.append(Array(bytes[offset..<end]))
            offset = end
            while let line = framer.nextLine(maximumLength: maximum) {
                lines.append(String(decoding: line, as: UTF8.self))
            }
        }
        return lines
    }

    static let cases: [(input: String, maximum: Int, expected: [String])] = [
        ("a\r\nb\r\n", 10, ["a", "b"]),
        ("a\nb\n", 10, ["a", "b"]),
        ("\r\n\n", 10, ["", ""]),
        ("no newline", 20, []),
        ("0123456789\r\nnext\r\n", 10, ["0123456789", "next"]),
        ("0123456789X\r\nnext\r\n", 10, ["0123456789", "next"]),
        ("0123456789\rX\r\nnext\r\n", 10, ["0123456789", "next"]),
        (String(repeating: "z", count: 1000) + "\nok\n", 4, ["zzzz", "ok"]),
        ("bare\rCR\r\n", 20, ["bare\rCR"]),
    ]

    @Test("lines are the same for every chunk size", arguments: [1, 2, 3, 7, 64])
    func chunking(chunkSize: Int) {
        for (input, maximum, expected) in Self.cases {
            #expect(
                Self.lines(input, chunkSize: chunkSize, maximum: maximum) == expected,
                "input \(input.debugDescription)")
        }
    }

    @Test("discardAll drops the rest of a cut line")
    func discardAll() {
        var framer = LineFramer()
        framer.append(Array("0123456789abc".utf8))
        #expect(framer.nextLine(maximumLength: 4) == Array("0123".utf8))
        framer.discardAll()
        framer.append(Array("fresh\n".utf8))
        #expect(framer.nextLine(maximumLength: 10) == Array("fresh".utf8))
        #expect(framer.bufferedCount == 0)
    }

    @Test("unterminated line is buffered up to the maximum")
    func bufferBound() {
        var framer = LineFramer()
        for _ in 0..<100 {
            framer.append([UInt8](repeating: 0x41, count: 1000))
            _ = framer.nextLine(maximumLength: 2048)
            #expect(framer.bufferedCount <= 2048 + 1000)
        }
    }
}

@Suite("Timer heap")
struct TimerHeapTests {
    @Test("pops due entries in deadline order")
    func order() {
        var heap = TimerHeap()
        let deadlines: [Double] = [5, 1, 4, 1, 3, 9, 2, 6, 0.5, 8]
        for (index, deadline) in deadlines.enumerated() {
            heap.insert(deadline: deadline, key: UInt64(index))
        }
        #expect(heap.earliestDeadline == 0.5)
        #expect(heap.popDue(now: 0.1) == nil)
        var popped: [Double] = []
        while let entry = heap.popDue(now: 5) {
            popped.append(entry.deadline)
        }
        #expect(popped == [0.5, 1, 1, 2, 3, 4, 5])
        #expect(heap.count == 3)
    }
}
