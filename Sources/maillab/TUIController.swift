import Course
import CursesTerminal
import Dispatch
import Foundation
import LabShell
import LabUI
import MailProtocol
import MailServer

/// Connects the pure UI to the lab: runs the two lab shells on their own threads, grades the
/// journal on every event, keeps the progress file, and performs the UI's effects. Everything
/// slow runs on `queue` and reaches the UI as a message through the inbox.
final class TUIController: @unchecked Sendable {
    let lesson: Lesson
    let runtime: LabRuntime
    let inbox: TerminalInbox
    let language: Language

    private let panes: [MailProtocol.ShellID: PaneTerminal]
    private let modal: ModalRequests
    private let wire: WireMonitor
    private var wireTap: WireTapID?
    /// Whether the last effect performed was `.saveFile`; touched only on the UI thread.
    private var lastEffectWasSave = false
    private let queue = DispatchQueue(label: "maillab.tui")
    // The properties below are touched only on `queue`.
    private var progress: LessonProgress
    private var events: [LabEvent]
    private var evaluationPending = false
    private var hintShown = false
    private var subscription: EventSubscription?
    private var preparing = false

    init(
        lesson: Lesson, runtime: LabRuntime, inbox: TerminalInbox, language: Language,
        startStep: String? = nil
    ) {
        self.lesson = lesson
        self.runtime = runtime
        self.inbox = inbox
        self.language = language
        let stored = try? ProgressStore.load(from: runtime.folder)
        var progress = (stored ?? nil) ?? LessonProgress(starting: lesson, at: Date())
        if let startStep, lesson.step(id: startStep) != nil {
            progress.currentStepID = startStep
        }
        if lesson.step(id: progress.currentStepID) == nil {
            progress.currentStepID = lesson.steps.first?.id ?? ""
        }
        self.progress = progress
        events = (try? EventJournal.read(url: runtime.folder.journal)) ?? []

        let modal = ModalRequests(
            sandbox: runtime.sandbox, bus: runtime.bus, inbox: inbox, language: language,
            log: runtime.log)
        self.modal = modal
        wire = WireMonitor(inbox: inbox, language: language)
        var panes: [MailProtocol.ShellID: PaneTerminal] = [:]
        for id in MailProtocol.ShellID.allCases {
            let uiID = id.ui
            panes[id] = PaneTerminal(
                onOutput: { [inbox] text in inbox.post(.shellOutput(uiID, text)) },
                onLineRequest: { [inbox] prompt, echo in
                    inbox.post(.shellWantsLine(uiID, prompt: prompt, echo: echo))
                },
                onEdit: { [inbox] request in
                    modal.edit(request, shell: id) { inbox.post(.shellOutput(uiID, $0)) }
                },
                onChooseOptions: { dialog in modal.chooseOptions(dialog) })
        }
        self.panes = panes
    }

    /// The first state: the current step, the ports, the saved report fields.
    func initialState(width: Int, height: Int) -> AppState {
        var state = AppState(language: language.ui, width: width, height: height)
        _ = LabUI.update(&state, .lessonChanged(lessonView(results: evaluate())))
        _ = LabUI.update(&state, .statusChanged(statusView()))
        _ = LabUI.update(&state, .reportFieldsLoaded(loadReportFields()))
        return state
    }

    /// Starts the shells and the grading of new events.
    func start() {
        wireTap = runtime.server.addWireTap { [wire] chunk in wire.receive(chunk) }
        subscription = runtime.bus.subscribe { [weak self] event in
            guard let self else { return }
            wire.observe(event)
            queue.async {
                if event.sequence > (self.events.last?.sequence ?? 0) {
                    self.events.append(event)
                }
                self.scheduleEvaluation()
            }
        }
        // Events published between reading the journal in init and subscribing above reach
        // neither; read the journal again now that the subscription catches the rest.
        queue.async { [runtime] in
            let journaled = (try? EventJournal.read(url: runtime.folder.journal)) ?? []
            let known = Set(self.events.map(\.sequence))
            let missing = journaled.filter { !known.contains($0.sequence) }
            if !missing.isEmpty {
                self.events = (self.events + missing).sorted { $0.sequence < $1.sequence }
                self.scheduleEvaluation()
            }
        }
        for (id, terminal) in panes {
            let thread = Thread { [runtime, language] in
                // `exit` ends a shell as it closes a terminal; a new one takes its place.
                while true {
                    let shell = runtime.makeShell(id, terminal: terminal, language: language)
                    shell.run()
                    terminal.write(
                        language == .ja ? "[新しいシェルを起動しました]\n" : "[new shell started]\n")
                }
            }
            thread.name = "maillab.shell-\(id.rawValue)"
            thread.stackSize = 4 << 20
            thread.start()
        }
    }

