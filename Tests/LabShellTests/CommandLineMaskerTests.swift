import Testing

@testable import LabShell

@Suite("CommandLineMasker")
struct CommandLineMaskerTests {
    @Test(
        "masks credentials and keeps the rest",
        arguments: [
            ("printf '\\0000test\\0000password' | mmencode", "printf ******** | mmencode"),
            ("printf '\\0test\\0pw' > /tmp/plain", "printf ******** > /tmp/plain"),
            (
                "printf '%s' secret | /usr/local/bin/mmencode",
                "printf ******** ******** | /usr/local/bin/mmencode"
            ),
            (
                "echo pw123 | saslpasswd2 -p -c -u lab.example.jp testuser",
                "echo ******** | saslpasswd2 -p -c -u lab.example.jp testuser"
            ),
            ("echo AHRlc3QAcGFzc3dvcmQ= | mmencode -u", "echo ******** | mmencode -u"),
            ("echo AHRlc3QAcGFzc3dvcmQ=", "echo ********"),
            ("echo `printf '\\0a\\0b' | mmencode`", "echo `printf ******** | mmencode`"),
            (
                "saslpasswd2 -c -u `postconf -h myhostname` testuser",
                "saslpasswd2 -c -u `postconf -h myhostname` testuser"
            ),
            ("userdb-test-cram-md5", "userdb-test-cram-md5"),
            (
                "echo dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=",
                "echo dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M="
            ),
            ("echo 日本語 password | mmencode ; ls -l", "echo ******** ******** | mmencode ; ls -l"),
        ])
    func masks(line: String, expected: String) throws {
        let list = try ShellParser.parse(line).get()
        #expect(CommandLineMasker.mask(line: line, list: list) == expected)
    }

    @Test("unparsed lines are masked word by word")
    func unparsed() {
        #expect(
            CommandLineMasker.mask(unparsedLine: "printf '\\0000a\\0000b | mmencode")
                == "printf ******** | mmencode")
        #expect(CommandLineMasker.mask(unparsedLine: "echo 'hello") == "echo 'hello")
        #expect(
            CommandLineMasker.mask(unparsedLine: "x AHRlc3QAcGFzc3dvcmQ= 'y") == "x ******** 'y")
    }
}
