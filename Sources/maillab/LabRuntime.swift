import Foundation
import Glibc
import LabShell
import LabSystem
import MailProtocol
import MailServer
import SASL

/// One open lab folder with its servers running: the event bus and journal, the embedded SMTP
/// server with the configuration it loaded at its last start or reload, and the mail log.
/// `maillab`, `maillab serve` and `maillab shell` each own one.
final class LabRuntime: @unchecked Sendable {
    let folder: LabFolder
    let sandbox: Sandbox
    let log: AppLog
    let bus: EventBus
    let server: MailServer
    /// The SMTP listener of the last start. After a stop it is the stopped listener, and the
    /// next start listens on its port again, so the port map stays valid.
    var smtp: MailListener {
        listenerLock.lock()
        defer { listenerLock.unlock() }
        return smtpListener
    }
    /// The `postfix`, rc.d and `lsof` commands of every shell this runtime makes.
    private(set) var services: RuntimeServices!

    private let journal: EventJournal
    private let lock: LabLock
    private let mailLog: MailLogWriter
    private let credentials: LiveSASLStore
    private let loaded: ConfigurationBox
    private let tlsContexts = TLSContextCache()
    private let listenerLock = NSLock()
    private var smtpListener: MailListener  // guarded by listenerLock
    private var smtpRunning = true  // guarded by listenerLock

    /// Opens the folder, laying a fresh sandbox when it has none, and starts the servers.
    init(folder: LabFolder, smtpPort: Int?, owner: String) throws(RuntimeError) {
        self.folder = folder
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            throw .folder(path: folder.url.path, reason: "it is a file, not a folder")
        }
        do {
            try FileManager.default.createDirectory(
                at: folder.url, withIntermediateDirectories: true)
        } catch {
            throw .folder(path: folder.url.path, reason: error.localizedDescription)
        }
        do {
            lock = try LabLock(url: folder.lock, description: owner)
        } catch {
            switch error {
            case .held(let owner):
                throw .folderInUse(path: folder.url.path, owner: owner)
            case .cannotOpen(let path, let code):
                throw .folder(path: path, reason: String(cString: strerror(code)))
            }
        }
        log = AppLog(url: folder.log)
        sandbox = try Self.openSandbox(folder, log: log)
        mailLog = MailLogWriter(mailLog: MailLog(sandbox: sandbox))
        credentials = LiveSASLStore(store: SASLStore(sandbox: sandbox))

        do {
            journal = try EventJournal(url: folder.journal)
        } catch {
            throw .journal(path: folder.journal.path, reason: "\(error)")
        }
        let previous = (try? EventJournal.read(url: folder.journal)) ?? []
        let log = self.log
        bus = EventBus(
            journal: journal,
            onJournalError: { error in
                log.error("journal", "append failed", ["error": "\(error)"])
            })

