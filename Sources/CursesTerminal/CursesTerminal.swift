import CCurses
import Glibc
import LabUI

/// The curses screen of the process: the only code that calls curses. Use it from one thread,
/// the UI thread; other threads talk to the UI through a `TerminalInbox`.
public final class CursesTerminal {
    /// Notices for the learner from start-up, such as a locale fallback, in their language.
    public private(set) var notices: [String] = []
    /// Whether the terminal shows colours; without them roles map to attributes only.
    public private(set) var hasColors = false
    /// The time from the start of `start` to the end of the first `draw`, once drawn.
    public private(set) var firstFrameTime: Duration?

    private let screenPointer: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private var previous: Screen?
    private var cursorVisible: Int32 = -1
    private var active = true
    /// Whether button 1 is held, so that pointer motion counts as a drag.
    var mouseButtonDown = false
    private let startInstant = ContinuousClock.now

    private init(screen: OpaquePointer, window: UnsafeMutablePointer<WINDOW>) {
        self.screenPointer = screen
        self.window = window
    }

    deinit {
        stop()
        delscreen(screenPointer)
    }

    /// Sets a UTF-8 locale and takes over the terminal: raw mode, no echo, keypad, a 25 ms
    /// escape delay, and the mouse and colours where the terminal has them. Installs signal
    /// handlers that restore the terminal before the process dies of SIGINT, SIGTERM, SIGHUP
    /// or a crash. Throws instead of exiting when there is no usable terminal.
    public static func start(language: Language = .en) throws(TerminalError) -> CursesTerminal {
        var notices: [String] = []
        if let notice = setUTF8Locale() {
            notices.append(notice.text(language))
        }
        guard isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 else {
            throw .notATerminal
        }
        let type = getenv("TERM").map { String(cString: $0) } ?? ""
        guard !type.isEmpty else {
            throw .unknownTerminal("")
        }
        guard let screen = ccurses_newterm(nil) else {
            throw .unknownTerminal(type)
        }
        set_term(screen)
        guard let window = ccurses_stdscr() else {
            endwin()
            delscreen(screen)
            throw .unknownTerminal(type)
        }
        let terminal = CursesTerminal(screen: screen, window: window)
        terminal.notices = notices
        terminal.configure()
        SignalRestore.install()
        return terminal
    }

    private func configure() {
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        mouseinterval(0)
        _ = mousemask(ccurses_all_mouse_events(), nil)
        if has_colors() {
            start_color()
            use_default_colors()
            hasColors = ColorPalette.install()
        }
        curs_set(0)
        cursorVisible = 0
    }

    /// Sets `LC_ALL` from the environment and, when the character type is not UTF-8, falls
    /// back to `C.UTF-8`; returns the notice to show in that case.
    static func setUTF8Locale() -> UIText? {
        setlocale(LC_ALL, "")
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if isUTF8(current) {
            return nil
        }
        if setlocale(LC_CTYPE, "C.UTF-8") != nil {
            return .localeFallback(current)
        }
        return .localeMissing
    }

    static func isUTF8(_ locale: String) -> Bool {
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8")
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// Draws `screen`, sending only the cells that differ from the last frame, and shows the
    /// cursor at `screen.cursor`.
    public func draw(_ screen: Screen) {
        guard active else {
            return
        }
        let full = previous.map { $0.width != screen.width || $0.height != screen.height } ?? true
        if full {
            werase(window)
        }
        var characters = [wchar_t](repeating: 0, count: 5)
        for row in 0..<screen.height {
            for column in 0..<screen.width {
                let cell = screen[row, column]
                if cell.width == 0 {
                    continue
                }
                if !full, let previous, previous[row, column] == cell {
                    continue
                }
                put(cell, row: row, column: column, &characters)
            }
        }
        placeCursor(screen.cursor, screen: screen)
        wnoutrefresh(window)
        doupdate()
        previous = screen
        if firstFrameTime == nil {
            firstFrameTime = ContinuousClock.now - startInstant
        }
    }

    private func put(_ cell: Cell, row: Int, column: Int, _ characters: inout [wchar_t]) {
        var count = 0
        for scalar in cell.character.unicodeScalars where count < 4 {
            characters[count] = wchar_t(bitPattern: scalar.value)
            count += 1
        }
        characters[count] = 0
        // A character that glibc measures differently would shift the rest of the row.
        if Int(ccurses_wcwidth(characters[0])) != Int(cell.width) {
            characters[0] = cell.width == 2 ? 0xFF1F : 0x3F  // "？" or "?"
            characters[1] = 0
        }
        let style = ColorPalette.style(for: cell, colors: hasColors)
        _ = characters.withUnsafeBufferPointer { buffer in
            ccurses_put_cell(
                window, Int32(row), Int32(column), buffer.baseAddress, style.attributes,
                style.pair)
        }
    }

    private func placeCursor(_ position: CellPosition?, screen: Screen) {
        let visibility: Int32 = position == nil ? 0 : 1
        if visibility != cursorVisible {
            curs_set(visibility)
            cursorVisible = visibility
        }
        if let position {
            wmove(window, Int32(position.row), Int32(position.column))
        } else {
            wmove(window, Int32(max(0, screen.height - 1)), 0)
        }
    }

    /// Gives the terminal back to the shell's normal mode, as before running an editor.
    public func suspend() {
        guard active else {
            return
        }
        def_prog_mode()
        endwin()
        active = false
    }

    /// Takes the terminal again after `suspend` and redraws everything on the next `draw`.
    public func resume() {
        guard !active else {
            return
        }
        reset_prog_mode()
        active = true
        previous = nil
        clearok(ccurses_curscr(), true)
        wrefresh(window)
    }

    /// Restores the terminal for good. Safe to call more than once.
    public func stop() {
        guard active || !isendwin() else {
            return
        }
        active = false
        _ = mousemask(0, nil)
        curs_set(1)
        endwin()
    }
}
