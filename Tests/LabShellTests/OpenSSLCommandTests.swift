import Foundation
import LabSystem
import Testing

@testable import LabShell

@Suite("openssl genrsa, req, x509 and rsa")
struct OpenSSLCommandTests {
    static let openssl = "/usr/bin/openssl"
    static let directory = "/usr/local/etc/postfix"

    private func hostPath(_ fixture: ShellFixture, _ path: String) -> String {
        fixture.sandbox.root.path + path
    }

    /// Makes `postfix.key` and a self-signed `postfix.crt` in the fixture.
    private func makeKeyAndCertificate(_ fixture: ShellFixture) {
        fixture.run("cd \(Self.directory)")
        fixture.run("openssl genrsa -out postfix.key 2048")
        fixture.run(
            "openssl req -new -x509 -days 365 -key postfix.key -out postfix.crt"
                + " -subj /C=JP/ST=Tokyo/O=Lab/CN=lab.example.jp")
    }

    @Test("genrsa writes a 0600 key real openssl accepts")
    func genrsaWritesKey() throws {
        let fixture = try ShellFixture()
        fixture.run("cd \(Self.directory)")

        let result = fixture.run("openssl genrsa -out postfix.key 2048")

        #expect(result.status == 0)
        #expect(result.output == "")
        let attributes = try fixture.sandbox.attributes(of: "\(Self.directory)/postfix.key")
        #expect(attributes.mode & 0o777 == 0o600)
        let key = try fixture.file("\(Self.directory)/postfix.key")
        #expect(key.hasPrefix("-----BEGIN PRIVATE KEY-----\n"))
        let check = try ExternalTool.run(
            Self.openssl,
            ["rsa", "-in", hostPath(fixture, "\(Self.directory)/postfix.key"), "-check", "-noout"])
        #expect(check.status == 0, "\(check.errorOutput)")
        #expect(check.output == "RSA key ok\n")
        let text = try ExternalTool.run(
            Self.openssl,
            ["rsa", "-in", hostPath(fixture, "\(Self.directory)/postfix.key"), "-noout", "-text"])
        #expect(text.output.contains("Private-Key: (2048 bit, 2 primes)"))
    }

    @Test("genrsa 1024 makes the key and warns")
    func genrsaWeakKeyWarns() throws {
        let fixture = try ShellFixture()

        let result = fixture.run("openssl genrsa -out /tmp/weak.key 1024")

        #expect(result.status == 0)
        #expect(result.output.contains("OpenSSL 3 rejects RSA keys shorter than 2048 bits"))
        #expect(result.output.contains("openssl genrsa -out FILE 2048"))
        let text = try ExternalTool.run(
            Self.openssl, ["rsa", "-in", hostPath(fixture, "/tmp/weak.key"), "-noout", "-text"])
        #expect(text.output.contains("Private-Key: (1024 bit, 2 primes)"))
        let japanese = OpenSSLGenrsa.weakKeyWarning(bits: 1024, language: .ja)
        #expect(japanese.contains("2048 ビット未満"))
    }

    @Test("genrsa rejects a tiny or non-numeric size")
    func genrsaRejectsBadSize() throws {
        let fixture = try ShellFixture()

        let tiny = fixture.run("openssl genrsa -out /tmp/tiny.key 256")
        let word = fixture.run("openssl genrsa -out /tmp/tiny.key abc")

        #expect(tiny.status == 1)
        #expect(tiny.output.hasPrefix("Error setting RSA length\n"))
        #expect(tiny.output.contains(":error:1C8000AB:Provider routines:rsa_gen_set_params:"))
        #expect(word.status == 1)
        #expect(word.output == "genrsa: Can't parse \"abc\" as a number\n")
        #expect(!fixture.sandbox.exists("/tmp/tiny.key"))
    }

    @Test("req prompts match the real openssl req")
    func reqPromptsMatchRealTool() throws {
        let answers = ["JP", "Tokyo", ".", "Lab", "", "lab.example.jp", ""]
        let fixture = try ShellFixture(lines: answers)
        fixture.run("cd \(Self.directory)")
        fixture.run("openssl genrsa -out postfix.key 2048")

        let result = fixture.run(
            "openssl req -new -x509 -days 365 -key postfix.key -out postfix.crt")

        #expect(result.status == 0)
        let real = try ExternalTool.run(
            Self.openssl,
            [
                "req", "-new", "-x509", "-days", "365", "-key",
                hostPath(fixture, "\(Self.directory)/postfix.key"), "-out", "/dev/null",
            ],
            input: Array((answers.joined(separator: "\n") + "\n").utf8))
        #expect(real.status == 0, "\(real.errorOutput)")
        #expect(result.output == real.errorOutput)
        let subject = try ExternalTool.run(
            Self.openssl,
            [
                "x509", "-in", hostPath(fixture, "\(Self.directory)/postfix.crt"), "-noout",
                "-subject",
            ])
        #expect(subject.output == "subject=C = JP, ST = Tokyo, O = Lab, CN = lab.example.jp\n")
    }

