/// The rows of the report form from its top, before it is scrolled to fit the screen: a blank,
/// five one-line fields, then for the free text and each answer a blank, its title (the
/// question wrapped to the form's width) and its area, then a blank, the buttons and the keys.
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

    /// Lays out `form` for an inner width; `height` is the inner height the form gets when
    /// it has no questions, which the free text fills.
    init(_ form: ReportForm, width: Int, height: Int, textTitle: String = "") {
        var row = ReportForm.Item.lineFields.count + 2
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
