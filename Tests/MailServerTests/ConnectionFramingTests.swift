import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("Connection line framing")
struct ConnectionFramingTests {
    @Test("greeting then CRLF command")
    func crlfCommand() throws {
        let server = try TestServer()
        let client = try server.connect()
        #expect(try client.readLine() == "220 test.example ESMTP A")
        try client.send("ECHO hello\r\n")
        #expect(try client.readLine() == "250 hello")
    }

    @Test("bare LF ends a line")
    func bareLF() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("ECHO one\nECHO two\r\n")
        #expect(try client.readLines(2) == ["250 one", "250 two"])
    }

    @Test("line split across writes")
    func splitLine() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("EC")
        try client.send("HO sp")
        try client.send("lit\r")
        try client.send("\nECHO next\r\n")
        #expect(try client.readLines(2) == ["250 split", "250 next"])
    }

    @Test("over-long line is cut and the rest discarded")
    func overLongLine() throws {
        var options = ScriptSession.Options()
        options.maximumLineLength = 16
        let server = try TestServer(options: options)
        let client = try server.connect()
        _ = try client.readLine()
        let long = "ECHO " + String(repeating: "x", count: 100_000)
        try client.send(long + "\r\nECHO ok\r\n")
        #expect(try client.readLine() == "250 " + String(repeating: "x", count: 11))
        #expect(try client.readLine() == "250 ok")
        #expect(server.events.receivedLines == ["ECHO xxxxxxxxxxx", "ECHO ok"])
    }

    @Test("line of exactly the maximum is kept whole")
    func lineAtMaximum() throws {
        var options = ScriptSession.Options()
        options.maximumLineLength = 16
        let server = try TestServer(options: options)
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("ECHO 0123456789a\r\nECHO b\r\n")
        #expect(try client.readLines(2) == ["250 0123456789a", "250 b"])
    }

    @Test("hard cap applies when the session sets no maximum")
    func hardCap() throws {
        let server = try TestServer(
            serverConfiguration: MailServer.Configuration(hardLineLengthLimit: 64))
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DATA\r\n")
        #expect(try client.readLine().hasPrefix("354 "))
        try client.send(String(repeating: "y", count: 5000) + "\r\nshort\r\n.\r\n")
        #expect(
            try client.readLines(3) == ["251 length 64", "251 length 5", "250 2.0.0 Ok: 2 lines"])
    }

    @Test("pipelined commands answered in order")
    func pipelining() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        let commands = (1...200).map { "ECHO \($0)\r\n" }.joined()
        try client.send(commands + "QUIT\r\n")
        let replies = try client.readLines(201)
        #expect(replies == (1...200).map { "250 \($0)" } + ["221 2.0.0 Bye"])
        #expect(try client.readUntilClosed() == "")
    }

    @Test("client half-close still gets its replies")
    func halfClose() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("ECHO last\r\n")
        shutdown(client.fd, Int32(SHUT_WR))
        #expect(try client.readUntilClosed() == "250 last\r\n")
        #expect(server.events.waitFor(EventRecorder.isClosed))
    }
}
