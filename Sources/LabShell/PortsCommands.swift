import Foundation
import LabSystem

/// `portinstall NAME…`: builds and installs ports as portupgrade's `portinstall` does. A port
/// with options shows its `make config` screen the first time, and the choice is recorded.
struct PortinstallCommand: ShellCommand {
    let name = "portinstall"
    let path: String? = "/usr/local/sbin/portinstall"
    let synopsis = "portinstall PORT ..."
    let summary = LocalizedText(
        ja: "ports からソフトウェアをインストールする (例: portinstall swaks)",
        en: "install software from the ports (for example portinstall swaks)")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let names = arguments.filter { !$0.hasPrefix("-") }
        guard !names.isEmpty else {
            context.writeError(
                "usage: portinstall [-afFiNqrRuvy] [-m make_args] pkgname_glob ...\n")
            return 1
        }
        guard let catalog = PortsCatalog.standard() else {
            context.writeError("portinstall: the lab's ports tree (Assets/ports) is missing\n")
            return 1
        }
        let database = PortsDatabase(sandbox: context.sandbox)
        var status: Int32 = 0
        context.write("--->  Session started at: \(PortinstallCommand.sessionTime())\n")
        var results: [String] = []
        for name in names {
            // NOTE: the wording of this error and of the already-installed line below is
            // modelled on portupgrade 2.4 from memory, not checked against its source.
            guard let port = catalog.port(named: name) else {
                context.writeError("** Port directory not found: \(name)\n")
                status = 1
                continue
            }
            if database.isInstalled(port) {
                context.write(
                    "** \(port.origin) is already installed as \(port.packageName)"
                        + " (portupgrade -f \(port.packageBase) reinstalls it)\n")
                results.append("        - \(port.origin) (already installed)")
                continue
            }
            let options = chooseOptions(port, database: database, context: context)
            context.write(
                "--->  Installing '\(port.packageName)' from a port (\(port.origin))\n"
                    + "--->  Building '/usr/ports/\(port.origin)'\n")
            do {
                let log = try database.install(port, options: options, catalog: catalog)
                context.write(log)
                results.append("        + \(port.origin) (\(port.packageName))")
                context.publishFileChanged(port.logPath)
                context.publishOutput("portinstall: installed \(port.packageName)")
            } catch {
                context.writeError("** Install failed: \(error.message)\n")
                results.append("        ! \(port.origin) (\(port.packageName))\t(install error)")
                status = 1
            }
        }
        let done = results.filter { $0.hasPrefix("        +") }.count
        let failed = results.filter { $0.hasPrefix("        !") }.count
        let ignored = results.count - done - failed
        context.write("--->  Listing the results (+:done / -:ignored / *:skipped / !:failed)\n")
        for line in results { context.write(line + "\n") }
        context.write(
            "--->  Packages processed: \(done) done, \(ignored) ignored, 0 skipped and \(failed) failed\n"
                + "--->  Session ended at: \(PortinstallCommand.sessionTime())\n")
        return status
    }

    /// Shows the options screen, unless options were recorded before, and returns the choice.
    private func chooseOptions(
        _ port: PortDescription, database: PortsDatabase, context: CommandContext
    ) -> [String: Bool] {
        guard !port.options.isEmpty else { return [:] }
        let recorded = database.recordedOptions(of: port)
        let dialog = PortOptionsDialog(
            port: port.origin,
            options: port.options.map {
                .init(
                    name: $0.name, summary: $0.summary,
                    enabled: recorded[$0.name] ?? $0.enabledByDefault)
            })
        let chosen = context.terminal.chooseOptions(dialog) ?? dialog.options
        var options: [String: Bool] = [:]
        for option in chosen { options[option.name] = option.enabled }
        let list = chosen.map { "\($0.name)=\($0.enabled ? "on" : "off")" }.joined(separator: " ")
        context.publishOutput("portinstall \(port.name) options: \(list)")
        return options
    }

    static func sessionTime(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}

