import Foundation
import MailProtocol

@testable import MailServer

/// A started server with one listener on a free port, its events and its log.
final class TestServer {
    let server: MailServer
    let listener: MailListener
    let events = EventRecorder()
    let log = Recorder<String>()

    init(
        options: ScriptSession.Options = ScriptSession.Options(),
        serverConfiguration: MailServer.Configuration = MailServer.Configuration(),
        tls: TLSServerContext? = nil, connectionLimit: ConnectionLimit? = nil,
        tlsOnConnect: Bool = false, delivery: (any MessageDelivery)? = nil
    ) throws {
        server = MailServer(configuration: serverConfiguration)
        try server.start()
        let log = self.log
        let settings = SessionSettings(tls: tls, connectionLimit: connectionLimit) { peer in
            ScriptSession(peer: peer, options: options)
        }
        listener = try server.listen(
            MailListener.Configuration(
                service: .smtp, tlsOnConnect: tlsOnConnect, delivery: delivery, events: events,
                log: { log.append($0) }),
            settings: settings)
    }

    var port: Int { listener.port }

    func connect() throws -> TestClient {
        try TestClient(port: port)
    }

    deinit {
        server.stop()
    }
}
