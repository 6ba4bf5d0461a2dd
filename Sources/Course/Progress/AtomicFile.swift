import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A failure to read or write a file of the lab folder, naming the file.
public struct LabFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// The system call failed; the payload is `strerror` and the call's name.
        case writeFailed(call: String, reason: String)
        case readFailed(String)
        /// The file is not the JSON this program writes. The payload describes the defect.
        case corrupt(String)
    }

    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        let ja = language == .ja
        switch problem {
        case .writeFailed(let call, let reason):
            return ja
                ? "\(path) を書き込めません (\(call): \(reason))。空き容量と権限を確かめてください。"
                : "cannot write \(path) (\(call): \(reason)). Check free space and permissions."
        case .readFailed(let reason):
            return ja
                ? "\(path) を読めません (\(reason))。権限を確かめてください。"
                : "cannot read \(path) (\(reason)). Check its permissions."
        case .corrupt(let detail):
            return ja
                ? "\(path) が壊れています (\(detail))。別の名前に移すと、新しいファイルで始められます。"
                : "\(path) is corrupt (\(detail)). Move it aside to start with a new one."
        }
    }
}

/// Writes files so that a crash or a killed terminal leaves either the old or the new
/// contents, never a mix. The data goes to a temporary file in the same folder, is flushed
/// with fsync and is renamed over the target. Then the folder itself is flushed.
public enum AtomicFile {
    public static func write(_ data: Data, to url: URL) throws(LabFileError) {
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(
            ".\(url.lastPathComponent).\(getpid()).\(UInt32.random(in: 0...UInt32.max)).tmp")
        let path = url.path
        func failure(_ call: String) -> LabFileError {
            LabFileError(
                path: path,
                problem: .writeFailed(call: call, reason: String(cString: strerror(errno))))
        }

        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LabFileError(
                path: path, problem: .writeFailed(call: "mkdir", reason: error.localizedDescription)
            )
        }
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("open") }
        var closed = false
        defer {
            if !closed { close(descriptor) }
        }
        let written = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(
                    descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
        guard written else {
            let error = failure("write")
            unlink(temporary.path)
            throw error
        }
        guard fsync(descriptor) == 0 else {
            let error = failure("fsync")
            unlink(temporary.path)
            throw error
        }
        closed = true
        guard close(descriptor) == 0 else {
            let error = failure("close")
            unlink(temporary.path)
            throw error
        }
        guard rename(temporary.path, path) == 0 else {
            let error = failure("rename")
            unlink(temporary.path)
            throw error
        }
        let folderDescriptor = open(folder.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Reads the file; returns nil when it does not exist.
    public static func read(_ url: URL) throws(LabFileError) -> Data? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw LabFileError(path: url.path, problem: .readFailed(error.localizedDescription))
        }
    }
}