/// `pkg_info [NAME…]`: lists the installed packages, or describes the ones named.
struct PkgInfoCommand: ShellCommand {
    let name = "pkg_info"
    let path: String? = "/usr/sbin/pkg_info"
    let synopsis = "pkg_info [PACKAGE ...]"
    let summary = LocalizedText(ja: "インストール済みのパッケージを表示する", en: "list the installed packages")

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let database = PortsDatabase(sandbox: context.sandbox)
        let installed = database.installedPackages
        let names = arguments.filter { !$0.hasPrefix("-") }
        guard !names.isEmpty else {
            for package in installed {
                let padded = package.padding(
                    toLength: max(19, package.count), withPad: " ", startingAt: 0)
                context.write("\(padded) \(database.comment(of: package))\n")
            }
            return 0
        }
        var status: Int32 = 0
        for name in names {
            let matches = installed.filter { PkgInfoCommand.matches($0, name) }
            guard !matches.isEmpty else {
                context.writeError(
                    "pkg_info: can't find package '\(name)' installed or in a file!\n")
                status = 1
                continue
            }
            for package in matches {
                context.write("Information for \(package):\n\n")
                context.write("Comment:\n\(database.comment(of: package))\n\n")
                context.write("Description:\n\(database.description(of: package))\n")
            }
        }
        return status
    }

    /// A package matches its full name, or its name without the version.
    static func matches(_ package: String, _ name: String) -> Bool {
        guard package != name else { return true }
        guard package.hasPrefix(name + "-") else { return false }
        let rest = package.dropFirst(name.count + 1)
        return rest.first?.isNumber == true && !rest.contains("-")
    }
}

/// `portsnap fetch` and `portsnap update`: refresh the ports tree. The lab's tree is built in,
/// so they only print what portsnap prints and record that a snapshot was fetched.
struct PortsnapCommand: ShellCommand {
    let name = "portsnap"
    let path: String? = "/usr/sbin/portsnap"
    let synopsis = "portsnap fetch|update"
    let summary = LocalizedText(ja: "ports ツリーを新しくする", en: "update the ports tree")

    static let snapshotTag = "/var/db/portsnap/tag"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        guard !arguments.isEmpty,
            arguments.allSatisfy({ ["fetch", "update", "extract"].contains($0) })
        else {
            context.writeError("usage: portsnap [options] command ... [path]\n")
            return 1
        }
        for command in arguments {
            if command == "fetch" {
                fetch(context)
            } else if !context.sandbox.exists(PortsnapCommand.snapshotTag) {
                context.writeError(
                    "No snapshot available.  Try running\n/usr/sbin/portsnap fetch\n")
                return 1
            } else {
                update(context, extract: command == "extract")
            }
        }
        return 0
    }

    private func fetch(_ context: CommandContext) {
        let now = DateCommand.format(Date())
        let earlier = DateCommand.format(Date().addingTimeInterval(-6 * 3600))
        context.write(
            """
            Looking up portsnap.FreeBSD.org mirrors... 3 mirrors found.
            Fetching snapshot tag from portsnap1.FreeBSD.org... done.
            Fetching snapshot metadata... done.
            Updating from \(earlier) to \(now).
            Fetching 3 metadata patches.. done.
            Applying metadata patches... done.
            Fetching 0 metadata files... done.
            Fetching 28 patches.....10....20.. done.
            Applying patches... done.
            Fetching 2 new ports or files... done.

            """)
        try? context.sandbox.createDirectory("/var/db/portsnap", intermediates: true)
        try? context.sandbox.writeFile(
            PortsnapCommand.snapshotTag, contents: Array((now + "\n").utf8))
    }

    private func update(_ context: CommandContext, extract: Bool) {
        var text = extract ? "" : "Removing old files and directories... done.\n"
        text += "Extracting new files:\n"
        for port in PortsCatalog.standard()?.ports ?? [] { text += "/usr/ports/\(port.origin)/\n" }
        text += "Building new INDEX files... done.\n"
        context.write(text)
    }
}
