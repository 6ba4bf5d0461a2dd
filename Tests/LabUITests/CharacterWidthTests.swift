import Glibc
import Testing

@testable import LabUI

/// glibc's `wcwidth`, which the Glibc module leaves out because it needs `_XOPEN_SOURCE`.
@_silgen_name("wcwidth")
private func glibcWidth(_ character: Int32) -> Int32

@Suite("Character width")
struct CharacterWidthTests {
    @Test("ASCII takes one column, controls none")
    func ascii() {
        #expect(CharacterWidth.of("a" as Character) == 1)
        #expect(CharacterWidth.of("~" as Character) == 1)
        #expect(CharacterWidth.of(Unicode.Scalar(0x07)) == 0)
        #expect(CharacterWidth.of(Unicode.Scalar(0x7F)) == 0)
    }

    @Test(
        "East Asian wide characters take two columns",
        arguments: ["あ", "ア", "漢", "Ａ", "１", "한", "ㄱ", "。", "￥", "🙂"] as [Character])
    func wide(character: Character) {
        #expect(CharacterWidth.of(character) == 2)
    }

    @Test(
        "ambiguous and narrow symbols take one column",
        arguments: ["✓", "✗", "·", "…", "─", "│", "ｱ", "é", "→"] as [Character])
    func narrow(character: Character) {
        #expect(CharacterWidth.of(character) == 1)
    }

    @Test("combining marks add no width")
    func combining() {
        #expect(CharacterWidth.of(Unicode.Scalar(0x0301)!) == 0)
        #expect(CharacterWidth.of(Unicode.Scalar(0x3099)!) == 0)
        #expect(CharacterWidth.of("e\u{0301}" as Character) == 1)
        #expect(CharacterWidth.of("か\u{3099}" as Character) == 2)
        #expect(CharacterWidth.of("日本語 abc") == 10)
    }

    @Test("widths agree with glibc wcwidth in C.UTF-8")
    func agreesWithGlibc() throws {
        let previous = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        defer { setlocale(LC_CTYPE, previous) }
        try #require(setlocale(LC_CTYPE, "C.UTF-8") != nil)
        try #require(glibcWidth(0x3042) == 2, "glibc does not know Hiragana in this locale")
        let ranges: [ClosedRange<UInt32>] = [
            0x20...0x7E, 0xA0...0x2FF, 0x0300...0x036F, 0x1100...0x115F, 0x2500...0x257F,
            0x2E80...0x2FDF, 0x3000...0x303E, 0x3041...0x3096, 0x3099...0x30FF,
            0x3131...0x318E, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF01...0xFF60, 0xFF61...0xFFDC, 0xFFE0...0xFFE6,
        ]
        var mismatches: [String] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else {
                    continue
                }
                let expected = Int(glibcWidth(Int32(value)))
                guard expected >= 0 else {
                    continue
                }
                if CharacterWidth.of(scalar) != expected {
                    mismatches.append(String(value, radix: 16))
                }
            }
        }
        #expect(mismatches.isEmpty, "code points that differ: \(mismatches.prefix(20))")
    }
}