        let initial: PostfixRuntimeConfiguration
        do {
            initial = try PostfixRuntimeConfiguration.load(from: sandbox)
        } catch {
            throw .configuration(error.message())
        }
        loaded = ConfigurationBox(initial)
        server = MailServer(
            configuration: MailServer.Configuration(
                firstConnectionID: Self.largestConnectionID(in: previous) + 1))
        do {
            try server.start()
            smtpListener = try server.listen(
                Self.smtpConfiguration(
                    port: smtpPort ?? 0, sandbox: sandbox, loaded: loaded, log: log, bus: bus,
                    mailLog: mailLog),
                settings: Self.sessionSettings(
                    initial, credentials: credentials, sandbox: sandbox, tlsContexts: tlsContexts))
        } catch {
            server.stop()
            throw .server(port: smtpPort ?? 0, reason: "\(error)")
        }
        writeMailLog(
            "daemon started -- version 2.5.5, configuration /usr/local/etc/postfix",
            program: "postfix/master")
        initial.warnings.forEach { writeMailLog($0, program: "postfix/smtpd") }
        log.info("runtime", "servers started", ["smtp": "\(smtp.port)", "folder": folder.url.path])
        services = RuntimeServices(runtime: self)
    }

    /// Whether the SMTP listener accepts connections: false between a `postfix stop` and the
    /// next start.
    var isSMTPRunning: Bool {
        listenerLock.lock()
        defer { listenerLock.unlock() }
        return smtpRunning
    }

    /// Stops the SMTP listener, as `postfix stop` ends the master and its daemons.
    func stopSMTP() {
        listenerLock.lock()
        let listener = smtpListener
        let wasRunning = smtpRunning
        smtpRunning = false
        listenerLock.unlock()
        guard wasRunning else { return }
        listener.stop()
        writeMailLog("terminating on signal 15", program: "postfix/master")
        log.info("runtime", "smtp stopped", ["port": "\(listener.port)"])
    }

    /// Reads the configuration and listens again on the same real port, as `postfix start`
    /// does after a stop. A `main.cf` Postfix would refuse throws, and nothing listens.
    func startSMTP() throws(RuntimeError) {
        guard !isSMTPRunning else { return }
        let fresh: PostfixRuntimeConfiguration
        do {
            fresh = try PostfixRuntimeConfiguration.load(from: sandbox)
        } catch {
            throw .configuration(error.message())
        }
        loaded.value = fresh
        let port = smtp.port
        do {
            let listener = try server.listen(
                Self.smtpConfiguration(
                    port: port, sandbox: sandbox, loaded: loaded, log: log, bus: bus,
                    mailLog: mailLog),
                settings: Self.sessionSettings(
                    fresh, credentials: credentials, sandbox: sandbox, tlsContexts: tlsContexts))
            listenerLock.lock()
            smtpListener = listener
            smtpRunning = true
            listenerLock.unlock()
        } catch {
            log.error("runtime", "smtp start failed", ["port": "\(port)", "error": "\(error)"])
            throw .server(port: port, reason: "\(error)")
        }
        writeMailLog(
            "daemon started -- version 2.5.5, configuration /usr/local/etc/postfix",
            program: "postfix/master")
        fresh.warnings.forEach { writeMailLog($0, program: "postfix/smtpd") }
        bus.publish(.serviceStarted(service: .smtp, port: port), origin: .lab)
        log.info("runtime", "smtp started", ["port": "\(port)"])
    }

    /// Waits until the mail log lines written so far are on disk, so that a command after
    /// `postfix reload` reads them in `/var/log/maillog`.
    func flushMailLog() {
        mailLog.flush()
    }

    private static func smtpConfiguration(
        port: Int, sandbox: Sandbox, loaded: ConfigurationBox, log: AppLog, bus: EventBus,
        mailLog: MailLogWriter
    ) -> MailListener.Configuration {
        MailListener.Configuration(
            service: .smtp, port: port, delivery: delivery(sandbox, loaded, log), events: bus,
            log: { line in mailLog.append(line) })
    }

    /// The configuration the SMTP server runs with.
    var configuration: PostfixRuntimeConfiguration { loaded.value }

    /// The lab's well-known ports mapped to the real ones, which `telnet localhost 25` uses.
    var portMap: [Int: Int] { [25: smtp.port] }

    /// Re-reads `main.cf` and `smtpd.conf`. Connections opened afterwards use them, as after
    /// `postfix reload`. A `main.cf` Postfix would refuse keeps the old settings running.
    func reload() throws(MainCFError) {
        let fresh = try PostfixRuntimeConfiguration.load(from: sandbox)
        loaded.value = fresh
        smtp.reload(
            Self.sessionSettings(
                fresh, credentials: credentials, sandbox: sandbox, tlsContexts: tlsContexts))
        fresh.warnings.forEach { writeMailLog($0, program: "postfix/smtpd") }
        writeMailLog(
            "reload -- version 2.5.5, configuration /usr/local/etc/postfix",
            program: "postfix/master")
        bus.publish(.serviceReloaded(service: .smtp), origin: .lab)
    }

    func makeShell(_ id: ShellID, terminal: ShellTerminal, language: Language) -> LabShell {
        let shell = LabShell(
            terminal: terminal, sandbox: sandbox, events: bus, shellID: id, portMap: portMap,
            language: language == .ja ? .ja : .en,
            hostname: configuration.mainCF.value(
                of: "myhostname") ?? PostfixMainCF.labHostname)
        shell.services = services
        shell.isCommandAvailable = PortsDatabase(sandbox: sandbox).commandAvailability()
        return shell
    }

    func stop() {
        server.stop()
        bus.flush()
        writeMailLog("terminating on signal 15", program: "postfix/master")
        mailLog.flush()
        log.info("runtime", "servers stopped", ["folder": folder.url.path])
        journal.close()
    }

    private func writeMailLog(_ line: String, program: String) {
        mailLog.append(line, program: program)
    }

    private static func write(_ line: String, to mailLog: MailLogWriter) {
        // An empty line is the placeholder warning of a `.broken` TLS setup (see SMTPTLSSetup).
        guard !line.isEmpty else { return }
        mailLog.append(line)
    }

    private static func openSandbox(_ folder: LabFolder, log: AppLog) throws(RuntimeError)
        -> Sandbox
    {
        if FileManager.default.fileExists(atPath: folder.root.path) {
            return Sandbox(folder: folder)
        }
        guard let assets = LabSetup.defaultAssetsDirectory() else {
            throw .assetsNotFound
        }
        do {
            // A new lab is the machine before Part 1; `maillab prepare` plays earlier steps.
            let sandbox = try LabSetup.layFreshTree(in: folder, assets: assets)
            log.info("runtime", "laid a fresh sandbox", ["root": folder.root.path])
            return sandbox
        } catch {
            throw .folder(path: folder.root.path, reason: "\(error)")
        }
    }

    /// Builds what new SMTP connections get: the session with the settings of `main.cf`, and
    /// the TLS context loaded from the sandbox files it names. Postfix's warnings about those
    /// files go to the mail log at the first connection, as smtpd writes them.
    private static func sessionSettings(
        _ configuration: PostfixRuntimeConfiguration, credentials: LiveSASLStore,
        sandbox: Sandbox, tlsContexts: TLSContextCache
    ) -> SessionSettings {
        let tls = SMTPTLSSetup.load(configuration, sandbox: sandbox, cache: tlsContexts)
        var settings = configuration.smtpSettings
        settings.tls = tls.availability
        // Postfix exempts `smtpd_client_event_limit_exceptions` (by default $mynetworks, which
        // contains 127.0.0.0/8) from the per-client connection limit, and every lab client is
        // on loopback, so no limit applies.
        return SessionSettings(
            tls: tls.context, connectionLimit: nil, firstConnectionLogLines: tls.warnings
        ) { [settings] peer in
            let authenticator = SASLAuthenticator(
                configuration: configuration.saslConfiguration, store: credentials,
                environment: SASLEnvironment(hostname: settings.myhostname))
            return SMTPSession(
                settings: settings, peer: peer, authenticator: authenticator, now: { Date() },
                randomBytes: { SecureRandom.bytes(count: $0) },
                localRecipientExists: { configuration.localUsers[$0] != nil })
        }
    }

    private static func delivery(
        _ sandbox: Sandbox, _ configuration: ConfigurationBox, _ log: AppLog
    ) -> LabDelivery {
        let local = MaildirDelivery(
            addsDeliveryHeaders: true,
            onStored: { delivery, recipient, _ in
                log.info("delivery", "stored", ["queue_id": delivery.queueID, "to": recipient])
            },
            resolveMaildir: { address in
                guard let path = configuration.value.maildirPath(forRecipient: address),
                    let resolved = try? sandbox.resolve(path)
                else { return nil }
                return URL(fileURLWithPath: resolved.hostPath, isDirectory: true)
            })
        return LabDelivery(local: local, sandbox: sandbox, configuration: configuration)
    }

    private static func largestConnectionID(in events: [LabEvent]) -> Int {
        events.reduce(0) { largest, event in
            if case .connectionOpened(let id, _, _, _) = event.payload { return max(largest, id) }
            return largest
        }
    }
}

