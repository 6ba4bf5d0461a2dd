import Foundation
import LabSystem
import Testing

@testable import LabShell

/// Services that keep a running flag, record each control and answer with postfix-script's
/// messages, as the runtime does.
final class FakeServices: LabServices, @unchecked Sendable {
    private let lock = NSLock()
    private var running: Bool
    private(set) var actions: [ServiceAction] = []
    let pid: Int32 = 4242

    init(running: Bool = true) {
        self.running = running
    }

    func control(service: String, action: ServiceAction) -> ServiceControlResult {
        lock.lock()
        defer { lock.unlock() }
        actions.append(action)
        let result = PostfixScript.result(of: action, isRunning: running, pid: pid)
        switch action {
        case .start, .restart: running = true
        case .stop: running = false
        case .reload, .status: break
        }
        return result
    }

    func listeningServices() -> [ListeningService] {
        lock.lock()
        defer { lock.unlock() }
        guard running else { return [] }
        return [ListeningService(command: "master", labPort: 25, realPort: 40025, pid: pid)]
    }
}

@Suite("Service control")
struct ServiceControlTests {
    static let tag = "postfix/postfix-script"

    @Test("postfix commands print postfix-script's messages")
    func postfixMessages() throws {
        let fixture = try ShellFixture()
        let services = FakeServices()
        fixture.shell.services = services
        let table: [(String, Int32, String)] = [
            ("postfix status", 0, "\(Self.tag): the Postfix mail system is running: PID: 4242\n"),
            (
                "postfix start", 1,
                "\(Self.tag): fatal: the Postfix mail system is already running\n"
            ),
            ("postfix reload", 0, "\(Self.tag): refreshing the Postfix mail system\n"),
            ("postfix stop", 0, "\(Self.tag): stopping the Postfix mail system\n"),
            ("postfix stop", 1, "\(Self.tag): fatal: the Postfix mail system is not running\n"),
            ("postfix reload", 1, "\(Self.tag): fatal: the Postfix mail system is not running\n"),
            ("postfix status", 1, "\(Self.tag): the Postfix mail system is not running\n"),
            ("postfix start", 0, "\(Self.tag): starting the Postfix mail system\n"),
            ("postfix check", 0, ""),
            ("postfix", 1, PostfixCommand.usage),
        ]
        for (line, status, output) in table {
            let result = fixture.run(line)
            #expect(result.status == status, "\(line)")
            #expect(result.output == output, "\(line)")
        }
        #expect(
            services.actions == [.status, .start, .reload, .stop, .stop, .reload, .status, .start])
    }

    @Test("postfix reload refuses a broken main.cf")
    func reloadChecksMainCF() throws {
        let fixture = try ShellFixture()
        let services = FakeServices()
        fixture.shell.services = services
        fixture.run("echo 'this line has no equals sign' >> /usr/local/etc/postfix/main.cf")
        let result = fixture.run("postfix reload")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("postfix: fatal: /usr/local/etc/postfix/main.cf, line "))
        #expect(services.actions.isEmpty)
    }

    @Test("rc.d script by full and relative path")
    func rcScript() throws {
        let fixture = try ShellFixture()
        let services = FakeServices()
        fixture.shell.services = services
        let restart = fixture.run("/usr/local/etc/rc.d/postfix restart")
        #expect(restart.status == 0)
        #expect(
            restart.output
                == "\(Self.tag): stopping the Postfix mail system\n"
                + "\(Self.tag): starting the Postfix mail system\n")
        fixture.run("cd /usr/local/etc/rc.d")
        #expect(
            fixture.run("./postfix reload").output
                == "\(Self.tag): refreshing the Postfix mail system\n")
        #expect(fixture.run("./postfix status").output == "postfix is running as pid 4242.\n")
        #expect(fixture.run("./postfix stop").status == 0)
        let status = fixture.run("./postfix status")
        #expect(status.status == 1)
        #expect(status.output == "postfix is not running.\n")
        #expect(fixture.run("./postfix bogus").status == 1)
        #expect(services.actions == [.restart, .reload, .status, .stop])
    }

    @Test("rc.d start needs postfix_enable")
    func rcEnable() throws {
        let fixture = try ShellFixture()
        let services = FakeServices(running: false)
        fixture.shell.services = services
        fixture.run("grep -v postfix_enable /etc/rc.conf > /tmp/rc.conf")
        fixture.run("cp /tmp/rc.conf /etc/rc.conf")
        let refused = fixture.run("/usr/local/etc/rc.d/postfix start")
        #expect(refused.status == 0)
        #expect(
            refused.output
                == "Cannot 'start' postfix. Set postfix_enable to YES in /etc/rc.conf"
                + " or use 'onestart' instead of 'start'.\n")
        #expect(services.actions.isEmpty)
        #expect(fixture.run("/usr/local/etc/rc.d/postfix onestart").status == 0)
        #expect(services.actions == [.start])
    }

    @Test("rc.d script of a port not installed is not found")
    func rcScriptMissing() throws {
        let fixture = try ShellFixture()
        let result = fixture.run("/usr/local/etc/rc.d/courier-imap-imapd start")
        #expect(result.status == 1)
        #expect(result.output == "/usr/local/etc/rc.d/courier-imap-imapd: Command not found.\n")
    }

    @Test("lsof lists the listening master")
    func lsof() throws {
        let fixture = try ShellFixture()
        let services = FakeServices()
        fixture.shell.services = services
        let listing = fixture.run("lsof -i4")
        #expect(listing.status == 0)
        let lines = listing.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("COMMAND") == true)
        let grep = fixture.run("lsof -i4 | grep -i smtp")
        #expect(grep.output.hasPrefix("master    4242 root"))
        #expect(grep.output.hasSuffix(" 0t0  TCP localhost:smtp (LISTEN)\n"))
        #expect(fixture.run("lsof -i -n -P").output.contains("127.0.0.1:25 (LISTEN)"))
        fixture.run("postfix stop")
        #expect(fixture.run("lsof -i4").status == 1)
    }

    @Test("without services nothing runs")
    func noServices() throws {
        let fixture = try ShellFixture()
        let result = fixture.run("postfix status")
        #expect(result.status == 1)
        #expect(result.output == "\(Self.tag): the Postfix mail system is not running\n")
    }
}
