import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A TCP connection from a lab shell's `telnet` to 127.0.0.1, with a thread that hands
/// whatever the server sends to a callback as it arrives.
final class TelnetConnection: @unchecked Sendable {
    let descriptor: Int32
    /// The connection's own port, which the server gets as the peer port.
    let localPort: Int
    private let readerDone = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var readerStarted = false
    private var readerFinished = false

    private init(descriptor: Int32, localPort: Int) {
        self.descriptor = descriptor
        self.localPort = localPort
    }

    deinit {
        close(descriptor)
    }

    /// Connects to 127.0.0.1 on `port`, or returns the `errno` of the failure.
    static func connect(port: Int) -> Result<TelnetConnection, SystemError> {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return .failure(SystemError(code: errno)) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let code = errno
            close(descriptor)
            return .failure(SystemError(code: code))
        }

        var noDelay: Int32 = 1
        setsockopt(
            descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay,
            socklen_t(MemoryLayout<Int32>.size))

        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(descriptor, $0, &length)
            }
        }
        return .success(
            TelnetConnection(
                descriptor: descriptor, localPort: Int(UInt16(bigEndian: local.sin_port))))
    }

    /// Sends all of `bytes`; `false` when the connection is gone.
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Starts the reader thread: `onData` gets each chunk, `onClose` runs once when the
    /// server closes or the connection fails.
    func startReading(
        onData: @escaping @Sendable ([UInt8]) -> Void, onClose: @escaping @Sendable () -> Void
    ) {
        lock.lock()
        readerStarted = true
        lock.unlock()
        let thread = Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes {
                    recv(descriptor, $0.baseAddress, $0.count, 0)
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                onData(Array(buffer[..<count]))
            }
            onClose()
            lock.lock()
            readerFinished = true
            lock.unlock()
            readerDone.signal()
        }
        thread.name = "telnet reader"
        thread.start()
    }

    /// Tells the server that nothing more will be sent, as the end of input does.
    func shutdownWrite() {
        shutdown(descriptor, Int32(SHUT_WR))
    }

    /// Ends the connection both ways, which also wakes the reader thread.
    func shutdownBoth() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// Waits until the reader thread has ended; `false` when `seconds` passed first.
    @discardableResult
    func waitForReader(seconds: Double) -> Bool {
        lock.lock()
        let started = readerStarted
        let finished = readerFinished
        lock.unlock()
        guard started, !finished else { return true }
        guard readerDone.wait(timeout: .now() + seconds) == .success else { return false }
        readerDone.signal()
        return true
    }
}

/// An `errno` value with its text.
struct SystemError: Error, Equatable {
    var code: Int32
    var message: String { String(cString: strerror(code)) }
}

/// Turns the bytes a server sends into text for the terminal: CRLF becomes LF, a lone CR
/// is dropped, and a UTF-8 sequence split between two chunks waits for its end.
struct TelnetTextDecoder {
    private var pending: [UInt8] = []

    mutating func decode(_ bytes: [UInt8]) -> String {
        var data = pending + bytes
        pending = []
        var cut = data.count
        var back = 0
        while back < 3 && cut - back - 1 >= 0 {
            let byte = data[cut - back - 1]
            if byte & 0xC0 != 0x80 {
                if TelnetTextDecoder.sequenceLength(startingWith: byte) > back + 1 {
                    cut -= back + 1
                }
                break
            }
            back += 1
        }
        pending = Array(data[cut...])
        data.removeSubrange(cut...)
        let text = String(decoding: data.filter { $0 != 0x0D }, as: UTF8.self)
        return text
    }

    /// Returns how many bytes the UTF-8 sequence that starts with `byte` has.
    static func sequenceLength(startingWith byte: UInt8) -> Int {
        if byte >= 0xF0 { return 4 }
        if byte >= 0xE0 { return 3 }
        if byte >= 0xC0 { return 2 }
        return 1
    }
}
