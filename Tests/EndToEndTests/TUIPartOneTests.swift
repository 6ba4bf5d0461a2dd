import Foundation
import Testing

/// Part 1 of lesson 9 typed into the TUI of a fresh lab, the built-in editor included.
@Suite("Part 1 in the TUI under tmux", .serialized)
struct TUIPartOneTests {
    static let user = "testuser"
    static let password = "Secr3tPw9"
    static let mainCF = "/usr/local/etc/postfix/main.cf"
    static let smtpdConf = "/usr/local/lib/sasl2/smtpd.conf"

    /// The checks of steps 1.1 to 1.10 in checks.json.
    static let partOneChecks = [
        "postfix.smtpd_sasl_auth_enable", "postfix.smtpd_recipient_restrictions",
        "postfix.smtpd_sasl_authenticated_header", "postfix.broken_sasl_auth_clients",
        "postfix.smtpd_sasl_path", "sasl.pwcheck_method", "sasl.auxprop_plugin", "sasl.mech_list",
        "sasl.user_in_realm", "sasl.users_listed", "postfix.smtpd_sasl_local_domain",
        "report.chroot_jail", "postfix.running_matches_files",
    ]

    /// What the editor adds to the end of main.cf: 1.2, 1.3 and 1.7.
    static let mainCFLines = [
        "smtpd_sasl_auth_enable = yes",
        "smtpd_recipient_restrictions =",
        "    permit_mynetworks,",
        "    permit_sasl_authenticated,",
        "    reject_unauth_destination",
        "smtpd_sasl_authenticated_header = yes",
        "broken_sasl_auth_clients = yes",
        "smtpd_sasl_path = smtpd",
        "smtpd_sasl_local_domain = $myhostname",
    ]

    static let smtpdConfLines = [
        "pwcheck_method: auxprop",
        "auxprop_plugin: sasldb",
        "mech_list: PLAIN LOGIN CRAM-MD5 DIGEST-MD5",
    ]

    @Test("Part 1 typed in a fresh lab turns its checks green")
    func partOneEndToEnd() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let binary = maillabExecutable().path
        let tmux = try TmuxSession(
            width: 80, height: 24,
            command: "LANG=C.UTF-8 \(binary) --lab-dir \(lab.url.path) --lang en;"
                + " echo MAILLAB-EXIT=$?; sleep 60")
        defer { tmux.kill() }
        try #require(try tmux.waitFor("Shell-B", timeout: 60) != nil, "the TUI drew its panes")
        let before = try runTool(binary, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
        #expect(!before.output.contains("PASS  sasl.mech_list"), "a fresh lab has no smtpd.conf")

        // 1.1: Shell-A reads the port's install log.
        try tmux.press("Tab")
        try run(tmux, "ls /var/log/ports", until: "postfix-2.5.5,1.log")
        try run(tmux, "cat /var/log/ports/postfix-2.5.5,1.log", until: "Cleaning for postfix")

        // 1.2, 1.3 and 1.7: the settings at the end of main.cf, written in the editor.
        try edit(tmux, Self.mainCF, appending: Self.mainCFLines)
        // 1.4: smtpd.conf is a new file.
        try edit(tmux, Self.smtpdConf, appending: Self.smtpdConfLines)
        let mainText = try String(
            contentsOf: lab.url.appendingPathComponent("root" + Self.mainCF), encoding: .utf8)
        #expect(mainText.hasSuffix(Self.mainCFLines.joined(separator: "\n") + "\n"))
        let confText = try String(
            contentsOf: lab.url.appendingPathComponent("root" + Self.smtpdConf), encoding: .utf8)
        #expect(confText.contains(Self.smtpdConfLines.joined(separator: "\n") + "\n"))

        // 1.5 and 1.6: a user in the host name's realm, then the list of users.
        try run(
            tmux, "saslpasswd2 -c -u `postconf -h myhostname` \(Self.user)", until: "Password:",
            prompted: false)
        try run(tmux, Self.password, until: "Again (for verification):", prompted: false)
        try run(tmux, Self.password, until: nil)
        try run(tmux, "sasldblistusers2", until: "testuser@lab.example.jp: userPassword")

        // 1.9: the report's free text (after Affiliation, Student number, Year, Name and
        // Date) names chroot and jail.
        try tmux.press("F8")
        try #require(try tmux.waitFor("Affiliation") != nil, "the report form opened")
        for _ in 0..<5 { try tmux.press("Tab") }
        try tmux.type("chroot changes the root directory; a jail adds processes, users and IPs.")
        try tmux.press("F8")
        try #require(try tmux.waitFor("report fields saved") != nil, "closing saved the fields")

        // 1.10: the server reads the new files, and EHLO offers AUTH in both spellings.
        try run(tmux, "/usr/local/etc/rc.d/postfix restart", until: "starting the")
        try run(tmux, "telnet localhost 25", until: "ESMTP Postfix", prompted: false)
        try run(tmux, "EHLO localhost", until: "250 DSN", prompted: false)
        let ehlo = Self.shellText(try tmux.screen())
        #expect(ehlo.contains("250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5\n"), "\(ehlo)")
        #expect(ehlo.contains("250-AUTH=PLAIN LOGIN CRAM-MD5 DIGEST-MD5\n"), "\(ehlo)")
        try run(tmux, "QUIT", until: "221 2.0.0 Bye")

        // The checks, graded from the lab folder while the TUI still runs.
        let graded = try pollCheck(lab: lab)
        for id in Self.partOneChecks {
            #expect(graded.contains("PASS  \(id)"), "\(id): \(graded)")
        }

        // The lesson pane: step 1.4 draws its passed checks with ✓.
        try tmux.press("BTab")
        try #require(try tmux.waitFor("· 1.1 ") != nil)
        for _ in 0..<3 { try tmux.press("n") }
        try #require(try tmux.waitFor("· 1.4 ") != nil, "n went to step 1.4")
        try tmux.press("End")
        let checks = try tmux.waitFor {
            $0.contains("Checks 3/3") && $0.contains("✓ smtpd.conf sets")
        }
        #expect(checks != nil, "1.4 draws three ✓: \((try? tmux.screen()) ?? "")")

        try tmux.press("F10")
        #expect(try tmux.waitFor("MAILLAB-EXIT=0") != nil, "F10 quits with status 0")
        let log = try String(
            contentsOf: lab.url.appendingPathComponent("journal.jsonl"), encoding: .utf8)
        #expect(!log.contains(Self.password), "the journal has no password")
    }

