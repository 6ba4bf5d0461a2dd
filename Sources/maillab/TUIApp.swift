import CursesTerminal
import Foundation
import LabSystem

/// `maillab` with no subcommand: the curses TUI over a running lab.
enum TUIApp {
    static func run(folder: LabFolder, invocation: Invocation, language: Language) -> Int32 {
        guard let lesson = Commands.loadLesson(invocation.lessonID, language) else { return 1 }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return Commands.fail(TerminalError.notATerminal.message(language.ui))
        }
        guard
            let runtime = Commands.openRuntime(
                folder, invocation, language, owner: "maillab (TUI)")
        else { return 1 }

        let terminal: CursesTerminal
        let inbox: TerminalInbox
        do {
            inbox = try TerminalInbox()
            terminal = try CursesTerminal.start(language: language.ui)
        } catch {
            runtime.stop()
            return Commands.fail(error.message(language.ui))
        }

        let controller = TUIController(
            lesson: lesson, runtime: runtime, inbox: inbox, language: language,
            startStep: invocation.startStep)
        let size = terminal.size
        let initial = controller.initialState(width: size.width, height: size.height)
        controller.start()
        runtime.log.info("tui", "started", ["width": "\(size.width)", "height": "\(size.height)"])
        terminal.run(initial, inbox: inbox) { effect in controller.perform(effect) }
        terminal.stop()
        controller.stop()
        runtime.stop()
        runtime.log.info("tui", "stopped")
        CursesTerminal.reraisePendingSignal()
        // The shell threads block in reads that never return; leaving ends them.
        return 0
    }
}
