import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small TCP server on 127.0.0.1 for telnet tests: it greets, replies to each line with
/// `250 echo: LINE`, and on `QUIT` sends `221 Bye` and hangs up. It serves the connections
/// one after another, at most `maximumConnections` of them.
final class LineServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let greeting: String
    private let lock = NSLock()
    private var lines: [String] = []
    private var peers: [Int] = []
    private var ended = 0
    private let maximumConnections: Int

    init(greeting: String = "220 test.example ESMTP", maximumConnections: Int = 4) throws {
        self.greeting = greeting
        self.maximumConnections = maximumConnections
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var reuse: Int32 = 1
        setsockopt(
            descriptor, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(descriptor, 8) == 0 else {
            close(descriptor)
            throw MissingValue()
        }
        listener = descriptor
        port = LineServer.localPort(of: descriptor)
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops accepting; the accept thread ends. Call it when the test is done.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    deinit {
        close(listener)
    }

    /// Returns a port on 127.0.0.1 where nothing listens: bound once, then closed.
    static func closedPort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let port = localPort(of: descriptor)
        close(descriptor)
        return port
    }

    static func localPort(of descriptor: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(descriptor, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    var receivedLines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return lines
    }

    /// The client ports of the connections accepted so far.
    var peerPorts: [Int] {
        lock.lock()
        defer { lock.unlock() }
        return peers
    }

    /// How many connections have ended, by either side.
    var endedConnections: Int {
        lock.lock()
        defer { lock.unlock() }
        return ended
    }

    private func serve() {
        for _ in 0..<maximumConnections {
            var peer = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let client = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    accept(listener, $0, &length)
                }
            }
            guard client >= 0 else { return }
            lock.lock()
            peers.append(Int(UInt16(bigEndian: peer.sin_port)))
            lock.unlock()
            converse(client)
            close(client)
            lock.lock()
            ended += 1
            lock.unlock()
        }
    }

    private func converse(_ client: Int32) {
        send(client, greeting + "\r\n")
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            pending += buffer[..<count]
            while let newline = pending.firstIndex(of: 0x0A) {
                var line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                let text = String(decoding: line, as: UTF8.self)
                lock.lock()
                lines.append(text)
                lock.unlock()
                if text.uppercased() == "QUIT" {
                    send(client, "221 Bye\r\n")
                    return
                }
                send(client, "250 echo: \(text)\r\n")
            }
        }
    }

    private func send(_ client: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes {
            Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
    }
}

/// Runs a shell line on its own thread, as the TUI does, and waits for it with a timeout.
final class BackgroundLine: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Int32?

    init(_ fixture: ShellFixture, _ line: String) {
        let shell = fixture.shell
        let thread = Thread { [self] in
            let status = shell.execute(line)
            lock.lock()
            result = status
            lock.unlock()
            done.signal()
        }
        thread.start()
    }

    /// Returns the line's exit status, or `nil` when it has not finished within `timeout` seconds.
    func wait(timeout: TimeInterval = 10) -> Int32? {
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        lock.lock()
        defer { lock.unlock() }
        return result
    }
}
