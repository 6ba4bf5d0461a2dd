import Foundation
import Glibc

extension Maildir {
    /// Lists the messages in `new/` and `cur/`, oldest first (by modification time, then
    /// unique name). Names starting with a dot are skipped; a missing folder counts as empty.
    public func messages() throws(MaildirError) -> [MaildirMessage] {
        var found: [MaildirMessage] = []
        for folder in [MaildirMessage.Folder.new, .cur] {
            for name in try Self.fileNames(in: path(of: folder.rawValue)) {
                if let message = try describe(fileName: name, in: folder) {
                    found.append(message)
                }
            }
        }
        return found.sorted {
            ($0.modificationDate, $0.uniqueName) < ($1.modificationDate, $1.uniqueName)
        }
    }

    /// Reads the whole message file.
    public func read(_ message: MaildirMessage) throws(MaildirError) -> [UInt8] {
        let current = try locate(message)
        switch readFileBytes(atPath: filePath(of: current)) {
        case .success(let bytes):
            return bytes
        case .failure(let failure):
            throw .systemCall(name: failure.name, path: filePath(of: current), errno: failure.errno)
        }
    }

    /// Moves a message from `new/` to `cur/` with an info suffix, keeping its flags.
    @discardableResult
    public func moveToCur(_ message: MaildirMessage) throws(MaildirError) -> MaildirMessage {
        let current = try locate(message)
        return try rename(current, flags: current.flags)
    }

    /// Replaces a message's flags; a message still in `new/` moves to `cur/`.
    @discardableResult
    public func setFlags(_ flags: MaildirFlags, of message: MaildirMessage) throws(MaildirError)
        -> MaildirMessage
    {
        try rename(try locate(message), flags: flags)
    }

    /// Removes the message file.
    public func delete(_ message: MaildirMessage) throws(MaildirError) {
        let current = try locate(message)
        let file = filePath(of: current)
        guard unlink(file) == 0 else { throw .lastSystemCall("unlink", file) }
    }

    public func filePath(of message: MaildirMessage) -> String {
        path(of: message.folder.rawValue) + "/" + message.fileName
    }

    private func rename(_ message: MaildirMessage, flags: MaildirFlags) throws(MaildirError)
        -> MaildirMessage
    {
        var moved = message
        moved.folder = .cur
        moved.flags = flags
        moved.fileName = message.uniqueName + ":2," + flags.letters
        let source = filePath(of: message)
        let target = filePath(of: moved)
        guard source != target else { return moved }
        guard Glibc.rename(source, target) == 0 else { throw .lastSystemCall("rename", source) }
        return moved
    }

    /// Finds the message's file now: another reader may have moved it or changed its flags.
    private func locate(_ message: MaildirMessage) throws(MaildirError) -> MaildirMessage {
        var status = stat()
        if stat(filePath(of: message), &status) == 0 {
            return message
        }
        for folder in [MaildirMessage.Folder.cur, .new] {
            for name in try Self.fileNames(in: path(of: folder.rawValue))
            where MaildirMessage.parse(fileName: name).uniqueName == message.uniqueName {
                if let found = try describe(fileName: name, in: folder) {
                    return found
                }
            }
        }
        throw .messageNotFound(uniqueName: message.uniqueName)
    }

    private func describe(fileName: String, in folder: MaildirMessage.Folder)
        throws(MaildirError) -> MaildirMessage?
    {
        let file = path(of: folder.rawValue) + "/" + fileName
        var status = stat()
        guard stat(file, &status) == 0 else {
            // Another reader moved or deleted it between the listing and now.
            if errno == ENOENT { return nil }
            throw .lastSystemCall("stat", file)
        }
        guard status.st_mode & S_IFMT == S_IFREG else { return nil }
        let (uniqueName, flags) = MaildirMessage.parse(fileName: fileName)
        let modified =
            Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1_000_000_000
        return MaildirMessage(
            uniqueName: uniqueName, folder: folder, fileName: fileName,
            size: Int(status.st_size), flags: flags,
            modificationDate: Date(timeIntervalSince1970: modified))
    }

    private static func fileNames(in directory: String) throws(MaildirError) -> [String] {
        guard let handle = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw .lastSystemCall("opendir", directory)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if !name.hasPrefix(".") {
                names.append(name)
            }
        }
        return names
    }
}
