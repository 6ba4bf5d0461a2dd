#if canImport(Glibc)
    import Glibc
#endif

/// Why a sandbox file operation failed. Every case carries the sandbox path (`/etc/passwd`),
/// never the host path, so the learner sees only their FreeBSD tree.
public enum SandboxError: Error, Equatable, Sendable {
    /// The path resolves, through a symbolic link, to a place outside the sandbox root.
    case escapesSandbox(path: String)
    case notFound(path: String)
    case notADirectory(path: String)
    case isADirectory(path: String)
    case alreadyExists(path: String)
    case directoryNotEmpty(path: String)
    case permissionDenied(path: String)
    /// Symbolic links nested deeper than the resolver follows (a loop, most likely).
    case tooManyLinks(path: String)
    /// Any other failure of the host's file system, with its `errno`.
    case systemError(path: String, errno: Int32)

    /// The sandbox path the operation was working on.
    public var path: String {
        switch self {
        case .escapesSandbox(let path), .notFound(let path), .notADirectory(let path),
            .isADirectory(let path), .alreadyExists(let path), .directoryNotEmpty(let path),
            .permissionDenied(let path), .tooManyLinks(let path), .systemError(let path, _):
            return path
        }
    }

    /// The reason in FreeBSD's words (`No such file or directory`), as `strerror` prints it
    /// after `cat: /x: `. An escape attempt reads as a permission problem on purpose: inside
    /// the lab the outside world does not exist.
    public var reason: String {
        switch self {
        case .escapesSandbox: return "Operation not permitted (outside the lab)"
        case .notFound: return "No such file or directory"
        case .notADirectory: return "Not a directory"
        case .isADirectory: return "Is a directory"
        case .alreadyExists: return "File exists"
        case .directoryNotEmpty: return "Directory not empty"
        case .permissionDenied: return "Permission denied"
        case .tooManyLinks: return "Too many levels of symbolic links"
        case .systemError(_, let code): return String(cString: strerror(code))
        }
    }

    /// `path: reason`, the form FreeBSD tools print after their own name.
    public var message: String { "\(path): \(reason)" }

    /// Maps a host `errno` to a case for `path`.
    static func from(errno code: Int32, path: String) -> SandboxError {
        switch code {
        case ENOENT: return .notFound(path: path)
        case ENOTDIR: return .notADirectory(path: path)
        case EISDIR: return .isADirectory(path: path)
        case EEXIST: return .alreadyExists(path: path)
        case ENOTEMPTY: return .directoryNotEmpty(path: path)
        case EACCES, EPERM: return .permissionDenied(path: path)
        case ELOOP: return .tooManyLinks(path: path)
        default: return .systemError(path: path, errno: code)
        }
    }
}
