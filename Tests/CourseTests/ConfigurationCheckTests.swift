import Foundation
import LabSystem
import MailProtocol
import Testing

@testable import Course

@Suite("Configuration checks")
struct ConfigurationCheckTests {
    let now = Date(timeIntervalSince1970: 1_765_100_000)

    private func result(
        _ id: String, mainCF: String = "", smtpdConf: String? = nil,
        accounts: [SASLAccount] = [], events: JournalBuilder = JournalBuilder(),
        packages: [String] = [], options: [String: [String: Bool]] = [:],
        answers: [String: String] = [:], reportText: String = ""
    ) throws -> CheckResult {
        let lesson = try LessonFixtures.loadLesson09()
        let facts = SandboxFacts(
            mainCF: try PostfixMainCF(bytes: Array(mainCF.utf8)),
            saslConfig: try smtpdConf.map { try CyrusSASLConfig(bytes: Array($0.utf8)) },
            saslAccounts: accounts, installedPackages: packages, reportAnswers: answers,
            reportText: reportText)
        var withOptions = facts
        withOptions.portOptions = options
        let results = CheckEngine.evaluate(
            lesson: lesson, events: events.events, now: now, facts: withOptions)
        return try #require(results.first { $0.checkID == id })
    }

    @Test("setting with continuation lines passes")
    func continuationLines() throws {
        let text = """
            smtpd_recipient_restrictions =
                permit_mynetworks,
                permit_sasl_authenticated,
            # a comment between continuation lines
                reject_unauth_destination

            """
        let result = try self.result("postfix.smtpd_recipient_restrictions", mainCF: text)
        #expect(result.state == .passed)
        #expect(result.passedAt == now)
        #expect(
            result.finding
                == .configuration(
                    .mainCFValueMatches(
                        name: "smtpd_recipient_restrictions",
                        value: "permit_mynetworks, permit_sasl_authenticated, "
                            + "reject_unauth_destination")))
    }

    @Test("last assignment wins")
    func lastAssignmentWins() throws {
        let text = "smtpd_sasl_auth_enable = yes\nsmtpd_sasl_auth_enable = no\n"
        let result = try self.result("postfix.smtpd_sasl_auth_enable", mainCF: text)
        #expect(result.state == .failed)
        #expect(
            result.finding
                == .configuration(
                    .mainCFValueDiffers(
                        name: "smtpd_sasl_auth_enable", expected: "yes", value: "no", isSet: true)))
        #expect(result.reason.en.contains("the later one counts"))
    }

    @Test("boolean compares without case")
    func booleanCase() throws {
        let result = try self.result(
            "postfix.broken_sasl_auth_clients", mainCF: "broken_sasl_auth_clients = YES\n")
        #expect(result.state == .passed)
    }

    @Test("equal default does not pass")
    func defaultDoesNotPass() throws {
        let result = try self.result("postfix.smtpd_sasl_path")
        #expect(result.state == .notYet)
        #expect(result.reason.en.contains("does not set smtpd_sasl_path yet"))
        let set = try self.result("postfix.smtpd_sasl_path", mainCF: "smtpd_sasl_path = smtpd\n")
        #expect(set.state == .passed)
    }

    @Test("smtp_ in place of smtpd_ is named")
    func clientParameter() throws {
        let result = try self.result(
            "postfix.smtpd_sasl_auth_enable", mainCF: "smtp_sasl_auth_enable = yes\n")
        #expect(result.state == .failed)
        #expect(
            result.finding
                == .configuration(
                    .mainCFNearMiss(
                        name: "smtpd_sasl_auth_enable", expected: "yes",
                        typedName: "smtp_sasl_auth_enable", kind: .clientParameter)))
        #expect(result.reason.en.contains("SMTP client"))
        #expect(result.reason.ja.contains("SMTP クライアント"))
    }

    @Test("misspelt name is named")
    func misspeltName() throws {
        let result = try self.result(
            "postfix.smtpd_sasl_authenticated_header",
            mainCF: "smtpd_sasl_authenticated_headr = yes\n")
        #expect(result.state == .failed)
        #expect(
            result.finding
                == .configuration(
                    .mainCFNearMiss(
                        name: "smtpd_sasl_authenticated_header", expected: "yes",
                        typedName: "smtpd_sasl_authenticated_headr", kind: .misspelt)))
        #expect(result.reason.en.contains("Did you mean smtpd_sasl_authenticated_header?"))
    }

    @Test("local domain accepts macro or host name", arguments: ["$myhostname", "lab.example.jp"])
    func localDomain(value: String) throws {
        let result = try self.result(
            "postfix.smtpd_sasl_local_domain", mainCF: "smtpd_sasl_local_domain = \(value)\n")
        #expect(result.state == .passed)
    }

    @Test("local domain follows myhostname")
    func localDomainOtherHost() throws {
        let text = "myhostname = mail.example.org\nsmtpd_sasl_local_domain = lab.example.jp\n"
        let result = try self.result("postfix.smtpd_sasl_local_domain", mainCF: text)
        #expect(result.state == .failed)
    }

    @Test("mech_list compares without case")
    func mechanismCase() throws {
        let result = try self.result(
            "sasl.mech_list", smtpdConf: "mech_list: plain login cram-md5 digest-md5\n")
        #expect(result.state == .passed)
        let reordered = try self.result(
            "sasl.mech_list", smtpdConf: "mech_list: LOGIN PLAIN CRAM-MD5 DIGEST-MD5\n")
        #expect(reordered.state == .failed)
    }

    @Test("missing smtpd.conf is not yet")
    func missingFile() throws {
        let result = try self.result("sasl.pwcheck_method")
        #expect(result.state == .notYet)
        #expect(
            result.finding
                == .configuration(.saslFileMissing(path: "/usr/local/lib/sasl2/smtpd.conf")))
        let wrong = try self.result("sasl.pwcheck_method", smtpdConf: "pwcheck_method: saslauthd\n")
        #expect(wrong.state == .failed)
        #expect(wrong.reason.en.contains("sets pwcheck_method to saslauthd, not auxprop"))
    }

    @Test("user must be in the host's realm")
    func userRealm() throws {
        let elsewhere = try self.result(
            "sasl.user_in_realm", accounts: [SASLAccount(user: "testuser", realm: "localhost")])
        #expect(elsewhere.state == .failed)
        #expect(elsewhere.reason.en.contains("testuser@localhost"))
        let home = try self.result(
            "sasl.user_in_realm", accounts: [SASLAccount(user: "testuser", realm: "lab.example.jp")]
        )
        #expect(home.state == .passed)
        let none = try self.result("sasl.user_in_realm")
        #expect(none.state == .notYet)
    }

    @Test("listing must follow the registration")
    func listingOrder() throws {
        var before = JournalBuilder()
        before.add(.commandRun(shell: .a, line: "sasldblistusers2", exitStatus: 0))
        before.add(
            .commandRun(shell: .a, line: "saslpasswd2 -c -u lab.example.jp testuser", exitStatus: 0)
        )
        let early = try result("sasl.users_listed", events: before)
        #expect(early.state == .failed)
        #expect(
            early.finding
                == .configuration(
                    .commandNotRanAfter(
                        command: "sasldblistusers2", after: "saslpasswd2 -c", afterSeen: true)))

        var after = before
        after.add(.commandRun(shell: .b, line: "sasldblistusers2", exitStatus: 1))
        after.add(
            .commandRun(shell: .b, line: "/usr/local/sbin/sasldblistusers2", exitStatus: 0))
        let late = try result("sasl.users_listed", events: after)
        #expect(late.state == .passed)
        #expect(late.passedAt == JournalBuilder.time(ofSequence: 4))
    }

    @Test("report answer or keywords pass")
    func reportAnswer() throws {
        #expect(try result("report.chroot_jail").state == .notYet)
        let answered = try result("report.chroot_jail", answers: ["chroot-jail": "A jail…"])
        #expect(answered.state == .passed)
        let free = try result("report.chroot_jail", reportText: "Chroot hides files; a JAIL …")
        #expect(free.state == .passed)
        let half = try result("report.chroot_jail", reportText: "only chroot")
        #expect(half.state == .notYet)
    }

    @Test("reload must follow the last change")
    func reloadOrder() throws {
        var journal = JournalBuilder()
        journal.serviceStarted()
        #expect(try result("postfix.running_matches_files", events: journal).state == .notYet)

        journal.add(.fileChanged(path: "/usr/local/etc/postfix/main.cf"), origin: .shell(.a))
        journal.add(.serviceReloaded(service: .smtp))
        journal.add(.fileChanged(path: "/usr/local/lib/sasl2/smtpd.conf"), origin: .shell(.a))
        let stale = try result("postfix.running_matches_files", events: journal)
        #expect(stale.state == .failed)
        #expect(
            stale.finding
                == .configuration(.serverRunsOldFiles(path: "/usr/local/lib/sasl2/smtpd.conf")))
        #expect(stale.reason.en.contains("postfix reload"))

        journal.add(.fileChanged(path: "/etc/sasldb2"), origin: .shell(.a))
        journal.serviceStarted()
        let fresh = try result("postfix.running_matches_files", events: journal)
        #expect(fresh.state == .passed)
        #expect(fresh.passedAt == JournalBuilder.time(ofSequence: 6))
    }

    @Test("port installed by event or database")
    func portInstalled() throws {
        #expect(try result("ports.mmencode").state == .notYet)
        var journal = JournalBuilder()
        journal.add(.portInstalled(name: "mmencode-2.7"))
        let byEvent = try result("ports.mmencode", events: journal)
        #expect(byEvent.state == .passed)
        #expect(byEvent.passedAt == JournalBuilder.time(ofSequence: 1))
        #expect(try result("ports.mmencode", packages: ["mmencode-2.7"]).state == .passed)
        #expect(try result("ports.mmencode", packages: ["mmencodex-1.0"]).state == .notYet)
    }

    @Test("port option must be on")
    func portOption() throws {
        let packages = ["swaks-20061116.0"]
        #expect(try result("ports.swaks_tls").state == .notYet)
        let without = try result("ports.swaks_tls", packages: packages)
        #expect(without.state == .failed)
        #expect(without.finding == .configuration(.portOptionOff(name: "swaks", option: "TLS")))
        #expect(without.reason.en.contains("/var/db/ports/swaks/options"))
        let off = try result(
            "ports.swaks_tls", packages: packages, options: ["swaks": ["TLS": false, "MX": true]])
        #expect(off.state == .failed)
        let on = try result(
            "ports.swaks_tls", packages: packages, options: ["swaks": ["TLS": true]])
        #expect(on.state == .passed)
    }

    @Test("edit distance stops at limit")
    func editDistance() {
        #expect(CheckEngine.editDistance("smtpd_sasl_path", "smtpd_sasl_path", limit: 2) == 0)
        #expect(CheckEngine.editDistance("smtpd_sasl_pth", "smtpd_sasl_path", limit: 2) == 1)
        #expect(CheckEngine.editDistance("abc", "xyz", limit: 2) == 3)
        #expect(CheckEngine.editDistance("", "ab", limit: 2) == 2)
    }
}

