import Foundation
import Glibc
import Testing

@Suite("Progress and journal across kill -9", .serialized)
struct PersistenceTests {
    /// Reads the PID that owns a lab folder from its lock file.
    private func ownerPID(of lab: TemporaryLab) -> pid_t? {
        let text = try? String(
            contentsOf: lab.url.appendingPathComponent("lock"), encoding: .utf8)
        return text?.split(separator: " ").first.flatMap { pid_t($0) }
    }

    @Test("journal keeps a check after kill -9")
    func journalSurvivesKill() throws {
        let served = try ServedLab()
        defer { served.lab.remove() }

        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", String(served.smtpPort),
                "--to", "testuser@lab.example.jp", "--auth", "PLAIN",
                "--auth-user", ServedLab.user, "--auth-password", ServedLab.password,
                "--quit-after", "AUTH",
            ])
        #expect(result.status == 0, "swaks: \(result.output)")

        // The bus journals events a moment after the reply went out. Kill only once the
        // journal contains the EHLO, so the test proves that a written event survives.
        let journal = served.lab.url.appendingPathComponent("journal.jsonl")
        let deadline = Date().addingTimeInterval(20)
        var journaled = false
        while !journaled && Date() < deadline {
            let text = (try? String(contentsOf: journal, encoding: .utf8)) ?? ""
            journaled = text.contains("ehloAnswered")
            if !journaled {
                // Each look runs a process, which paces the loop without a sleep.
                _ = try runTool("/bin/true", [])
            }
        }
        try #require(journaled, "the journal got the EHLO event")

        kill(served.server.pid, SIGKILL)
        #expect(served.server.waitForExit(timeout: 10) == 137)

        let graded = try runTool(
            maillabExecutable().path, ["check", "--lab-dir", served.lab.url.path, "--lang", "en"])
        #expect(graded.output.contains("PASS  smtp.ehlo_auth"), "check: \(graded.output)")

        // The killed process's lock is gone with it: the folder opens again at once.
        let again = try ChildProcess(
            maillabExecutable(), ["serve", "--lab-dir", served.lab.url.path, "--lang", "en"])
        defer { again.terminate() }
        #expect(again.output.waitFor(#"^SMTP\s+127\.0\.0\.1:(\d+)"#) != nil, "\(again.errors.text)")
    }

    @Test("TUI resumes its step after kill -9")
    func tuiResumesStep() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let command =
            "LANG=C.UTF-8 \(maillabExecutable().path) --lab-dir \(lab.url.path) --lang en"
        // A new lab opens at step 1.1; --step starts the first run at 2.1.
        let first = try TmuxSession(
            width: 80, height: 24,
            command: command + " --step 2.1; echo MAILLAB-EXIT=$?; sleep 60")
        defer { first.kill() }
        try #require(try first.waitFor("Shell-B") != nil)
        try first.press("n")
        try first.press("n")
        try #require(try first.waitFor("2.3 AUTH PLAIN by hand") != nil, "n moved two steps")

        let pid = try #require(ownerPID(of: lab), "the lock file names the TUI's PID")
        // The controller saves the step before it redraws the lesson pane, so the file
        // already contains 2.3 once the screen shows it.
        let progress = try String(
            contentsOf: lab.url.appendingPathComponent("progress.json"), encoding: .utf8)
        #expect(progress.contains("\"2.3\""))
        kill(pid, SIGKILL)
        // The lock is released when the process is gone, and the shell in tmux prints when.
        try #require(try first.waitFor("MAILLAB-EXIT=137") != nil, "kill -9 ended the TUI")

        let second = try TmuxSession(width: 80, height: 24, command: command + "; sleep 60")
        defer { second.kill() }
        #expect(try second.waitFor("2.3 AUTH PLAIN by hand") != nil, "the TUI resumed at 2.3")
    }
}
