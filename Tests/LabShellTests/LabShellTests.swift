import Foundation
import LabSystem
import MailProtocol
import Testing

@testable import LabShell

@Suite("LabShell")
struct LabShellTests {
    @Test("dot-dot path reads the sandbox's passwd")
    func dotDotEscape() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("cd /home/student").status == 0)
        let (status, output) = fixture.run("cat ../../../../etc/passwd")
        #expect(status == 0)
        #expect(output == (try fixture.file("/etc/passwd")))
        #expect(output.contains("testuser:*:1002"))
    }

    @Test("symbolic link to the host's /etc is rejected")
    func symlinkEscape() throws {
        let fixture = try ShellFixture()
        try FileManager.default.createSymbolicLink(
            atPath: fixture.sandbox.root.path + "/hostetc", withDestinationPath: "/etc")
        let read = fixture.run("cat /hostetc/passwd")
        #expect(read.status == 1)
        #expect(read.output.hasPrefix("cat: /hostetc/passwd: "))
        #expect(!read.output.contains("root:x:0:0"))
        let write = fixture.run("echo x > /hostetc/maillab-test")
        #expect(write.status == 1)
        #expect(!FileManager.default.fileExists(atPath: "/etc/maillab-test"))
        #expect(fixture.run("cd /hostetc").status == 1)
    }

    @Test("redirect to /etc/x writes the sandbox")
    func redirectInside() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("echo hello > /etc/x").status == 0)
        #expect(try fixture.file("/etc/x") == "hello\n")
        #expect(FileManager.default.contents(atPath: "/etc/x") != Data("hello\n".utf8))
        #expect(fixture.run("echo again >> /etc/x").status == 0)
        #expect(try fixture.file("/etc/x") == "hello\nagain\n")
        #expect(fixture.events.payloads.contains(.fileChanged(path: "/etc/x")))
        #expect(fixture.run("cat < /etc/x").output == "hello\nagain\n")
        let missing = fixture.run("echo x > /no/such/dir/file")
        #expect(missing.status == 1)
        #expect(missing.output == "/no/such/dir/file: No such file or directory.\n")
    }

    @Test("output and errors together with >&")
    func redirectBoth() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("cat /missing >& /tmp/both").status == 1)
        #expect(try fixture.file("/tmp/both") == "cat: /missing: No such file or directory\n")
    }

    @Test("unknown command answers as csh")
    func commandNotFound() throws {
        let fixture = try ShellFixture()
        let (status, output) = fixture.run("csup supfile")
        #expect(status == 1)
        #expect(output == "csup: Command not found.\n")
        #expect(fixture.run("echo $?").output == "1\n")
        #expect(fixture.run("/usr/bin/ls").output == "/usr/bin/ls: Command not found.\n")
    }

    @Test("unavailable command is not found")
    func availability() throws {
        let fixture = try ShellFixture()
        fixture.shell.isCommandAvailable = { $0 != "mmencode" }
        #expect(fixture.run("echo x | mmencode").output == "mmencode: Command not found.\n")
        #expect(!fixture.run("help").output.contains("mmencode"))
    }

    @Test("exit statuses drive ; && ||")
    func statuses() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("cat /missing ; echo $status").output.hasSuffix("\n1\n"))
        #expect(
            fixture.run("cat /missing && echo no").output
                == "cat: /missing: No such file or directory\n")
        #expect(fixture.run("cat /missing || echo yes").output.hasSuffix("yes\n"))
        #expect(fixture.run("echo a && echo b").output == "a\nb\n")
        #expect(fixture.run("echo $?").output == "0\n")
        #expect(fixture.run("echo 'a").status == 1)
        #expect(fixture.run("echo $?").output == "1\n")
    }

    @Test("backquotes substitute output")
    func backquotes() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("echo `postconf -h myhostname`").output == "lab.example.jp\n")
        #expect(fixture.run("echo x`echo a b`y").output == "xa by\n")
        try fixture.sandbox.writeFile("/tmp/args", contents: Array("one\ntwo\n".utf8))
        #expect(fixture.run("printf '[%s]' `cat /tmp/args`").output == "[one][two]")
        #expect(fixture.run("printf '[%s]' \"`cat /tmp/args`\"").output == "[one\ntwo]")
    }

    @Test("variables and undefined ones")
    func variables() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("echo $HOME $cwd").output == "/root /root\n")
        #expect(fixture.run("setenv EDITOR vi").status == 0)
        #expect(fixture.shell.environment["EDITOR"] == "vi")
        #expect(fixture.run("echo \"$EDITOR\" '$EDITOR'").output == "vi $EDITOR\n")
        let undefined = fixture.run("echo $NOPE")
        #expect(undefined.status == 1)
        #expect(undefined.output == "NOPE: Undefined variable.\n")
        #expect(fixture.run("cd ~testuser/Maildir ; pwd").output == "/home/testuser/Maildir\n")
    }

    @Test("cd and pwd stay in the sandbox")
    func cdAndPwd() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("pwd").output == "/root\n")
        #expect(fixture.run("cd /usr/local/etc/postfix").status == 0)
        #expect(fixture.run("pwd").output == "/usr/local/etc/postfix\n")
        #expect(fixture.run("cd ../../../../../..; pwd").output == "/\n")
        #expect(fixture.run("cd /etc/passwd").output == "/etc/passwd: Not a directory.\n")
        #expect(fixture.run("cd /nowhere").output == "/nowhere: No such file or directory.\n")
        #expect(fixture.run("cd").status == 0)
        #expect(fixture.shell.cwd == "/root")
    }

    @Test("ls -l shows modes after chmod")
    func lsAndChmod() throws {
        let fixture = try ShellFixture()
        fixture.run("cd /usr/local/etc/postfix")
        try fixture.sandbox.writeFile(
            "/usr/local/etc/postfix/postfix.key", contents: Array("key".utf8))
        #expect(fixture.run("chmod 400 postfix.key").status == 0)
        let listing = fixture.run("ls -l postfix.key").output
        #expect(listing.hasPrefix("-r--------  1 root  wheel  3 "))
        #expect(listing.hasSuffix(" postfix.key\n"))
        #expect(fixture.run("chmod u+w,go+r postfix.key").status == 0)
        #expect(
            try fixture.sandbox.attributes(of: "/usr/local/etc/postfix/postfix.key").mode == 0o644)
        #expect(fixture.run("chmod abc postfix.key").output == "chmod: invalid file mode: abc\n")
        #expect(fixture.run("ls").output == "main.cf         master.cf       postfix.key\n")
        #expect(fixture.run("ls | cat").output == "main.cf\nmaster.cf\npostfix.key\n")
        let maildir = fixture.run("ls -l /home/student/Maildir").output
        #expect(maildir.hasPrefix("total "))
        #expect(maildir.contains("drwx------  2 student  student  "))
        #expect(fixture.run("ls /missing").output == "ls: /missing: No such file or directory\n")
    }

    @Test(
        "chmod symbolic modes",
        arguments: [
            ("u+w", UInt16(0o444), UInt16(0o644)), ("go-rwx", 0o755, 0o700), ("a=r", 0o777, 0o444),
            ("u=rw,g=r,o=", 0o777, 0o640), ("+x", 0o644, 0o755), ("o-w", 0o666, 0o664),
        ])
    func chmodModes(text: String, current: UInt16, expected: UInt16) {
        #expect(ChmodCommand.mode(text, current: current, isDirectory: false) == expected)
    }

    @Test("postconf prints like Postfix's")
    func postconf() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("postconf myhostname").output == "myhostname = lab.example.jp\n")
        #expect(fixture.run("postconf -h mydomain").output == "example.jp\n")
        #expect(fixture.run("postconf -h myorigin").output == "$myhostname\n")
        #expect(fixture.run("postconf -xh myorigin").output == "lab.example.jp\n")
        #expect(
            fixture.run("postconf smtpd_sasl_local_domain").output == "smtpd_sasl_local_domain =\n")
        let unknown = fixture.run("postconf smtpd_sasl_auth_enabled")
        #expect(unknown.status == 0)
        #expect(unknown.output == "postconf: warning: smtpd_sasl_auth_enabled: unknown parameter\n")
        #expect(fixture.run("postconf -n").output.contains("home_mailbox = Maildir/\n"))
        #expect(fixture.run("postconf -d mail_version").output == "mail_version = 2.5.5\n")
    }

    @Test("postconf -e edits main.cf")
    func postconfEdit() throws {
        let fixture = try ShellFixture()
        #expect(
            fixture.run("postconf -e 'smtpd_sasl_auth_enable = yes' 'myhostname=mail.example.jp'")
                .status == 0)
        #expect(
            fixture.run("postconf -h smtpd_sasl_auth_enable myhostname").output
                == "yes\nmail.example.jp\n")
        let text = try fixture.file("/usr/local/etc/postfix/main.cf")
        #expect(text.contains("\nmyhostname = mail.example.jp\n"))
        #expect(!text.contains("myhostname = lab.example.jp"))
        #expect(text.hasSuffix("smtpd_sasl_auth_enable = yes\n"))
        #expect(fixture.run("postconf -e debugger_command=x").status == 0)
        let edited = try fixture.file("/usr/local/etc/postfix/main.cf")
        #expect(!edited.contains("ddd $daemon_directory"))
        #expect(edited.contains("\ndebugger_command = x\n"))
        #expect(
            fixture.events.payloads.contains(.fileChanged(path: "/usr/local/etc/postfix/main.cf")))
    }

    @Test("postconf warns about misspelt parameters")
    func postconfUnused() throws {
        let fixture = try ShellFixture()
        try fixture.sandbox.appendFile(
            "/usr/local/etc/postfix/main.cf", contents: Array("smtp_sasl_auth_enabled = yes\n".utf8)
        )
        let output = fixture.run("postconf -h myhostname").output
        #expect(output.contains("unused parameter: smtp_sasl_auth_enabled=yes\n"))
        #expect(output.hasSuffix("lab.example.jp\n"))
    }

    @Test("command lines are published with passwords masked")
    func publishedLines() throws {
        let fixture = try ShellFixture()
        fixture.run("printf '\\0000test\\0000password' | mmencode")
        fixture.run("echo AHRlc3QAcGFzc3dvcmQ= | mmencode -u")
        fixture.run("echo -n password | mmencode")
        fixture.run("echo hello")
        fixture.run("echo 'unterminated password | mmencode")
        let lines = fixture.events.commandLines
        #expect(
            lines == [
                "printf ******** | mmencode", "echo ******** | mmencode -u",
                "echo -n ******** | mmencode", "echo hello", "echo ******** ******** | mmencode",
            ])
        for line in lines { #expect(!line.contains("password")) }
        let statuses = fixture.events.payloads.compactMap { payload -> Int32? in
            if case .commandRun(let shell, _, let status) = payload, shell == .a { return status }
            return nil
        }
        #expect(statuses == [0, 0, 0, 0, 1])
        #expect(fixture.events.origins.allSatisfy { $0 == .shell(.a) })
    }

    @Test("run loops until exit and publishes it")
    func runLoop() throws {
        let fixture = try ShellFixture(lines: ["echo one", "", "exit 3", "echo never"])
        fixture.shell.run()
        #expect(fixture.terminal.transcript == "% echo one\none\n% \n% exit 3\n")
        #expect(fixture.shell.hasExited)
        #expect(fixture.shell.lastExitStatus == 3)
        #expect(fixture.events.commandLines == ["echo one", "exit 3"])
    }

    @Test("run ends at end of input")
    func runEndOfInput() throws {
        let fixture = try ShellFixture(lines: ["echo one"])
        fixture.terminal.feed(nil)
        fixture.shell.run()
        #expect(fixture.terminal.transcript == "% echo one\none\n% \n")
        #expect(!fixture.shell.hasExited)
    }

    @Test("help lists commands in the shell's language")
    func help() throws {
        let fixture = try ShellFixture()
        let english = fixture.run("help").output
        #expect(english.contains("userdb-test-cram-md5"))
        #expect(english.contains("telnet HOST [PORT]"))
        #expect(english.contains("add a SASL user"))
        #expect(!english.contains("SASL の利用者を登録する"))

        fixture.shell.language = .ja
        let japanese = fixture.run("help").output
        #expect(japanese.contains("SASL の利用者を登録する"))
        #expect(!japanese.contains("add a SASL user"))
    }

    @Test("extra commands can be registered")
    func register() throws {
        struct Hello: ShellCommand {
            let name = "hello"
            let path: String? = "/usr/local/bin/hello"
            let synopsis = "hello"
            let summary = LocalizedText(ja: "挨拶", en: "greet")
            func run(_ arguments: [String], context: CommandContext) -> Int32 {
                context.write("hi \(arguments.joined(separator: ","))\n")
                return 5
            }
        }
        let fixture = try ShellFixture()
        fixture.shell.register(Hello())
        #expect(fixture.run("hello a b").output == "hi a,b\n")
        #expect(fixture.run("/usr/local/bin/hello").status == 5)
    }
}
