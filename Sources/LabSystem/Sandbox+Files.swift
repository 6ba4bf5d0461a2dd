import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// File operations on sandbox paths. Each takes a path and the directory it is relative to,
/// and throws a `SandboxError` that names the sandbox path.
extension Sandbox {
    /// The mode of a file that a write creates.
    public static let defaultFileMode: UInt16 = 0o644
    public static let defaultDirectoryMode: UInt16 = 0o755

    /// Reads a whole file.
    public func readFile(_ path: String, cwd: String = "/") throws(SandboxError) -> [UInt8] {
        let resolved = try resolve(path, cwd: cwd)
        var descriptor = open(resolved.hostPath, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 && errno == EACCES {
            // The learner works as root, whom permission bits do not stop; the host user owns
            // the file, so it can lend itself read access for the read.
            descriptor = openIgnoringMode(resolved)
        }
        guard descriptor >= 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw .isADirectory(path: resolved.sandboxPath) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes
    }

    private func openIgnoringMode(_ resolved: ResolvedPath) -> Int32 {
        var info = stat()
        guard stat(resolved.hostPath, &info) == 0 else { return -1 }
        guard chmod(resolved.hostPath, (info.st_mode & 0o7777) | 0o400) == 0 else { return -1 }
        let descriptor = open(resolved.hostPath, O_RDONLY | O_CLOEXEC)
        let savedErrno = errno
        chmod(resolved.hostPath, info.st_mode & 0o7777)
        errno = savedErrno
        return descriptor
    }

    /// Replaces a file's contents atomically: the bytes go to a temporary file in the same
    /// directory, which is synced and renamed over the old one, and the directory is synced.
    /// An existing file keeps its mode; a new one gets `mode`.
    public func writeFile(
        _ path: String, cwd: String = "/", contents: [UInt8], mode: UInt16 = Sandbox.defaultFileMode
    ) throws(SandboxError) {
        let resolved = try resolve(path, cwd: cwd)
        var finalMode = mode
        var info = stat()
        if stat(resolved.hostPath, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw .isADirectory(path: resolved.sandboxPath)
            }
            finalMode = UInt16(info.st_mode & 0o7777)
        }
        let directory = (resolved.hostPath as NSString).deletingLastPathComponent
        let name = (resolved.hostPath as NSString).lastPathComponent
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let temporary = directory + "/." + name + ".maillab-" + suffix
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let code = errno
            throw SandboxError.from(
                errno: code,
                path: code == ENOENT ? Sandbox.parent(resolved.sandboxPath) : resolved.sandboxPath)
        }
        do throws(SandboxError) {
            try writeAll(contents, to: descriptor, path: resolved.sandboxPath)
            guard fchmod(descriptor, mode_t(finalMode)) == 0, fsync(descriptor) == 0 else {
                throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
            }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        guard rename(temporary, resolved.hostPath) == 0 else {
            let code = errno
            unlink(temporary)
            throw SandboxError.from(errno: code, path: resolved.sandboxPath)
        }
        syncDirectory(directory)
    }

    /// Appends to a file, creating it with `mode` when missing, and syncs it. An append
    /// never rewrites what was there, so a crash loses at most the bytes of this call.
    public func appendFile(
        _ path: String, cwd: String = "/", contents: [UInt8], mode: UInt16 = Sandbox.defaultFileMode
    ) throws(SandboxError) {
        let resolved = try resolve(path, cwd: cwd)
        let descriptor = open(
            resolved.hostPath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode_t(mode))
        guard descriptor >= 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        defer { close(descriptor) }
        try writeAll(contents, to: descriptor, path: resolved.sandboxPath)
        guard fsync(descriptor) == 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
    }

