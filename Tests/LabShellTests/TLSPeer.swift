import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `openssl s_server` on 127.0.0.1 with a fresh self-signed certificate: the peer
/// for the lab's TLS client. What the client sends shows in `received`; `send` types a line
/// into the server's standard input, which it relays to the client.
final class TLSPeer: @unchecked Sendable {
    let folder: URL
    private(set) var port = 0
    private let process = Process()
    private let input = Pipe()
    private let condition = NSCondition()
    private let exited = DispatchSemaphore(value: 0)
    private var stopped = false
    private var output = ""

    init(commonName: String = "peer.example") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-tlspeer-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = folder.appendingPathComponent("key.pem").path
        let certificate = folder.appendingPathComponent("cert.pem").path
        let generated = try ExternalTool.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                certificate, "-days", "2", "-subj", "/CN=\(commonName)",
            ])
        guard generated.status == 0 else { throw PeerError.setupFailed(generated.errorOutput) }

        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key,
            "-naccept", "1",
        ]
        process.terminationHandler = { [exited] _ in exited.signal() }
        let pipe = Pipe()
        process.standardInput = input
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [condition] handle in
            let data = handle.availableData
            condition.lock()
            self.output += String(decoding: data, as: UTF8.self)
            condition.broadcast()
            condition.unlock()
            if data.isEmpty { handle.readabilityHandler = nil }
        }
        try process.run()
        guard let line = firstMatch(of: #"ACCEPT 127\.0\.0\.1:(\d+)"#),
            let port = Int(line)
        else {
            process.terminate()
            throw PeerError.setupFailed(received)
        }
        self.port = port
    }

    enum PeerError: Error {
        case setupFailed(String)
    }

    var received: String {
        condition.lock()
        defer { condition.unlock() }
        return output
    }

    /// Waits until the server's output contains `text`; `false` after `timeout` seconds.
    func waitFor(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while !output.contains(text) {
            if !condition.wait(until: deadline) { return output.contains(text) }
        }
        return true
    }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    /// Ends the server by closing its standard input, on which s_server shuts the TLS
    /// connection down with close_notify and exits. SIGKILL follows after 10 seconds, because
    /// a SIGTERM may be blocked in a child of the test process.
    func stop() {
        guard !stopped else { return }
        stopped = true
        try? input.fileHandleForWriting.close()
        if exited.wait(timeout: .now() + 10) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Waits for the first match of `pattern` in the server's output and returns its first
    /// group; nil after 10 seconds.
    private func firstMatch(of pattern: String) -> String? {
        let regex = try! NSRegularExpression(pattern: pattern)
        let deadline = Date().addingTimeInterval(10)
        condition.lock()
        defer { condition.unlock() }
        while true {
            let range = NSRange(output.startIndex..., in: output)
            if let match = regex.firstMatch(in: output, range: range),
                let group = Range(match.range(at: 1), in: output)
            {
                return String(output[group])
            }
            if !condition.wait(until: deadline) { return nil }
        }
    }
}
