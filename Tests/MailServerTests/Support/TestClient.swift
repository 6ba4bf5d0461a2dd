import Foundation
import Glibc

enum TestClientError: Error, CustomStringConvertible {
    case timedOut(String)
    case closedByServer(received: String)
    case system(String)

    var description: String {
        switch self {
        case .timedOut(let what): return "timed out waiting for \(what)"
        case .closedByServer(let received): return "server closed the connection after \(received)"
        case .system(let text): return text
        }
    }
}

/// A blocking client socket on 127.0.0.1 whose reads give up after `timeout` seconds.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system("socket: \(errno)") }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout * 1e6)) % 1_000_000)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // A throw here still runs deinit, which closes the socket.
        guard result == 0 else {
            throw TestClientError.system("connect: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        Glibc.close(fd)
    }

    var localPort: Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    func send(_ text: String) throws {
        try send(bytes: Array(text.utf8))
    }

    func send(bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw TestClientError.system("send: \(errno)") }
            offset += count
        }
    }

    /// Reads one line and returns it without its CRLF.
    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == 0x0D { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            guard try fill() else {
                throw TestClientError.closedByServer(
                    received: String(decoding: buffer, as: UTF8.self))
            }
        }
    }

    func readLines(_ count: Int) throws -> [String] {
        try (0..<count).map { _ in try readLine() }
    }

    /// Reads until the server closes; returns what arrived meanwhile.
    func readUntilClosed() throws -> String {
        while try fill() {}
        defer { buffer = [] }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Reads one chunk into the buffer; returns false at end of stream.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count > 0 {
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
        if count == 0 || errno == ECONNRESET { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw TestClientError.timedOut("a reply") }
        throw TestClientError.system("recv: \(String(cString: strerror(errno)))")
    }
}
