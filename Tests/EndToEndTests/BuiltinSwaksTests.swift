import Course
import Foundation
import LabShell
import LabSystem
import MailProtocol
import MailServer
import Testing

@testable import maillab

/// One lab in this process with Shell-B running, the SASL user `testuser` (password
/// `password`) registered, and optionally a key, a certificate and the TLS settings loaded.
final class InProcessLab: @unchecked Sendable {
    let lab: TemporaryLab
    let runtime: LabRuntime
    let terminal = ScriptTerminal()

    init(tls: Bool) throws {
        lab = try TemporaryLab()
        runtime = try LabRuntime(
            folder: LabFolder(url: lab.url), smtpPort: nil, owner: "built-in swaks test")
        let shell = runtime.makeShell(.b, terminal: terminal, language: .en)
        let thread = Thread { shell.run() }
        thread.stackSize = 4 << 20
        thread.start()

        _ = try run(
            "saslpasswd2 -c -u `postconf -h myhostname` testuser",
            answers: [
                "password", "password",
            ])
        // The option screen has no terminal here, so the choice (TLS on) is recorded first.
        _ = try run("mkdir -p /var/db/ports/swaks")
        _ = try run("printf 'WITH_MX=true\\nWITH_TLS=true\\n' > /var/db/ports/swaks/options")
        _ = try run("portinstall swaks")
        guard tls else { return }
        let folder = "/usr/local/etc/postfix"
        _ = try run("openssl genrsa -out \(folder)/postfix.key 2048")
        _ = try run(
            "openssl req -new -x509 -days 365 -key \(folder)/postfix.key -out "
                + "\(folder)/postfix.crt -subj /C=JP/O=Lab/CN=lab.example.jp")
        _ = try run("postconf -e smtpd_tls_cert_file=\(folder)/postfix.crt")
        _ = try run("postconf -e smtpd_tls_key_file=\(folder)/postfix.key")
        _ = try run("postconf -e smtpd_tls_security_level=may")
        _ = try run("postconf -e smtpd_tls_received_header=yes")
        _ = try run("postfix reload")
    }

    /// The SMTP server's real port on 127.0.0.1.
    var smtpPort: Int { runtime.portMap[25]! }

    /// Types `line` in Shell-B, answers each prompt with the next of `answers`, and returns
    /// what the command printed (prompts included) and its exit status.
    func run(_ line: String, answers: [String] = []) throws -> (output: String, status: Int32) {
        let marker = "end-\(UUID().uuidString.prefix(8))"
        terminal.send(line)
        for answer in answers { terminal.send(answer) }
        terminal.send("echo $status \(marker)")
        let groups = try #require(
            terminal.expect(
                #"^% \Q"# + line + #"\E\n((?:.*\n)*?)% echo \$status \S+\n(\d+) "# + marker),
            "no end of \(line); Shell-B printed \(terminal.transcript.suffix(2000))")
        let output = groups.count == 2 ? groups[0] : ""
        return (output, Int32(groups.last!) ?? -1)
    }

    func newMessages() -> [String] {
        let folder = lab.url.appendingPathComponent("root/home/testuser/Maildir/new")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().compactMap {
            try? String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        }
    }

    func stop() {
        terminal.send("exit")
        runtime.stop()
        lab.remove()
    }
}

