import Foundation
import Glibc

/// Exclusive ownership of a lab folder by one process, through `flock(2)` on the folder's lock
/// file. The kernel drops the lock when the process dies, `kill -9` included, so a stale file
/// never blocks the next start. The file's text names the owner for the message.
final class LabLock {
    private let descriptor: Int32

    enum Failure: Error {
        /// Another process holds the folder. `owner` is the PID and command it wrote.
        case held(owner: String)
        case cannotOpen(path: String, errno: Int32)
    }

    init(url: URL, description: String) throws(Failure) {
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: url.path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let owner = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            close(fd)
            throw .held(owner: owner.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        descriptor = fd
        let text = Array("\(getpid()) \(description)\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        _ = ftruncate(descriptor, 0)
        close(descriptor)
    }
}
