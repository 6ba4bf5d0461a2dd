import Glibc

/// Failures of the event journal.
public enum EventJournalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call on the journal file failed with `errno`.
    case systemCall(name: String, path: String, errno: Int32)
    /// An event could not be encoded as JSON.
    case encodingFailed(sequence: Int, reason: String)
    /// An appended event's sequence number is not above the journal's last one.
    case outOfOrder(sequence: Int, lastSequence: Int)
    /// The journal was closed.
    case closed(path: String)

    public var description: String {
        switch self {
        case .systemCall(let name, let path, let code):
            return "\(name) \(path) failed: \(String(cString: strerror(code)))"
        case .encodingFailed(let sequence, let reason):
            return "cannot encode event \(sequence) as JSON: \(reason)"
        case .outOfOrder(let sequence, let lastSequence):
            return "event \(sequence) is out of order: the journal already ends at \(lastSequence)"
        case .closed(let path):
            return "the event journal \(path) is closed"
        }
    }

    static func lastSystemCall(_ name: String, _ path: String) -> EventJournalError {
        .systemCall(name: name, path: path, errno: errno)
    }
}