    @Test("req asks again for a long country")
    func reqRejectsLongCountry() throws {
        let fixture = try ShellFixture(lines: ["JPN", "JP", "", "", "", "", "x", ""])
        fixture.run("openssl genrsa -out /tmp/k.pem")

        let result = fixture.run("openssl req -new -x509 -key /tmp/k.pem -out /tmp/c.pem")

        #expect(result.status == 0)
        #expect(
            result.output.contains(
                "Country Name (2 letter code) [AU]:String too long, must be at most 2 bytes long\n"
                    + "Country Name (2 letter code) [AU]:"))
        let subject = fixture.run("openssl x509 -in /tmp/c.pem -noout -subject")
        #expect(
            subject.output
                == "subject=C = JP, ST = Some-State, O = Internet Widgits Pty Ltd, CN = x\n")
    }

    @Test("req with only dots fails as openssl does")
    func reqWithoutFields() throws {
        let fixture = try ShellFixture(lines: Array(repeating: ".", count: 7))
        fixture.run("openssl genrsa -out /tmp/k.pem")

        let result = fixture.run("openssl req -new -x509 -key /tmp/k.pem -out /tmp/c.pem")

        #expect(result.status == 1)
        #expect(
            result.output.hasSuffix(
                "Error: No objects specified in config file\nError making certificate request\n"))
    }

    @Test("x509 prints what real openssl prints")
    func x509MatchesRealTool() throws {
        let fixture = try ShellFixture()
        makeKeyAndCertificate(fixture)
        let host = hostPath(fixture, "\(Self.directory)/postfix.crt")

        for options in [
            ["-text"], ["-subject", "-dates"], ["-fingerprint"], ["-issuer", "-serial"],
        ] {
            let lab = fixture.run(
                "openssl x509 -in postfix.crt -noout " + options.joined(separator: " "))
            let real = try ExternalTool.run(
                Self.openssl, ["x509", "-in", host, "-noout"] + options)
            #expect(lab.status == 0)
            #expect(lab.output == real.output, "options \(options)")
        }
        let days = fixture.run("openssl x509 -in postfix.crt -noout -dates").output
        let lines = days.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("notBefore=") == true)
    }

    @Test("x509 and rsa report unreadable input")
    func errorsAsOpenSSLPrints() throws {
        let fixture = try ShellFixture()
        makeKeyAndCertificate(fixture)

        let missing = fixture.run("openssl x509 -in nofile -noout -text")
        let notCertificate = fixture.run("openssl x509 -in postfix.key -noout -subject")
        let notKey = fixture.run("openssl rsa -in postfix.crt -check -noout")
        let good = fixture.run("openssl rsa -in postfix.key -check -noout")

        #expect(missing.status == 1)
        #expect(
            missing.output.hasPrefix(
                "Could not open file or uri for loading certificate from nofile\n"))
        #expect(missing.output.hasSuffix("calling stat(nofile)\nUnable to load certificate\n"))
        #expect(notCertificate.status == 1)
        #expect(notCertificate.output.hasPrefix("Could not read certificate from postfix.key\n"))
        #expect(notKey.status == 1)
        #expect(notKey.output == "Could not read private key from postfix.crt\n")
        #expect(good.status == 0)
        #expect(good.output == "RSA key ok\n")
    }

    @Test("chmod 400 on the key works as usual")
    func chmodKey() throws {
        let fixture = try ShellFixture()
        makeKeyAndCertificate(fixture)

        fixture.run("chmod 400 postfix.key postfix.crt")
        let listing = fixture.run("ls -l postfix.key postfix.crt").output

        #expect(listing.contains("-r--------  1 root  wheel"))
        #expect(!listing.contains("-rw"))
        #expect(fixture.run("openssl rsa -in postfix.key -check -noout").output == "RSA key ok\n")
    }

    @Test("req -newkey writes the key too")
    func reqNewKey() throws {
        let fixture = try ShellFixture()
        fixture.run("cd /tmp")

        let result = fixture.run(
            "openssl req -x509 -newkey rsa:2048 -nodes -keyout new.key -out new.crt -subj /CN=a")

        #expect(result.status == 0)
        let attributes = try fixture.sandbox.attributes(of: "/tmp/new.key")
        #expect(attributes.mode & 0o777 == 0o600)
        let key = try ExternalTool.run(
            Self.openssl, ["rsa", "-in", hostPath(fixture, "/tmp/new.key"), "-noout", "-modulus"])
        let certificate = try ExternalTool.run(
            Self.openssl, ["x509", "-in", hostPath(fixture, "/tmp/new.crt"), "-noout", "-modulus"])
        #expect(key.status == 0)
        #expect(key.output.hasPrefix("Modulus="))
        #expect(key.output == certificate.output)
    }

    @Test("unknown subcommand is rejected")
    func unknownSubcommand() throws {
        let fixture = try ShellFixture()

        let result = fixture.run("openssl bogus")

        #expect(result.status == 1)
        #expect(result.output == "Invalid command 'bogus'; type \"help\" for a list.\n")
    }
}
