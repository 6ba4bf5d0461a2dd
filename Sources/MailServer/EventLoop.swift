import CLinux
import Foundation
import Glibc

/// Something an event loop wakes: a listening socket or a connection. Only the loop's thread
/// calls these methods.
protocol EventLoopHandler: AnyObject {
    /// Handles the epoll events (`EPOLLIN`, `EPOLLOUT`, `EPOLLERR`, `EPOLLHUP`) of the handler's
    /// file descriptor.
    func handleEvents(_ events: UInt32)
    /// Called when a deadline that the handler scheduled has passed.
    func handleTimer(deadline: Double, now: Double)
    /// Closes the handler when its loop stops.
    func closeForShutdown()
}

/// One thread that waits on an epoll set, runs the handlers of ready file descriptors, fires
/// deadlines and runs tasks posted from other threads.
final class EventLoop: @unchecked Sendable {
    /// Size of the buffer that reads share; a read never takes more than this at once.
    static let readBufferSize = 64 * 1024

    let index: Int
    private let epollFD: Int32
    private let wakeFD: Int32
    private var thread: pthread_t?

    private let taskLock = NSLock()
    private var tasks: [@Sendable () -> Void] = []  // guarded by taskLock
    private var stopRequested = false  // guarded by taskLock

    // Owned by the loop's thread.
    private var handlers: [UInt64: any EventLoopHandler] = [:]
    private var timers = TimerHeap()
    private var nextKey: UInt64 = 1
    let readBuffer: UnsafeMutableRawBufferPointer

    init(index: Int) throws(MailServerError) {
        self.index = index
        let epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .lastSystemCall("epoll_create1") }
        let wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else {
            let error = MailServerError.lastSystemCall("eventfd")
            close(epollFD)
            throw error
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.u64 = 0
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event) == 0 else {
            let error = MailServerError.lastSystemCall("epoll_ctl")
            close(wakeFD)
            close(epollFD)
            throw error
        }
        self.epollFD = epollFD
        self.wakeFD = wakeFD
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
    }

    deinit {
        close(wakeFD)
        close(epollFD)
        readBuffer.deallocate()
    }

    /// Starts the loop's thread.
    func start() throws(MailServerError) {
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { argument in
                let loop = Unmanaged<EventLoop>.fromOpaque(argument!).takeRetainedValue()
                loop.run()
                return nil
            }, box.toOpaque())
        guard result == 0 else {
            box.release()
            throw .systemCall(name: "pthread_create", errno: result)
        }
        self.thread = thread
    }

    /// Runs `task` on the loop's thread, soon. Callable from any thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        taskLock.lock()
        tasks.append(task)
        let first = tasks.count == 1
        taskLock.unlock()
        if first {
            wake()
        }
    }

    /// Asks the loop to close its handlers and end its thread, then waits for the thread.
    func stopAndJoin() {
        taskLock.lock()
        stopRequested = true
        taskLock.unlock()
        wake()
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    // MARK: Called on the loop's thread

    /// Adds `fd` to the epoll set; returns the key that names the handler. `exclusive` sets
    /// `EPOLLEXCLUSIVE`, so that one of several loops waiting on a listening socket wakes.
    func register(
        fd: Int32, events: UInt32, handler: any EventLoopHandler, exclusive: Bool = false
    ) -> UInt64? {
        let key = nextKey
        nextKey += 1
        guard watch(fd: fd, key: key, events: events, exclusive: exclusive) else { return nil }
        handlers[key] = handler
        return key
    }

    /// Adds `fd` to the epoll set again after `unwatch`, for a handler that stayed registered.
    /// `EPOLLEXCLUSIVE` cannot be changed by `modify`, only set here.
    func watch(fd: Int32, key: UInt64, events: UInt32, exclusive: Bool = false) -> Bool {
        var event = epoll_event()
        event.events = events | (exclusive ? EPOLLEXCLUSIVE.rawValue : 0)
        event.data.u64 = key
        return epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0
    }

    /// Removes `fd` from the epoll set; its handler stays registered for timers.
    func unwatch(fd: Int32) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    func modify(fd: Int32, key: UInt64, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = key
        _ = epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
    }

    func unregister(fd: Int32, key: UInt64) {
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
        handlers[key] = nil
    }

    /// Wakes the handler named `key` at `deadline` (monotonic seconds).
    func schedule(deadline: Double, key: UInt64) {
        timers.insert(deadline: deadline, key: key)
    }

    /// Calls `body` on each registered handler; `body` may unregister handlers.
    func forEachHandler(_ body: (any EventLoopHandler) -> Void) {
        for handler in Array(handlers.values) {
            body(handler)
        }
    }

    private func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let count = epoll_wait(epollFD, events, Int32(capacity), waitTimeout())
            if count < 0 && errno != EINTR {
                break
            }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                if event.data.u64 == 0 {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, MemoryLayout<UInt64>.size)
                } else {
                    handlers[event.data.u64]?.handleEvents(event.events)
                }
            }
            if runTasks() {
                break
            }
            fireTimers()
        }
        for handler in Array(handlers.values) {
            handler.closeForShutdown()
        }
        handlers = [:]
        timers.removeAll()
    }

    /// Milliseconds until the earliest deadline, rounded up; -1 when there is none.
    private func waitTimeout() -> Int32 {
        guard let deadline = timers.earliestDeadline else { return -1 }
        let milliseconds = ((deadline - monotonicSeconds()) * 1000).rounded(.up)
        return Int32(min(max(milliseconds, 0), 60_000))
    }

    /// Runs the posted tasks; returns true when the loop should stop.
    private func runTasks() -> Bool {
        taskLock.lock()
        let pending = tasks
        tasks = []
        let stop = stopRequested
        taskLock.unlock()
        for task in pending {
            task()
        }
        return stop
    }

    private func fireTimers() {
        let now = monotonicSeconds()
        while let entry = timers.popDue(now: now) {
            handlers[entry.key]?.handleTimer(deadline: entry.deadline, now: now)
        }
    }
}
