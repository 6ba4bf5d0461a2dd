import Foundation
import MailProtocol
import Testing

@testable import LabShell

@Suite("userdb-test-cram-md5, saslpasswd2 and sasldblistusers2")
struct CredentialToolTests {
    static let cramTool = "/usr/sbin/userdb-test-cram-md5"
    static let saslpasswd = "/usr/sbin/saslpasswd2"
    static let listUsers = "/usr/sbin/sasldblistusers2"

    @Test(
        "CRAM-MD5 helper prints what Courier's prints",
        .enabled(if: ExternalTool.isInstalled(cramTool)),
        arguments: [
            ("testuser", "password", "PG5hbmlrYS1pbWFwQHNlcnZlcj4="),
            (
                "tim", "tanstaaftanstaaf",
                "+ PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+"
            ),
            (
                "a-very-long-user-name-that-makes-the-response-wrap-past-seventy-six",
                String(repeating: "p", count: 70), "PDEyMzQ1Ni43ODlAbGFiLmV4YW1wbGUuanA+"
            ),
        ])
    func cramMatchesReal(user: String, password: String, challenge: String) throws {
        let input = "\(user)\n\(password)\n\(challenge)\n"
        let real = try ExternalTool.run(Self.cramTool, [], input: Array(input.utf8))
        #expect(real.status == 0)

        let piped = try ShellFixture()
        try piped.sandbox.writeFile("/tmp/input", contents: Array(input.utf8))
        let (status, output) = piped.run("userdb-test-cram-md5 < /tmp/input")
        #expect(status == 0)
        #expect(output == real.output)

        let interactive = try ShellFixture(lines: [user, password, challenge])
        let result = interactive.run("userdb-test-cram-md5")
        #expect(result.status == 0)
        #expect(result.output == real.output)
        #expect(interactive.terminal.prompts.map(\.prompt) == ["Username? ", "Password? ", "+ "])
        #expect(interactive.terminal.prompts.map(\.echo) == [true, false, true])
        #expect(!interactive.terminal.transcript.contains(password))
    }

