import CCurses
import LabUI

/// The colours and attributes each `ColorRole` is drawn with.
enum ColorPalette {
    /// Foreground and background of each role with a colour pair; -1 is the terminal's default.
    private static let pairs: [ColorRole: (foreground: Int16, background: Int16)] = [
        .focusedBorder: (Int16(COLOR_CYAN), -1),
        .passed: (Int16(COLOR_GREEN), -1),
        .failed: (Int16(COLOR_RED), -1),
        .pending: (Int16(COLOR_YELLOW), -1),
        .statusBar: (Int16(COLOR_BLACK), Int16(COLOR_WHITE)),
        .statusKey: (Int16(COLOR_BLUE), Int16(COLOR_WHITE)),
        .notice: (Int16(COLOR_BLACK), Int16(COLOR_YELLOW)),
        .field: (-1, -1),
        .focusedField: (Int16(COLOR_BLACK), Int16(COLOR_CYAN)),
    ]

    /// Defines one colour pair a role and returns whether the terminal accepted them.
    static func install() -> Bool {
        for role in ColorRole.allCases {
            guard let colors = pairs[role] else {
                continue
            }
            if init_pair(pairNumber(role), colors.foreground, colors.background) == ERR {
                return false
            }
        }
        return true
    }

    private static func pairNumber(_ role: ColorRole) -> Int16 {
        Int16(role.rawValue) + 1
    }

    /// Returns the curses attributes and colour pair of a cell.
    static func style(for cell: Cell, colors: Bool) -> (attributes: attr_t, pair: Int16) {
        var attributes: attr_t = 0
        if cell.attributes.contains(.bold) {
            attributes |= ccurses_a_bold()
        }
        if cell.attributes.contains(.reverse) {
            attributes |= ccurses_a_reverse()
        }
        if cell.attributes.contains(.dim) {
            attributes |= ccurses_a_dim()
        }
        if cell.attributes.contains(.underline) {
            attributes |= ccurses_a_underline()
        }
        if colors, pairs[cell.role] != nil {
            return (attributes, pairNumber(cell.role))
        }
        // Without colours, or for roles without a pair, attributes carry the meaning.
        switch cell.role {
        case .statusBar, .statusKey, .notice, .selection, .focusedField:
            attributes |= ccurses_a_reverse()
        case .focusedBorder, .failed:
            attributes |= ccurses_a_bold()
        case .dim:
            attributes |= ccurses_a_dim()
        default:
            break
        }
        return (attributes, 0)
    }
}