/// The configuration of the last start or reload, shared with the delivery of every connection.
final class ConfigurationBox: @unchecked Sendable {
    private let lock = NSLock()
    private var current: PostfixRuntimeConfiguration  // guarded by lock

    init(_ configuration: PostfixRuntimeConfiguration) {
        current = configuration
    }

    var value: PostfixRuntimeConfiguration {
        get {
            lock.lock()
            defer { lock.unlock() }
            return current
        }
        set {
            lock.lock()
            current = newValue
            lock.unlock()
        }
    }
}

/// A failure to open a lab folder, with a message in the learner's language.
enum RuntimeError: Error {
    case folder(path: String, reason: String)
    case folderInUse(path: String, owner: String)
    case journal(path: String, reason: String)
    case configuration(String)
    case server(port: Int, reason: String)
    case assetsNotFound

    func message(_ language: Language) -> String {
        switch (self, language) {
        case (.folder(let path, let reason), .en):
            return "cannot use the lab folder \(path): \(reason)"
        case (.folder(let path, let reason), .ja):
            return "ラボフォルダ \(path) を使えません: \(reason)"
        case (.folderInUse(let path, let owner), .en):
            return "the lab folder \(path) is in use by process \(owner); quit it first,"
                + " or give another folder with --lab-dir"
        case (.folderInUse(let path, let owner), .ja):
            return "ラボフォルダ \(path) はプロセス \(owner) が使用中です。そちらを終了するか、"
                + "--lab-dir で別のフォルダを指定してください"
        case (.journal(let path, let reason), .en):
            return "cannot open the event journal \(path): \(reason)"
        case (.journal(let path, let reason), .ja):
            return "イベントジャーナル \(path) を開けません: \(reason)"
        case (.configuration(let text), _):
            return text
        case (.server(let port, let reason), .en):
            return "cannot start the SMTP server on 127.0.0.1:\(port): \(reason)"
        case (.server(let port, let reason), .ja):
            return "SMTP サーバを 127.0.0.1:\(port) で起動できません: \(reason)。"
                + "--smtp-port で別のポート番号を指定するか、0 で空いているポートを使ってください"
        case (.assetsNotFound, .en):
            return "the Assets folder was not found; set MAILLAB_ASSETS to its path"
        case (.assetsNotFound, .ja):
            return "Assets フォルダが見つかりません。MAILLAB_ASSETS にそのパスを設定してください"
        }
    }
}
