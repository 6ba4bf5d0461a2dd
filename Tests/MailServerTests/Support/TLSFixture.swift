import Foundation

/// Keys and certificates made once per test run by the real `openssl req`, in a temporary
/// folder: two 2048-bit pairs, one 1024-bit pair, a file with key and certificate together,
/// and a file of garbage.
struct TLSFixture: Sendable {
    static let shared: TLSFixture = {
        do {
            return try TLSFixture()
        } catch {
            fatalError("cannot make test certificates: \(error)")
        }
    }()

    let folder: URL
    var key: String { path("key.pem") }
    var certificate: String { path("cert.pem") }
    var otherKey: String { path("other-key.pem") }
    var weakKey: String { path("weak-key.pem") }
    var weakCertificate: String { path("weak-cert.pem") }
    var combined: String { path("combined.pem") }
    var garbage: String { path("garbage.pem") }

    private init() throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillab-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.makePair(
            bits: 2048, key: folder.appendingPathComponent("key.pem").path,
            certificate: folder.appendingPathComponent("cert.pem").path)
        try Self.makePair(
            bits: 2048, key: folder.appendingPathComponent("other-key.pem").path,
            certificate: folder.appendingPathComponent("other-cert.pem").path)
        try Self.makePair(
            bits: 1024, key: folder.appendingPathComponent("weak-key.pem").path,
            certificate: folder.appendingPathComponent("weak-cert.pem").path)
        let both =
            try Data(contentsOf: folder.appendingPathComponent("key.pem"))
            + Data(contentsOf: folder.appendingPathComponent("cert.pem"))
        try both.write(to: folder.appendingPathComponent("combined.pem"))
        try Data("-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n".utf8)
            .write(to: folder.appendingPathComponent("garbage.pem"))
    }

    private func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    private static func makePair(bits: Int, key: String, certificate: String) throws {
        let result = try runProcess(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "rsa:\(bits)", "-nodes", "-subj", "/CN=lab.example.jp",
                "-days", "2", "-keyout", key, "-out", certificate,
            ])
        guard result.status == 0 else {
            throw ExternalProcessError.failed("openssl req failed: \(result.errorOutput)")
        }
    }
}
