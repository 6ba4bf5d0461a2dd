import Foundation
import Testing

/// A tmux session running one command at a fixed size. Its output is piped into a FIFO that a
/// `cat` child reads, so a test can wait for the screen to change instead of sleeping.
final class TmuxSession {
    let name = "maillab-test-\(UUID().uuidString.prefix(8))"
    private let fifo: String
    private let reader: ChildProcess

    init(width: Int, height: Int, command: String) throws {
        fifo =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("\(name).fifo").path
        try #require(mkfifo(fifo, 0o600) == 0, "mkfifo \(fifo)")
        reader = try ChildProcess(URL(fileURLWithPath: "/bin/cat"), [fifo])
        let result = try runTool(
            "/usr/bin/tmux",
            ["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command],
            discardOutput: true)
        try #require(result.status == 0, "tmux new-session: \(result.errors)")
        _ = try runTool("/usr/bin/tmux", ["pipe-pane", "-t", name, "-O", "cat >> \(fifo)"])
    }

    /// Types text literally, without pressing Enter.
    func type(_ text: String) throws {
        _ = try runTool("/usr/bin/tmux", ["send-keys", "-t", name, "-l", text])
    }

    /// Presses keys by tmux name: `Enter`, `Tab`, `F2`, `C-]`.
    func press(_ keys: String...) throws {
        _ = try runTool("/usr/bin/tmux", ["send-keys", "-t", name] + keys)
    }

    func screen() throws -> String {
        try runTool("/usr/bin/tmux", ["capture-pane", "-p", "-t", name]).output
    }

    /// Waits until the screen contains `text`; returns the screen, or nil after `timeout` s.
    /// Between looks it waits for the program to write to the terminal.
    func waitFor(_ text: String, timeout: Double = 45) throws -> String? {
        try waitUntil(timeout: timeout) { $0.contains(text) }
    }

    /// Waits until `isReady` holds for the screen; returns the screen, or nil after `timeout` s.
    func waitFor(timeout: Double = 45, _ isReady: (String) -> Bool) throws -> String? {
        try waitUntil(timeout: timeout) { isReady($0) }
    }

    /// Waits until `condition` holds for the screen; returns the screen, or nil after
    /// `timeout` s.
    func waitUntil(timeout: Double = 45, _ condition: (String) throws -> Bool) throws -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let seen = reader.output.byteCount
            let current = try screen()
            if try condition(current) { return current }
            let remaining = deadline.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            reader.output.waitForGrowth(beyond: seen, timeout: min(remaining, 1))
        }
    }

    func kill() {
        _ = try? runTool("/usr/bin/tmux", ["kill-session", "-t", name])
        reader.terminate()
        unlink(fifo)
    }
}

@Suite("The TUI under tmux", .serialized)
struct TUITests {
    static let user = "testuser"
    static let password = "Secr3tPw9"

