import Foundation
import Testing

@testable import LabSystem

@Suite("LabSetup")
struct LabSetupTests {
    @Test("fresh tree has the FreeBSD files")
    func freshTree() throws {
        let folder = try TemporaryFolder()
        let lab = LabFolder(url: folder.url.appendingPathComponent("lesson09"))
        let assets = try #require(LabSetup.defaultAssetsDirectory())
        let sandbox = try LabSetup.layFreshTree(in: lab, assets: assets)

        let mainCF = try PostfixMainCF(bytes: sandbox.readFile("/usr/local/etc/postfix/main.cf"))
        #expect(mainCF.value(of: "myhostname") == "lab.example.jp")
        #expect(mainCF.value(of: "smtpd_sasl_auth_enable") == "no")
        #expect(sandbox.exists("/usr/local/etc/postfix/master.cf"))
        #expect(sandbox.isDirectory("/usr/local/lib/sasl2"))
        #expect(try sandbox.contentsOfDirectory("/usr/local/lib/sasl2").isEmpty)
        #expect(!sandbox.exists("/etc/sasldb2"))

        let passwd = String(decoding: try sandbox.readFile("/etc/passwd"), as: UTF8.self)
        for user in ["root", "student", "testuser"] {
            #expect(passwd.contains("\n\(user):") || passwd.hasPrefix("\(user):"), "\(user)")
        }
        let hosts = String(decoding: try sandbox.readFile("/etc/hosts"), as: UTF8.self)
        #expect(hosts.contains("lab.example.jp"))
        let rcConf = String(decoding: try sandbox.readFile("/etc/rc.conf"), as: UTF8.self)
        #expect(rcConf.contains("hostname=\"lab.example.jp\""))

        let portLog = String(
            decoding: try sandbox.readFile("/var/log/ports/postfix-2.5.5,1.log"), as: UTF8.self)
        #expect(portLog.contains("saslpasswd2 -c username"))
        #expect(portLog.contains("default pwcheck_method of\n      auxprop."))

        for user in ["student", "testuser"] {
            for sub in ["cur", "new", "tmp"] {
                let attributes = try sandbox.attributes(of: "/home/\(user)/Maildir/\(sub)")
                #expect(attributes.kind == .directory)
                #expect(attributes.mode == 0o700)
            }
        }
        #expect(try sandbox.attributes(of: "/tmp").modeString == "drwxrwxrwt")

        let maillog = String(decoding: try sandbox.readFile("/var/log/maillog"), as: UTF8.self)
        #expect(maillog.contains(" lab postfix/master[813]: daemon started -- version 2.5.5"))
        #expect(try sandbox.attributes(of: "/var/log/maillog").mode == 0o640)

        let leftovers = try FileManager.default.contentsOfDirectory(atPath: lab.url.path)
        #expect(leftovers == ["root"])
    }

    @Test("existing root is never overwritten")
    func existingRoot() throws {
        let folder = try TemporaryFolder()
        let lab = LabFolder(url: folder.url)
        try FileManager.default.createDirectory(at: lab.root, withIntermediateDirectories: true)
        let assets = try #require(LabSetup.defaultAssetsDirectory())
        #expect(throws: LabSetupError.rootExists(path: lab.root.path)) {
            try LabSetup.layFreshTree(in: lab, assets: assets)
        }
    }

    @Test(
        "layout lines are checked",
        arguments: ["x 0755 /etc", "d 0999 /etc", "d 0755 etc", "d 0755 /etc/../x", "d 0755"])
    func invalidLayout(line: String) {
        #expect(throws: LabSetupError.invalidLayout(line: 2, text: line)) {
            try LabSetup.parseLayout("# comment\n\(line)\n")
        }
    }

    @Test("master.cf parses with the real postconf -M", .enabled(if: RealPostconf.isInstalled))
    func masterCF() throws {
        let assets = try #require(LabSetup.defaultAssetsDirectory())
        let real = try RealPostconf(mainCF: "myhostname = lab.example.jp\n")
        let master = assets.appendingPathComponent("tree/usr/local/etc/postfix/master.cf")
        try FileManager.default.removeItem(at: real.folder.url.appendingPathComponent("master.cf"))
        try FileManager.default.copyItem(
            at: master, to: real.folder.url.appendingPathComponent("master.cf"))
        let result = try ExternalTool.run(RealPostconf.path, ["-c", real.folder.url.path, "-M"])
        #expect(result.status == 0)
        #expect(result.errorOutput.isEmpty, "\(result.errorOutput)")
        #expect(
            result.output.hasPrefix(
                "smtp       inet  n       -       n       -       -       smtpd"))
    }
}
