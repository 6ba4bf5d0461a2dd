import Foundation

/// The pane or stream a lab shell talks to. In the TUI it is a console pane; in
/// `maillab shell` it is standard input and output.
public protocol ShellTerminal: AnyObject, Sendable {
    /// Writes text to the learner's screen; `\n` ends a line. Safe from any thread.
    func write(_ text: String)

    /// Blocks until the learner submits a line and returns it without the newline, or `nil`
    /// at end of input. With `echo` false the typed characters are not shown (passwords).
    /// A line that is only U+001D is telnet's escape character (Ctrl-]), which the TUI sends
    /// at once, without Enter.
    func readLine(prompt: String, echo: Bool) -> String?

    /// Reads a line like `readLine(prompt:echo:)`, but returns `nil` as soon as
    /// `cancellation` is cancelled, from any thread, even while the learner is typing. The
    /// half-typed line is dropped. `telnet` uses it to return to the shell prompt when the
    /// server hangs up. The default implementation cannot interrupt a read that has begun:
    /// it returns `nil` at once when already cancelled, and otherwise blocks for a line.
    func readLine(prompt: String, echo: Bool, cancellation: ReadCancellation) -> String?

    /// Opens an editor on a sandbox file and blocks until it closes (see `EditRequest`).
    func edit(_ request: EditRequest) -> Bool

    /// Shows a port's options screen and blocks until it is confirmed or cancelled.
    func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]?
}

extension ShellTerminal {
    public func readLine(prompt: String, echo: Bool, cancellation: ReadCancellation) -> String? {
        if cancellation.isCancelled { return nil }
        return readLine(prompt: prompt, echo: echo)
    }
}

/// A flag one thread sets to end another thread's wait in
/// `ShellTerminal.readLine(prompt:echo:cancellation:)`. Once cancelled it stays cancelled, so
/// a cancellation that comes before the read still ends it; make a new one for each session.
public final class ReadCancellation: @unchecked Sendable {
    private let lock = NSLock()
    private var cancelled = false
    private var handlers: [@Sendable () -> Void] = []

    public init() {}

    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Sets the flag and runs the handlers registered so far, once.
    public func cancel() {
        lock.lock()
        guard !cancelled else {
            lock.unlock()
            return
        }
        cancelled = true
        let pending = handlers
        handlers.removeAll()
        lock.unlock()
        for handler in pending { handler() }
    }

    /// Registers `handler` to run when the flag is set, or runs it now when it already is.
    /// A terminal uses it to wake its waiting `readLine`.
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        if cancelled {
            lock.unlock()
            handler()
            return
        }
        handlers.append(handler)
        lock.unlock()
    }
}

/// Lines handed from a UI thread to a shell thread, for terminals that implement the
/// cancellable `readLine`: `take(cancellation:)` returns early when the cancellation fires
/// and leaves the queued lines for the next read.
public final class ShellInputQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String?] = []

    public init() {}

    /// Queues a line; `nil` marks the end of input.
    public func put(_ line: String?) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until a line is queued and returns it, or returns `nil` at the end of input or
    /// as soon as `cancellation` is cancelled.
    public func take(cancellation: ReadCancellation? = nil) -> String? {
        cancellation?.onCancel { [condition] in
            condition.lock()
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        defer { condition.unlock() }
        while lines.isEmpty {
            if cancellation?.isCancelled == true { return nil }
            condition.wait()
        }
        if cancellation?.isCancelled == true { return nil }
        return lines.removeFirst()
    }
}

/// A file opened in an editor from a lab shell (`ee`, `vi`, `emacs`, `edit`).
public struct EditRequest: Sendable, Equatable {
    /// The path inside the sandbox, as the learner typed it, normalized.
    public var sandboxPath: String
    /// The same file on the host, for an external `$VISUAL` or `$EDITOR`.
    public var hostPath: String
    /// The editor command the learner typed.
    public var editorName: String

    public init(sandboxPath: String, hostPath: String, editorName: String) {
        self.sandboxPath = sandboxPath
        self.hostPath = hostPath
        self.editorName = editorName
    }
}

/// The options screen of a port (`portinstall swaks`), as FreeBSD's `make config` shows it.
public struct PortOptionsDialog: Sendable, Equatable {
    public struct Option: Sendable, Equatable {
        /// The option's name, such as `TLS`.
        public var name: String
        /// The description shown beside the box, such as `TLS support`.
        public var summary: String
        public var enabled: Bool

        public init(name: String, summary: String, enabled: Bool) {
            self.name = name
            self.summary = summary
            self.enabled = enabled
        }
    }

    /// The port's origin, such as `mail/swaks`.
    public var port: String
    public var options: [Option]

    public init(port: String, options: [Option]) {
        self.port = port
        self.options = options
    }
}

extension ShellTerminal {
    /// Opens an editor on the file and blocks until it closes; returns false when this
    /// terminal has none, which the shell reports. The TUI opens its built-in editor or the
    /// learner's `$VISUAL`/`$EDITOR`.
    public func edit(_ request: EditRequest) -> Bool {
        false
    }

    /// Shows a port's options screen and blocks until the learner confirms it; returns the
    /// options as chosen, or nil when cancelled. Without a screen the defaults are taken.
    public func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]? {
        dialog.options
    }
}
