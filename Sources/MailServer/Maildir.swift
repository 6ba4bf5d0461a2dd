import Foundation
import Glibc

/// A Maildir folder: `tmp/`, `new/` and `cur/` under one directory.
///
/// A message is written into `tmp/` under a unique name, flushed to disk, then renamed into
/// `new/`, so a reader never sees a partial message. Unique names have the form
/// `<seconds>.M<microseconds>P<pid>Q<count>.<host>` from the Maildir specification.
public struct Maildir: Equatable, Sendable {
    public let url: URL

    public init(url: URL) {
        self.url = url
    }

    /// Returns the directory of `folder` (`tmp`, `new` or `cur`).
    public func path(of folder: String) -> String {
        url.appendingPathComponent(folder).path
    }

    /// Creates the Maildir and its `tmp/`, `new/` and `cur/` with mode 0700 where missing.
    public func create() throws(MaildirError) {
        try Self.makeDirectory(url.path, parents: true)
        for folder in ["tmp", "new", "cur"] {
            try Self.makeDirectory(path(of: folder), parents: false)
        }
    }

    /// Stores `message` in `new/`, creating the folders when missing; returns the new file.
    @discardableResult
    public func store(_ message: [UInt8]) throws(MaildirError) -> URL {
        var created = false
        if !MaildirNames.shared.isComplete(url.path) {
            try create()
            created = true
            MaildirNames.shared.markComplete(url.path)
        }
        for _ in 0..<10 {
            let name = MaildirNames.shared.next()
            let temporary = path(of: "tmp") + "/" + name
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 && errno == EEXIST {
                continue
            }
            // The folders were removed since this process last created them.
            if fd < 0 && errno == ENOENT && !created {
                try create()
                created = true
                continue
            }
            guard fd >= 0 else { throw .lastSystemCall("open", temporary) }
            do throws(MaildirError) {
                try Self.writeAll(message, to: fd, path: temporary)
                guard fsync(fd) == 0 else { throw .lastSystemCall("fsync", temporary) }
            } catch {
                close(fd)
                unlink(temporary)
                throw error
            }
            close(fd)
            let final = path(of: "new") + "/" + name
            var renamed = rename(temporary, final) == 0
            if !renamed && errno == ENOENT && !created {
                try create()
                renamed = rename(temporary, final) == 0
            }
            guard renamed else {
                let error = MaildirError.lastSystemCall("rename", temporary)
                unlink(temporary)
                throw error
            }
            // NOTE: the new/ directory is not fsync'd, so a power failure right after the
            // rename may lose the message; a killed process cannot.
            return URL(fileURLWithPath: final)
        }
        throw .systemCall(name: "open", path: path(of: "tmp"), errno: EEXIST)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, path: String)
        throws(MaildirError)
    {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 && errno == EINTR {
                continue
            }
            guard written > 0 else { throw .lastSystemCall("write", path) }
            offset += written
        }
    }

    private static func makeDirectory(_ path: String, parents: Bool) throws(MaildirError) {
        if mkdir(path, 0o700) == 0 || errno == EEXIST {
            return
        }
        guard parents, errno == ENOENT else { throw .lastSystemCall("mkdir", path) }
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty, parent != path else { throw .lastSystemCall("mkdir", path) }
        try makeDirectory(parent, parents: true)
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
            throw .lastSystemCall("mkdir", path)
        }
    }
}

/// The source of Maildir unique names for this process, and the Maildirs it created.
final class MaildirNames: @unchecked Sendable {
    static let shared = MaildirNames()

    private let lock = NSLock()
    private var count = 0  // guarded by lock
    private var completeMaildirs: Set<String> = []  // guarded by lock
    private let host: String
    private let processID = getpid()

    private init() {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count - 1)
        let name = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        // The specification replaces "/" and ":" so that the name stays one path component
        // and the ":2," info suffix stays unambiguous.
        host = name.replacingOccurrences(of: "/", with: "\\057")
            .replacingOccurrences(of: ":", with: "\\072")
    }

    /// Whether this process already created the folders of the Maildir at `path`.
    func isComplete(_ path: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return completeMaildirs.contains(path)
    }

    func markComplete(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if completeMaildirs.count >= 10_000 {
            completeMaildirs.removeAll()
        }
        completeMaildirs.insert(path)
    }

    func next() -> String {
        var now = timeval()
        gettimeofday(&now, nil)
        lock.lock()
        count += 1
        let number = count
        lock.unlock()
        return "\(now.tv_sec).M\(now.tv_usec)P\(processID)Q\(number).\(host)"
    }
}