    private func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SandboxError)
    {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes {
                write(descriptor, $0.baseAddress, $0.count)
            }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw SandboxError.from(errno: errno, path: path) }
            offset += count
        }
    }

    private func syncDirectory(_ hostPath: String) {
        let descriptor = open(hostPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }

    /// The attributes of a file; with `followLinks` false those of a symbolic link itself.
    public func attributes(
        of path: String, cwd: String = "/", followLinks: Bool = true
    ) throws(SandboxError) -> FileAttributes {
        let resolved = try resolve(path, cwd: cwd, followFinalLink: followLinks)
        var info = stat()
        let result = followLinks ? stat(resolved.hostPath, &info) : lstat(resolved.hostPath, &info)
        guard result == 0 else { throw SandboxError.from(errno: errno, path: resolved.sandboxPath) }
        return FileAttributes(info)
    }

    /// Whether the path names something, following links.
    public func exists(_ path: String, cwd: String = "/") -> Bool {
        (try? attributes(of: path, cwd: cwd)) != nil
    }

    public func isDirectory(_ path: String, cwd: String = "/") -> Bool {
        (try? attributes(of: path, cwd: cwd))?.kind == .directory
    }

    /// Sets the permission bits, as `chmod` does.
    public func setMode(_ mode: UInt16, of path: String, cwd: String = "/") throws(SandboxError) {
        let resolved = try resolve(path, cwd: cwd)
        // The setuid, setgid and sticky bits are not set on the host file: maillab may run
        // as root, and a setuid file in the lab folder would be one on the real machine.
        guard chmod(resolved.hostPath, mode_t(mode & 0o777)) == 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
    }

    /// The entries of a directory other than `.` and `..`, sorted by name in byte order as
    /// FreeBSD's `ls` sorts them in the C locale.
    public func contentsOfDirectory(
        _ path: String, cwd: String = "/"
    ) throws(SandboxError) -> [DirectoryEntry] {
        let resolved = try resolve(path, cwd: cwd)
        guard let directory = opendir(resolved.hostPath) else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var entries: [DirectoryEntry] = []
        for name in names {
            let hostPath = resolved.hostPath + "/" + name
            var info = stat()
            guard lstat(hostPath, &info) == 0 else { continue }
            var target: String?
            if (info.st_mode & S_IFMT) == S_IFLNK {
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let count = readlink(hostPath, &buffer, buffer.count - 1)
                if count >= 0 {
                    target = String(
                        decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            }
            entries.append(
                DirectoryEntry(name: name, attributes: FileAttributes(info), linkTarget: target))
        }
        return entries
    }

    /// Creates a directory, and with `intermediates` its missing parents, as `mkdir -p`.
    public func createDirectory(
        _ path: String, cwd: String = "/", mode: UInt16 = Sandbox.defaultDirectoryMode,
        intermediates: Bool = false
    ) throws(SandboxError) {
        let target = Sandbox.normalize(path, cwd: cwd)
        if intermediates {
            if isDirectory(target) { return }
            if target != "/" {
                try createDirectory(
                    Sandbox.parent(target), mode: Sandbox.defaultDirectoryMode, intermediates: true)
            }
        }
        let resolved = try resolve(target)
        guard mkdir(resolved.hostPath, mode_t(mode)) == 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        // mkdir applies the host's umask; the lab wants the mode it was asked for.
        chmod(resolved.hostPath, mode_t(mode))
    }

    /// Removes a file, a symbolic link (not its target) or an empty directory.
    public func remove(_ path: String, cwd: String = "/") throws(SandboxError) {
        let resolved = try resolve(path, cwd: cwd, followFinalLink: false)
        if resolved.sandboxPath == "/" { throw .permissionDenied(path: "/") }
        var info = stat()
        guard lstat(resolved.hostPath, &info) == 0 else {
            throw SandboxError.from(errno: errno, path: resolved.sandboxPath)
        }
        let result =
            (info.st_mode & S_IFMT) == S_IFDIR
            ? rmdir(resolved.hostPath) : unlink(resolved.hostPath)
        guard result == 0 else { throw SandboxError.from(errno: errno, path: resolved.sandboxPath) }
    }

    /// Copies a regular file's bytes; a new destination gets the source's mode, as `cp` does.
    public func copyFile(from source: String, to destination: String, cwd: String = "/")
        throws(SandboxError)
    {
        let bytes = try readFile(source, cwd: cwd)
        let mode = try attributes(of: source, cwd: cwd).mode
        try writeFile(destination, cwd: cwd, contents: bytes, mode: mode)
    }

    /// Renames a file or directory within the sandbox.
    public func move(from source: String, to destination: String, cwd: String = "/")
        throws(SandboxError)
    {
        let from = try resolve(source, cwd: cwd, followFinalLink: false)
        let to = try resolve(destination, cwd: cwd)
        guard rename(from.hostPath, to.hostPath) == 0 else {
            throw SandboxError.from(errno: errno, path: from.sandboxPath)
        }
    }
}