/// Replaces what differs from one run to the next: dates, the Message-Id, the queue id, and
/// the server's challenges with the client's responses to them.
func normalizeSwaksTranscript(_ text: String) -> [String] {
    var lines: [String] = []
    var afterChallenge = false
    let unix = text.replacingOccurrences(of: "\r\n", with: "\n")
    for raw in unix.split(separator: "\n", omittingEmptySubsequences: false) {
        var line = String(raw)
        line = line.replacingOccurrences(
            of: #"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}"#, with: "DATE",
            options: .regularExpression)
        line = line.replacingOccurrences(
            of: #"Message-Id: <[^>]*>"#, with: "Message-Id: <ID>", options: .regularExpression)
        line = line.replacingOccurrences(
            of: #"queued as [0-9A-F]+"#, with: "queued as QUEUEID", options: .regularExpression)
        if afterChallenge && (line.hasPrefix(" -> ") || line.hasPrefix(" ~> ")) {
            line = String(line.prefix(4)) + "RESPONSE"
        }
        afterChallenge = false
        if line.hasPrefix("<-  334 ") || line.hasPrefix("<~  334 ") {
            line = String(line.prefix(8)) + "CHALLENGE"
            afterChallenge = true
        }
        lines.append(line)
    }
    while lines.last == "" { lines.removeLast() }
    return lines
}

@Suite("Built-in swaks", .serialized)
struct BuiltinSwaksTests {
    static let common = ["--helo", "client.example", "--from", "student@lab.example.jp"]

    /// Runs the real swaks and the built-in one with the same options against one server and
    /// compares their transcripts line by line.
    private func compare(_ options: [String], lab: InProcessLab) throws -> (String, Int32) {
        let server = ["--server", "127.0.0.1", "--port", String(lab.smtpPort)]
        let real = try runTool("/usr/bin/swaks", server + Self.common + options)
        let words = (server + Self.common + options).map { $0.contains(" ") ? "'\($0)'" : $0 }
        let builtin = try lab.run((["swaks"] + words).joined(separator: " "))
        #expect(builtin.status == real.status, "exit status for \(options)")
        // Real swaks prints its `***` lines on standard error; the lab shell's terminal shows
        // both streams, so the built-in transcript is split by that mark.
        let lines = normalizeSwaksTranscript(builtin.output)
        let streams = [
            ("output", lines.filter { !$0.hasPrefix("*** ") }, real.output),
            ("errors", lines.filter { $0.hasPrefix("*** ") }, real.errors),
        ]
        for (name, actual, realText) in streams {
            let expected = normalizeSwaksTranscript(realText)
            #expect(
                actual.count == expected.count, "\(name) lines for \(options): \(builtin.output)")
            for (index, pair) in zip(actual, expected).enumerated() {
                #expect(pair.0 == pair.1, "\(name) line \(index + 1) for \(options)")
            }
        }
        return (builtin.output, builtin.status)
    }

    @Test(
        "transcripts match the real swaks",
        arguments: [
            ["--to", "testuser@lab.example.jp"],
            [
                "--to", "testuser@lab.example.jp", "--auth", "PLAIN", "--auth-user", "testuser",
                "--auth-password", "password", "--quit-after", "RCPT",
            ],
            [
                "-t", "testuser@lab.example.jp", "-a", "LOGIN", "-au", "testuser", "-ap",
                "password",
                "-q", "MAIL",
            ],
            [
                "-t", "testuser@lab.example.jp", "-a", "CRAM-MD5", "-au", "testuser", "-ap",
                "password",
                "--quit", "AUTH",
            ],
            [
                "-t", "testuser@lab.example.jp", "-a", "-au", "testuser", "-ap", "wrong", "-q",
                "AUTH",
            ],
            ["-t", "nobody@example.com", "-q", "EHLO"],
            ["-q", "FIRST-EHLO"], ["-q", "banner"],
            [
                "-t", "testuser@lab.example.jp", "--header", "Subject: hello", "--body", "a body",
                "--header", "X-Lab: yes",
            ],
            ["-t", "testuser@lab.example.jp", "-tls", "-q", "TLS"],
        ])
    func transcripts(options: [String]) throws {
        let lab = try InProcessLab(tls: false)
        defer { lab.stop() }
        _ = try compare(options, lab: lab)
    }

    @Test(
        "TLS transcripts match the real swaks",
        arguments: [
            ["-t", "testuser@lab.example.jp", "-tls"],
            [
                "-t", "testuser@lab.example.jp", "--auth", "-tls", "-au", "testuser", "-ap",
                "password", "--quit", "RCPT",
            ],
            ["-t", "testuser@lab.example.jp", "-tls", "-q", "tls"],
            ["-t", "testuser@lab.example.jp", "-tlsc"],
        ])
    func tlsTranscripts(options: [String]) throws {
        let lab = try InProcessLab(tls: true)
        defer { lab.stop() }
        _ = try compare(options, lab: lab)
    }

    @Test("delivery over TLS has the Received header")
    func deliveryOverTLS() throws {
        let lab = try InProcessLab(tls: true)
        defer { lab.stop() }
        let result = try lab.run("swaks -tls --server localhost --to testuser")
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("=== Trying localhost:25..."))
        #expect(
            result.output.contains("=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256")
        )
        #expect(result.output.contains("=== TLS peer DN=\"/C=JP/O=Lab/CN=lab.example.jp\""))
        #expect(result.output.contains(" ~> EHLO lab.example.jp"))
        let messages = lab.newMessages()
        #expect(messages.count == 1)
        #expect(
            messages.first?.contains("(using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384") == true)
        #expect(
            messages.first?.contains("X-Mailer: swaks v20201014.0 jetmore.org/john/code/swaks/")
                == true)
    }

    @Test("prompts for recipient, user and password")
    func prompts() throws {
        let lab = try InProcessLab(tls: false)
        defer { lab.stop() }
        let result = try lab.run(
            "swaks --auth PLAIN --server localhost --quit RCPT",
            answers: ["testuser", "testuser", "password"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.hasPrefix("To: testuser\nUsername: testuser\nPassword: \n"))
        #expect(!result.output.contains("Password: password"))
        #expect(result.output.contains(" -> AUTH PLAIN AHRlc3R1c2VyAHBhc3N3b3Jk"))
        #expect(result.output.contains("<-  235 2.7.0 Authentication successful"))
        #expect(result.output.contains(" -> RCPT TO:<testuser>"))
        #expect(lab.newMessages().isEmpty)
    }

    @Test("no recipient prompt when quitting early")
    func noPromptBeforeRCPT() throws {
        let lab = try InProcessLab(tls: false)
        defer { lab.stop() }
        let result = try lab.run("swaks -s localhost -q mail")
        #expect(result.status == 0)
        #expect(result.output.hasPrefix("=== Trying localhost:25...\n"))
        #expect(result.output.contains(" -> MAIL FROM:<root@lab.example.jp>"))
    }

    @Test(
        "exit codes of swaks",
        arguments: [
            ("swaks -s localhost -t testuser -a CRAM-MD5 -au testuser -ap wrong", Int32(28)),
            ("swaks -s localhost -t testuser -tls", 29),
            ("swaks -s localhost -t nobody@lab.example.jp", 24),
            ("swaks -s localhost:1 -t testuser", 2),
            ("swaks -s mail.example.com -t testuser", 2),
            ("swaks -s localhost -q DATA", 1),
            ("swaks --bogus", 1),
            ("swaks --version", 0),
            ("swaks --help", 0),
            ("swaks --support", 0),
        ])
    func exitCodes(line: String, status: Int32) throws {
        let lab = try InProcessLab(tls: false)
        defer { lab.stop() }
        let result = try lab.run(line)
        #expect(result.status == status, "\(line): \(result.output)")
    }

    @Test("built-in swaks counts as a tool")
    func countsAsTool() throws {
        let lab = try InProcessLab(tls: true)
        defer { lab.stop() }
        _ = try lab.run(
            "swaks --auth PLAIN -s localhost -t testuser -au testuser -ap password -q RCPT")
        _ = try lab.run("swaks --auth -tls -s localhost -t testuser -au testuser -ap password")
        lab.runtime.bus.flush()
        let events = try EventJournal.read(url: lab.runtime.folder.journal)
        #expect(!events.contains { if case .telnetConnected = $0.payload { true } else { false } })
        let commands = events.compactMap { event -> String? in
            if case .commandRun(_, let line, _) = event.payload { line } else { nil }
        }
        #expect(commands.contains { $0.contains("-ap ********") })
        #expect(!commands.contains { $0.contains("-ap password") })

        let lesson = try LessonLoader.load(
            folder: try #require(Resources.lessons).appendingPathComponent("lesson09"))
        let results = CheckEngine.evaluate(lesson: lesson, events: events, now: Date())
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.checkID, $0.state) })
        #expect(byID["smtp.auth_plain_by_tool"] == .passed)
        #expect(byID["smtp.auth_cram_md5_by_tool"] == .passed)
        #expect(byID["smtp.delivered_over_tls"] == .passed)
        #expect(byID["smtp.starttls_then_auth"] == .passed)
        #expect(byID["smtp.auth_plain_by_hand"] != .passed)
    }
}

