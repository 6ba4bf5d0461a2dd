import Foundation
import LabSystem
import Testing

@testable import LabShell

@Suite("postconf against Postfix")
struct PostconfComparisonTests {
    static let postconf = "/usr/sbin/postconf"

    static let original = """
        # A main.cf with comments, a continued value and a blank value.
        myhostname = lab.example.jp
        mydomain = example.jp
        smtpd_recipient_restrictions =
            permit_mynetworks,
            reject_unauth_destination

        relayhost =
        # trailing comment

        """

    static let edits: [[String]] = [
        ["mydomain = other.example"],
        ["smtpd_sasl_auth_enable = yes", "broken_sasl_auth_clients = yes"],
        ["smtpd_recipient_restrictions = permit_sasl_authenticated, reject"],
        ["relayhost=[mx.example.jp]", "myhostname = mail.example.jp"],
        ["smtp_sasl_auth_enabel = yes"],
    ]

    @Test("postconf -e and -n match Postfix", arguments: edits.indices)
    func editAndList(_ index: Int) throws {
        let assignments = PostconfComparisonTests.edits[index]
        let fixture = try ShellFixture()
        let path = PostconfCommand.configDirectory + "/main.cf"
        try fixture.sandbox.writeFile(path, contents: Array(Self.original.utf8))
        let quoted = assignments.map { "'\($0)'" }.joined(separator: " ")
        #expect(fixture.run("postconf -e \(quoted)").status == 0)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-postconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let hostFile = directory.appendingPathComponent("main.cf")
        try Data(Self.original.utf8).write(to: hostFile)
        let edited = try ExternalTool.run(
            Self.postconf, ["-c", directory.path, "-e"] + assignments)
        #expect(edited.status == 0)

        let expected = try String(contentsOf: hostFile, encoding: .utf8)
        let ours = try fixture.file(path)
        // Postfix appends several new parameters in its hash table's order, which changes from
        // run to run; the lab appends them in the order given. Lines edited in place and a
        // single appended line must match exactly.
        let ourLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let postfixLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(ourLines.sorted() == postfixLines.sorted(), "ours:\n\(ours)\nPostfix:\n\(expected)")
        let original = Self.original.split(separator: "\n").count
        let prefix = min(original, ourLines.count, postfixLines.count) - 1
        #expect(ourLines.prefix(prefix) == postfixLines.prefix(prefix))

        let listed = try ExternalTool.run(Self.postconf, ["-c", directory.path, "-n"])
        let expectedListing = listed.output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("config_directory =") }.joined(separator: "\n")
        let oursRun = fixture.run("postconf -n")
        let oursListing = oursRun.output.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("postconf: warning:") }.joined(separator: "\n")
        #expect(oursListing == expectedListing)
    }

    @Test("unknown parameter warns as Postfix does")
    func unknownParameter() throws {
        let fixture = try ShellFixture()
        let result = fixture.run("postconf nosuch_parameter")
        #expect(result.output == "postconf: warning: nosuch_parameter: unknown parameter\n")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-postconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data().write(to: directory.appendingPathComponent("main.cf"))
        let real = try ExternalTool.run(Self.postconf, ["-c", directory.path, "nosuch_parameter"])
        #expect(real.errorOutput.contains("warning: nosuch_parameter: unknown parameter"))
    }

    @Test("postconf -d and full listing are sorted name = value")
    func listings() throws {
        let fixture = try ShellFixture()
        let all = fixture.run("postconf").output.split(separator: "\n").filter {
            !$0.hasPrefix("postconf:")
        }
        #expect(all.count > 50)
        let names = all.map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(names == names.sorted())
        #expect(all.allSatisfy { $0.contains(" =") })
        #expect(
            fixture.run("postconf -d broken_sasl_auth_clients").output
                == "broken_sasl_auth_clients = no\n")
        #expect(fixture.run("postconf -h myhostname").output == "lab.example.jp\n")
    }
}