@Suite("SandboxFacts")
struct SandboxFactsTests {
    @Test("gathers files of a lab folder")
    func gathersFolder() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillab-facts-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = LabFolder(url: url)
        try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        let sandbox = Sandbox(folder: folder)
        try sandbox.createDirectory("/usr/local/etc/postfix", intermediates: true)
        try sandbox.createDirectory("/usr/local/lib/sasl2", intermediates: true)
        try sandbox.createDirectory("/var/db/pkg/mmencode-2.7", intermediates: true)
        try sandbox.createDirectory("/var/db/ports/swaks", intermediates: true)
        try sandbox.writeFile(
            "/var/db/ports/swaks/options",
            contents: Array("_OPTIONS_READ=swaks-1\nWITH_TLS=true\nWITHOUT_MX=true\n".utf8))
        try sandbox.createDirectory("/etc")
        try sandbox.writeFile(
            "/usr/local/etc/postfix/main.cf", contents: Array("smtpd_sasl_path = other\n".utf8))
        try sandbox.writeFile(
            "/usr/local/lib/sasl2/other.conf", contents: Array("mech_list: plain\n".utf8))
        try SASLStore(sandbox: sandbox).update { database in
            database.setPassword(Array("password".utf8), user: "testuser", realm: "lab.example.jp")
        }
        try ReportFieldsStore.save(ReportFields(answers: ["chroot-jail": "yes"]), to: folder)

