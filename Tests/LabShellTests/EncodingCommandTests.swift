import Foundation
import Testing

@testable import LabShell

@Suite("printf and mmencode")
struct EncodingCommandTests {
    static let escapeCases: [(String, [UInt8])] = [
        (
            "\\0000test\\0000password",
            [0, 116, 101, 115, 116, 0, 112, 97, 115, 115, 119, 111, 114, 100]
        ),
        ("\\01pw", [0x01, 112, 119]),
        ("\\0test", [0x00, 116, 101, 115, 116]),
        ("\\00001", [0x00, 0x31]),
        ("\\101\\1012", [0x41, 0x41, 0x32]),
        ("\\0101", [0x41]),
        ("\\777", [0xFF]),
        ("a\\tb\\nc\\\\d", [97, 9, 98, 10, 99, 92, 100]),
        ("\\q", [92, 113]),
        ("end\\", [101, 110, 100, 92]),
        ("100%%", [49, 48, 48, 37]),
    ]

    @Test("printf decodes FreeBSD's octal escapes", arguments: escapeCases)
    func escapes(format: String, expected: [UInt8]) {
        let result = FreeBSDPrintf.format(format, arguments: [])
        #expect(result.output == expected)
        #expect(result.status == 0)
    }

    @Test(
        "printf formats conversions",
        arguments: [
            ("%s-%s", ["a", "b"], "a-b"),
            ("%d", ["42"], "42"),
            ("%5d|%-5d|%05d", ["1", "2", "3"], "    1|2    |00003"),
            ("%x %X %o %u", ["255", "255", "8", "-1"], "ff FF 10 18446744073709551615"),
            ("%d", ["0x10"], "16"),
            ("%d", ["'A"], "65"),
            ("%s\\n", ["a", "b", "c"], "a\nb\nc\n"),
            ("%s %s\\n", ["a", "b", "c"], "a b\nc \n"),
            ("%.2s|%4s|%-4s|", ["abcdef", "ab", "ab"], "ab|  ab|ab  |"),
            ("%c%c", ["xyz", "q"], "xq"),
            ("%b", ["a\\tb\\0101"], "a\tbA"),
            ("%b|after", ["stop\\chere"], "stop"),
            ("no conversions", ["ignored"], "no conversions"),
            ("%s|%d|", [], "|0|"),
            ("%*d", ["4", "7"], "   7"),
            ("%.3f", ["3.14159"], "3.142"),
        ])
    func conversions(format: String, arguments: [String], expected: String) {
        let result = FreeBSDPrintf.format(format, arguments: arguments)
        #expect(String(decoding: result.output, as: UTF8.self) == expected)
    }

    @Test(
        "printf reports bad input like FreeBSD",
        arguments: [
            ("%d", ["abc"], "abc: expected numeric value", "0"),
            ("%d", ["12abc"], "12abc: not completely converted", "12"),
            ("%k", [], "illegal format character k", ""),
            ("x%", [], "missing format character", "x"),
        ])
    func printfErrors(format: String, arguments: [String], message: String, output: String) {
        let result = FreeBSDPrintf.format(format, arguments: arguments)
        #expect(result.errors == [message])
        #expect(result.status == 1)
        #expect(String(decoding: result.output, as: UTF8.self) == output)
    }

    @Test("handout's PLAIN string encodes as documented")
    func handoutPlain() throws {
        let fixture = try ShellFixture()
        let (status, output) = fixture.run("printf '\\0000test\\0000password' | mmencode")
        #expect(status == 0)
        #expect(output == "AHRlc3QAcGFzc3dvcmQ=\n")
        let bare = fixture.run("printf '\\0test\\0password' | mmencode")
        #expect(bare.output == "AHRlc3QAcGFzc3dvcmQ=\n")
    }

    @Test("digit after a short escape is lost")
    func digitEaten() throws {
        let fixture = try ShellFixture()
        let (_, output) = fixture.run("printf '\\0testuser\\01pw' | mmencode")
        let decoded = try #require(Data(base64Encoded: output.trimmingCharacters(in: .newlines)))
        #expect(Array(decoded) == [0x00] + Array("testuser".utf8) + [0x01] + Array("pw".utf8))
    }

    @Test("mmencode wraps at 72 columns and decodes back")
    func mmencodeRoundTrip() throws {
        let fixture = try ShellFixture()
        let text = String(repeating: "0123456789", count: 12)
        let encoded = fixture.run("printf '\(text)' | mmencode").output
        let lines = encoded.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[0].count == 72)
        #expect(lines[1].count == 72)
        #expect(lines[2].count == 16)
        #expect(lines[3].isEmpty)
        #expect(
            encoded.replacingOccurrences(of: "\n", with: "")
                == Data(text.utf8).base64EncodedString())
        try fixture.sandbox.writeFile("/tmp/encoded", contents: Array(encoded.utf8))
        #expect(fixture.run("mmencode -u /tmp/encoded").output == text)
        #expect(fixture.run("mmencode -u < /tmp/encoded").output == text)
        #expect(fixture.run("cat /tmp/encoded | mmencode -u | mmencode").output == encoded)
    }

    @Test("mmencode -u shows PLAIN's NUL bytes")
    func mmencodeDecodePlain() throws {
        let fixture = try ShellFixture()
        let (status, output) = fixture.run("echo AHRlc3QAcGFzc3dvcmQ= | mmencode -u")
        #expect(status == 0)
        #expect(Array(output.utf8) == [0x00] + Array("test".utf8) + [0x00] + Array("password".utf8))
    }

    @Test("mmencode rejects invalid base64 and bad options")
    func mmencodeErrors() throws {
        let fixture = try ShellFixture()
        let invalid = fixture.run("echo 'not*base64' | mmencode -u")
        #expect(invalid.status == 1)
        #expect(invalid.output.contains("not valid base64"))
        let option = fixture.run("mmencode -z")
        #expect(option.status == 1)
        #expect(option.output.hasPrefix("Usage: mmencode"))
        #expect(fixture.run("printf '' | mmencode").output == "")
    }

    @Test("mmencode -o writes the sandbox file")
    func mmencodeOutputFile() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("printf abc | mmencode -o /tmp/out").status == 0)
        #expect(try fixture.file("/tmp/out") == "YWJj\n")
    }
}
