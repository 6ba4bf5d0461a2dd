import Course
import Dispatch
import Foundation
import Glibc
import LabShell
import LabSystem
import MailProtocol
import MailServer

/// The subcommands. Each returns the process's exit status.
enum Commands {
    static let version = "maillab 0.1.0"

    static func run(_ invocation: Invocation, environment: [String: String]) -> Int32 {
        let language = invocation.language ?? Language.fromEnvironment(environment)
        let folder =
            invocation.labDirectory.map {
                LabFolder(url: URL(fileURLWithPath: $0, isDirectory: true).standardizedFileURL)
            } ?? LabFolder.defaultFolder(lessonID: invocation.lessonID, environment: environment)

        switch invocation.command {
        case .help:
            print(HelpText.usage(language), terminator: "")
            return 0
        case .version:
            print(version)
            return 0
        case .serve:
            return serve(folder, invocation, language)
        case .shell:
            return shell(folder, invocation, language)
        case .check:
            return check(folder, invocation, language)
        case .report(let format, let output):
            return report(folder, invocation, language, format: format, output: output)
        case .reset:
            return reset(folder, language)
        case .lessons(let validatePath):
            return lessons(validatePath, language)
        case .prepare(let through):
            return prepare(folder, invocation, language, through: through)
        case .tui:
            return TUIApp.run(folder: folder, invocation: invocation, language: language)
        }
    }

    static func fail(_ message: String) -> Int32 {
        FileHandle.standardError.write(Data("maillab: \(message)\n".utf8))
        return 1
    }

    static func openRuntime(
        _ folder: LabFolder, _ invocation: Invocation, _ language: Language,
        owner: String
    ) -> LabRuntime? {
        do {
            return try LabRuntime(folder: folder, smtpPort: invocation.smtpPort, owner: owner)
        } catch {
            _ = fail(error.message(language))
            return nil
        }
    }

    /// Runs the servers until SIGINT or SIGTERM.
    static func serve(_ folder: LabFolder, _ invocation: Invocation, _ language: Language)
        -> Int32
    {
        guard let runtime = openRuntime(folder, invocation, language, owner: "maillab serve")
        else { return 1 }
        let started = [
            language == .ja
                ? "maillab: サーバを起動しました (\(folder.url.path))"
                : "maillab: servers running for \(folder.url.path)",
            "SMTP  127.0.0.1:\(runtime.smtp.port)",
            language == .ja ? "Ctrl-C で終了します。" : "Press Ctrl-C to stop.",
        ]
        // Written at once, unbuffered: scripts wait for the port line.
        FileHandle.standardOutput.write(Data((started.joined(separator: "\n") + "\n").utf8))

        // main.swift blocked these signals before any thread started, so every thread
        // inherited the mask and they wait here until taken.
        var stopSignals = Self.stopSignalSet()
        var received: Int32 = 0
        sigwait(&stopSignals, &received)
        runtime.log.info("serve", "stopping", ["signal": "\(received)"])
        runtime.stop()
        return 0
    }

