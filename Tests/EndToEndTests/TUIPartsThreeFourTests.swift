import Foundation
import Testing

/// Parts 3 and 4 typed in the TUI's shells under tmux, from a lab that `maillab prepare` laid
/// through step 2.4, then graded with `maillab check`.
@Suite("Parts 3 and 4 in the TUI under tmux", .serialized)
struct TUIPartsThreeFourTests {
    /// The account that the solution of step 1.5 registers.
    static let user = "testuser"
    static let password = "password"
    /// The checks of Parts 3 and 4. Step 4.6 has none.
    static let checks = [
        "tls.key_certificate", "tls.key_modes", "postfix.tls_settings", "postfix.tls_restart",
        "smtp.ehlo_starttls", "smtp.starttls_by_hand", "ports.swaks_tls",
        "smtp.message_delivered", "smtp.auth_plain_by_tool", "smtp.auth_cram_md5_by_tool",
        "smtp.delivered_over_tls", "smtp.starttls_then_auth", "report.plain_inside_tls",
    ]

    @Test("Parts 3 and 4 pass in TUI")
    func partsThreeAndFour() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let binary = maillabExecutable().path
        let prepared = try runTool(
            binary, ["prepare", "--through", "2.4", "--lab-dir", lab.url.path, "--lang", "en"],
            timeout: 180)
        try #require(prepared.status == 0, "maillab prepare: \(prepared.output) \(prepared.errors)")
        let tmux = try TmuxSession(
            width: 80, height: 24,
            command: "LANG=C.UTF-8 \(binary) --lab-dir \(lab.url.path) --lang en --step 3.1;"
                + " echo MAILLAB-EXIT=$?; sleep 60")
        defer { tmux.kill() }
        let first = try #require(try tmux.waitFor("Shell-B", timeout: 60), "no panes drawn")
        #expect(!first.contains("Earlier steps not done"), "prepare laid Parts 1 and 2")

        let shell = TypingShell(tmux: tmux)
        try tmux.press("Tab")
        try makeKeyAndCertificate(shell)
        try configureAndRestart(shell)
        try startTLSByHand(shell)
        try installSwaks(shell)
        try runSwaks(shell)

        // The report's free text (after Affiliation, Student number, Year, Name and Date)
        // answers the PLAIN-inside-TLS question; F8 closes the form and saves it.
        try tmux.press("F8")
        try #require(try tmux.waitFor("Affiliation") != nil, "the report form opened")
        for _ in 0..<5 { try tmux.press("Tab") }
        try tmux.type("PLAIN goes inside TLS after STARTTLS, so its base64 line is encrypted.")
        try tmux.press("F8")
        try #require(try tmux.waitFor("report fields saved") != nil, "closing saved the fields")

