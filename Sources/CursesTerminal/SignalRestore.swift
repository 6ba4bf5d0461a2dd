import CCurses
import Glibc

/// Handlers that put the terminal back into its normal mode before the process dies of a
/// signal, then let the signal do what it would have done.
enum SignalRestore {
    /// The signals that end the process: the polite ones and the crashes (a Swift runtime
    /// trap is SIGILL or SIGTRAP on Linux).
    static let signals: [Int32] = [
        SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE,
    ]

    /// Installs the handlers. The handler calls `endwin`, which is not async-signal-safe; it
    /// runs only on the way out, where a restored terminal is worth that risk.
    static func install() {
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                endwin()
                // SA_RESETHAND has put back the default action, which this raise now takes
                // once the handler returns (the signal is blocked until then).
                raise(number)
            }
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        atexit {
            if !isendwin() {
                endwin()
            }
        }
    }
}
