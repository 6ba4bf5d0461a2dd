import CCurses
import LabUI

/// Translation of what `wget_wch` returns into LabUI keys.
enum KeyDecoder {
    /// Maps a key code (`wget_wch` returned `KEY_CODE_YES`) to a key; mouse and resize codes
    /// are handled by the caller.
    static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME, KEY_A1: return .home
        case KEY_END, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        default:
            for number in 1...24 where code == ccurses_key_f(Int32(number)) {
                // Shift-F1 to Shift-F12 arrive as F13 to F24; they act as F1 to F12.
                return .function(number > 12 ? number - 12 : number)
            }
            return nil
        }
    }

    /// Maps a character (`wget_wch` returned `OK`) to a key.
    static func key(forCharacter value: UInt32) -> Key? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .control(Character(Unicode.Scalar(value + 0x60)!))
        case 28...31: return .control(Character(Unicode.Scalar(value + 0x40)!))
        case 0, 0x80..<0xA0: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else {
                return nil
            }
            return .character(Character(scalar))
        }
    }
}
