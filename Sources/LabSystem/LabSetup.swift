import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Lays the learner's FreeBSD tree into a new lab folder from `Assets/`: `layout.txt` lists
/// the directories and files with their modes, and `tree/` holds the files' contents.
public enum LabSetup {
    /// One line of `layout.txt`.
    public struct LayoutEntry: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            case directory
            /// A file copied from `tree/` at the same path.
            case file
            case emptyFile
        }

        public var kind: Kind
        public var mode: UInt16
        /// The sandbox path.
        public var path: String
    }

    /// Builds `folder.root` and returns its sandbox. The tree is built beside the root under
    /// a temporary name and renamed into place, so a crash leaves no half-built root.
    /// `now` dates the first lines of `/var/log/maillog`.
    @discardableResult
    public static func layFreshTree(
        in folder: LabFolder, assets: URL, now: Date = Date(), timeZone: TimeZone = .current
    ) throws(LabSetupError) -> Sandbox {
        let layout = try readLayout(assets: assets)
        try createHostDirectory(folder.url.path)
        if FileManager.default.fileExists(atPath: folder.root.path) {
            throw .rootExists(path: folder.root.path)
        }
        let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let staging = folder.url.appendingPathComponent(".root-setup-" + suffix, isDirectory: true)
        try createHostDirectory(staging.path)
        let stagingSandbox = Sandbox(root: staging)
        do {
            try populate(stagingSandbox, layout: layout, assets: assets)
            try writeBootLog(stagingSandbox, now: now, timeZone: timeZone)
        } catch {
            try? FileManager.default.removeItem(at: staging)
            throw error
        }
        chmod(staging.path, 0o755)
        guard rename(staging.path, folder.root.path) == 0 else {
            let code = errno
            try? FileManager.default.removeItem(at: staging)
            throw .hostError(path: folder.root.path, errno: code)
        }
        return Sandbox(folder: folder)
    }

    /// Parses `layout.txt`.
    public static func readLayout(assets: URL) throws(LabSetupError) -> [LayoutEntry] {
        let url = assets.appendingPathComponent("layout.txt")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw .missingAsset(path: url.path)
        }
        return try parseLayout(String(decoding: data, as: UTF8.self))
    }

    static func parseLayout(_ text: String) throws(LabSetupError) -> [LayoutEntry] {
        var entries: [LayoutEntry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count == 3, let mode = UInt16(fields[1], radix: 8), mode <= 0o7777,
                fields[2].hasPrefix("/"), Sandbox.normalize(String(fields[2])) == fields[2]
            else {
                throw .invalidLayout(line: index + 1, text: String(line))
            }
            let kind: LayoutEntry.Kind
            switch fields[0] {
            case "d": kind = .directory
            case "f": kind = .file
            case "e": kind = .emptyFile
            default: throw .invalidLayout(line: index + 1, text: String(line))
            }
            entries.append(LayoutEntry(kind: kind, mode: mode, path: String(fields[2])))
        }
        return entries
    }

    private static func populate(
        _ sandbox: Sandbox, layout: [LayoutEntry], assets: URL
    ) throws(LabSetupError) {
        let tree = assets.appendingPathComponent("tree", isDirectory: true)
        for entry in layout {
            do {
                switch entry.kind {
                case .directory:
                    try sandbox.createDirectory(entry.path, mode: entry.mode)
                case .emptyFile:
                    try sandbox.writeFile(entry.path, contents: [], mode: entry.mode)
                case .file:
                    let source = tree.path + entry.path
                    guard let data = FileManager.default.contents(atPath: source) else {
                        throw LabSetupError.missingAsset(path: source)
                    }
                    try sandbox.writeFile(entry.path, contents: Array(data), mode: entry.mode)
                }
            } catch let error as SandboxError {
                throw .sandbox(error)
            } catch let error as LabSetupError {
                throw error
            } catch {
                throw .missingAsset(path: entry.path)
            }
        }
    }

    /// The lines a FreeBSD machine with `postfix_enable="YES"` has in its mail log after
    /// booting.
    private static func writeBootLog(
        _ sandbox: Sandbox, now: Date, timeZone: TimeZone
    ) throws(LabSetupError) {
        let log = MailLog(sandbox: sandbox, timeZone: timeZone)
        do {
            try log.append(
                program: "postfix/postfix-script", pid: 812,
                message: "starting the Postfix mail system", time: now)
            try log.append(
                program: "postfix/master", pid: 813,
                message: "daemon started -- version 2.5.5, configuration /usr/local/etc/postfix",
                time: now)
        } catch {
            throw .sandbox(error)
        }
    }

    private static func createHostDirectory(_ path: String) throws(LabSetupError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .hostError(path: path, errno: errno)
        }
    }

    /// Finds `Assets/`: `$MAILLAB_ASSETS`, then `share/maillab/Assets` beside the
    /// executable's `bin/`, then `Assets` beside the executable, then the source tree this
    /// file was built from (for `swift run` and the tests).
    public static func defaultAssetsDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> URL? {
        var candidates: [URL] = []
        if let explicit = environment["MAILLAB_ASSETS"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit, isDirectory: true))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
            .resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent("../share/maillab/Assets"))
        candidates.append(executable.appendingPathComponent("Assets"))
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("../../Assets"))
        return candidates.map(\.standardizedFileURL).first { url in
            FileManager.default.fileExists(atPath: url.appendingPathComponent("layout.txt").path)
        }
    }
}

/// Why a fresh tree could not be laid.
public enum LabSetupError: Error, Equatable, Sendable {
    /// The lab folder already has a `root/`; a fresh tree never overwrites one.
    case rootExists(path: String)
    case invalidLayout(line: Int, text: String)
    /// A file that `layout.txt` names, or `layout.txt` itself, is missing from `Assets/`.
    case missingAsset(path: String)
    case sandbox(SandboxError)
    case hostError(path: String, errno: Int32)

    /// The problem in English for the log and the command line.
    public var message: String {
        switch self {
        case .rootExists(let path):
            return "\(path) already exists; remove it first (maillab reset) to lay a fresh tree"
        case .invalidLayout(let line, let text):
            return "Assets/layout.txt, line \(line): expected \"KIND MODE PATH\", found \"\(text)\""
        case .missingAsset(let path):
            return "\(path): asset missing"
        case .sandbox(let error):
            return error.message
        case .hostError(let path, let code):
            return "\(path): \(String(cString: strerror(code)))"
        }
    }
}
