import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `stat` reports about a sandbox file, in the terms `ls -l` shows.
public struct FileAttributes: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case regular, directory, symbolicLink, other
    }

    public var kind: Kind
    /// Permission bits, setuid/setgid/sticky included (`0o644`).
    public var mode: UInt16
    public var size: Int
    public var linkCount: Int
    /// Space used, in 512-byte blocks, as `st_blocks` counts it.
    public var blocks: Int
    public var modificationTime: Date

    init(_ info: stat) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        default: kind = .other
        }
        mode = UInt16(info.st_mode & 0o7777)
        size = Int(info.st_size)
        linkCount = Int(info.st_nlink)
        blocks = Int(info.st_blocks)
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        modificationTime = Date(timeIntervalSince1970: seconds)
    }

    /// The ten-character mode column of `ls -l` (`-rw-r--r--`, `drwx------`).
    public var modeString: String {
        var text = ""
        switch kind {
        case .regular: text.append("-")
        case .directory: text.append("d")
        case .symbolicLink: text.append("l")
        case .other: text.append("?")
        }
        let specials: [(UInt16, Character, Character)] = [
            (0o4000, "s", "S"), (0o2000, "s", "S"), (0o1000, "t", "T"),
        ]
        for (index, shift) in [6, 3, 0].enumerated() {
            let bits = (mode >> UInt16(shift)) & 0o7
            text.append(bits & 0o4 != 0 ? "r" : "-")
            text.append(bits & 0o2 != 0 ? "w" : "-")
            let (specialBit, withExecute, withoutExecute) = specials[index]
            let execute = bits & 0o1 != 0
            if mode & specialBit != 0 {
                text.append(execute ? withExecute : withoutExecute)
            } else {
                text.append(execute ? "x" : "-")
            }
        }
        return text
    }
}

/// One name in a directory listing, with the attributes of the entry itself (`lstat`).
public struct DirectoryEntry: Sendable, Equatable {
    public var name: String
    public var attributes: FileAttributes
    /// Where a symbolic link points, as written in the link.
    public var linkTarget: String?

    public init(name: String, attributes: FileAttributes, linkTarget: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.linkTarget = linkTarget
    }
}
