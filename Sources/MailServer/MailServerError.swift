import Glibc

/// Failures of the listeners and the event loops.
public enum MailServerError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed; `errno` is its error number.
    case systemCall(name: String, errno: Int32)
    /// Another socket already listens on the port.
    case portInUse(port: Int)
    /// The port is outside 0...65535.
    case invalidPort(Int)
    /// `listen` or `start` was called on a server that is not running.
    case notRunning

    public var description: String {
        switch self {
        case .systemCall(let name, let code):
            return "\(name) failed: \(String(cString: strerror(code)))"
        case .portInUse(let port):
            return "port \(port) on 127.0.0.1 is already in use; choose another port or 0"
        case .invalidPort(let port):
            return "invalid port \(port): expected 0 to 65535"
        case .notRunning:
            return "the mail server is not running; call start() first"
        }
    }

    /// Makes the error for the system call that just failed, from the current `errno`.
    static func lastSystemCall(_ name: String) -> MailServerError {
        .systemCall(name: name, errno: errno)
    }
}