        let graded = try pollCheck(lab: lab)
        for check in Self.checks {
            #expect(graded.contains("PASS  \(check)"), "\(check): \(graded)")
        }
        try tmux.press("F10")
        #expect(try tmux.waitFor("MAILLAB-EXIT=0", timeout: 30) != nil, "F10 quits with 0")
    }

    private func makeKeyAndCertificate(_ shell: TypingShell) throws {
        try shell.run("cd /usr/local/etc/postfix")
        try shell.run("openssl genrsa -out postfix.key 2048")
        try shell.run("openssl req -new -x509 -days 365 -key postfix.key -out postfix.crt")
        let answers = [
            ("Country Name", "JP"), ("State or Province", "Osaka"), ("Locality Name", "Osaka"),
            ("Organization Name", "Example University"), ("Organizational Unit", ""),
            ("Common Name", "lab.example.jp"), ("Email Address", ""),
        ]
        for (prompt, answer) in answers {
            try shell.answer(prompt, with: answer)
        }
        try shell.run("chmod 400 postfix.key postfix.crt")
        try shell.run("ls -l postfix.key", until: "-r--------")
    }

    private func configureAndRestart(_ shell: TypingShell) throws {
        let settings = [
            "smtpd_tls_cert_file = /usr/local/etc/postfix/postfix.crt",
            "smtpd_tls_key_file = /usr/local/etc/postfix/postfix.key",
            "smtpd_tls_loglevel = 1", "smtpd_tls_received_header = yes",
            "smtpd_tls_security_level = may", "smtp_tls_loglevel = 1",
            "smtp_tls_security_level = may", "smtp_tls_note_starttls_offer = yes",
        ]
        for setting in settings {
            try shell.run("postconf -e '\(setting)'")
        }
        try shell.run("postconf -h smtp_tls_note_starttls_offer", until: "yes")
        try shell.run("/usr/local/etc/rc.d/postfix restart", until: "starting the Postfix")
    }

    private func startTLSByHand(_ shell: TypingShell) throws {
        try shell.run("telnet localhost 25", until: "ESMTP Postfix")
        // The reply's 250-STARTTLS line may scroll away; smtp.ehlo_starttls grades it.
        try shell.run("EHLO localhost", until: "250 DSN")
        try shell.run("STARTTLS", until: "220 2.0.0 Ready to start TLS")
        try shell.tmux.press("C-]")
        try shell.wait("telnet>")
        try shell.run("quit", until: "Connection closed")
    }

    private func installSwaks(_ shell: TypingShell) throws {
        try shell.run("portinstall swaks", until: "[ ] TLS")
        // The cursor starts on MX. Down moves to TLS, Space turns it on and Enter presses OK.
        try shell.tmux.press("Down")
        try shell.tmux.press("Space")
        try shell.wait("[X] TLS")
        try shell.tmux.press("Enter")
        try shell.wait("Packages processed: 1 done", timeout: 60)
    }

    /// Runs the swaks commands of steps 4.1 to 4.5. The shell shows only a few lines, so a
    /// run's middle scrolls away between two looks: each waits for the run's last line, and
    /// the checks grade what the server saw.
    private func runSwaks(_ shell: TypingShell) throws {
        let closed = "=== Connection closed with remote host."
        try shell.run("swaks --server localhost", until: "To:")
        try shell.answer(nil, with: Self.user, until: closed)
        for mechanism in ["PLAIN", "CRAM-MD5"] {
            try shell.run("swaks --auth \(mechanism) --server localhost --quit RCPT", until: "To:")
            try shell.answer(nil, with: Self.user, until: "Username:")
            try shell.answer(nil, with: Self.user, until: "Password:")
            try shell.answer(nil, with: Self.password, until: closed, after: "Password:")
        }
        try shell.run("swaks -tls --server localhost", until: "To:")
        try shell.answer(nil, with: Self.user, until: closed)
        try shell.run("swaks --auth -tls --server localhost --quit RCPT", until: "To:")
        try shell.answer(nil, with: Self.user, until: "Username:")
        try shell.answer(nil, with: Self.user, until: "Password:")
        try shell.answer(nil, with: Self.password, until: closed, after: "Password:")
    }

    /// Runs `maillab check` until every check of Parts 3 and 4 passes or 30 s go by. Each run
    /// takes long enough that the loop needs no pause of its own.
    private func pollCheck(lab: TemporaryLab) throws -> String {
        let deadline = Date().addingTimeInterval(30)
        var output = ""
        repeat {
            let result = try runTool(
                maillabExecutable().path, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
            output = result.output + result.errors
            if Self.checks.allSatisfy({ output.contains("PASS  \($0)") }) { break }
        } while Date() < deadline
        return output
    }
}

/// Types into the focused lab shell and waits for what it prints. The shells' column is
/// narrow, so a text is looked for in that column with its lines joined and blanks removed,
/// which undoes the wrapping. A text answers a line only when it shows after the line's echo
/// (or after the prompt it answers, for a password that is not echoed), so a prompt that an
/// earlier command left on the screen does not answer for the next one.
struct TypingShell {
    let tmux: TmuxSession

    /// The shells' column of a screen, its lines joined, without blanks.
    static func shellColumn(_ screen: String) -> String {
        let rows = screen.split(separator: "\n").compactMap { line -> Substring? in
            let cells = line.split(separator: "│", omittingEmptySubsequences: false)
            return cells.count >= 3 ? cells[2] : nil
        }
        return String(rows.joined().filter { !$0.isWhitespace })
    }

    /// Whether the shells' column shows `text` after the last `anchor`, or shows `text` once
    /// `anchor` has scrolled away.
    static func shows(_ text: String, after anchor: String?, in screen: String) -> Bool {
        let column = shellColumn(screen)
        let squeeze = { (text: String) in String(text.filter { !$0.isWhitespace }) }
        guard let found = column.range(of: squeeze(text), options: .backwards) else {
            return false
        }
        guard let anchor, let mark = column.range(of: squeeze(anchor), options: .backwards)
        else { return true }
        return found.lowerBound >= mark.upperBound
    }

    /// Types `line` and Enter; with `until`, waits for that text after the line's echo, or
    /// after `after` when it is given.
    func run(
        _ line: String, until text: String? = nil, after anchor: String? = nil,
        timeout: Double = 45
    ) throws {
        try tmux.type(line)
        try tmux.press("Enter")
        if let text { try wait(text, after: anchor ?? line, timeout: timeout) }
    }

    /// Waits for `prompt` (when given), answers it and waits for `until` (when given).
    func answer(
        _ prompt: String?, with text: String, until next: String? = nil,
        after anchor: String? = nil
    ) throws {
        if let prompt { try wait(prompt) }
        try run(text, until: next, after: anchor)
    }

    /// Waits until the shells' column shows `text`, after `anchor` when it is given.
    func wait(_ text: String, after anchor: String? = nil, timeout: Double = 45) throws {
        let screen = try tmux.waitUntil(timeout: timeout) {
            Self.shows(text, after: anchor, in: $0)
        }
        let last = (try? tmux.screen()) ?? ""
        let context = anchor.map { " after \($0)" } ?? ""
        try #require(screen != nil, "timed out waiting for \(text)\(context): \(last)")
    }
}
