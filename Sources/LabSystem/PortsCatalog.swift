import Foundation

/// A port of the lab's ports tree, read from `Assets/ports/NAME/port.txt`: what `portinstall`
/// builds, the options its `make config` screen offers, the commands and files it installs,
/// and where its install log goes.
public struct PortDescription: Sendable, Equatable {
    /// One option of the port's `make config` screen.
    public struct Option: Sendable, Equatable {
        public var name: String
        public var summary: String
        public var enabledByDefault: Bool
    }

    /// A file the port installs, copied from `Assets/ports/NAME/tree/PATH`.
    public struct InstalledFile: Sendable, Equatable {
        public var mode: UInt16
        public var path: String
    }

    /// The name typed after `portinstall` (`courier-authlib`).
    public var name: String
    /// The package name without its version (`courier-authlib-base`).
    public var packageBase: String
    public var version: String
    /// The directory under `/usr/ports` (`security/courier-authlib`).
    public var origin: String
    /// The one-line description `pkg_info` shows.
    public var comment: String
    public var options: [Option]
    /// The commands that answer `Command not found.` until the port is installed.
    public var commands: [String]
    public var files: [InstalledFile]

    /// `courier-authlib-base-0.61.0`, the name the package database uses.
    public var packageName: String { "\(packageBase)-\(version)" }

    /// The install log under `/var/log/ports`, named after the origin as portupgrade's `-L`
    /// names it (`security::courier-authlib-base.log`).
    public var logPath: String {
        let category = origin.split(separator: "/").first.map(String.init) ?? "misc"
        return "/var/log/ports/\(category)::\(packageBase).log"
    }
}

/// Why the ports catalog could not be read.
public enum PortsCatalogError: Error, Equatable, Sendable {
    case missing(path: String)
    case invalidLine(path: String, line: Int, text: String)
}

/// The ports the lab offers, from `Assets/ports/`.
public struct PortsCatalog: Sendable {
    public var ports: [PortDescription]
    public let assets: URL

    /// Reads every `Assets/ports/*/port.txt`.
    public init(assets: URL) throws(PortsCatalogError) {
        self.assets = assets
        let directory = assets.appendingPathComponent("ports")
        let names =
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
        var ports: [PortDescription] = []
        for name in names {
            let file = directory.appendingPathComponent(name).appendingPathComponent("port.txt")
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            ports.append(
                try PortsCatalog.parse(
                    String(decoding: data, as: UTF8.self), name: name, path: file.path))
        }
        self.ports = ports
    }

    /// The catalog of the assets `LabSetup` finds, or an empty one without them.
    public static func standard() -> PortsCatalog? {
        guard let assets = LabSetup.defaultAssetsDirectory() else { return nil }
        return try? PortsCatalog(assets: assets)
    }

    public func port(named name: String) -> PortDescription? {
        ports.first { $0.name == name || $0.packageBase == name || $0.origin == name }
    }

    /// Every command some port installs.
    public var portCommands: Set<String> { Set(ports.flatMap(\.commands)) }

    /// The host file of a port's asset (`tree/PATH` or `install.log`).
    func assetURL(_ port: PortDescription, _ relative: String) -> URL {
        assets.appendingPathComponent("ports").appendingPathComponent(port.name)
            .appendingPathComponent(relative)
    }

    /// Parses `port.txt`: `key: value` lines, with `option: NAME on|off SUMMARY` and
    /// `file: MODE PATH` repeated; `#` starts a comment line.
    static func parse(_ text: String, name: String, path: String) throws(PortsCatalogError)
        -> PortDescription
    {
        var port = PortDescription(
            name: name, packageBase: name, version: "", origin: "", comment: "", options: [],
            commands: [], files: [])
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw .invalidLine(path: path, line: index + 1, text: line)
            }
            let key = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let words = value.split(separator: " ", maxSplits: 2).map(String.init)
            switch key {
            case "package": port.packageBase = value
            case "version": port.version = value
            case "origin": port.origin = value
            case "comment": port.comment = value
            case "commands": port.commands = value.split(separator: " ").map(String.init)
            case "option" where words.count == 3 && ["on", "off"].contains(words[1]):
                port.options.append(
                    .init(name: words[0], summary: words[2], enabledByDefault: words[1] == "on"))
            case "file" where words.count == 2:
                guard let mode = UInt16(words[0], radix: 8) else {
                    throw .invalidLine(path: path, line: index + 1, text: line)
                }
                port.files.append(.init(mode: mode, path: words[1]))
            default:
                throw .invalidLine(path: path, line: index + 1, text: line)
            }
        }
        return port
    }
}
