import Foundation
import Testing

@testable import LabSystem

@Suite("PortsCatalog")
struct PortsCatalogTests {
    @Test("catalog holds the lesson's ports")
    func standardCatalog() throws {
        let catalog = try #require(PortsCatalog.standard())
        let names = catalog.ports.map(\.name).sorted()
        #expect(
            names == [
                "courier-authlib", "courier-imap", "cyrus-sasl2-saslauthd", "mmencode", "swaks",
            ])
        let authlib = try #require(catalog.port(named: "courier-authlib"))
        #expect(authlib.packageName == "courier-authlib-base-0.61.0")
        #expect(authlib.logPath == "/var/log/ports/security::courier-authlib-base.log")
        #expect(
            authlib.options.contains { $0.name == "AUTH_USERDB" && $0.summary == "Userdb support" })
        #expect(catalog.port(named: "mail/swaks")?.name == "swaks")
        for port in catalog.ports {
            for file in port.files
            where file.path.hasSuffix(".dist") || file.path.contains("/rc.d/") {
                let url = catalog.assetURL(port, "tree" + file.path)
                #expect(FileManager.default.fileExists(atPath: url.path), "\(url.path)")
            }
        }
    }

    @Test("port.txt lines parse or fail with the line")
    func parse() throws {
        let port = try PortsCatalog.parse(
            "version: 1.0\norigin: mail/x\ncomment: X\noption: A on Alpha support\nfile: 0555 /usr/local/bin/x\n",
            name: "x", path: "p")
        #expect(port.packageName == "x-1.0")
        #expect(
            port.options == [.init(name: "A", summary: "Alpha support", enabledByDefault: true)])
        #expect(port.files == [.init(mode: 0o555, path: "/usr/local/bin/x")])
        #expect(throws: PortsCatalogError.invalidLine(path: "p", line: 2, text: "bogus")) {
            try PortsCatalog.parse("version: 1\nbogus\n", name: "x", path: "p")
        }
    }

    @Test("install records the package and gates its commands")
    func install() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-ports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = try #require(LabSetup.defaultAssetsDirectory())
        let sandbox = try LabSetup.layFreshTree(in: LabFolder(url: folder), assets: assets)
        let catalog = try PortsCatalog(assets: assets)
        let database = PortsDatabase(sandbox: sandbox)
        let available = database.commandAvailability(catalog: catalog)
        #expect(!available("mmencode"))
        #expect(available("cat"))
        let port = try #require(catalog.port(named: "mmencode"))
        try database.install(port, options: [:], catalog: catalog)
        #expect(available("mmencode"))
        #expect(database.isInstalled(port))
        let contents = String(
            decoding: try sandbox.readFile("/var/db/pkg/mmencode-2.7/+CONTENTS"), as: UTF8.self)
        #expect(contents.contains("@name mmencode-2.7\n"))
        #expect(contents.contains("@comment ORIGIN:converters/mmencode\n"))
        #expect(contents.contains("\nbin/mmencode\n"))
        #expect(try sandbox.attributes(of: "/usr/local/bin/mmencode").mode == 0o555)
        #expect(database.installedPackages.contains("postfix-2.5.5,1"))
    }
}

@Suite("PortsDatabase availability")
struct PortsAvailabilityTests {
    @Test("rc.d scripts exist once laid")
    func rcScripts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-ports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let assets = try #require(LabSetup.defaultAssetsDirectory())
        let sandbox = try LabSetup.layFreshTree(in: LabFolder(url: folder), assets: assets)
        let catalog = try PortsCatalog(assets: assets)
        let available = PortsDatabase(sandbox: sandbox).commandAvailability(catalog: catalog)
        #expect(available("/usr/local/etc/rc.d/postfix"))
        #expect(!available("/usr/local/etc/rc.d/courier-imap-imapd"))
        let port = try #require(catalog.port(named: "courier-imap"))
        try PortsDatabase(sandbox: sandbox).install(port, options: [:], catalog: catalog)
        #expect(available("/usr/local/etc/rc.d/courier-imap-imapd"))
    }
}
