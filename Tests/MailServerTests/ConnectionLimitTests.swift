import Foundation
import MailProtocol
import Testing

@testable import MailServer

@Suite("Connection limits and load")
struct ConnectionLimitTests {
    @Test("client over the limit gets 421 and is closed")
    func perClientLimit() throws {
        let limit = ConnectionLimit.postfix(maximumPerClient: 3, hostname: "lab.example.jp")
        let server = try TestServer(connectionLimit: limit)
        let admitted = try (0..<3).map { _ in try server.connect() }
        for client in admitted {
            #expect(try client.readLine() == "220 test.example ESMTP A")
        }
        let rejected = try server.connect()
        #expect(
            try rejected.readLine()
                == "421 4.7.0 lab.example.jp Error: too many connections from 127.0.0.1")
        #expect(try rejected.readUntilClosed() == "")
        #expect(
            server.log.values == [
                "warning: Connection concurrency limit exceeded: 4 from localhost[127.0.0.1]"
                    + " for service smtp"
            ])

        try admitted[0].send("QUIT\r\n")
        #expect(try admitted[0].readLine() == "221 2.0.0 Bye")
        #expect(server.events.waitFor(count: 2, EventRecorder.isClosed))
        let again = try server.connect()
        #expect(try again.readLine() == "220 test.example ESMTP A")
    }

    @Test("1,000 concurrent connections are answered")
    func thousandConnections() throws {
        let server = try TestServer()
        let count = 1000
        var clients: [TestClient] = []
        for _ in 0..<count {
            clients.append(try server.connect())
        }
        for client in clients {
            #expect(try client.readLine() == "220 test.example ESMTP A")
        }
        for (index, client) in clients.enumerated() {
            try client.send("ECHO \(index)\r\n")
        }
        var answered = 0
        for (index, client) in clients.enumerated() where try client.readLine() == "250 \(index)" {
            answered += 1
        }
        #expect(answered == count)
        #expect(server.listener.openConnectionCount == count)
        clients = []
        #expect(server.events.waitFor(count: count, timeout: 30, EventRecorder.isClosed))
        #expect(server.listener.openConnectionCount == 0)
    }
}
