import Foundation
import Testing

@testable import LabShell

@Suite("swaks options and message")
struct SwaksOptionsTests {
    private func parse(_ words: [String]) throws -> SwaksOptions {
        try SwaksOptions.parse(words).get()
    }

    @Test("long, short and single-dash names")
    func names() throws {
        let options = try parse([
            "--server", "localhost:2525", "-t", "a@b", "-f", "c@d", "-au", "u", "-ap", "p",
            "-tls", "--quit", "RCPT", "-e", "client.example",
        ])
        #expect(options.server == "localhost:2525")
        #expect(options.to == "a@b")
        #expect(options.from == "c@d")
        #expect(options.authUser == "u")
        #expect(options.authPassword == "p")
        #expect(options.tls)
        #expect(!options.auth)
        #expect(options.quitAfter == "RCPT")
        #expect(options.helo == "client.example")
    }

    @Test("unique prefixes abbreviate long names")
    func prefixes() throws {
        let options = try parse(["--serv", "localhost", "--quit-a", "AUTH", "--tls-on", "--supp"])
        #expect(options.server == "localhost")
        #expect(options.quitAfter == "AUTH")
        #expect(options.tlsOnConnect)
        #expect(options.support)
    }

    @Test("auth takes an optional type")
    func optionalAuthType() throws {
        let any = try parse(["--auth", "-tls", "--server", "localhost"])
        #expect(any.auth)
        #expect(any.authTypes.isEmpty)
        #expect(any.tls)
        let named = try parse(["-a", "cram-md5,plain"])
        #expect(named.authTypes == ["CRAM-MD5", "PLAIN"])
        let inline = try parse(["--auth=LOGIN"])
        #expect(inline.authTypes == ["LOGIN"])
    }

    @Test(
        "unknown, ambiguous and missing values",
        arguments: [
            (["--bogus"], SwaksOptions.Failure.unknownOption("bogus")),
            (["--nonsense"], .unknownOption("nonsense")),
            (["--auth-"], .ambiguousOption("auth-")),
            (["--quit"], .missingValue("quit")),
        ])
    func failures(words: [String], failure: SwaksOptions.Failure) {
        switch SwaksOptions.parse(words) {
        case .success(let options):
            Issue.record("parsed \(options)")
        case .failure(let error):
            #expect(error == failure)
        }
    }

    @Test(
        "quit-after aliases",
        arguments: [
            ("CONNECT", SwaksStage.connect), ("banner", .connect), ("first-ehlo", .firstHelo),
            ("FIRST-HELO", .firstHelo), ("starttls", .tls), ("TLS", .tls), ("ehlo", .helo),
            ("lhlo", .helo), ("AUTH", .auth), ("from", .mail), ("MAIL", .mail), ("to", .rcpt),
            ("RCPT", .rcpt),
        ])
    func quitAliases(value: String, stage: SwaksStage) {
        #expect(SwaksStage(quitAfter: value) == stage)
    }

    @Test("quit-after rejects other values", arguments: ["DATA", "dot", "CON", ""])
    func quitRejects(value: String) {
        #expect(SwaksStage(quitAfter: value) == nil)
    }

    @Test(
        "server and port forms",
        arguments: [
            ("localhost", nil, "localhost", "25"), ("localhost:2525", nil, "localhost", "2525"),
            ("lab.example.jp", "587", "lab.example.jp", "587"), ("[::1]:26", nil, "::1", "26"),
            ("", nil, "lab.example.jp", "25"),
        ] as [(String, String?, String, String)])
    func targets(server: String, port: String?, host: String, expectedPort: String) {
        var options = SwaksOptions()
        options.server = server
        options.port = port
        let target = SwaksCommand.target(options: options, recipient: "testuser@lab.example.jp")
        #expect(target.host == host)
        #expect(target.port == expectedPort)
    }

    @Test("message as swaks builds it")
    func message() {
        let message = SwaksMessage(
            to: "testuser", from: "root@lab.example.jp", hostname: "lab.example.jp",
            date: Date(timeIntervalSince1970: 1_796_396_868), processID: 1769,
            timeZone: TimeZone(identifier: "UTC")!)
        #expect(
            message.lines == [
                "Date: Fri, 04 Dec 2026 15:07:48 +0000", "To: testuser",
                "From: root@lab.example.jp", "Subject: test Fri, 04 Dec 2026 15:07:48 +0000",
                "Message-Id: <20261204150748.001769@lab.example.jp>",
                "X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/", "",
                "This is a test mailing", "", "", ".",
            ])
    }

    @Test("headers replace or append")
    func headers() {
        var message = SwaksMessage(
            to: "a", from: "b", hostname: "h", date: Date(timeIntervalSince1970: 0),
            processID: 1, timeZone: TimeZone(identifier: "UTC")!)
        message.headers = ["subject: hi", "X-Lab: yes"]
        message.body = ".dot"
        let lines = message.lines
        #expect(lines[3] == "subject: hi")
        #expect(lines[6] == "X-Lab: yes")
        #expect(lines[8] == "..dot")
    }
}
