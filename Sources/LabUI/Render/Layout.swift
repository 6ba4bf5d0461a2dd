/// A rectangle of cells.
struct Rect: Hashable, Sendable {
    var row: Int
    var column: Int
    var width: Int
    var height: Int

    var bottom: Int { row + height }
    var right: Int { column + width }

    func contains(row: Int, column: Int) -> Bool {
        row >= self.row && row < bottom && column >= self.column && column < right
    }
}

/// Where the panes are on a screen of a given size: the lesson pane on the left, Shell-A top
/// right, Shell-B bottom right, one box around them and the status bar on the last row.
struct Layout: Hashable, Sendable {
    static let minimumWidth = 40
    static let minimumHeight = 10

    let width: Int
    let height: Int
    /// The column of the vertical line between the lesson and the consoles.
    let splitColumn: Int
    /// The row of the horizontal line between Shell-A and Shell-B.
    let splitRow: Int
    /// The row of the box's bottom line.
    let bottomRow: Int
    let lesson: Rect
    let shellA: Rect
    let shellB: Rect

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        bottomRow = height - 2
        let innerWidth = max(0, width - 3)
        let lessonInner = innerWidth / 2
        splitColumn = 1 + lessonInner
        let rightInner = innerWidth - lessonInner
        let contentRows = max(0, height - 3)
        let shellARows = contentRows / 2
        splitRow = 1 + shellARows
        let shellBRows = max(0, contentRows - 1 - shellARows)
        // One blank column of padding inside each border.
        lesson = Rect(row: 1, column: 2, width: max(0, lessonInner - 2), height: contentRows)
        shellA = Rect(
            row: 1, column: splitColumn + 2, width: max(0, rightInner - 2), height: shellARows)
        shellB = Rect(
            row: splitRow + 1, column: splitColumn + 2, width: max(0, rightInner - 2),
            height: shellBRows)
    }

    var isTooSmall: Bool {
        width < Self.minimumWidth || height < Self.minimumHeight
    }

    func content(of pane: Pane) -> Rect {
        switch pane {
        case .lesson: lesson
        case .shell(.a): shellA
        case .shell(.b): shellB
        }
    }

    /// The pane whose area, padding included, contains the cell.
    func pane(atRow row: Int, column: Int) -> Pane? {
        for pane in Pane.allCases {
            let content = content(of: pane)
            let area = Rect(
                row: content.row, column: content.column - 1, width: content.width + 2,
                height: content.height)
            if area.contains(row: row, column: column) {
                return pane
            }
        }
        return nil
    }
}
