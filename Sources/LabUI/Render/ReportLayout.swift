/// The row numbers of the report form before scrolling. From the top: a blank, five one-line
/// fields, then a blank, a title and an area for the free text and for each question (the
/// title is the question wrapped to the form's width), then a blank, the buttons and the keys.
struct ReportLayout {
    /// A multi-line area of the form with the title above it.
    struct Area {
        var item: ReportForm.Item
        var title: [String]
        var titleRow: Int
        var areaRow: Int
        var areaRows: Int
    }

    static let answerRows = 3

    var areas: [Area] = []
    var buttonsRow = 0

    /// Lays out `form` for an inner width. Without questions, the free text fills `height`,
    /// the inner height of the full-size box.
    init(_ form: ReportForm, width: Int, height: Int, textTitle: String = "") {
        var row = ReportForm.Item.lineFields.count + 2
        // The rows other than the free text: those above its title, the title, and a blank,
        // the buttons and the keys below it.
        let fixedRows = row + 1 + 3
        let textRows =
            form.questions.isEmpty ? max(3, height - fixedRows) : Self.answerRows
        areas.append(
            Area(
                item: .text, title: [textTitle], titleRow: row, areaRow: row + 1,
                areaRows: textRows))
        row += 1 + textRows + 1
        for (index, question) in form.questions.enumerated() {
            let text = "\(index + 1). \(question.text)"
            let title = TextWrapper.segments(
                of: text, width: width, wordWrap: true, hangingIndent: "\(index + 1). ".count
            ).map { segment in
                String(repeating: " ", count: segment.indent) + String(text[segment.range])
            }
            areas.append(
                Area(
                    item: .answer(index), title: title, titleRow: row,
                    areaRow: row + title.count, areaRows: Self.answerRows))
            row += title.count + Self.answerRows + 1
        }
        buttonsRow = row
    }

    /// The number of rows the whole form takes.
    var rowCount: Int { buttonsRow + 2 }

    /// The rows `item` takes, its title included.
    func rows(of item: ReportForm.Item) -> ClosedRange<Int> {
        if let index = ReportForm.Item.lineFields.firstIndex(of: item) {
            return (index + 1)...(index + 1)
        }
        if let area = areas.first(where: { $0.item == item }) {
            return area.titleRow...(area.areaRow + area.areaRows - 1)
        }
        return buttonsRow...(buttonsRow + 1)
    }
}
