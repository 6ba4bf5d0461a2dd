import Foundation
import LabSystem
import Testing

@testable import LabShell

/// A terminal that records the option screens and editor requests it gets and answers them
/// as the test says.
final class DialogTerminal: ShellTerminal, @unchecked Sendable {
    let screen = ScriptedTerminal()
    var dialogs: [PortOptionsDialog] = []
    var enable: Set<String> = []
    var edits: [EditRequest] = []
    var editorAvailable = true

    func write(_ text: String) { screen.write(text) }

    func readLine(prompt: String, echo: Bool) -> String? {
        screen.readLine(prompt: prompt, echo: echo)
    }

    func chooseOptions(_ dialog: PortOptionsDialog) -> [PortOptionsDialog.Option]? {
        dialogs.append(dialog)
        return dialog.options.map {
            var option = $0
            if enable.contains(option.name) { option.enabled = true }
            return option
        }
    }

    func edit(_ request: EditRequest) -> Bool {
        guard editorAvailable else { return false }
        edits.append(request)
        FileManager.default.createFile(atPath: request.hostPath, contents: Data("edited\n".utf8))
        return true
    }
}

/// A shell on a fresh tree whose commands depend on the installed ports, as in the runtime.
final class PortsFixture {
    let base: ShellFixture
    let terminal = DialogTerminal()
    let shell: LabShell

    init() throws {
        base = try ShellFixture()
        shell = LabShell(
            terminal: terminal, sandbox: base.sandbox, events: base.events, shellID: .b)
        shell.isCommandAvailable = PortsDatabase(sandbox: base.sandbox).commandAvailability()
    }

    func run(_ line: String) -> (status: Int32, output: String) {
        terminal.screen.clear()
        let status = shell.execute(line)
        return (status, terminal.screen.output)
    }
}

@Suite("Ports commands")
struct PortsCommandTests {
    @Test("tools are not found before their port")
    func notFoundBeforeInstall() throws {
        let fixture = try PortsFixture()
        for command in [
            "mmencode", "swaks", "userdb-test-cram-md5", "userdb", "userdbpw", "makeuserdb",
            "pw2userdb",
        ] {
            let result = fixture.run("\(command) < /etc/hosts")
            #expect(result.status == 1, "\(command)")
            #expect(result.output == "\(command): Command not found.\n", "\(command)")
        }
        #expect(fixture.run("portinstall mmencode").status == 0)
        #expect(fixture.run("echo -n hi | mmencode").output == "aGk=\n")
        #expect(fixture.run("portinstall courier-authlib").status == 0)
        #expect(fixture.shell.isCommandAvailable("userdb-test-cram-md5"))
        #expect(fixture.shell.isCommandAvailable("userdbpw"))
        #expect(!fixture.shell.isCommandAvailable("swaks"))
    }

