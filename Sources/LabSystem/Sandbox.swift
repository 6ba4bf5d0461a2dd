import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The learner's FreeBSD tree below `LabFolder.root`. Every sandbox path (`/etc/passwd`,
/// `../x`) is resolved so that nothing reaches outside the root: `..` above `/` stays at `/`,
/// and a symbolic link whose real target lies outside the root is rejected.
public struct Sandbox: Sendable, Equatable {
    /// The host directory that is `/` inside the lab.
    public var root: URL

    public init(root: URL) {
        self.root = root.standardizedFileURL
    }

    public init(folder: LabFolder) {
        self.init(root: folder.root)
    }

    /// A path after resolution: the absolute sandbox path, lexically normalised, and the host
    /// path with every symbolic link on the way resolved.
    public struct ResolvedPath: Sendable, Equatable {
        public var sandboxPath: String
        public var hostPath: String
    }

    /// Makes `path` absolute against `cwd` and removes `.`, `..` and repeated slashes without
    /// touching the disk. `..` at `/` stays at `/`; an empty path is `cwd`.
    public static func normalize(_ path: String, cwd: String = "/") -> String {
        var components: [Substring] = []
        if !path.hasPrefix("/") {
            components = cwd.split(separator: "/", omittingEmptySubsequences: true)
        }
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                if !components.isEmpty { components.removeLast() }
            default:
                components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// Returns the last component of a sandbox path (`main.cf` for `/usr/local/etc/postfix/main.cf`),
    /// `/` for the root.
    public static func lastComponent(_ path: String) -> String {
        let normalized = normalize(path)
        guard let slash = normalized.lastIndex(of: "/"), normalized != "/" else { return "/" }
        return String(normalized[normalized.index(after: slash)...])
    }

    /// Returns the directory part of a sandbox path, `/` for a top-level entry and for the root.
    public static func parent(_ path: String) -> String {
        normalize(normalize(path) + "/..")
    }

    /// Resolves `path` (relative to `cwd`) to its host location. With `followFinalLink` false a
    /// symbolic link in the last component is itself the result (for `lstat`, `rm`, `ls -l`).
    /// Components that do not exist yet are appended as they are, so the result can name a
    /// file about to be created.
    public func resolve(
        _ path: String, cwd: String = "/", followFinalLink: Bool = true
    ) throws(SandboxError) -> ResolvedPath {
        let sandboxPath = Sandbox.normalize(path, cwd: cwd)
        let realRoot = try realRootPath()
        let components = sandboxPath.split(separator: "/").map(String.init)
        var current = realRoot
        for (index, component) in components.enumerated() {
            let candidate = current + "/" + component
            var info = stat()
            if lstat(candidate, &info) != 0 {
                let code = errno
                guard code == ENOENT else {
                    throw SandboxError.from(errno: code, path: sandboxPath)
                }
                let rest = components[index...].joined(separator: "/")
                return ResolvedPath(sandboxPath: sandboxPath, hostPath: current + "/" + rest)
            }
            let isLast = index == components.count - 1
            if (info.st_mode & S_IFMT) == S_IFLNK && (!isLast || followFinalLink) {
                current = try resolveLink(at: candidate, realRoot: realRoot, path: sandboxPath)
            } else {
                current = candidate
            }
        }
        return ResolvedPath(sandboxPath: sandboxPath, hostPath: current)
    }

    /// Returns the root with every symbolic link in it resolved, which is what containment is
    /// checked against.
    func realRootPath() throws(SandboxError) -> String {
        guard let pointer = realpath(root.path, nil) else {
            throw SandboxError.from(errno: errno, path: "/")
        }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Follows the link at `hostPath` to its real target and checks that the target is inside
    /// `realRoot`. A dangling link is followed lexically, and its target's directory must
    /// exist inside the root.
    private func resolveLink(
        at hostPath: String, realRoot: String, path: String
    ) throws(SandboxError) -> String {
        if let pointer = realpath(hostPath, nil) {
            defer { free(pointer) }
            let target = String(cString: pointer)
            guard Sandbox.isInside(target, root: realRoot) else {
                throw .escapesSandbox(path: path)
            }
            return target
        }
        let code = errno
        guard code == ENOENT else { throw SandboxError.from(errno: code, path: path) }
        let linkText = try readLinkText(hostPath, path: path)
        let base = (hostPath as NSString).deletingLastPathComponent
        let lexical = linkText.hasPrefix("/") ? linkText : base + "/" + linkText
        let targetName = (lexical as NSString).lastPathComponent
        let targetDirectory = (lexical as NSString).deletingLastPathComponent
        guard let pointer = realpath(targetDirectory, nil) else {
            throw .notFound(path: path)
        }
        defer { free(pointer) }
        let realDirectory = String(cString: pointer)
        guard Sandbox.isInside(realDirectory, root: realRoot), targetName != ".." else {
            throw .escapesSandbox(path: path)
        }
        return realDirectory + "/" + targetName
    }

    private func readLinkText(_ hostPath: String, path: String) throws(SandboxError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(hostPath, &buffer, buffer.count - 1)
        guard count >= 0 else { throw SandboxError.from(errno: errno, path: path) }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func isInside(_ hostPath: String, root: String) -> Bool {
        hostPath == root || hostPath.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }
}