    func stop() {
        if let subscription { runtime.bus.unsubscribe(subscription) }
        if let wireTap { runtime.server.removeWireTap(wireTap) }
        queue.sync { saveProgress() }
    }

    func perform(_ effect: Effect) {
        let afterSave = lastEffectWasSave
        lastEffectWasSave = false
        switch effect {
        case .submitLine(let id, let line):
            panes[id.lab]?.submit(line)
        case .sendEscape(let id):
            panes[id.lab]?.submit("\u{1D}")
        case .interrupt(let id):
            panes[id.lab]?.interrupt()
        case .goToStep(let delta):
            queue.async { self.moveStep(by: delta) }
        case .prepareEarlierSteps:
            queue.async { self.prepareEarlierSteps() }
        case .runChecks:
            queue.async { self.publishLesson(notice: true) }
        case .showHint:
            queue.async { self.showHint() }
        case .toggleWire(let shell):
            wire.toggle(shell?.lab)
        case .saveReportFields(let fields):
            queue.async { self.saveReportFields(fields, export: false) }
        case .exportReport(let fields):
            queue.async { self.saveReportFields(fields, export: true) }
        case .saveFile(let path, let text):
            lastEffectWasSave = true
            modal.save(path: path, text: text)
        case .editorClosed(let path, _):
            modal.editorClosed(path: path, afterSave: afterSave)
        case .optionsChosen(let chosen):
            modal.optionsChosen(chosen)
        case .quit:
            break
        }
    }

    // MARK: - Grading and the lesson pane (on `queue`)

    private func scheduleEvaluation() {
        guard !evaluationPending else { return }
        evaluationPending = true
        // Events come in bursts (a reply and its log line); grading once per burst is enough.
        queue.asyncAfter(deadline: .now() + .milliseconds(30)) {
            self.evaluationPending = false
            self.publishLesson(notice: false)
        }
    }

    private func evaluate() -> [CheckResult] {
        let facts = SandboxFacts(values: TLSFacts.values(sandbox: runtime.sandbox, lesson: lesson))
        let results = CheckEngine.evaluate(
            lesson: lesson, events: events, now: Date(),
            facts: SandboxFacts.gather(folder: runtime.folder, lesson: lesson),
            previous: progress.results)
        let newlyPassed = results.filter { result in
            result.state == .passed && progress.result(checkID: result.checkID)?.state != .passed
        }
        progress.update(results: results, at: Date())
        if !newlyPassed.isEmpty { saveProgress() }
        return results
    }

    private func publishLesson(notice: Bool) {
        let results = evaluate()
        inbox.post(.lessonChanged(lessonView(results: results)))
        if notice {
            let passed = results.filter { $0.state == .passed }.count
            inbox.post(
                .notice(
                    language == .ja
                        ? "チェックを実行しました: \(passed)/\(results.count) 合格"
                        : "checks run: \(passed) of \(results.count) passed"))
        }
    }

    private func moveStep(by delta: Int) {
        guard let index = lesson.steps.firstIndex(where: { $0.id == progress.currentStepID })
        else { return }
        let target = min(max(index + delta, 0), lesson.steps.count - 1)
        guard target != index else { return }
        progress.currentStepID = lesson.steps[target].id
        hintShown = false
        saveProgress()
        inbox.post(.lessonChanged(lessonView(results: evaluate())))
    }