    @Test("Part 2 in the TUI turns the checks green and exports the report")
    func partTwoEndToEnd() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let binary = maillabExecutable().path
        let prepared = try runTool(
            binary, ["prepare", "--through", "2.0", "--lab-dir", lab.url.path, "--lang", "en"],
            timeout: 120)
        try #require(prepared.status == 0, "maillab prepare: \(prepared.output) \(prepared.errors)")
        // userdb-test-cram-md5 comes with courier-authlib, which step 2.4 installs.
        let installed = try runTool(
            binary, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
            input: "portinstall courier-authlib\nexit\n")
        try #require(
            installed.output.contains("Packages processed: 1 done"),
            "portinstall courier-authlib: \(installed.output) \(installed.errors)")
        let tmux = try TmuxSession(
            width: 80, height: 24,
            command: "LANG=C.UTF-8 \(binary) --lab-dir \(lab.url.path) --lang en --step 2.1;"
                + " echo MAILLAB-EXIT=$?; sleep 60")
        defer { tmux.kill() }
        let first = try #require(try tmux.waitFor("Shell-B"), "the TUI did not draw its panes")
        #expect(first.contains("· 2.1 Build"), "--step opened step 2.1")
        #expect(!first.contains("Earlier steps not done"), "prepare did Parts 1 and 2.0")

        // Shell-A: register the SASL user again with the password this test types.
        try tmux.press("Tab")
        try tmux.type("saslpasswd2 -c -u `postconf -h myhostname` \(Self.user)")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Password:") != nil)
        try tmux.type(Self.password)
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Again (for verification):") != nil)
        try tmux.type(Self.password)
        try tmux.press("Enter")

        // Shell-B: build the PLAIN string with FreeBSD's printf and mmencode.
        let plain = Data("\0\(Self.user)\0\(Self.password)".utf8).base64EncodedString()
        try tmux.press("Tab")
        try tmux.type("printf '\\0000\(Self.user)\\0000\(Self.password)' | mmencode")
        try tmux.press("Enter")
        try #require(try tmux.waitFor(plain) != nil, "mmencode printed the PLAIN string")

        // Shell-A: EHLO and AUTH PLAIN by hand.
        try tmux.press("BTab")
        try tmux.type("telnet localhost 25")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("ESMTP Postfix") != nil)
        try tmux.type("EHLO localhost")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("250 DSN") != nil)
        try tmux.type("AUTH PLAIN \(plain)")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("235 2.7.0 Authentication successful") != nil)

        // CRAM-MD5 needs a fresh session: one AUTH per session.
        try tmux.press("C-]")
        try #require(try tmux.waitFor("telnet>") != nil)
        try tmux.type("quit")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Connection closed.") != nil)
        try tmux.type("telnet localhost 25")
        try tmux.press("Enter")
        try tmux.type("EHLO localhost")
        try tmux.press("Enter")
        try tmux.type("AUTH CRAM-MD5")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("334 PD") != nil, "the server sent a CRAM challenge")

        // Shell-B: the real tool's dialogue, with F2 pasting the challenge.
        try tmux.press("Tab")
        try tmux.type("userdb-test-cram-md5")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Username?") != nil)
        try tmux.type(Self.user)
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Password?") != nil)
        try tmux.type(Self.password)
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Paste the challenge here:") != nil)
        try tmux.press("F2")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("Send this response:") != nil)

        // Shell-A: F3 pastes the response.
        try tmux.press("BTab")
        try tmux.press("F3")
        try tmux.press("Enter")
        let afterCRAM = try tmux.waitFor("235 2.7.0 Authentication successful", timeout: 20)
        try #require(afterCRAM != nil)

        // The checks, graded from the journal while the TUI still runs.
        let graded = try pollCheck(lab: lab)
        #expect(graded.status == 1, "later parts are not done: \(graded.output)")
        #expect(graded.output.contains("PASS  smtp.ehlo_auth"))
        #expect(graded.output.contains("PASS  smtp.auth_plain_by_hand"))
        #expect(graded.output.contains("PASS  smtp.auth_cram_md5_by_hand"))

        // The lesson pane shows them green on step 2.4.
        try tmux.press("Tab")
        try tmux.press("Tab")
        for _ in 0..<3 { try tmux.press("n") }
        try #require(try tmux.waitFor("2.4 AUTH CRAM-MD5") != nil, "n went to step 2.4")
        try tmux.press("End")
        #expect(try tmux.waitFor("✓") != nil, "a passed check is drawn with ✓")

        // The report form: fields, the prefilled date, the free text, the first of the four
        // report answers on two lines, then Tab past the other answers and Save to Export.
        try tmux.press("F8")
        try #require(try tmux.waitFor("Affiliation") != nil, "the report form opened")
        try tmux.type("Faculty of Engineering")
        try tmux.press("Tab")
        try tmux.type("s1234567")
        try tmux.press("Tab")
        try tmux.type("3")
        try tmux.press("Tab")
        try tmux.type("Hanako Yamada")
        try tmux.press("Tab", "Tab")
        try tmux.type("PLAIN is only base64.")
        try tmux.press("Tab")
        try tmux.type("chroot moves the root directory.")
        try tmux.press("Enter")
        try tmux.type("A jail also fences off processes.")
        try tmux.press("Tab", "Tab", "Tab", "Tab", "Tab")
        try tmux.press("Enter")
        try #require(try tmux.waitFor("report written to") != nil, "the report was exported")

        let reportURL = lab.url.appendingPathComponent("report.md")
        let report = try String(contentsOf: reportURL, encoding: .utf8)
        #expect(report.contains("s1234567"))
        #expect(report.contains("Hanako Yamada"))
        #expect(report.contains("Faculty of Engineering"))
        #expect(report.contains("AUTH PLAIN"))
        #expect(report.contains("chroot moves the root directory.\nA jail also fences off"))
        let today = Calendar(identifier: .gregorian).dateComponents(in: .current, from: Date())
        let month = (today.month ?? 0) < 10 ? "0\(today.month ?? 0)" : "\(today.month ?? 0)"
        let day = (today.day ?? 0) < 10 ? "0\(today.day ?? 0)" : "\(today.day ?? 0)"
        #expect(
            report.contains("| Date | \(today.year ?? 0)-\(month)-\(day) |"),
            "the date field was prefilled with today's date")

        try tmux.press("F10")
        #expect(try tmux.waitFor("MAILLAB-EXIT=0") != nil, "F10 quits with status 0")

        // No password, PLAIN string or CRAM response anywhere maillab wrote.
        let written = ["report.md", "report.html", "journal.jsonl", "maillab.log"].compactMap {
            try? String(contentsOf: lab.url.appendingPathComponent($0), encoding: .utf8)
        }
        let mailLog = try String(
            contentsOf: lab.url.appendingPathComponent("root/var/log/maillog"), encoding: .utf8)
        for text in written + [mailLog] {
            #expect(!text.contains(Self.password))
            #expect(!text.contains(plain))
        }
        let response = afterCRAM.flatMap(Self.cramResponse(onScreen:))
        if let response {
            for text in written { #expect(!text.contains(response)) }
        }
    }

    @Test("later step offers to lay earlier steps")
    func preparationOffer() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let binary = maillabExecutable().path
        let tmux = try TmuxSession(
            width: 100, height: 30,
            command: "LANG=C.UTF-8 \(binary) --lab-dir \(lab.url.path) --lang en --step 2.1;"
                + " echo MAILLAB-EXIT=$?; sleep 60")
        defer { tmux.kill() }
        let screen = try #require(
            try tmux.waitFor("Earlier steps not done yet"), "the offer is shown on a new lab")
        #expect(screen.contains("1.2, 1.3, 1.4"))

        try tmux.press("L")
        #expect(
            try tmux.waitFor("laid the lab as steps", timeout: 120) != nil,
            "L played the earlier solutions")
        #expect(try tmux.waitFor("What PLAIN sends") != nil)
        let after = try tmux.screen()
        #expect(!after.contains("Earlier steps not done"), "the offer is gone: \(after)")

        try tmux.press("F10")
        #expect(try tmux.waitFor("MAILLAB-EXIT=0") != nil)
        let graded = try runTool(binary, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
        #expect(graded.output.contains("PASS  sasl.user_in_realm"))
        #expect(graded.output.contains("PASS  postfix.running_matches_files"))
        #expect(graded.output.contains("PASS  ports.mmencode"))
    }

    /// `maillab check` until it passes or 20 s go by: the journal may lag the screen a little,
    /// and each run takes long enough that the loop needs no pause of its own.
    private func pollCheck(lab: TemporaryLab) throws -> (status: Int32, output: String) {
        let deadline = Date().addingTimeInterval(20)
        var last: (status: Int32, output: String, errors: String)
        repeat {
            last = try runTool(
                maillabExecutable().path, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
            // Only Part 2 is played here, so later parts keep `maillab check` at status 1.
            let part2 = ["smtp.ehlo_auth", "smtp.auth_plain_by_hand", "smtp.auth_cram_md5_by_hand"]
            if part2.allSatisfy({ last.output.contains("PASS  \($0)") }) { break }
        } while Date() < deadline
        return (last.status, last.output + last.errors)
    }

    /// The base64 line the tool printed after `Send this response:`.
    private static func cramResponse(onScreen screen: String) -> String? {
        let lines = screen.split(separator: "\n").map {
            $0.split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        for (index, line) in lines.enumerated() where line.contains("+ Send this response:") {
            guard index + 1 < lines.count, let column = line.firstIndex(of: "+ Send this response:")
            else { continue }
            let next = lines[index + 1]
            return column < next.count ? next[column] : nil
        }
        return nil
    }
}
