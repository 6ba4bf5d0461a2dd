import Foundation
import Glibc

/// Loaded TLS contexts, reused across reloads while their files stay unchanged, so that a
/// reload that did not touch the key and certificate keeps the warm `SSL_CTX`.
public final class TLSContextCache: @unchecked Sendable {
    private struct Key: Hashable {
        var certificateFile: String
        var keyFile: String
        var securityLevel: Int32
    }

    /// The identity of a file's content: device, inode, size and change times.
    private struct FileStamp: Equatable {
        var device: UInt
        var inode: UInt
        var size: Int
        var modified: Int
        var changed: Int

        init?(path: String) {
            var status = stat()
            guard stat(path, &status) == 0 else { return nil }
            device = UInt(status.st_dev)
            inode = UInt(status.st_ino)
            size = Int(status.st_size)
            modified = status.st_mtim.tv_sec * 1_000_000_000 + status.st_mtim.tv_nsec
            changed = status.st_ctim.tv_sec * 1_000_000_000 + status.st_ctim.tv_nsec
        }
    }

    private let lock = NSLock()
    private var entries: [Key: (stamps: [FileStamp], context: TLSServerContext)] = [:]  // lock

    public init() {}

    /// Returns the cached context when both files are unchanged since it was loaded, or loads
    /// them again. A failure is never cached: the next call reads the files again.
    public func context(certificateFile: String, keyFile: String, securityLevel: Int32 = 2)
        throws(TLSContextError) -> TLSServerContext
    {
        let key = Key(
            certificateFile: certificateFile, keyFile: keyFile, securityLevel: securityLevel)
        let stamps = [FileStamp(path: certificateFile), FileStamp(path: keyFile)]
        lock.lock()
        let cached = entries[key]
        lock.unlock()
        if let cached, !stamps.contains(nil), cached.stamps == stamps.compactMap({ $0 }) {
            return cached.context
        }
        let context = try TLSServerContext(
            certificateFile: certificateFile, keyFile: keyFile, securityLevel: securityLevel)
        lock.lock()
        if stamps.contains(nil) {
            entries[key] = nil
        } else {
            entries[key] = (stamps.compactMap { $0 }, context)
        }
        lock.unlock()
        return context
    }
}