    /// Types `line` and Enter into Shell-A, then waits for `text` in its output, with the rows
    /// that the narrow pane wraps joined again. Unless `prompted` is false, it also waits for
    /// the next `%` prompt.
    private func run(
        _ tmux: TmuxSession, _ line: String, until text: String?, prompted: Bool = true
    ) throws {
        try tmux.type(line)
        try tmux.press("Enter")
        let seen = try tmux.waitFor(timeout: 60) { screen in
            let done = text.map { Self.shellText(screen).contains($0) } ?? true
            return done && (!prompted || Self.showsPrompt(screen))
        }
        try #require(seen != nil, "\(line) printed \(text ?? "a prompt")")
    }

    /// Returns whether Shell-A's last row is a bare `%` prompt.
    static func showsPrompt(_ screen: String) -> Bool {
        shellRows(screen).last(where: { !$0.text.isEmpty })?.text == "%"
    }

    /// Returns the text of Shell-A, one line a row, where a row that fills the pane's width goes on
    /// in the next row.
    static func shellText(_ screen: String) -> String {
        shellRows(screen).map { $0.text + ($0.isFull ? "" : "\n") }.joined()
    }

    /// Returns Shell-A's rows without trailing spaces, each with whether it fills the pane's width.
    static func shellRows(_ screen: String) -> [(text: String, isFull: Bool)] {
        var rows: [(text: String, isFull: Bool)] = []
        for row in screen.split(separator: "\n") {
            if row.contains("Shell-B") { break }
            let cells = row.split(separator: "│", omittingEmptySubsequences: false)
            guard cells.count >= 4, let cell = cells.dropFirst(2).first, cell.count > 2 else {
                continue
            }
            let content = cell.dropFirst()
            var trimmed = content
            while trimmed.last == " " { trimmed = trimmed.dropLast() }
            rows.append((String(trimmed), trimmed.count >= content.count - 1))
        }
        return rows
    }

    /// Opens `path` in the built-in editor, types `lines` at the end, saves and leaves.
    private func edit(_ tmux: TmuxSession, _ path: String, appending lines: [String]) throws {
        try tmux.type("ee \(path)")
        try tmux.press("Enter")
        try #require(try tmux.waitFor(" ee  \(path)", timeout: 60) != nil, "the editor opened")
        // ^B goes to the start of the last line, and End goes to its end.
        try tmux.press("C-b")
        try tmux.press("End")
        for line in lines {
            try tmux.type(line)
            try tmux.press("Enter")
        }
        try #require(try tmux.waitFor("[modified]", timeout: 60) != nil)
        try tmux.press("C-o")
        try #require(try tmux.waitFor("Saved, ", timeout: 60) != nil, "^O saved \(path)")
        try tmux.press("C-x")
        // The shell prints its prompt once the save queued before ^X has written the file.
        let back = try tmux.waitFor(timeout: 60) { Self.showsPrompt($0) }
        try #require(back != nil, "^X left the editor")
    }

    /// Runs `maillab check` until every Part 1 check passes or 60 s go by. Each run takes long
    /// enough that the loop needs no pause of its own.
    private func pollCheck(lab: TemporaryLab) throws -> String {
        let deadline = Date().addingTimeInterval(60)
        var last = ""
        repeat {
            let result = try runTool(
                maillabExecutable().path, ["check", "--lab-dir", lab.url.path, "--lang", "en"])
            last = result.output + result.errors
            if Self.partOneChecks.allSatisfy({ last.contains("PASS  \($0)") }) { break }
        } while Date() < deadline
        return last
    }
}