@Suite("Real swaks in the checks", .serialized)
struct RealSwaksCheckTests {
    @Test("real swaks counts as a tool")
    func realSwaksCounts() throws {
        let lab = try InProcessLab(tls: true)
        defer { lab.stop() }
        let server = ["--server", "127.0.0.1", "--port", String(lab.smtpPort)]
        let auth = ["--auth-user", "testuser", "--auth-password", "password"]
        let cram = try runTool(
            "/usr/bin/swaks", server + auth + ["-t", "testuser", "-a", "CRAM-MD5", "-q", "RCPT"])
        #expect(cram.status == 0, "\(cram.output)")
        let tls = try runTool("/usr/bin/swaks", server + auth + ["-t", "testuser", "-a", "-tls"])
        #expect(tls.status == 0, "\(tls.output)")

        lab.runtime.bus.flush()
        let events = try EventJournal.read(url: lab.runtime.folder.journal)
        let lesson = try LessonLoader.load(
            folder: try #require(Resources.lessons).appendingPathComponent("lesson09"))
        let results = CheckEngine.evaluate(lesson: lesson, events: events, now: Date())
        let byID = Dictionary(uniqueKeysWithValues: results.map { ($0.checkID, $0) })
        #expect(byID["smtp.auth_cram_md5_by_tool"]?.state == .passed)
        #expect(byID["smtp.delivered_over_tls"]?.state == .passed)
        #expect(byID["smtp.starttls_then_auth"]?.state == .passed)
        #expect(byID["smtp.ehlo_starttls"]?.state == .passed)
        let byHand = try #require(byID["smtp.starttls_by_hand"])
        #expect(byHand.state == .failed)
        #expect(byHand.finding == .tls(.startTLSByToolOnly))
    }
}
