import Foundation

/// The flags of a Maildir message: the letters after `:2,` in its file name.
///
/// NOTE: letters other than the six standard ones (for example lowercase keywords) are
/// dropped when a message's flags are rewritten.
public struct MaildirFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    public static let draft = MaildirFlags(rawValue: 1 << 0)
    public static let flagged = MaildirFlags(rawValue: 1 << 1)
    public static let passed = MaildirFlags(rawValue: 1 << 2)
    public static let replied = MaildirFlags(rawValue: 1 << 3)
    public static let seen = MaildirFlags(rawValue: 1 << 4)
    public static let trashed = MaildirFlags(rawValue: 1 << 5)

    /// The flags and their letters, in the ASCII order the specification requires.
    private static let letters: [(Character, MaildirFlags)] = [
        ("D", .draft), ("F", .flagged), ("P", .passed), ("R", .replied), ("S", .seen),
        ("T", .trashed),
    ]

    /// Parses the letters after `:2,`; unknown letters are ignored.
    public init<Letters: StringProtocol>(letters text: Letters) {
        var flags: MaildirFlags = []
        for (letter, flag) in Self.letters where text.contains(letter) {
            flags.insert(flag)
        }
        self = flags
    }

    /// The letters for a file name, in ASCII order.
    public var letters: String {
        String(Self.letters.filter { contains($0.1) }.map(\.0))
    }
}

/// One message file in a Maildir's `new/` or `cur/`.
public struct MaildirMessage: Equatable, Sendable {
    public enum Folder: String, Equatable, Sendable {
        case new
        case cur
    }

    /// The file name up to the `:` of the info suffix; it stays the same when the message
    /// moves to `cur/` or its flags change.
    public var uniqueName: String
    public var folder: Folder
    public var fileName: String
    /// Bytes in the file, as stored (lines end in LF).
    public var size: Int
    public var flags: MaildirFlags
    public var modificationDate: Date

    public init(
        uniqueName: String, folder: Folder, fileName: String, size: Int, flags: MaildirFlags,
        modificationDate: Date
    ) {
        self.uniqueName = uniqueName
        self.folder = folder
        self.fileName = fileName
        self.size = size
        self.flags = flags
        self.modificationDate = modificationDate
    }

    /// Splits a file name into its unique name and flags; flags count only after `:2,`.
    static func parse(fileName: String) -> (uniqueName: String, flags: MaildirFlags) {
        guard let colon = fileName.firstIndex(of: ":") else { return (fileName, []) }
        let uniqueName = String(fileName[..<colon])
        let info = fileName[fileName.index(after: colon)...]
        guard info.hasPrefix("2,") else { return (uniqueName, []) }
        return (uniqueName, MaildirFlags(letters: info.dropFirst(2)))
    }
}