    /// SIGINT, SIGTERM and SIGHUP: the signals that stop `maillab serve`.
    static func stopSignalSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] { sigaddset(&set, signalNumber) }
        return set
    }

    /// Runs one lab shell on standard input with the servers in the same process.
    static func shell(_ folder: LabFolder, _ invocation: Invocation, _ language: Language)
        -> Int32
    {
        guard let runtime = openRuntime(folder, invocation, language, owner: "maillab shell")
        else { return 1 }
        let shell = runtime.makeShell(.a, terminal: StandardTerminal(), language: language)
        shell.run()
        runtime.stop()
        return 0
    }

    static func loadLesson(_ id: String, _ language: Language) -> Lesson? {
        guard let root = Resources.lessons else {
            _ = fail(
                language == .ja
                    ? "Lessons フォルダが見つかりません。MAILLAB_LESSONS にそのパスを設定してください"
                    : "the Lessons folder was not found; set MAILLAB_LESSONS to its path")
            return nil
        }
        do {
            return try LessonLoader.load(folder: root.appendingPathComponent(id))
        } catch {
            _ = fail(error.message(language.course))
            return nil
        }
    }

    /// Grades the journal and prints each check. Returns 1 when any check has not passed.
    static func check(_ folder: LabFolder, _ invocation: Invocation, _ language: Language)
        -> Int32
    {
        guard let lesson = loadLesson(invocation.lessonID, language) else { return 1 }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.url.path, isDirectory: &isDirectory),
            !isDirectory.boolValue
        {
            return fail(
                RuntimeError.folder(path: folder.url.path, reason: "it is a file, not a folder")
                    .message(language))
        }
        let results = LabPreparation.grade(lesson, folder: folder)
        var allPassed = true
        for result in results {
            guard let check = lesson.check(id: result.checkID) else { continue }
            let mark: String
            switch result.state {
            case .passed: mark = "PASS"
            case .failed: mark = "FAIL"
            case .notYet: mark = "TODO"
            }
            if result.state != .passed { allPassed = false }
            print("\(mark)  \(check.id)  \(check.title.text(language.course))")
            print("      \(result.reason.text(language.course))")
        }
        return allPassed ? 0 : 1
    }

    static func report(
        _ folder: LabFolder, _ invocation: Invocation, _ language: Language, format: String,
        output: String?
    ) -> Int32 {
        guard let lesson = loadLesson(invocation.lessonID, language) else { return 1 }
        let events = (try? EventJournal.read(url: folder.journal)) ?? []
        do {
            let progress =
                try ProgressStore.load(from: folder)
                ?? LessonProgress(
                    starting: lesson, at: Date())
            let fields = try ReportFieldsStore.load(from: folder)
            let facts = SandboxFacts(
                values: TLSFacts.values(sandbox: Sandbox(folder: folder), lesson: lesson))
            let results = CheckEngine.evaluate(
                lesson: lesson, events: events, now: Date(),
                facts: SandboxFacts.gather(folder: folder, lesson: lesson),
                previous: progress.results)
            let report = ReportBuilder.build(
                lesson: lesson, results: results, hintsUsed: progress.hintsUsed, fields: fields,
                language: language.course, generatedAt: Date())
            let data = report.rendered(ReportFormat(rawValue: format) ?? .markdown)
            guard let output else {
                FileHandle.standardOutput.write(data)
                return 0
            }
            let target = URL(fileURLWithPath: output)
            var isDirectory: ObjCBool = false
            let parent = target.deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory),
                isDirectory.boolValue
            else {
                return fail(
                    language == .ja
                        ? "フォルダ \(parent) がありません。既存のフォルダを -o に指定してください"
                        : "the folder \(parent) does not exist; give -o a path in an existing folder"
                )
            }
            try AtomicFile.write(data, to: target)
            return 0
        } catch {
            return fail(error.message(language.course))
        }
    }

    /// Moves the lab folder aside and lays a fresh one.
    static func reset(_ folder: LabFolder, _ language: Language) -> Int32 {
        guard FileManager.default.fileExists(atPath: folder.url.path) else { return 0 }
        do {
            let lock = try LabLock(url: folder.lock, description: "maillab reset")
            let stamp = Int(Date().timeIntervalSince1970)
            let backup = folder.url.deletingLastPathComponent()
                .appendingPathComponent("\(folder.url.lastPathComponent).before-reset-\(stamp)")
            try FileManager.default.moveItem(at: folder.url, to: backup)
            withExtendedLifetime(lock) {}
            print(
                language == .ja
                    ? "ラボフォルダを \(backup.path) に移しました。次の起動で新しいラボが作られます。"
                    : "moved the lab folder to \(backup.path); the next start lays a fresh lab")
            return 0
        } catch LabLock.Failure.held(let owner) {
            return fail(
                RuntimeError.folderInUse(path: folder.url.path, owner: owner)
                    .message(language))
        } catch {
            return fail("\(folder.url.path): \(error)")
        }
    }

    static func lessons(_ validatePath: String?, _ language: Language) -> Int32 {
        guard let root = Resources.lessons else { return fail("Lessons folder not found") }
        guard let validatePath else {
            for url in LessonLoader.lessonFolders(in: root) {
                if let lesson = try? LessonLoader.load(folder: url) {
                    print("\(lesson.id)  \(lesson.title.text(language.course))")
                } else {
                    print("\(url.lastPathComponent)  (invalid: run 'maillab lessons validate')")
                }
            }
            return 0
        }
        let folders =
            validatePath.isEmpty
            ? LessonLoader.lessonFolders(in: root) : [URL(fileURLWithPath: validatePath)]
        var failed = false
        for url in folders {
            let issues = LessonValidator.validate(folder: url)
            issues.forEach { print($0.message(language.course)) }
            if LessonValidator.hasErrors(issues) { failed = true }
            print(
                "\(url.lastPathComponent): \(LessonValidator.hasErrors(issues) ? "invalid" : "valid")"
            )
        }
        return failed ? 1 : 0
    }
}

extension Language {
    var course: Course.Language { self == .ja ? .ja : .en }
}
