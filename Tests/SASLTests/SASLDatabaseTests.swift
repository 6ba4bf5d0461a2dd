import Foundation
import Testing

@testable import SASL

@Suite("SASLDatabase")
struct SASLDatabaseTests {
    static let accounts: [(user: String, realm: String, password: String)] = [
        ("testuser", "lab.example.jp", "password"),
        ("alice", "lab.example.jp", "0secret"),
        ("bob", "other.example", "tanstaaftanstaaf"),
        ("carol", "lab.example.jp", "with space"),
    ]

    static func makeDatabase() -> SASLDatabase {
        var database = SASLDatabase()
        for account in accounts {
            database.setPassword(bytes(account.password), user: account.user, realm: account.realm)
        }
        return database
    }

    @Test("lists users like sasldblistusers2")
    func listing() {
        let database = Self.makeDatabase()
        #expect(
            database.listing() == [
                "alice@lab.example.jp: userPassword", "carol@lab.example.jp: userPassword",
                "testuser@lab.example.jp: userPassword", "bob@other.example: userPassword",
            ])
        #expect(database.users.first == SASLUser(user: "alice", realm: "lab.example.jp"))
    }

    @Test(
        "listing equals the real saslpasswd2 and sasldblistusers2",
        .enabled(
            if: ExternalTool.isInstalled("/usr/sbin/saslpasswd2")
                && ExternalTool.isInstalled("/usr/sbin/sasldblistusers2")))
    func matchesRealTools() throws {
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("sasldb2").path
        for account in Self.accounts {
            let result = try ExternalTool.run(
                "/usr/sbin/saslpasswd2",
                ["-f", file, "-p", "-c", "-u", account.realm, account.user],
                input: bytes(account.password))
            #expect(result.status == 0, "saslpasswd2 failed: \(result.errorOutput)")
        }
        let listed = try ExternalTool.run("/usr/sbin/sasldblistusers2", ["-f", file])
        #expect(listed.status == 0)
        let realLines = listed.output.split(separator: "\n").map(String.init).sorted()
        #expect(realLines == Self.makeDatabase().listing().sorted())
    }

    @Test("adds, replaces and removes users")
    func addReplaceRemove() {
        var database = Self.makeDatabase()
        #expect(database.contains(user: "bob", realm: "other.example"))
        #expect(!database.contains(user: "bob", realm: "lab.example.jp"))
        database.setPassword(bytes("new"), user: "bob", realm: "other.example")
        #expect(database.users.count == Self.accounts.count)
        let secrets = database.secrets(user: "bob", realm: "other.example")
        #expect(secrets?.passwordVerifier?.verify(bytes("new")) == true)
        #expect(secrets?.passwordVerifier?.verify(bytes("tanstaaftanstaaf")) == false)
        let removed = database.removeUser("bob", realm: "other.example")
        #expect(removed)
        let removedAgain = database.removeUser("bob", realm: "other.example")
        #expect(!removedAgain)
        #expect(!database.contains(user: "bob", realm: "other.example"))
    }

    @Test("serialization round-trips")
    func roundTrip() throws {
        var database = Self.makeDatabase()
        database.setPassword(bytes("x"), user: "odd name=%\tü", realm: "realm with space")
        let text = database.serialized()
        let parsed = try SASLDatabase(serialized: text)
        #expect(parsed == database)
        #expect(parsed.serialized() == text)
        #expect(try SASLDatabase(serialized: []) == SASLDatabase())
    }

    @Test("stored text carries no password")
    func noPasswordInText() {
        let database = Self.makeDatabase()
        let text = String(decoding: database.serialized(), as: UTF8.self)
        for account in Self.accounts {
            #expect(!text.contains(account.password))
            #expect(!text.contains(Base64.encode(bytes(account.password))))
            #expect(!text.contains(hexString(bytes(account.password))))
            let plain = Base64.encode(bytes("\0\(account.user)\0\(account.password)"))
            #expect(!text.contains(plain))
        }
        #expect(text.hasPrefix("#maillab-sasldb 1\n"))
        #expect(text.split(separator: "\n").count == Self.accounts.count + 1)
    }

    @Test(
        "rejects invalid text",
        arguments: [
            ("user=a realm=b\n", SASLDatabaseError.invalidHeader),
            (
                "#maillab-sasldb 1\nuser=a\n",
                .invalidEntry(line: 2, reason: "user or realm missing")
            ),
            (
                "#maillab-sasldb 1\nuser=a realm=b colour=red\n",
                .invalidEntry(line: 2, reason: "unknown field 'colour'")
            ),
            (
                "#maillab-sasldb 1\nuser=a realm=b hmac-md5=00\n",
                .invalidEntry(line: 2, reason: "hmac-md5 has the wrong length")
            ),
            (
                "#maillab-sasldb 1\nuser=a realm=b pbkdf2-sha256=x:00:00\n",
                .invalidEntry(line: 2, reason: "pbkdf2-sha256 is not ROUNDS:SALT:HASH")
            ),
            (
                "#maillab-sasldb 1\nuser=a%2 realm=b\n",
                .invalidEntry(line: 2, reason: "invalid percent-encoding in user")
            ),
            (
                "#maillab-sasldb 1\nuser=a realm=b\nuser=a realm=b\n",
                .duplicateEntry(line: 3, user: "a", realm: "b")
            ),
        ])
    func rejectsInvalid(text: String, error: SASLDatabaseError) {
        #expect(throws: error) { try SASLDatabase(serialized: bytes(text)) }
    }

    @Test("keeps DIGEST-MD5's H(user:realm:password)")
    func digestSecret() {
        let secrets = SASLSecrets(
            password: bytes("secret"), user: "chris", realm: "elwood.innosoft.com")
        #expect(
            secrets.digestMD5Secret == MessageDigest.md5(bytes("chris:elwood.innosoft.com:secret")))
        #expect(secrets.hmacStates.count == 3)
    }
}
