import Testing

@testable import LabUI

@Suite("Text wrapper")
struct TextWrapperTests {
    private func rows(_ text: String, _ width: Int, wordWrap: Bool = false) -> [String] {
        TextWrapper.segments(of: text, width: width, wordWrap: wordWrap).map {
            String(text[$0.range])
        }
    }

    @Test("terminal wrap cuts exactly at the edge")
    func terminalWrap() {
        #expect(rows("abcdefghij", 4) == ["abcd", "efgh", "ij"])
        #expect(rows("", 4) == [""])
        #expect(rows("abcd", 4) == ["abcd"])
    }

    @Test("wide character moves whole to the next row")
    func wideNotSplit() {
        #expect(rows("abcあい", 4) == ["abc", "あい"])
        #expect(rows("あいう", 5) == ["あい", "う"])
        for segment in TextWrapper.segments(of: "漢字かなカナ한글ＡＢ", width: 5) {
            #expect(CharacterWidth.of("漢字かなカナ한글ＡＢ"[segment.range]) <= 5)
        }
    }

    @Test("word wrap breaks after spaces")
    func wordWrap() {
        #expect(rows("the quick brown fox", 10, wordWrap: true) == ["the quick ", "brown fox"])
        #expect(rows("abcdefghijkl mn", 5, wordWrap: true) == ["abcde", "fghij", "kl mn"])
    }

    @Test("word wrap breaks Japanese between any two characters")
    func japaneseWrap() {
        #expect(rows("これは日本語の文です", 8, wordWrap: true) == ["これは日", "本語の文", "です"])
        #expect(rows("see 日本語", 7, wordWrap: true) == ["see 日", "本語"])
    }

    @Test("segments record character offsets")
    func offsets() {
        let segments = TextWrapper.segments(of: "ab漢cd", width: 3)
        #expect(segments.map(\.startOffset) == [0, 2, 4])
        #expect(segments.map(\.characterCount) == [2, 2, 1])
    }

    @Test("hanging indent starts continuation rows further in")
    func hangingIndent() {
        let segments = TextWrapper.segments(
            of: " ✓ one two three", width: 9, wordWrap: true, hangingIndent: 3)
        #expect(segments.map(\.indent) == [0, 3, 3])
        let text = " ✓ one two three"
        #expect(segments.map { String(text[$0.range]) } == [" ✓ one ", "two ", "three"])
    }

    @Test("row count matches the segments")
    func rowCount() {
        for text in ["", "short", String(repeating: "x", count: 100), "日本語テキスト"] {
            #expect(
                TextWrapper.rowCount(of: text, width: 7)
                    == TextWrapper.segments(of: text, width: 7).count)
        }
    }
}

@Suite("Japanese line breaking")
struct JapaneseLineBreakingTests {
    @Test("row never starts with closing punctuation or small kana")
    func kinsoku() {
        let text = "この手順では mmencode も使います。シェルが答えたら、インストールします。"
        for width in 8...40 {
            let rows = TextWrapper.segments(of: text, width: width, wordWrap: true)
            for row in rows.dropFirst() {
                let first = text[row.range].first
                #expect(first.map { !TextWrapper.cannotStartLine($0) } ?? true, "width \(width)")
            }
        }
    }
}
