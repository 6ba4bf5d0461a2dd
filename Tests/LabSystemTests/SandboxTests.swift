import Foundation
import Testing

@testable import LabSystem

@Suite("Sandbox")
struct SandboxTests {
    @Test(
        "normalize resolves dots and stays below root",
        arguments: [
            ("/etc/passwd", "/", "/etc/passwd"),
            ("passwd", "/etc", "/etc/passwd"),
            ("../etc/./passwd", "/usr", "/etc/passwd"),
            ("../../../../etc/passwd", "/home/student", "/etc/passwd"),
            ("..", "/", "/"),
            ("/..", "/usr", "/"),
            ("//usr///local//", "/", "/usr/local"),
            ("", "/home/student", "/home/student"),
            (".", "/tmp", "/tmp"),
            ("a/b/../../..", "/x", "/"),
        ])
    func normalize(path: String, cwd: String, expected: String) {
        #expect(Sandbox.normalize(path, cwd: cwd) == expected)
    }

    @Test("parent and last component")
    func pathParts() {
        #expect(Sandbox.parent("/usr/local/etc") == "/usr/local")
        #expect(Sandbox.parent("/usr") == "/")
        #expect(Sandbox.parent("/") == "/")
        #expect(Sandbox.lastComponent("/usr/local/etc/postfix/main.cf") == "main.cf")
        #expect(Sandbox.lastComponent("/") == "/")
    }

    @Test("dot-dot paths read the sandbox's own file")
    func dotDotStaysInside() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/etc")
        try sandbox.createDirectory("/home/student", intermediates: true)
        try sandbox.writeFile("/etc/passwd", contents: bytes("lab passwd\n"))
        let read = try sandbox.readFile("../../../../etc/passwd", cwd: "/home/student")
        #expect(read == bytes("lab passwd\n"))
        let resolved = try sandbox.resolve("../../../../etc/passwd", cwd: "/home/student")
        #expect(resolved.hostPath.hasPrefix(try sandbox.realRootPath() + "/"))
    }

    @Test("symbolic link to the host's /etc is rejected")
    func symlinkOutsideRejected() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root.path + "/hostetc", withDestinationPath: "/etc")
        #expect(throws: SandboxError.escapesSandbox(path: "/hostetc/passwd")) {
            try sandbox.readFile("/hostetc/passwd")
        }
        #expect(throws: SandboxError.escapesSandbox(path: "/hostetc/x")) {
            try sandbox.writeFile("/hostetc/x", contents: bytes("no"))
        }
        #expect(!FileManager.default.fileExists(atPath: "/etc/x"))
    }

    @Test("relative link climbing out of the root is rejected")
    func relativeSymlinkOutsideRejected() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try "outside".write(
            to: folder.url.appendingPathComponent("secret"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root.path + "/up", withDestinationPath: "../secret")
        #expect(throws: SandboxError.escapesSandbox(path: "/up")) {
            try sandbox.readFile("/up")
        }
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root.path + "/dangling", withDestinationPath: "../../nowhere/file")
        #expect(throws: SandboxError.self) {
            try sandbox.writeFile("/dangling", contents: bytes("x"))
        }
    }

    @Test("link inside the sandbox is followed")
    func symlinkInsideFollowed() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/usr/home", intermediates: true)
        try sandbox.writeFile("/usr/home/note", contents: bytes("hi"))
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root.path + "/home", withDestinationPath: "usr/home")
        #expect(try sandbox.readFile("/home/note") == bytes("hi"))
        let link = try sandbox.attributes(of: "/home", followLinks: false)
        #expect(link.kind == .symbolicLink)
        #expect(try sandbox.attributes(of: "/home").kind == .directory)
    }

    @Test("redirect target /etc/x lands in the sandbox")
    func absoluteWriteInside() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/etc")
        try sandbox.writeFile("/etc/x", contents: bytes("data"))
        let hostFile = sandbox.root.appendingPathComponent("etc/x").path
        #expect(FileManager.default.contents(atPath: hostFile) == Data("data".utf8))
    }

    @Test("atomic write keeps an existing mode")
    func writeKeepsMode() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.writeFile("/key", contents: bytes("one"))
        #expect(try sandbox.attributes(of: "/key").mode == 0o644)
        try sandbox.setMode(0o400, of: "/key")
        try sandbox.writeFile("/key", contents: bytes("two"))
        let attributes = try sandbox.attributes(of: "/key")
        #expect(attributes.mode == 0o400)
        #expect(attributes.modeString == "-r--------")
        #expect(try sandbox.readFile("/key") == bytes("two"))
        let leftovers = try sandbox.contentsOfDirectory("/").map(\.name)
        #expect(leftovers == ["key"])
    }

    @Test("unreadable file reads as root would")
    func readIgnoresMode() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.writeFile("/locked", contents: bytes("secret"), mode: 0o000)
        #expect(try sandbox.readFile("/locked") == bytes("secret"))
        #expect(try sandbox.attributes(of: "/locked").mode == 0o000)
    }

    @Test("append adds to the end")
    func append() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.appendFile("/log", contents: bytes("a\n"))
        try sandbox.appendFile("/log", contents: bytes("b\n"))
        #expect(try sandbox.readFile("/log") == bytes("a\nb\n"))
    }

    @Test("errors name the sandbox path")
    func errors() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/dir")
        #expect(throws: SandboxError.notFound(path: "/missing")) {
            try sandbox.readFile("/missing")
        }
        #expect(throws: SandboxError.isADirectory(path: "/dir")) { try sandbox.readFile("/dir") }
        #expect(throws: SandboxError.isADirectory(path: "/dir")) {
            try sandbox.writeFile("/dir", contents: [])
        }
        #expect(throws: SandboxError.notFound(path: "/nodir")) {
            try sandbox.writeFile("/nodir/file", contents: [])
        }
        #expect(SandboxError.notFound(path: "/x").message == "/x: No such file or directory")
    }

    @Test("listing is sorted and shows modes")
    func listing() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.writeFile("/b", contents: bytes("12345"))
        try sandbox.writeFile("/a", contents: [])
        try sandbox.writeFile("/B", contents: [])
        try sandbox.createDirectory("/tmp", mode: 0o1777)
        try sandbox.createDirectory("/userdb", mode: 0o700)
        let entries = try sandbox.contentsOfDirectory("/")
        #expect(entries.map(\.name) == ["B", "a", "b", "tmp", "userdb"])
        #expect(entries[2].attributes.size == 5)
        #expect(entries[3].attributes.modeString == "drwxrwxrwt")
        #expect(entries[4].attributes.modeString == "drwx------")
    }

    @Test("remove deletes a link, not its target")
    func removeLink() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.writeFile("/target", contents: bytes("keep"))
        try FileManager.default.createSymbolicLink(
            atPath: sandbox.root.path + "/link", withDestinationPath: "target")
        try sandbox.remove("/link")
        #expect(try sandbox.readFile("/target") == bytes("keep"))
        #expect(!sandbox.exists("/link"))
    }

    @Test("copy gives the copy the source's mode")
    func copy() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.writeFile("/imapd.cnf.dist", contents: bytes("[ req ]\n"), mode: 0o444)
        try sandbox.copyFile(from: "/imapd.cnf.dist", to: "/imapd.cnf")
        #expect(try sandbox.attributes(of: "/imapd.cnf").mode == 0o444)
        #expect(try sandbox.readFile("/imapd.cnf") == bytes("[ req ]\n"))
    }
}
