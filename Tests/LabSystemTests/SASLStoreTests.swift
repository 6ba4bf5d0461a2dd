import Testing

@testable import LabSystem
@testable import SASL

@Suite("SASLStore")
struct SASLStoreTests {
    @Test("missing file loads as empty")
    func missing() throws {
        let folder = try TemporaryFolder()
        let store = SASLStore(sandbox: try folder.makeSandbox())
        #expect(try store.load().users.isEmpty)
    }

    @Test("saved users load again with mode 0640")
    func roundTrip() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/etc")
        let store = SASLStore(sandbox: sandbox)
        try store.update { database in
            database.setPassword(bytes("password"), user: "testuser", realm: "lab.example.jp")
        }
        let loaded = try store.load()
        #expect(loaded.listing() == ["testuser@lab.example.jp: userPassword"])
        #expect(try sandbox.attributes(of: "/etc/sasldb2").mode == 0o640)
        let removed = try store.update { $0.removeUser("testuser", realm: "lab.example.jp") }
        #expect(removed)
        #expect(try store.load().users.isEmpty)
    }

    @Test("foreign file is reported as corrupt")
    func corrupt() throws {
        let folder = try TemporaryFolder()
        let sandbox = try folder.makeSandbox()
        try sandbox.createDirectory("/etc")
        try sandbox.writeFile("/etc/sasldb2", contents: bytes("not a database\n"))
        #expect(throws: SASLStoreError.corrupt(path: "/etc/sasldb2", error: .invalidHeader)) {
            try SASLStore(sandbox: sandbox).load()
        }
    }

    @Test("missing directory is a file error")
    func missingDirectory() throws {
        let folder = try TemporaryFolder()
        let store = SASLStore(sandbox: try folder.makeSandbox(), path: "/nowhere/sasldb2")
        #expect(throws: SASLStoreError.file(.notFound(path: "/nowhere"))) {
            try store.save(SASLDatabase())
        }
    }
}
