import Foundation
import LabSystem

extension SandboxFacts {
    /// Where FreeBSD's package tools record each installed package, one directory a package.
    public static let packageDatabasePath = "/var/db/pkg"

    /// Reads the facts of a lab folder: `main.cf` and the SASL application file as Postfix and
    /// Cyrus SASL read them, the sasldb's accounts, the ports database and the report fields.
    /// With a lesson, `values` gets what its TLS checks read (`TLSFacts`). A file that cannot be
    /// read leaves its fact empty; nothing here throws.
    public static func gather(folder: LabFolder, lesson: Lesson? = nil) -> SandboxFacts {
        let sandbox = Sandbox(folder: folder)
        var facts = gather(sandbox: sandbox)
        if let lesson { facts.values = TLSFacts.values(sandbox: sandbox, lesson: lesson) }
        if let fields = try? ReportFieldsStore.load(from: folder) {
            facts.reportAnswers = fields.answers
            facts.reportText = fields.freeText
        }
        return facts
    }

    /// Reads the facts of a sandbox alone, without the report fields.
    public static func gather(sandbox: Sandbox) -> SandboxFacts {
        var facts = SandboxFacts()
        let mainBytes = (try? sandbox.readFile(PostfixRuntimeConfiguration.mainCFPath)) ?? []
        do {
            facts.mainCF = try PostfixMainCF(bytes: mainBytes)
        } catch {
            facts.mainCFProblem = error.message()
        }

        let application = facts.mainCF?.value(of: "smtpd_sasl_path") ?? "smtpd"
        facts.saslConfigPath = CyrusSASLConfig.path(forApplication: application)
        if let bytes = try? sandbox.readFile(facts.saslConfigPath) {
            do {
                facts.saslConfig = try CyrusSASLConfig(bytes: bytes)
            } catch {
                facts.saslConfigProblem = error.message
            }
        }

        let sasldbPath = facts.saslConfig?.sasldbPath ?? SASLStore.defaultPath
        if let database = try? SASLStore(sandbox: sandbox, path: sasldbPath).load() {
            facts.saslAccounts = database.users.map {
                SASLAccount(user: $0.user, realm: $0.realm)
            }
        }

        let packages = (try? sandbox.contentsOfDirectory(packageDatabasePath)) ?? []
        facts.installedPackages = packages.filter { $0.attributes.kind == .directory }.map(\.name)
        let optionFolders = (try? sandbox.contentsOfDirectory(PortsDatabase.optionsDirectory)) ?? []
        let database = PortsDatabase(sandbox: sandbox)
        for folder in optionFolders where folder.attributes.kind == .directory {
            facts.portOptions[folder.name] = database.recordedOptions(ofPortBase: folder.name)
        }
        return facts
    }
}