    @Test("swaks shows its options and records them")
    func swaksOptions() throws {
        let fixture = try PortsFixture()
        fixture.terminal.enable = ["MX", "TLS"]
        let result = fixture.run("portinstall swaks")
        #expect(result.status == 0)
        #expect(
            result.output.contains("--->  Installing 'swaks-20061116.0' from a port (mail/swaks)"))
        #expect(result.output.contains("        + mail/swaks (swaks-20061116.0)"))
        let dialog = try #require(fixture.terminal.dialogs.first)
        #expect(dialog.port == "mail/swaks")
        #expect(
            dialog.options.map(\.summary) == ["MX lookup support", "TLS support", "NTLM support"])
        let options = try fixture.base.file("/var/db/ports/swaks/options")
        #expect(options.contains("WITH_MX=true\n"))
        #expect(options.contains("WITH_TLS=true\n"))
        #expect(options.contains("WITHOUT_NTLM=true\n"))
        #expect(fixture.base.sandbox.exists("/var/db/pkg/swaks-20061116.0/+CONTENTS"))
        #expect(fixture.base.sandbox.exists("/var/log/ports/mail::swaks.log"))

        let again = fixture.run("portinstall swaks")
        #expect(again.output.contains("already installed"))
        #expect(fixture.terminal.dialogs.count == 1)
        #expect(
            fixture.run("pkg_info swaks").output.hasPrefix("Information for swaks-20061116.0:\n"))
    }

    @Test("courier ports write their install logs and files")
    func courierLogs() throws {
        let fixture = try PortsFixture()
        fixture.terminal.enable = ["AUTH_USERDB"]
        #expect(fixture.run("portinstall courier-authlib courier-imap").status == 0)
        let authlib = try fixture.base.file("/var/log/ports/security::courier-authlib-base.log")
        #expect(authlib.contains("/usr/local/libexec/courier-authlib/authdaemond\n"))
        #expect(authlib.contains("/usr/local/etc/rc.d/courier-authdaemond\n"))
        let imap = try fixture.base.file("/var/log/ports/mail::courier-imap.log")
        #expect(imap.contains("/usr/local/share/courier-imap/mkimapdcert"))
        #expect(imap.contains("And you will have to copy and edit the *.dist files to *"))
        #expect(imap.contains("/usr/local/etc/rc.d/courier-imap-imapd-ssl\n"))
        #expect(fixture.base.sandbox.exists("/usr/local/etc/courier-imap/imapd.cnf.dist"))
        #expect(fixture.base.sandbox.exists("/usr/local/etc/rc.d/courier-imap-imapd"))
        let listing = fixture.run("ls /usr/local/etc/courier-imap/*.dist").output
        #expect(listing.contains("/usr/local/etc/courier-imap/pop3d.cnf.dist"))
        #expect(
            fixture.terminal.dialogs.map(\.port) == [
                "security/courier-authlib", "mail/courier-imap",
            ])
        let imapOptions = try fixture.base.file("/var/db/ports/courier-imap/options")
        #expect(imapOptions.contains("WITH_IPV6=true\n"))
        #expect(imapOptions.contains("WITH_AUTH_USERDB=true\n"))
    }

    @Test("unknown port and pkg_info errors")
    func errors() throws {
        let fixture = try PortsFixture()
        let unknown = fixture.run("portinstall nosuchport")
        #expect(unknown.status == 1)
        #expect(unknown.output.contains("** Port directory not found: nosuchport\n"))
        let info = fixture.run("pkg_info nosuchport")
        #expect(info.status == 1)
        #expect(
            info.output == "pkg_info: can't find package 'nosuchport' installed or in a file!\n")
        let all = fixture.run("pkg_info").output
        #expect(all.contains("postfix-2.5.5,1     A secure alternative to widely-used Sendmail\n"))
        #expect(!all.contains("swaks"))
    }

    @Test("portsnap update needs a fetch")
    func portsnap() throws {
        let fixture = try PortsFixture()
        let early = fixture.run("portsnap update")
        #expect(early.status == 1)
        #expect(early.output.hasPrefix("No snapshot available."))
        let fetch = fixture.run("portsnap fetch")
        #expect(fetch.status == 0)
        #expect(fetch.output.hasPrefix("Looking up portsnap.FreeBSD.org mirrors..."))
        let update = fixture.run("portsnap update")
        #expect(update.status == 0)
        #expect(update.output.contains("/usr/ports/mail/swaks/\n"))
        #expect(update.output.hasSuffix("Building new INDEX files... done.\n"))
    }

    @Test("editors open the terminal's editor")
    func editors() throws {
        let fixture = try PortsFixture()
        for editor in ["ee", "vi", "emacs", "edit"] {
            #expect(fixture.run("\(editor) /tmp/\(editor).txt").status == 0)
            #expect(try fixture.base.file("/tmp/\(editor).txt") == "edited\n")
        }
        let request = try #require(fixture.terminal.edits.first)
        #expect(request.sandboxPath == "/tmp/ee.txt")
        #expect(request.hostPath == fixture.base.sandbox.root.path + "/tmp/ee.txt")
        #expect(request.editorName == "ee")
        #expect(
            fixture.run("ee /nodir/file").output == "ee: /nodir/file: No such file or directory\n")
        fixture.terminal.editorAvailable = false
        let missing = fixture.run("vi /tmp/x")
        #expect(missing.status == 1)
        #expect(missing.output == EditorCommand.unavailableMessage("vi", .en) + "\n")
        fixture.shell.language = .ja
        #expect(fixture.run("vi /tmp/x").output.contains("VISUAL"))
    }
}