    @Test("CRAM-MD5 helper gives the handout's response")
    func cramHandoutVector() throws {
        let fixture = try ShellFixture(lines: [
            "testuser", "password", "334 PG5hbmlrYS1pbWFwQHNlcnZlcj4=",
        ])
        let (_, output) = fixture.run("userdb-test-cram-md5")
        #expect(
            output.hasSuffix(
                "Send this response:\ndGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=\n\n")
        )
        #expect(!fixture.events.commandLines.contains { $0.contains("password") })
    }

    @Test("CRAM-MD5 helper warns on text that is not base64")
    func cramInvalidChallenge() throws {
        let fixture = try ShellFixture(lines: [
            "testuser", "password", "PG5hbmlr*YS1pbWFwQHNlcnZlcj4",
        ])
        let (status, output) = fixture.run("userdb-test-cram-md5")
        #expect(status == 0)
        #expect(output.contains("not valid base64"))
        #expect(output.contains("Send this response:\n"))
    }

    @Test("saslpasswd2 prompts twice and stores the user")
    func saslpasswdStores() throws {
        let fixture = try ShellFixture(lines: ["secret", "secret"])
        let (status, output) = fixture.run("saslpasswd2 -c -u `postconf -h myhostname` testuser")
        #expect(status == 0)
        #expect(output == "Password: Again (for verification): ")
        #expect(fixture.terminal.prompts.map(\.echo) == [false, false])
        #expect(fixture.run("sasldblistusers2").output == "testuser@lab.example.jp: userPassword\n")
        #expect(
            fixture.events.commandLines.contains(
                "saslpasswd2 -c -u `postconf -h myhostname` testuser"))
        #expect(fixture.events.payloads.contains(.fileChanged(path: "/etc/sasldb2")))
        #expect(
            fixture.events.payloads.contains(
                .shellOutput(shell: .a, line: "testuser@lab.example.jp: userPassword")))
        #expect(!fixture.terminal.transcript.contains("secret"))
    }

    @Test(
        "saslpasswd2 messages match the real tool",
        .enabled(if: ExternalTool.isInstalled(saslpasswd)))
    func saslpasswdMessages() throws {
        let realUsage = try ExternalTool.run(Self.saslpasswd, [])
        let fixture = try ShellFixture(lines: ["one", "two"])
        let usage = fixture.run("saslpasswd2")
        #expect(usage.status == realUsage.status)
        #expect(usage.output == realUsage.errorOutput)

        let mismatch = fixture.run("saslpasswd2 -c -u lab.example.jp testuser")
        #expect(mismatch.status == 7)
        #expect(mismatch.output.hasSuffix("saslpasswd2: passwords don't match; aborting\n"))

        let both = fixture.run("saslpasswd2 -c -d testuser")
        #expect(both.status == 1)
        #expect(both.output == realUsage.errorOutput)

        let option = fixture.run("saslpasswd2 -x testuser")
        #expect(option.status == 1)
        #expect(option.output == "saslpasswd2: illegal option -- x\n" + realUsage.errorOutput)
    }

    @Test("saslpasswd2 rejects an empty password")
    func saslpasswdEmpty() throws {
        let fixture = try ShellFixture(lines: ["", ""])
        let result = fixture.run("saslpasswd2 -c -u lab.example.jp testuser")
        #expect(result.status == 7)
        #expect(result.output.hasSuffix("saslpasswd2: invalid parameter supplied\n"))
        #expect(!fixture.sandbox.exists("/etc/sasldb2"))
    }

    @Test(
        "listing matches the real tools after the same changes",
        .enabled(
            if: ExternalTool.isInstalled(saslpasswd) && ExternalTool.isInstalled(listUsers)))
    func listingMatchesReal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-sasldb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("sasldb2").path
        let fixture = try ShellFixture()
        let steps: [(user: String, realm: String, delete: Bool)] = [
            ("testuser", "lab.example.jp", false), ("alice", "lab.example.jp", false),
            ("bob", "example.org", false), ("alice", "lab.example.jp", true),
        ]
        for step in steps {
            let flag = step.delete ? "-d" : "-c -p"
            let real = try ExternalTool.run(
                Self.saslpasswd,
                flag.split(separator: " ").map(String.init) + [
                    "-f", database, "-u", step.realm, step.user,
                ],
                input: Array("pw123\n".utf8))
            #expect(real.status == 0)
            let ours = fixture.run(
                "echo pw123 | saslpasswd2 \(flag) -f /etc/sasldb2 -u \(step.realm) \(step.user)")
            #expect(ours.status == 0)
        }
        let real = try ExternalTool.run(Self.listUsers, ["-f", database])
        let ours = fixture.run("sasldblistusers2 -f /etc/sasldb2").output
        #expect(Set(ours.split(separator: "\n")) == Set(real.output.split(separator: "\n")))
        #expect(ours.split(separator: "\n").count == 2)
        #expect(fixture.events.commandLines.allSatisfy { !$0.contains("pw123") })
    }

    @Test("sasldblistusers2 without a database fails as the real one")
    func listMissing() throws {
        let fixture = try ShellFixture()
        let result = fixture.run("sasldblistusers2")
        #expect(result.status == 0)
        #expect(result.output == "listusers failed\n")
    }

    @Test("saslpasswd2 -d removes the user, default realm is the host")
    func deleteDefaultRealm() throws {
        let fixture = try ShellFixture(lines: ["pw", "pw"])
        #expect(fixture.run("saslpasswd2 -c student").status == 0)
        #expect(fixture.run("sasldblistusers2").output == "student@lab.example.jp: userPassword\n")
        #expect(fixture.run("/usr/local/sbin/saslpasswd2 -d student").status == 0)
        #expect(fixture.run("sasldblistusers2").output == "")
    }
}
