import Foundation
import MailProtocol
import Testing

@testable import MailServer

/// A message store that records deliveries, or fails every one.
final class RecordingDelivery: MessageDelivery, @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk full" }
    }

    let fails: Bool
    let delivered = Recorder<Delivery>()

    init(fails: Bool) {
        self.fails = fails
    }

    func deliver(_ delivery: Delivery) throws {
        if fails { throw Failure() }
        delivered.append(delivery)
    }
}

@Suite("Connection actions")
struct ConnectionActionTests {
    @Test("pause delays the following replies and pipelined lines")
    func pauseOrdering() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        let started = Date()
        try client.send("PAUSE 0.3\r\nECHO after\r\n")
        #expect(try client.readLine() == "250 pausing")
        #expect(Date().timeIntervalSince(started) < 0.25)
        #expect(try client.readLine() == "250 resumed")
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(try client.readLine() == "250 after")
    }

    @Test("pause does not block other connections")
    func pauseDoesNotBlockLoop() throws {
        let server = try TestServer(
            serverConfiguration: MailServer.Configuration(eventLoopCount: 1))
        let paused = try server.connect()
        let other = try server.connect()
        _ = try paused.readLine()
        _ = try other.readLine()
        try paused.send("PAUSE 1\r\n")
        #expect(try paused.readLine() == "250 pausing")
        let started = Date()
        try other.send("ECHO quick\r\n")
        #expect(try other.readLine() == "250 quick")
        #expect(Date().timeIntervalSince(started) < 0.5)
        #expect(try paused.readLine() == "250 resumed")
    }

    @Test("delivery success keeps the reply")
    func deliverySuccess() throws {
        let delivery = RecordingDelivery(fails: false)
        let server = try TestServer(delivery: delivery)
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DELIVER\r\nECHO next\r\n")
        #expect(try client.readLine().hasPrefix("250 2.0.0 Ok: queued as Q"))
        #expect(try client.readLine() == "250 next")
        #expect(delivery.delivered.values.map(\.recipients) == [["testuser@lab.example.jp"]])
    }

    @Test("delivery failure replaces the next reply")
    func deliveryFailure() throws {
        let server = try TestServer(delivery: RecordingDelivery(fails: true))
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DELIVER\r\nECHO next\r\n")
        #expect(try client.readLine() == "451 4.3.0 Error: queue file write error")
        #expect(try client.readLine() == "250 next")
        #expect(server.log.values.contains { $0.contains("queue file write error: disk full") })
    }

    @Test("no message store makes delivery fail")
    func deliveryWithoutStore() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("DELIVER\r\n")
        #expect(try client.readLine() == "451 4.3.0 Error: queue file write error")
    }

    @Test("log action reaches the log sink")
    func logAction() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("LOG warning: something\r\n")
        #expect(try client.readLine() == "250 logged")
        #expect(server.log.values == ["warning: something"])
    }

    @Test("connection events carry id and peer")
    func connectionEvents() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        try client.send("QUIT\r\n")
        #expect(try client.readLine() == "221 2.0.0 Bye")
        #expect(try client.readUntilClosed() == "")
        #expect(server.events.waitFor(EventRecorder.isClosed))
        let opened = server.events.payloads.compactMap { payload -> (Int, String, Int)? in
            if case .connectionOpened(let id, .smtp, let address, let port) = payload {
                return (id, address, port)
            }
            return nil
        }
        #expect(opened.count == 1)
        #expect(opened.first?.1 == "127.0.0.1")
        #expect(opened.first?.2 == client.localPort)
        let closedID = server.events.payloads.compactMap { payload -> Int? in
            if case .connectionClosed(let id) = payload { return id }
            return nil
        }
        #expect(closedID == [opened.first?.0 ?? -1])
    }

    @Test("idle timeout calls timedOut and closes")
    func idleTimeout() throws {
        var options = ScriptSession.Options()
        options.idleTimeout = 0.2
        let server = try TestServer(options: options)
        let started = Date()
        let client = try server.connect()
        _ = try client.readLine()
        #expect(try client.readLine() == "421 4.4.2 test.example Error: timeout exceeded")
        #expect(Date().timeIntervalSince(started) >= 0.2)
        #expect(try client.readUntilClosed() == "")
        #expect(server.events.waitFor(EventRecorder.isClosed))
    }

    @Test("activity postpones the idle timeout")
    func activityPostponesTimeout() throws {
        var options = ScriptSession.Options()
        options.idleTimeout = 0.3
        let server = try TestServer(options: options)
        let client = try server.connect()
        _ = try client.readLine()
        let started = Date()
        for index in 0..<4 {
            try client.send("PAUSE 0.1\r\n")
            #expect(try client.readLines(2) == ["250 pausing", "250 resumed"], "round \(index)")
        }
        #expect(Date().timeIntervalSince(started) >= 0.4)
        try client.send("ECHO alive\r\n")
        #expect(try client.readLine() == "250 alive")
    }

    @Test("reload gives new connections the new settings")
    func reload() throws {
        let server = try TestServer()
        let old = try server.connect()
        #expect(try old.readLine() == "220 test.example ESMTP A")
        var changed = ScriptSession.Options()
        changed.tag = "B"
        let options = changed
        server.listener.reload(SessionSettings { ScriptSession(peer: $0, options: options) })
        let new = try server.connect()
        #expect(try new.readLine() == "220 test.example ESMTP B")
        try old.send("TAG\r\n")
        #expect(try old.readLine() == "250 A")
        try new.send("TAG\r\n")
        #expect(try new.readLine() == "250 B")
        #expect(server.events.payloads.contains(.serviceReloaded(service: .smtp)))
    }

    @Test("stop closes connections and the port")
    func stop() throws {
        let server = try TestServer()
        let client = try server.connect()
        _ = try client.readLine()
        let port = server.port
        server.server.stop()
        #expect(try client.readUntilClosed() == "")
        #expect(server.events.payloads.contains(.serviceStopped(service: .smtp)))
        #expect(throws: TestClientError.self) { try TestClient(port: port) }
    }
}
