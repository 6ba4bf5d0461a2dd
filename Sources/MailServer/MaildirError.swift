import Glibc

/// Failures of Maildir delivery and reading.
public enum MaildirError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call on `path` failed with `errno`.
    case systemCall(name: String, path: String, errno: Int32)
    /// None of the recipients has a Maildir.
    case noMailbox(recipients: [String])
    /// No file in `new/` or `cur/` has this unique name any more.
    case messageNotFound(uniqueName: String)

    public var description: String {
        switch self {
        case .systemCall(let name, let path, let code):
            return "\(name) \(path) failed: \(String(cString: strerror(code)))"
        case .noMailbox(let recipients):
            return "no Maildir found for \(recipients.joined(separator: ", "))"
        case .messageNotFound(let uniqueName):
            return "message \(uniqueName) not found in new/ or cur/"
        }
    }

    static func lastSystemCall(_ name: String, _ path: String) -> MaildirError {
        .systemCall(name: name, path: path, errno: errno)
    }
}
