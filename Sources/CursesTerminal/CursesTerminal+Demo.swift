import Dispatch
import Glibc
import LabUI

extension CursesTerminal {
    /// Runs the TUI with a sample lesson and two toy consoles, to try the terminal adapter by
    /// hand (under tmux, for example). Shell-A replies to `AUTH CRAM-MD5` with a fixed challenge,
    /// Shell-B runs a toy `userdb-test-cram-md5` that asks for a user, a password without
    /// echo and the challenge, and prints a fixed response. In Shell-B, `ja` and `en` switch the
    /// language and `suspend` hands the terminal to `/bin/sh` until Enter, as an editor would.
    /// Nothing is sent over a network. Returns the process exit status.
    public static func demo(language: Language = .en) -> Int32 {
        let terminal: CursesTerminal
        let inbox: TerminalInbox
        do {
            inbox = try TerminalInbox()
            terminal = try CursesTerminal.start(language: language)
        } catch {
            let message = Array((error.message(language) + "\n").utf8)
            _ = write(STDERR_FILENO, message, message.count)
            return 1
        }
        let shells = DemoShells(inbox: inbox)
        var state = AppState(language: language)
        state.lesson = DemoShells.lesson(step: 1)
        state.status = StatusView(servers: [
            ServerPort(name: "SMTP", port: 2525), ServerPort(name: "IMAP", port: 1143),
        ])
        shells.start()
        var step = 1
        var wire = false
        terminal.run(state, inbox: inbox) { effect in
            switch effect {
            case .submitLine(let id, let line):
                shells.submit(id, line)
            case .sendEscape(let id):
                shells.submit(id, "\u{1D}")
            case .goToStep(let delta):
                step = min(max(1, step + delta), 3)
                inbox.post(.lessonChanged(DemoShells.lesson(step: step)))
            case .runChecks:
                inbox.post(.notice("first frame after \(terminal.firstFrameTime ?? .zero)"))
            case .showHint:
                var lesson = DemoShells.lesson(step: step)
                lesson.hint = ["The challenge is base64: press F2 in Shell-B to paste it."]
                inbox.post(.lessonChanged(lesson))
            case .toggleWire:
                wire.toggle()
                inbox.post(.wireChanged(wire ? shells.wireLines() : nil))
            case .saveReportFields(let fields):
                inbox.post(.notice("saved the report fields of \(fields.name)"))
            case .exportReport(let fields):
                inbox.post(.notice("exported the report of \(fields.name)"))
            case .saveFile, .editorClosed, .optionsChosen, .interrupt, .quit:
                break
            }
        }
        return 0
    }
}

/// Two toy consoles for the demo, which reply from a background queue as real shells do.
private final class DemoShells: @unchecked Sendable {
    private let inbox: TerminalInbox
    private let queue = DispatchQueue(label: "maillab.demo.shells")
    /// The toy tool's questions still to ask in Shell-B, touched only on `queue`.
    private var toolQuestions: [String] = []
    private var wire: [String] = []

    init(inbox: TerminalInbox) {
        self.inbox = inbox
    }

    static func lesson(step: Int) -> LessonView {
        LessonView(
            lessonTitle: "Lesson 9", stepNumber: "2.\(step + 2)", stepTitle: "CRAM-MD5 by hand",
            stepIndex: step, stepCount: 3,
            text: [
                "In Shell-A type AUTH CRAM-MD5. In Shell-B run userdb-test-cram-md5, paste the "
                    + "challenge with F2 and copy the response back with F3.",
                "日本語の行: チャレンジは base64 でエンコードされています。",
            ],
            checks: [
                CheckView(state: .passed, title: "EHLO advertised AUTH"),
                CheckView(state: .failed, title: "AUTH CRAM-MD5 by hand", reason: "not seen yet"),
            ])
    }

    func start() {
        inbox.post([
            .shellTitleChanged(.a, "telnet localhost 25"), .shellTitleChanged(.b, "lab shell"),
            .shellOutput(.a, "Connected to localhost.\n220 lab.example.jp ESMTP Postfix\n"),
            .shellWantsLine(.a, prompt: "", echo: true),
            .shellWantsLine(.b, prompt: "% ", echo: true),
        ])
    }

    func wireLines() -> [String] {
        queue.sync { wire }
    }

    func submit(_ id: ShellID, _ line: String) {
        queue.async { [self] in
            switch id {
            case .a: answerShellA(line)
            case .b: answerShellB(line)
            }
        }
    }

    private func answerShellA(_ line: String) {
        wire.append("C: \(line)")
        var reply: String
        switch line.uppercased() {
        case "AUTH CRAM-MD5": reply = "334 PG5hbmlrYS1pbWFwQHNlcnZlcj4="
        case "QUIT": reply = "221 2.0.0 Bye"
        case "\u{1D}": reply = "telnet> (escape; the demo goes on)"
        default: reply = line.hasPrefix("EHLO") ? "250 lab.example.jp" : "235 2.7.0 Accepted"
        }
        wire.append("S: \(reply)")
        inbox.post([.shellOutput(.a, reply + "\n"), .shellWantsLine(.a, prompt: "", echo: true)])
    }

    private func answerShellB(_ line: String) {
        if !toolQuestions.isEmpty {
            toolQuestions.removeFirst()
            askNextQuestion()
            return
        }
        switch line {
        case "userdb-test-cram-md5":
            toolQuestions = ["Username? ", "Password? ", "Paste the challenge here:\n"]
            askNextQuestion()
        case "ja", "en":
            inbox.post([
                .languageChanged(line == "ja" ? .ja : .en),
                .shellWantsLine(.b, prompt: "% ", echo: true),
            ])
        case "":
            inbox.post(.shellWantsLine(.b, prompt: "% ", echo: true))
        case "suspend":
            inbox.withTerminalSuspended {
                Self.runShell("printf 'The terminal is suspended. Press Enter: '; read line")
            }
            inbox.post(.shellWantsLine(.b, prompt: "% ", echo: true))
        default:
            inbox.post([
                .shellOutput(.b, "\(line): Command not found.\n"),
                .shellWantsLine(.b, prompt: "% ", echo: true),
            ])
        }
    }

    /// Runs `/bin/sh -c command` in the foreground and waits for it.
    private static func runShell(_ command: String) {
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var pointers = arguments.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &pointers, environ) == 0 else {
            return
        }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    private func askNextQuestion() {
        guard let question = toolQuestions.first else {
            inbox.post([
                .shellOutput(
                    .b,
                    "+ Send this response:\n"
                        + "dGVzdHVzZXIgYjlkMDA5MzQ4YmVjMzlkNzcwMWU4MWRiZWE3NmZhN2M=\n\n"),
                .shellWantsLine(.b, prompt: "% ", echo: true),
            ])
            return
        }
        let isPassword = question.hasPrefix("Password")
        if question.hasSuffix("\n") {
            inbox.post([.shellOutput(.b, question), .shellWantsLine(.b, prompt: "", echo: true)])
        } else {
            inbox.post(.shellWantsLine(.b, prompt: question, echo: !isPassword))
        }
    }
}