        let facts = SandboxFacts.gather(folder: folder)
        #expect(facts.mainCF?.value(of: "smtpd_sasl_path") == "other")
        #expect(facts.saslConfigPath == "/usr/local/lib/sasl2/other.conf")
        #expect(facts.saslConfig?.mechanismList == ["PLAIN"])
        #expect(facts.saslAccounts == [SASLAccount(user: "testuser", realm: "lab.example.jp")])
        #expect(facts.installedPackages == ["mmencode-2.7"])
        #expect(facts.portOptions == ["swaks": ["TLS": true, "MX": false]])
        #expect(facts.reportAnswers == ["chroot-jail": "yes"])
    }

    @Test("refused files become problems")
    func refusedFiles() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("maillab-facts-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let folder = LabFolder(url: url)
        try FileManager.default.createDirectory(at: folder.root, withIntermediateDirectories: true)
        let sandbox = Sandbox(folder: folder)
        try sandbox.createDirectory("/usr/local/etc/postfix", intermediates: true)
        try sandbox.createDirectory("/usr/local/lib/sasl2", intermediates: true)
        try sandbox.writeFile(
            "/usr/local/etc/postfix/main.cf", contents: Array("no equals sign here\n".utf8))
        try sandbox.writeFile(
            "/usr/local/lib/sasl2/smtpd.conf", contents: Array("mech_list plain\n".utf8))

        let facts = SandboxFacts.gather(folder: folder)
        #expect(facts.mainCF == nil)
        #expect(facts.mainCFProblem != nil)
        #expect(facts.saslConfig == nil)
        #expect(facts.saslConfigProblem?.contains("line 1") == true)
        #expect(facts.saslAccounts.isEmpty)
    }
}
