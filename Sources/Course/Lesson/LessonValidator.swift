import Foundation

/// One thing `maillab lessons validate` reports about a lesson.
public struct LessonIssue: Equatable, Sendable, CustomStringConvertible {
    public enum Severity: String, Equatable, Sendable {
        /// The lesson cannot be taught as it is.
        case error
        /// Probably a mistake, but the lesson works.
        case warning
    }

    public enum Problem: Equatable, Sendable {
        case loadFailed(LessonLoadError)
        case noSteps
        case missingStepText(stepID: String, language: Language)
        case missingSolution(stepID: String)
        case unknownCheckID(stepID: String, checkID: String)
        case unknownCheckKind(checkID: String, kind: String)
        case missingParameter(checkID: String, name: String)
        case unknownParameter(checkID: String, name: String)
        case undefinedVariable(stepID: String, line: Int, name: String)
        case unusedCheck(checkID: String)
        case strayFile(String)
        /// The Japanese and English texts of a step list different commands to type.
        case commandsDiffer(stepID: String)
        /// A solution's `answer` line names a report question the lesson lacks.
        case unknownQuestion(stepID: String, questionID: String)
    }

    public var severity: Severity
    /// The file the issue is in, relative to the lesson folder.
    public var file: String
    public var line: Int?
    public var problem: Problem

    public var description: String { message(.en) }

    public func message(_ language: Language) -> String {
        let ja = language == .ja
        let place = line.map { "\(file):\($0)" } ?? file
        let label: String
        switch severity {
        case .error: label = ja ? "エラー" : "error"
        case .warning: label = ja ? "警告" : "warning"
        }
        let text: String
        switch problem {
        case .loadFailed(let error):
            return "\(label): " + error.message(language)
        case .noSteps:
            text =
                ja ? "手順が一つもありません。steps に追加してください。" : "the lesson has no steps. Add them to steps."
        case .missingStepText(let step, let textLanguage):
            let japaneseName = ja ? "日本語" : "Japanese"
            let englishName = ja ? "英語" : "English"
            let name = textLanguage == .ja ? japaneseName : englishName
            text =
                ja
                ? "手順 \(step) の\(name)の本文がありません。このファイルを書いてください。"
                : "step \(step) has no \(name) text. Write this file."
        case .missingSolution(let step):
            text =
                ja
                ? "手順 \(step) の模範解答がありません。このファイルを書いてください。"
                : "step \(step) has no reference solution. Write this file."
        case .unknownCheckID(let step, let check):
            text =
                ja
                ? "手順 \(step) のチェック \"\(check)\" が checks.json にありません。id を直すか定義してください。"
                : "step \(step) lists the check \"\(check)\", which checks.json does not define. "
                    + "Fix the id or define the check."
        case .unknownCheckKind(let check, let kind):
            let known = (CheckKind.allCases.map(\.rawValue) + TLSCheckKind.allCases.map(\.rawValue))
                .joined(separator: ", ")
            text =
                ja
                ? "チェック \(check) の kind \"\(kind)\" は使えません。使えるのは \(known) です。"
                : "check \(check) has the unknown kind \"\(kind)\". The known kinds are \(known)."
        case .missingParameter(let check, let name):
            text =
                ja
                ? "チェック \(check) に parameters.\(name) がありません。追加してください。"
                : "check \(check) needs parameters.\(name). Add it."
        case .unknownParameter(let check, let name):
            text =
                ja
                ? "チェック \(check) の parameters.\(name) はこの kind では使われません (綴りの誤り?)。"
                : "check \(check) sets parameters.\(name), which its kind does not read (a typo?)."
        case .undefinedVariable(let step, _, let name):
            text =
                ja
                ? "手順 \(step) の解答が未定義の変数 ${\(name)} を使っています。set か -> で先に定義してください。"
                : "the solution of step \(step) uses ${\(name)} before it is defined. "
                    + "Define it earlier with set or ->."
        case .unusedCheck(let check):
            text =
                ja
                ? "チェック \(check) はどの手順にも使われていません。"
                : "no step lists the check \(check)."
        case .commandsDiffer(let step):
            text =
                ja
                ? "手順 \(step) の日本語と英語の本文で、打つコマンドが違います。揃えてください。"
                : "the Japanese and English texts of step \(step) list different commands. "
                    + "Make them match."
        case .unknownQuestion(let step, let question):
            text =
                ja
                ? "手順 \(step) の解答がレポートの問い \"\(question)\" に答えていますが、lesson.json の "
                    + "reportQuestions にありません。"
                : "the solution of step \(step) answers the report question \"\(question)\", which "
                    + "reportQuestions in lesson.json does not define."
        case .strayFile(let name):
            text =
                ja
                ? "\(name) はどの手順にも対応しません。手順の id と名前を揃えてください。"
                : "\(name) belongs to no step. Name it after a step id."
        }
        return "\(place): \(label): \(text)"
    }
}

/// Checks that a lesson is complete: every step has its Japanese and English text and a
/// solution, every check id a step lists exists, and every check kind and parameter is known.
public enum LessonValidator {
    /// Loads and checks the lesson in `folder`; a load failure is the only issue then.
    public static func validate(folder: URL) -> [LessonIssue] {
        let lesson: Lesson
        do {
            lesson = try LessonLoader.load(folder: folder)
        } catch {
            return [LessonIssue(severity: .error, file: error.file, problem: .loadFailed(error))]
        }
        return validate(lesson) + strayFiles(in: folder, lesson: lesson)
    }

