import Foundation
import SASL

/// The client side of one AUTH exchange as swaks sends it: PLAIN with the initial response on
/// the AUTH line, LOGIN in two steps, CRAM-MD5 and CRAM-SHA1 with one response, and
/// DIGEST-MD5 with qop=auth and the empty line after `rspauth`.
struct SwaksAuthenticator {
    let session: SwaksSession
    let user: String
    let password: String

    /// Runs the exchange for `type` and returns true when the server replied 235.
    func run(_ type: String, serverName: String) throws -> Bool {
        switch type {
        case "PLAIN":
            let message = Array("\0\(user)\0\(password)".utf8)
            return try session.transact("AUTH PLAIN " + Base64.encode(message), expect: "235")
        case "LOGIN":
            guard try session.transact("AUTH LOGIN", expect: "334") else { return false }
            guard try session.transact(Base64.encode(Array(user.utf8)), expect: "334") else {
                return false
            }
            return try session.transact(Base64.encode(Array(password.utf8)), expect: "235")
        case "CRAM-MD5", "CRAM-SHA1":
            return try cram(type == "CRAM-MD5" ? .md5 : .sha1)
        case "DIGEST-MD5":
            return try digest(serverName: serverName)
        default:
            return false
        }
    }

    private func cram(_ algorithm: CRAMAlgorithm) throws -> Bool {
        var reply: [String] = []
        guard try session.transact("AUTH \(algorithm.rawValue)", expect: "334", reply: &reply)
        else { return false }
        let challenge = Base64.decode(String((reply.last ?? "").dropFirst(4))) ?? []
        let response = CRAM.response(
            challenge: challenge, user: user, password: Array(password.utf8),
            algorithm: algorithm)
        return try session.transact(Base64.encode(Array(response.utf8)), expect: "235")
    }

    private func digest(serverName: String) throws -> Bool {
        var reply: [String] = []
        guard try session.transact("AUTH DIGEST-MD5", expect: "334", reply: &reply) else {
            return false
        }
        let challenge = Base64.decode(String((reply.last ?? "").dropFirst(4))) ?? []
        let directives = DigestMD5.parseDirectives(challenge) ?? [:]
        let realm = directives["realm"] ?? serverName
        let nonce = directives["nonce"] ?? ""
        let cnonce = Base64.encode(SwaksAuthenticator.randomBytes(12))
        let parameters = DigestMD5.Parameters(
            username: user, realm: realm, nonce: nonce, cnonce: cnonce,
            digestURI: "smtp/\(serverName)")
        let secret = DigestMD5.secret(username: user, realm: realm, password: Array(password.utf8))
        let response = DigestMD5.response(secret: secret, parameters: parameters)
        let text =
            "charset=utf-8,username=\"\(user)\",realm=\"\(realm)\",nonce=\"\(nonce)\","
            + "nc=00000001,cnonce=\"\(cnonce)\",digest-uri=\"smtp/\(serverName)\","
            + "response=\(response),qop=auth"
        guard try session.transact(Base64.encode(Array(text.utf8)), expect: "334") else {
            return false
        }
        return try session.transact("", expect: "235")
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
