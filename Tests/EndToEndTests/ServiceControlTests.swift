import Foundation
import Glibc
import Testing

/// `maillab shell` edits main.cf with `postconf -e`, controls the server with `postfix`, and
/// real swaks and the lab's telnet see the server change.
@Suite("Postfix control through maillab shell", .serialized)
struct ServiceControlEndToEndTests {
    /// Runs swaks up to EHLO against the real port and returns its exit status and output.
    static func ehlo(port: Int) throws -> (status: Int32, output: String) {
        let result = try runTool(
            "/usr/bin/swaks",
            [
                "--server", "127.0.0.1", "--port", "\(port)", "--quit-after", "EHLO", "--helo",
                "client.example",
            ])
        return (result.status, result.output + result.errors)
    }

    @Test("reload, stop and start change what swaks sees")
    func reloadStopStart() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let shell = try ChildProcess(
            maillabExecutable(), ["shell", "--lab-dir", lab.url.path, "--lang", "en"])
        defer { _ = shell.terminate() }
        shell.send("echo READY\n")
        try #require(
            shell.output.waitFor("READY$") != nil, "shell did not start: \(shell.errors.text)")
        let log = try String(
            contentsOf: lab.url.appendingPathComponent("maillab.log"), encoding: .utf8)
        let portText = try #require(log.firstMatch(of: /servers started .*smtp=(\d+)/)?.1)
        let port = try #require(Int(portText))

        let before = try Self.ehlo(port: port)
        #expect(before.status == 0)
        #expect(before.output.contains("250-AUTH=PLAIN LOGIN CRAM-MD5 DIGEST-MD5"))

        shell.send("postconf -e 'broken_sasl_auth_clients = no'\necho EDITED\n")
        #expect(shell.output.waitFor("EDITED$") != nil)
        let beforeReload = try Self.ehlo(port: port)
        #expect(
            beforeReload.output.contains("250-AUTH=PLAIN"), "the running server keeps its settings")

        shell.send("postfix reload\necho RELOADED\n")
        #expect(shell.output.waitFor("RELOADED$") != nil)
        #expect(
            shell.output.text.contains("postfix/postfix-script: refreshing the Postfix mail system")
        )
        let afterReload = try Self.ehlo(port: port)
        #expect(afterReload.status == 0)
        #expect(afterReload.output.contains("250-AUTH PLAIN LOGIN CRAM-MD5 DIGEST-MD5"))
        #expect(!afterReload.output.contains("AUTH="))

        shell.send("postfix stop\necho STOPPED\n")
        #expect(shell.output.waitFor("STOPPED$") != nil)
        let stopped = try Self.ehlo(port: port)
        #expect(stopped.status != 0)
        #expect(stopped.output.contains("Connection refused"))
        shell.send("telnet localhost 25\necho TELNET\n")
        #expect(shell.output.waitFor("TELNET$") != nil)
        #expect(
            shell.output.text.contains("telnet: connect to address 127.0.0.1: Connection refused"))
        shell.send("postfix status\necho STATUS\n")
        #expect(shell.output.waitFor("STATUS$") != nil)
        #expect(
            shell.output.text.contains(
                "postfix/postfix-script: the Postfix mail system is not running"))

        shell.send("/usr/local/etc/rc.d/postfix start\necho STARTED\n")
        #expect(shell.output.waitFor("STARTED$") != nil)
        let started = try Self.ehlo(port: port)
        #expect(started.status == 0)
        #expect(started.output.contains("220 lab.example.jp ESMTP Postfix"))
        shell.send("lsof -i4 | grep -i smtp\necho LISTED\n")
        #expect(shell.output.waitFor("LISTED$") != nil)
        #expect(shell.output.text.contains("TCP localhost:smtp (LISTEN)"))

        shell.send("exit\n")
        #expect(shell.waitForExit(timeout: 30) == 0)
    }

    @Test("misspelt parameter is logged at reload")
    func misspeltParameter() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let script = """
            postconf -e 'smtp_sasl_auth_enabel = yes'
            postfix reload
            grep -n enabel /usr/local/etc/postfix/main.cf
            grep 'unused parameter' /var/log/maillog
            grep -c 'postfix/master.*reload' /var/log/maillog
            exit

            """
        let result = try runTool(
            maillabExecutable().path, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
            input: script)
        #expect(result.status == 0, "\(result.errors)")
        let line = try #require(
            result.output.firstMatch(of: /(\d+):smtp_sasl_auth_enabel = yes/)?.1)
        #expect(
            result.output.contains(
                "warning: /usr/local/etc/postfix/main.cf, line \(line): unused parameter: smtp_sasl_auth_enabel=yes"
            ))
        #expect(result.output.contains("% 1\n"))
    }
}

@Suite("Editors in maillab shell")
struct EditorEndToEndTests {
    @Test("ee runs EDITOR on the sandbox file")
    func editorRuns() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let editor = lab.url.appendingPathComponent("append-editor.sh")
        try Data("#!/bin/sh\necho 'smtpd_banner = $myhostname ESMTP edited' >> \"$1\"\n".utf8)
            .write(to: editor)
        chmod(editor.path, 0o755)
        let script = """
            ee /usr/local/etc/postfix/main.cf
            postconf -h smtpd_banner
            exit

            """
        let result = try runTool(
            maillabExecutable().path, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
            input: script, environment: ["VISUAL": "", "EDITOR": editor.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("$myhostname ESMTP edited\n"))
    }

    @Test("ee without an editor says how to get one")
    func editorMissing() throws {
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let result = try runTool(
            maillabExecutable().path, ["shell", "--lab-dir", lab.url.path, "--lang", "en"],
            input: "ee /etc/rc.conf\nexit\n", environment: ["VISUAL": "", "EDITOR": ""])
        #expect(result.output.contains("ee: this terminal has no editor. Set VISUAL or EDITOR"))
    }
}
