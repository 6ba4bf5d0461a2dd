import CCurses
import Glibc
import LabUI

extension CursesTerminal {
    /// Reads every key and mouse event that is waiting, without blocking.
    public func readMessages() -> [Message] {
        var messages: [Message] = []
        guard let window = ccurses_stdscr() else {
            return messages
        }
        // Bounded so that a flood of input still lets the loop draw.
        for _ in 0..<4096 {
            var value: wint_t = 0
            let result = wget_wch(window, &value)
            if result == ERR {
                break
            }
            if result == KEY_CODE_YES {
                let code = Int32(value)
                if code == KEY_RESIZE {
                    messages.append(.resize(width: size.width, height: size.height))
                } else if code == KEY_MOUSE {
                    if let event = readMouse() {
                        messages.append(.mouse(event))
                    }
                } else if let key = KeyDecoder.key(forCode: code) {
                    messages.append(.key(key))
                }
            } else if let key = KeyDecoder.key(forCharacter: UInt32(value)) {
                messages.append(.key(key))
            }
        }
        return messages
    }

    private func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else {
            return nil
        }
        let state = event.bstate
        let row = Int(event.y)
        let column = Int(event.x)
        if state & ccurses_button1_pressed() != 0 {
            mouseButtonDown = true
            return MouseEvent(.press, row: row, column: column)
        }
        if state & (ccurses_button1_released() | ccurses_button1_clicked()) != 0 {
            mouseButtonDown = false
            return MouseEvent(.release, row: row, column: column)
        }
        if state & ccurses_button4_pressed() != 0 {
            return MouseEvent(.scrollUp, row: row, column: column)
        }
        if state & ccurses_button5_pressed() != 0 {
            return MouseEvent(.scrollDown, row: row, column: column)
        }
        if state & ccurses_report_mouse_position() != 0 && mouseButtonDown {
            return MouseEvent(.drag, row: row, column: column)
        }
        return nil
    }
}
