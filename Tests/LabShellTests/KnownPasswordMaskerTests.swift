import Foundation
import LabSystem
import SASL
import Testing

@testable import LabShell

@Suite("Known password masking")
struct KnownPasswordMaskerTests {
    private func fixture(password: String) throws -> ShellFixture {
        let fixture = try ShellFixture()
        try SASLStore(sandbox: fixture.sandbox).update { database in
            database.setPassword(Array(password.utf8), user: "testuser", realm: "lab.example.jp")
        }
        return fixture
    }

    @Test(
        "registered password is masked anywhere in a line",
        arguments: [
            "echo Leak4pw > pw.txt",
            "Leak4pw",
            "postconf -e 'x = Leak4pw'",
            "printf \"Leak4pw\\n\"",
        ])
    func maskedEverywhere(line: String) throws {
        let fixture = try fixture(password: "Leak4pw")
        fixture.run(line)
        let published = fixture.events.commandLines.last ?? ""
        #expect(!published.contains("Leak4pw"), "published: \(published)")
        #expect(published.contains(CommandLineMasker.mask))
    }

    @Test("other words are kept")
    func otherWordsKept() throws {
        let fixture = try fixture(password: "Leak4pw")
        fixture.run("echo hello world")
        #expect(fixture.events.commandLines.last == "echo hello world")
    }

    @Test("no users means nothing to mask")
    func noUsers() throws {
        let fixture = try ShellFixture()
        fixture.run("echo Leak4pw")
        #expect(fixture.events.commandLines.last == "echo Leak4pw")
    }
}