    /// Plays the solutions of the earlier steps that are not done, on a thread of its own so
    /// that grading goes on meanwhile, then shows the current step again.
    private func prepareEarlierSteps() {
        guard !preparing else { return }
        let results = evaluate()
        let steps = LabPreparation.stepsToPlay(
            before: progress.currentStepID, in: lesson, results: results)
        guard !steps.isEmpty else {
            inbox.post(
                .notice(language == .ja ? "前の手順はすべて済んでいます" : "the earlier steps are all done"))
            return
        }
        preparing = true
        let list = steps.map(\.id).joined(separator: " ")
        inbox.post(
            .notice(language == .ja ? "模範解答を再生しています: \(list)" : "playing the solutions of \(list)"))
        let thread = Thread { [self] in
            var notice =
                language == .ja
                ? "手順 \(list) を済ませた状態にしました" : "laid the lab as steps \(list) leave it"
            do {
                try LabPreparation.play(steps, lesson: lesson, runtime: runtime, language: language)
            } catch let failure as SolutionPlayer.Failure {
                notice = failure.message(language)
            } catch {
                notice = "\(error)"
            }
            let finalNotice = notice
            queue.async {
                self.preparing = false
                self.publishLesson(notice: false)
                self.inbox.post(.notice(finalNotice))
            }
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func showHint() {
        guard let step = lesson.step(id: progress.currentStepID) else { return }
        let results = evaluate()
        for id in step.checkIDs where results.first(where: { $0.checkID == id })?.state != .passed {
            progress.recordHint(checkID: id, at: Date())
        }
        hintShown = true
        saveProgress()
        inbox.post(.lessonChanged(lessonView(results: results)))
        let hasHint = step.checkIDs.contains { id in
            results.first { $0.checkID == id }?.state != .passed
        }
        inbox.post(
            .notice(
                language == .ja
                    ? (hasHint ? "ヒントをチェックの下に表示しました" : "この手順にはヒントがありません")
                    : (hasHint ? "hint shown below the checks" : "this step has no hint to show")))
    }

    private func lessonView(results: [CheckResult]) -> LessonView {
        let course = language.course
        guard let step = lesson.step(id: progress.currentStepID),
            let index = lesson.steps.firstIndex(where: { $0.id == step.id })
        else { return LessonView(lessonTitle: lesson.title.text(course)) }

        let text =
            preparationOffer(step: step, results: results)
            + StepTextLayout.lines(step.text(course) ?? "")
        let checks = CheckEngine.results(for: step, in: results).compactMap {
            result -> CheckView? in
            guard let check = lesson.check(id: result.checkID) else { return nil }
            let state: LabUI.CheckState
            switch result.state {
            case .passed: state = .passed
            case .failed: state = .failed
            case .notYet: state = .pending
            }
            return CheckView(
                state: state, title: check.title.text(course), reason: result.reason.text(course))
        }
        var hint: [String] = []
        if hintShown {
            for id in step.checkIDs {
                guard let check = lesson.check(id: id) else { continue }
                let result = results.first { $0.checkID == id }
                guard result?.state != .passed else { continue }
                hint += CheckHint.text(for: check, result: result).text(course)
                    .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            }
        }
        return LessonView(
            lessonTitle: "\(language == .ja ? "第\(lesson.number)回" : "Lesson \(lesson.number)")",
            stepNumber: step.id, stepTitle: step.title.text(course), stepIndex: index + 1,
            stepCount: lesson.steps.count, text: text, checks: checks, hint: hint)
    }

    private func statusView() -> StatusView {
        StatusView(servers: [ServerPort(name: "SMTP", port: runtime.smtp.port)])
    }

    private func saveProgress() {
        do {
            try ProgressStore.save(progress, to: runtime.folder)
        } catch {
            runtime.log.error("progress", "save failed", ["error": error.message(.en)])
        }
    }

    // MARK: - The report

    private func loadReportFields() -> LabUI.ReportFields {
        let fields = (try? ReportFieldsStore.load(from: runtime.folder)) ?? Course.ReportFields()
        return LabUI.ReportFields(
            affiliation: fields.affiliation, studentNumber: fields.studentNumber,
            year: fields.year, name: fields.name, text: fields.freeText)
    }

    private func saveReportFields(_ fields: LabUI.ReportFields, export: Bool) {
        var stored = (try? ReportFieldsStore.load(from: runtime.folder)) ?? Course.ReportFields()
        // The form has one affiliation field; it keeps faculty and department together.
        stored.faculty = fields.affiliation
        stored.department = ""
        stored.studentNumber = fields.studentNumber
        stored.year = fields.year
        stored.name = fields.name
        stored.freeText = fields.text
        do {
            try ReportFieldsStore.save(stored, to: runtime.folder)
            guard export else {
                inbox.post(.notice(language == .ja ? "レポートの項目を保存しました" : "report fields saved"))
                return
            }
            let report = ReportBuilder.build(
                lesson: lesson, results: evaluate(), hintsUsed: progress.hintsUsed,
                fields: stored, language: language.course, generatedAt: Date())
            var written: [String] = []
            for format in [ReportFormat.markdown, .html] {
                let url = runtime.folder.url.appendingPathComponent(
                    "report.\(format.fileExtension)")
                try AtomicFile.write(report.rendered(format), to: url)
                written.append(url.path)
            }
            runtime.log.info("report", "exported", ["files": written.joined(separator: ",")])
            inbox.post(
                .notice(
                    language == .ja
                        ? "レポートを書き出しました: \(written[0])" : "report written to \(written[0])"))
        } catch {
            inbox.post(.notice(error.message(language.course)))
        }
    }
}

extension MailProtocol.ShellID {
    var ui: LabUI.ShellID { self == .a ? .a : .b }
}

extension LabUI.ShellID {
    var lab: MailProtocol.ShellID { self == .a ? .a : .b }
}

extension Language {
    var ui: LabUI.Language { self == .ja ? .ja : .en }
}
