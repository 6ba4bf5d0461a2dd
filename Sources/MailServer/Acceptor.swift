import CLinux
import Glibc

/// The part of a listener that runs on one event loop and accepts its connections. Every loop waits on the socket with
/// `EPOLLEXCLUSIVE`, so an idle loop takes the next connection.
final class Acceptor: EventLoopHandler, @unchecked Sendable {
    /// Connections taken per wake-up before the loop turns to its other sockets.
    private static let acceptBatch = 64
    /// Pause after running out of file descriptors, so that the loop does not spin.
    private static let exhaustionPause = 0.1

    unowned let listener: MailListener
    let loop: EventLoop
    private var key: UInt64?
    private var paused = false

    init(listener: MailListener, loop: EventLoop) {
        self.listener = listener
        self.loop = loop
    }

    func register() {
        guard key == nil, !listener.isStopped else { return }
        key = loop.register(
            fd: listener.fd, events: EPOLLIN.rawValue, handler: self, exclusive: true)
        if key == nil {
            listener.log(
                "warning: cannot watch the \(listener.service.rawValue) socket:"
                    + " \(String(cString: strerror(errno)))")
        }
    }

    func unregister() {
        guard let key else { return }
        loop.unregister(fd: listener.fd, key: key)
        self.key = nil
        paused = false
    }

    func handleEvents(_ events: UInt32) {
        for _ in 0..<Self.acceptBatch {
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let fd = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    clinux_accept4(
                        listener.fd, $0, &length,
                        Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
                }
            }
            if fd < 0 {
                handleAcceptFailure(errno)
                return
            }
            listener.openConnection(
                fd: fd, address: Self.text(of: address.sin_addr),
                port: Int(UInt16(bigEndian: address.sin_port)), loop: loop)
        }
    }

    private func handleAcceptFailure(_ code: Int32) {
        switch code {
        case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED:
            return
        case EMFILE, ENFILE, ENOBUFS, ENOMEM:
            guard let key, !paused else { return }
            listener.log(
                "warning: accept on the \(listener.service.rawValue) socket failed:"
                    + " \(String(cString: strerror(code))); pausing new connections")
            paused = true
            loop.unwatch(fd: listener.fd)
            loop.schedule(deadline: monotonicSeconds() + Self.exhaustionPause, key: key)
        default:
            listener.log(
                "warning: accept on the \(listener.service.rawValue) socket failed:"
                    + " \(String(cString: strerror(code)))")
        }
    }

    func handleTimer(deadline: Double, now: Double) {
        guard paused, let key else { return }
        paused = false
        _ = loop.watch(fd: listener.fd, key: key, events: EPOLLIN.rawValue, exclusive: true)
    }

    func closeForShutdown() {
        unregister()
    }

    private static func text(of address: in_addr) -> String {
        var address = address
        var buffer = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        guard inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count)) != nil else {
            return "unknown"
        }
        return buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
