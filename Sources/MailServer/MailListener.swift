import CLinux
import Dispatch
import Foundation
import Glibc
import MailProtocol

/// One listening socket on 127.0.0.1 and the connections it accepted.
public final class MailListener: @unchecked Sendable {
    public struct Configuration: Sendable {
        public var service: ServiceKind
        /// The TCP port; 0 picks a free one.
        public var port: Int
        /// Whether the TLS handshake runs before the session starts (IMAPS, POP3S). The session
        /// then gets `tlsEstablished` before `start`.
        public var tlsOnConnect: Bool
        /// The message store for `.deliver` actions; nil makes every delivery fail.
        public var delivery: (any MessageDelivery)?
        /// The sink for connection and session events, published with origin `.server(service)`.
        public var events: (any EventSink)?
        /// The mail log: receives `.log` lines and the listener's own warnings.
        public var log: @Sendable (String) -> Void

        public init(
            service: ServiceKind, port: Int = 0, tlsOnConnect: Bool = false,
            delivery: (any MessageDelivery)? = nil, events: (any EventSink)? = nil,
            log: @escaping @Sendable (String) -> Void = { _ in }
        ) {
            self.service = service
            self.port = port
            self.tlsOnConnect = tlsOnConnect
            self.delivery = delivery
            self.events = events
            self.log = log
        }
    }

    public let configuration: Configuration
    public var service: ServiceKind { configuration.service }
    /// The port the socket listens on: the chosen free port when the configuration gave 0.
    public let port: Int

    let shared: ServerShared
    let fd: Int32
    private let loops: [EventLoop]
    private let lock = NSLock()
    private var currentSettings: SessionSettings  // guarded by lock
    private var connectionsPerClient: [String: Int] = [:]  // guarded by lock
    private var openCount = 0  // guarded by lock
    private var stopped = false  // guarded by lock
    private var acceptors: [Acceptor] = []  // set once before activation

    init(
        configuration: Configuration, settings: SessionSettings, shared: ServerShared,
        loops: [EventLoop]
    ) throws(MailServerError) {
        guard (0...65535).contains(configuration.port) else {
            throw .invalidPort(configuration.port)
        }
        let (fd, port) = try Self.openLoopbackSocket(port: configuration.port)
        self.configuration = configuration
        self.port = port
        self.fd = fd
        self.shared = shared
        self.loops = loops
        currentSettings = settings
        acceptors = loops.map { Acceptor(listener: self, loop: $0) }
    }

    /// Registers the socket with every loop and publishes `serviceStarted`.
    func activate() {
        for acceptor in acceptors {
            acceptor.loop.execute { acceptor.register() }
        }
        publish(.serviceStarted(service: service, port: port))
    }

    /// The settings given to new connections.
    public var settings: SessionSettings {
        lock.lock()
        defer { lock.unlock() }
        return currentSettings
    }

    /// Replaces the settings for connections accepted from now on and publishes
    /// `serviceReloaded`; open connections keep the session and TLS context they have.
    public func reload(_ settings: SessionSettings) {
        lock.lock()
        currentSettings = settings
        lock.unlock()
        publish(.serviceReloaded(service: service))
    }

    /// Connections accepted and not yet closed.
    public var openConnectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return openCount
    }

    var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    /// Closes the socket and every connection of this listener without a goodbye, as stopping
    /// a real server kills its processes, then publishes `serviceStopped`. Call it from outside
    /// the event loops; it waits until each loop has let go of the socket.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        guard !wasStopped else { return }
        let group = DispatchGroup()
        for acceptor in acceptors {
            group.enter()
            acceptor.loop.execute {
                acceptor.unregister()
                acceptor.loop.forEachHandler { handler in
                    if let connection = handler as? Connection, connection.listener === self {
                        connection.closeImmediately()
                    }
                }
                group.leave()
            }
        }
        // A loop that already stopped runs no more tasks and has already closed its sockets.
        _ = group.wait(timeout: .now() + 10)
        close(fd)
        publish(.serviceStopped(service: service))
    }

    // MARK: Used by acceptors and connections on their loops

    func publish(_ payload: LabEventPayload) {
        configuration.events?.publish(payload, origin: .server(service))
    }

    func log(_ line: String) {
        configuration.log(line)
    }

    /// Sets up a socket that `accept4` returned, on `loop`.
    func openConnection(fd: Int32, address: String, port: Int, loop: EventLoop) {
        var one: Int32 = 1
        _ = setsockopt(
            fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        lock.lock()
        guard !stopped else {
            lock.unlock()
            close(fd)
            return
        }
        let settings = currentSettings
        let count = connectionsPerClient[address, default: 0] + 1
        connectionsPerClient[address] = count
        openCount += 1
        lock.unlock()

        let id = shared.makeConnectionID()
        let hostname = address == "127.0.0.1" ? "localhost" : "unknown"
        let peer = PeerInfo(connectionID: id, address: address, port: port, hostname: hostname)
        let session: any LineSession
        var startsTLS = configuration.tlsOnConnect
        if let limit = settings.connectionLimit, count > limit.maximumPerClient {
            session = RejectingSession(
                reply: limit.rejectionReply(peer), logLine: limit.rejectionLogLine?(peer, count))
            startsTLS = false
        } else {
            session = settings.makeSession(peer)
        }
        let connection = Connection(
            fd: fd, peer: peer, session: session, tlsContext: settings.tls, listener: self,
            loop: loop)
        guard connection.register() else {
            close(fd)
            connectionDidClose(peer, published: false)
            return
        }
        publish(
            .connectionOpened(
                connectionID: id, service: service, peerAddress: address, peerPort: port))
        connection.begin(tlsOnConnect: startsTLS)
    }

    func connectionDidClose(_ peer: PeerInfo, published: Bool = true) {
        lock.lock()
        let remaining = connectionsPerClient[peer.address, default: 1] - 1
        connectionsPerClient[peer.address] = remaining > 0 ? remaining : nil
        openCount -= 1
        lock.unlock()
        if published {
            publish(.connectionClosed(connectionID: peer.connectionID))
        }
    }

    private static func openLoopbackSocket(port: Int) throws(MailServerError) -> (Int32, Int) {
        let fd = socket(
            AF_INET,
            Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .lastSystemCall("socket") }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let error: MailServerError =
                errno == EADDRINUSE ? .portInUse(port: port) : .lastSystemCall("bind")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, SOMAXCONN) == 0 else {
            let error = MailServerError.lastSystemCall("listen")
            close(fd)
            throw error
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        guard named == 0 else {
            let error = MailServerError.lastSystemCall("getsockname")
            close(fd)
            throw error
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
