import Dispatch
import Foundation
import Glibc
import MailProtocol

/// The embedded mail servers' I/O: a fixed number of event-loop threads that serve every
/// listener (SMTP, IMAP, POP3, with or without TLS from connect) on 127.0.0.1.
///
/// Sockets are non-blocking and watched with epoll; a connection never has a thread of its
/// own. Message deliveries run on a concurrent worker queue so that the loops never wait on
/// the disk.
public final class MailServer: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Event-loop threads; each accepts and serves connections.
        public var eventLoopCount: Int
        /// The id of the first connection; later ones count up from it. A process that
        /// continues an event journal passes one more than the journal's largest id.
        public var firstConnectionID: Int
        /// The maximum line length for a session whose `maximumLineLength` is nil; longer lines
        /// are cut like any other.
        public var hardLineLengthLimit: Int

        public init(
            eventLoopCount: Int = 2, firstConnectionID: Int = 1,
            hardLineLengthLimit: Int = 1024 * 1024
        ) {
            self.eventLoopCount = eventLoopCount
            self.firstConnectionID = firstConnectionID
            self.hardLineLengthLimit = hardLineLengthLimit
        }
    }

    public let configuration: Configuration
    let shared: ServerShared
    private let lock = NSLock()
    private var loops: [EventLoop] = []  // guarded by lock
    private var openListeners: [MailListener] = []  // guarded by lock

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        shared = ServerShared(configuration: configuration)
    }

    /// Starts the event-loop threads. Ignores SIGPIPE for the whole process, because a write to
    /// a closed socket inside OpenSSL would otherwise end it, and raises the soft limit on open
    /// files to the hard limit for many connections.
    public func start() throws(MailServerError) {
        lock.lock()
        defer { lock.unlock() }
        guard loops.isEmpty else { return }
        signal(SIGPIPE, SIG_IGN)
        raiseOpenFileLimit()
        var started: [EventLoop] = []
        do {
            for index in 0..<max(1, configuration.eventLoopCount) {
                let loop = try EventLoop(index: index)
                try loop.start()
                started.append(loop)
            }
        } catch {
            started.forEach { $0.stopAndJoin() }
            throw error
        }
        loops = started
    }

    /// Listens on 127.0.0.1 at `configuration.port` (0 picks a free port; read it from the
    /// returned listener) and publishes `serviceStarted`.
    public func listen(_ configuration: MailListener.Configuration, settings: SessionSettings)
        throws(MailServerError) -> MailListener
    {
        lock.lock()
        let loops = self.loops
        lock.unlock()
        guard !loops.isEmpty else { throw .notRunning }
        let listener = try MailListener(
            configuration: configuration, settings: settings, shared: shared, loops: loops)
        lock.lock()
        openListeners.append(listener)
        lock.unlock()
        listener.activate()
        return listener
    }

    /// The listeners that are open.
    public var listeners: [MailListener] {
        lock.lock()
        defer { lock.unlock() }
        return openListeners.filter { !$0.isStopped }
    }

    /// Calls `observer` with every chunk read from or written to any connection's socket, on
    /// the event loop that did the I/O, so it must return quickly.
    public func addWireTap(_ observer: @escaping @Sendable (WireChunk) -> Void) -> WireTapID {
        shared.addWireTap(observer)
    }

    public func removeWireTap(_ id: WireTapID) {
        shared.removeWireTap(id)
    }

    /// Stops every listener, closes every connection and joins the loop threads. Call it from
    /// outside the event loops; a later `start()` starts fresh loops.
    public func stop() {
        lock.lock()
        let listeners = openListeners
        openListeners = []
        let loops = self.loops
        self.loops = []
        lock.unlock()
        for listener in listeners {
            listener.stop()
        }
        for loop in loops {
            loop.stopAndJoin()
        }
    }

    deinit {
        stop()
    }

    private func raiseOpenFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
    }
}

/// State that listeners and connections of one server share across loops.
final class ServerShared: @unchecked Sendable {
    let hardLineLengthLimit: Int
    let deliveryQueue = DispatchQueue(
        label: "maillab.delivery", qos: .utility, attributes: .concurrent)
    private let lock = NSLock()
    private var nextConnectionID: Int  // guarded by lock
    private var nextTapID = 1  // guarded by lock
    private var taps: [(id: Int, observer: @Sendable (WireChunk) -> Void)] = []  // guarded by lock

    init(configuration: MailServer.Configuration) {
        hardLineLengthLimit = max(1, configuration.hardLineLengthLimit)
        nextConnectionID = configuration.firstConnectionID
    }

    func makeConnectionID() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let id = nextConnectionID
        nextConnectionID += 1
        return id
    }

    func addWireTap(_ observer: @escaping @Sendable (WireChunk) -> Void) -> WireTapID {
        lock.lock()
        defer { lock.unlock() }
        let id = nextTapID
        nextTapID += 1
        taps.append((id, observer))
        return WireTapID(value: id)
    }

    func removeWireTap(_ id: WireTapID) {
        lock.lock()
        taps.removeAll { $0.id == id.value }
        lock.unlock()
    }

    /// Returns the current observers. The list is empty in the common case, so I/O pays one
    /// lock and no copy.
    func wireTaps() -> [(id: Int, observer: @Sendable (WireChunk) -> Void)] {
        lock.lock()
        defer { lock.unlock() }
        return taps
    }
}
