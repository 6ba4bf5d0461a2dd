/// The part of a logical line that one screen row shows.
struct LineSegment: Hashable, Sendable {
    var range: Range<String.Index>
    /// Characters of the line before this segment.
    var startOffset: Int
    var characterCount: Int
    /// Blank columns before the segment: the hanging indent of a continuation row.
    var indent: Int
}

/// Splitting of logical lines into rows of at most a given number of columns.
enum TextWrapper {
    /// Splits `text` into rows of at most `width` columns. With `wordWrap` a row ends after a
    /// space or next to a wide character when it can, as prose is wrapped; without it a row
    /// ends exactly at the edge, as a terminal wraps output. Continuation rows start
    /// `hangingIndent` columns in. An empty text gives one empty row.
    static func segments(
        of text: String, width: Int, wordWrap: Bool = false, hangingIndent: Int = 0
    ) -> [LineSegment] {
        let width = max(1, width)
        let indent = hangingIndent < width / 2 ? max(0, hangingIndent) : 0
        var result: [LineSegment] = []
        var rowStart = text.startIndex
        var rowStartOffset = 0
        var rowIndent = 0
        var columns = 0
        var offset = 0
        // The last place the current row may end: index, character offset, columns before.
        var breakIndex: String.Index?
        var breakOffset = 0
        var breakColumns = 0
        var previousWide = false
        var index = text.startIndex

        while index < text.endIndex {
            let character = text[index]
            let characterColumns = CharacterWidth.of(character)
            let wide = characterColumns == 2
            if wordWrap && (wide || previousWide) && offset > rowStartOffset
                && !Self.cannotStartLine(character)
            {
                breakIndex = index
                breakOffset = offset
                breakColumns = columns
            }
            let overflows = rowIndent + columns + characterColumns > width
            // A space that does not fit stays, invisible, at the end of a wrapped row.
            if overflows && offset > rowStartOffset && !(wordWrap && character == " ") {
                var end = index
                var endOffset = offset
                var endColumns = columns
                if let candidate = breakIndex, breakOffset > rowStartOffset {
                    end = candidate
                    endOffset = breakOffset
                    endColumns = breakColumns
                }
                result.append(
                    LineSegment(
                        range: rowStart..<end, startOffset: rowStartOffset,
                        characterCount: endOffset - rowStartOffset, indent: rowIndent))
                rowStart = end
                rowStartOffset = endOffset
                rowIndent = indent
                columns -= endColumns
                breakIndex = nil
            }
            columns += characterColumns
            offset += 1
            index = text.index(after: index)
            previousWide = wide
            if wordWrap && character == " " {
                breakIndex = index
                breakOffset = offset
                breakColumns = columns
            }
        }
        result.append(
            LineSegment(
                range: rowStart..<text.endIndex, startOffset: rowStartOffset,
                characterCount: offset - rowStartOffset, indent: rowIndent))
        return result
    }

    /// Japanese punctuation and small kana that Japanese line breaking (kinsoku) keeps off the
    /// start of a row, so a row never begins with `。` or `ェ`.
    static func cannotStartLine(_ character: Character) -> Bool {
        "、。，．・：；？！ー）］｝」』〕〉》】ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ"
            .contains(character)
    }

    /// Returns how many rows `text` takes at `width`.
    static func rowCount(
        of text: String, width: Int, wordWrap: Bool = false, hangingIndent: Int = 0
    ) -> Int {
        if !wordWrap && text.utf8.count <= width && text.utf8.allSatisfy({ $0 < 0x80 }) {
            return 1
        }
        return segments(of: text, width: width, wordWrap: wordWrap, hangingIndent: hangingIndent)
            .count
    }
}
