import CCurses
import Glibc

/// The write end of the pipe that the termination handlers write to; -1 until installed.
/// Written once before any handler is installed, then only read (from the handler).
nonisolated(unsafe) private var terminationPipeWrite: Int32 = -1

/// The signal number the run loop received on the termination pipe, 0 while none came.
nonisolated(unsafe) private var receivedTermination: Int32 = 0

/// Signal handling for the TUI. SIGINT, SIGTERM and SIGHUP only wake the run loop through a
/// pipe, so it leaves as after F10 and restores the terminal outside the handler; calling
/// curses inside the handler could deadlock when the signal lands inside curses itself. The
/// crash signals cannot wait for the loop: their handler calls `endwin` and re-raises.
enum SignalRestore {
    static let terminationSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// The crash signals (a Swift runtime trap is SIGILL or SIGTRAP on Linux) and SIGQUIT.
    static let crashSignals: [Int32] = [SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE]

    /// The read end of the termination pipe, which the run loop polls.
    nonisolated(unsafe) static var terminationReadDescriptor: Int32 = -1

    /// Installs the handlers once.
    static func install() {
        if terminationPipeWrite < 0 {
            var descriptors: [Int32] = [-1, -1]
            if pipe(&descriptors) == 0 {
                for descriptor in descriptors {
                    _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
                    _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
                }
                terminationReadDescriptor = descriptors[0]
                terminationPipeWrite = descriptors[1]
            }
        }
        for signal in terminationSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(terminationPipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        for signal in crashSignals {
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

    /// Reads the termination pipe after poll(2) reported it readable; returns the signal.
    static func takeTermination() -> Int32? {
        var byte: UInt8 = 0
        guard read(terminationReadDescriptor, &byte, 1) == 1 else { return nil }
        receivedTermination = Int32(byte)
        return receivedTermination
    }

    /// Ends the process with the default action of the termination signal that stopped the
    /// run loop, after the terminal was restored; returns when none stopped it.
    static func reraiseTermination() {
        guard receivedTermination != 0 else { return }
        signal(receivedTermination, SIG_DFL)
        raise(receivedTermination)
    }
}