    /// Checks a loaded lesson.
    public static func validate(_ lesson: Lesson) -> [LessonIssue] {
        var issues: [LessonIssue] = []
        if lesson.steps.isEmpty {
            issues.append(LessonIssue(severity: .error, file: "lesson.json", problem: .noSteps))
        }
        var defined = Set<String>()
        for step in lesson.steps {
            issues += stepIssues(step, lesson: lesson, definedVariables: &defined)
        }
        let listed = Set(lesson.steps.flatMap(\.checkIDs))
        for check in lesson.checks {
            issues += checkIssues(check)
            if !listed.contains(check.id) {
                issues.append(
                    LessonIssue(
                        severity: .warning, file: "checks.json",
                        problem: .unusedCheck(checkID: check.id)))
            }
        }
        return issues
    }

    /// Whether `issues` contains an error, which makes `lessons validate` fail.
    public static func hasErrors(_ issues: [LessonIssue]) -> Bool {
        issues.contains { $0.severity == .error }
    }

    private static func stepIssues(
        _ step: LessonStep, lesson: Lesson, definedVariables: inout Set<String>
    ) -> [LessonIssue] {
        var issues: [LessonIssue] = []
        for language in Language.allCases {
            let text = step.text(language)
            if text == nil || text!.allSatisfy(\.isWhitespace) {
                issues.append(
                    LessonIssue(
                        severity: .error, file: "steps/\(step.id).\(language.rawValue).md",
                        problem: .missingStepText(stepID: step.id, language: language)))
            }
        }
        if let japanese = step.textJa, let english = step.textEn,
            StepText.commands(japanese) != StepText.commands(english)
        {
            issues.append(
                LessonIssue(
                    severity: .warning, file: "steps/\(step.id).ja.md",
                    problem: .commandsDiffer(stepID: step.id)))
        }
        for checkID in step.checkIDs where lesson.check(id: checkID) == nil {
            issues.append(
                LessonIssue(
                    severity: .error, file: "lesson.json",
                    problem: .unknownCheckID(stepID: step.id, checkID: checkID)))
        }
        let solutionFile = "solutions/\(step.id).txt"
        guard let solution = step.solution, !solution.lines.isEmpty else {
            issues.append(
                LessonIssue(
                    severity: .error, file: solutionFile,
                    problem: .missingSolution(stepID: step.id)))
            return issues
        }
        // Variables carry over from step to step because the runner plays the solutions of a
        // lesson in order on one lab.
        for line in solution.lines {
            for name in referencedVariables(line.action) where !definedVariables.contains(name) {
                issues.append(
                    LessonIssue(
                        severity: .error, file: solutionFile, line: line.number,
                        problem: .undefinedVariable(
                            stepID: step.id, line: line.number, name: name)))
            }
            definedVariables.formUnion(SolutionScript(lines: [line]).definedVariables)
            if case .answer(let question, _) = line.action,
                !lesson.reportQuestions.contains(where: { $0.id == question })
            {
                issues.append(
                    LessonIssue(
                        severity: .error, file: solutionFile, line: line.number,
                        problem: .unknownQuestion(stepID: step.id, questionID: question)))
            }
        }
        return issues
    }

    private static func referencedVariables(_ action: SolutionAction) -> [String] {
        switch action {
        case .type(_, let text), .set(_, let text), .answer(_, let text):
            SolutionScript.referencedVariables(in: text)
        case .expect(_, let pattern, _): SolutionScript.referencedVariables(in: pattern)
        case .press: []
        }
    }

    private static func checkIssues(_ check: CheckDefinition) -> [LessonIssue] {
        if let kind = TLSCheckKind(rawValue: check.kind) { return kind.issues(check) }
        guard let kind = CheckKind(rawValue: check.kind) else {
            return [
                LessonIssue(
                    severity: .error, file: "checks.json",
                    problem: .unknownCheckKind(checkID: check.id, kind: check.kind))
            ]
        }
        var issues: [LessonIssue] = []
        for name in kind.requiredParameters where check.parameters[name] == nil {
            issues.append(
                LessonIssue(
                    severity: .error, file: "checks.json",
                    problem: .missingParameter(checkID: check.id, name: name)))
        }
        let known = Set(kind.requiredParameters + kind.optionalParameters)
        for name in check.parameters.keys.sorted() where !known.contains(name) {
            issues.append(
                LessonIssue(
                    severity: .warning, file: "checks.json",
                    problem: .unknownParameter(checkID: check.id, name: name)))
        }
        return issues
    }

    private static func strayFiles(in folder: URL, lesson: Lesson) -> [LessonIssue] {
        let stepIDs = Set(lesson.steps.map(\.id))
        var issues: [LessonIssue] = []
        let expected: [(folder: String, suffixes: [String])] = [
            ("steps", [".ja.md", ".en.md"]), ("solutions", [".txt"]),
        ]
        for (subfolder, suffixes) in expected {
            let url = folder.appendingPathComponent(subfolder, isDirectory: true)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for name in names.sorted() where !name.hasPrefix(".") {
                let belongs = suffixes.contains { suffix in
                    name.hasSuffix(suffix) && stepIDs.contains(String(name.dropLast(suffix.count)))
                }
                if !belongs {
                    issues.append(
                        LessonIssue(
                            severity: .warning, file: "\(subfolder)/\(name)",
                            problem: .strayFile("\(subfolder)/\(name)")))
                }
            }
        }
        return issues
    }
}
