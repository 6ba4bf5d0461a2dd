import Foundation
import Glibc
import MailProtocol
import Testing

@testable import MailServer

@Suite("Maildir")
struct MaildirTests {
    let message = Array("Subject: hello\n\nbody line\n".utf8)

    @Test("store creates folders and renames tmp into new")
    func store() throws {
        let folder = try TemporaryFolder()
        let maildir = Maildir(url: folder.file("home/testuser/Maildir"))
        let file = try maildir.store(message)
        #expect(file.deletingLastPathComponent().lastPathComponent == "new")
        #expect(try Data(contentsOf: file) == Data(message))
        #expect(folder.contents(of: maildir.url) == ["cur", "new", "tmp"])
        #expect(folder.contents(of: maildir.url.appendingPathComponent("tmp")).isEmpty)
        var status = stat()
        #expect(stat(maildir.path(of: "new"), &status) == 0)
        #expect(status.st_mode & 0o777 == 0o700)
        #expect(stat(file.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test("unique names follow the Maildir form")
    func uniqueNames() throws {
        let folder = try TemporaryFolder()
        let maildir = Maildir(url: folder.file("Maildir"))
        let names = try (0..<50).map { _ in try maildir.store(message).lastPathComponent }
        #expect(Set(names).count == 50)
        let pattern = try Regex(#"^[0-9]+\.M[0-9]+P[0-9]+Q[0-9]+\.[^/:]+$"#)
        for name in names {
            #expect(name.wholeMatch(of: pattern) != nil, "\(name)")
        }
        #expect(names[0].contains("P\(getpid())Q"))
    }

    @Test("reader lists, flags, moves and deletes")
    func reader() throws {
        let folder = try TemporaryFolder()
        let maildir = Maildir(url: folder.file("Maildir"))
        try maildir.store(message)
        try maildir.store(Array("Subject: second\n\n".utf8))
        var listed = try maildir.messages()
        #expect(listed.count == 2)
        #expect(listed.map(\.folder) == [.new, .new])
        #expect(listed[0].size == message.count)
        #expect(try maildir.read(listed[0]) == message)

        let moved = try maildir.moveToCur(listed[0])
        #expect(moved.folder == .cur)
        #expect(moved.fileName == moved.uniqueName + ":2,")
        let flagged = try maildir.setFlags([.seen, .replied], of: moved)
        #expect(flagged.fileName == moved.uniqueName + ":2,RS")
        #expect(try maildir.read(flagged) == message)

        // A stale value (the file moved since) is found again by its unique name.
        let unflagged = try maildir.setFlags([.trashed], of: listed[0])
        #expect(unflagged.fileName == moved.uniqueName + ":2,T")

        listed = try maildir.messages()
        #expect(listed.map(\.folder).sorted { $0.rawValue < $1.rawValue } == [.cur, .new])
        #expect(listed.first { $0.folder == .cur }?.flags == [.trashed])

        try maildir.delete(unflagged)
        #expect(try maildir.messages().count == 1)
        #expect(throws: MaildirError.messageNotFound(uniqueName: unflagged.uniqueName)) {
            try maildir.read(unflagged)
        }
    }

    @Test("missing Maildir lists as empty")
    func missingMaildir() throws {
        let folder = try TemporaryFolder()
        #expect(try Maildir(url: folder.file("absent")).messages().isEmpty)
    }

    @Test("flags parse only after 2,")
    func flagParsing() {
        #expect(MaildirMessage.parse(fileName: "1.M2P3Q4.host:2,FSx").flags == [.flagged, .seen])
        #expect(MaildirMessage.parse(fileName: "1.M2P3Q4.host:1,S").flags == [])
        #expect(MaildirMessage.parse(fileName: "1.M2P3Q4.host").uniqueName == "1.M2P3Q4.host")
        #expect(MaildirFlags([.trashed, .draft, .seen]).letters == "DST")
    }

    @Test("delivery resolves recipients and skips duplicates")
    func delivery() throws {
        let folder = try TemporaryFolder()
        let root = folder.url
        let stored = Recorder<String>()
        let delivery = MaildirDelivery(
            addsDeliveryHeaders: true, onStored: { _, recipient, _ in stored.append(recipient) }
        ) { address in
            address.hasSuffix("@lab.example.jp")
                ? root.appendingPathComponent(address.prefix { $0 != "@" } + "/Maildir") : nil
        }
        try delivery.deliver(
            Delivery(
                queueID: "ABC", sender: "from@example.org",
                recipients: [
                    "a@lab.example.jp", "a@lab.example.jp", "b@lab.example.jp",
                    "x@elsewhere.example",
                ],
                message: message))
        #expect(stored.values == ["a@lab.example.jp", "b@lab.example.jp"])
        let copies = try Maildir(url: root.appendingPathComponent("b/Maildir")).messages()
        #expect(copies.count == 1)
        let text = String(
            decoding: try Maildir(url: root.appendingPathComponent("b/Maildir")).read(copies[0]),
            as: UTF8.self)
        #expect(
            text
                == "Return-Path: <from@example.org>\nX-Original-To: b@lab.example.jp\n"
                + "Delivered-To: b@lab.example.jp\nSubject: hello\n\nbody line\n")
    }

    @Test("delivery without any Maildir fails")
    func deliveryWithoutMailbox() throws {
        let delivery = MaildirDelivery { _ in nil }
        #expect(throws: MaildirError.noMailbox(recipients: ["nobody@example.org"])) {
            try delivery.deliver(
                Delivery(
                    queueID: "ABC", sender: "", recipients: ["nobody@example.org"],
                    message: message))
        }
    }

    @Test("server DELIVER writes into the Maildir")
    func serverDelivery() throws {
        let folder = try TemporaryFolder()
        let maildir = Maildir(url: folder.file("Maildir"))
        let url = maildir.url
        let server = try TestServer(delivery: MaildirDelivery { _ in url })
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DELIVER\r\n")
        #expect(try client.readLine().hasPrefix("250 2.0.0 Ok: queued as"))
        let stored = try maildir.messages()
        #expect(stored.count == 1)
        #expect(try stored.first.map { try maildir.read($0) } == Array("Subject: t\n\nbody\n".utf8))
    }

    @Test("unwritable Maildir gives 451")
    func unwritableMaildir() throws {
        let folder = try TemporaryFolder()
        // A regular file where the Maildir directory should be makes mkdir fail, even for root.
        _ = FileManager.default.createFile(atPath: folder.file("Maildir").path, contents: Data())
        let url = folder.file("Maildir/sub")
        let server = try TestServer(delivery: MaildirDelivery { _ in url })
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DELIVER\r\n")
        #expect(try client.readLine() == "451 4.3.0 Error: queue file write error")
        #expect(server.log.values.first?.contains("Not a directory") == true)
    }
}

@Suite("Maildir folders")
struct MaildirFolderTests {
    @Test("store recreates removed folders")
    func recreatesFolders() throws {
        let folder = try TemporaryFolder()
        let maildir = Maildir(url: folder.file("Maildir"))
        try maildir.store(Array("first\n".utf8))
        try FileManager.default.removeItem(at: maildir.url.appendingPathComponent("new"))
        try maildir.store(Array("second\n".utf8))
        try FileManager.default.removeItem(at: maildir.url)
        try maildir.store(Array("third\n".utf8))
        #expect(folder.contents(of: maildir.url) == ["cur", "new", "tmp"])
        #expect(try maildir.messages().count == 1)
    }
}
