import Foundation
import LabSystem
import MailProtocol

extension CheckKind {
    /// The parameters of the configuration kinds, all required.
    var configurationParameters: [String] {
        switch self {
        case .postfixMainCFValue: ["name", "expected"]
        case .saslConfigValue: ["option", "expected"]
        case .shellCommandAfter: ["command", "after"]
        case .reportAnswer: ["question", "keywords"]
        case .portInstalled: ["name"]
        default: []
        }
    }
}

extension CheckEngine {
    /// Grades the configuration kinds from the sandbox facts and the journal's lab events.
    static func evaluateConfiguration(
        _ kind: CheckKind, check: CheckDefinition, events: [LabEvent], facts: SandboxFacts,
        now: Date
    ) -> Outcome {
        let parameter = { (name: String) in check.parameters[name] ?? "" }
        switch kind {
        case .postfixMainCFValue:
            return mainCFValue(name: parameter("name"), expected: parameter("expected"), facts)
                .stamped(now)
        case .saslConfigValue:
            return saslOption(parameter("option"), expected: parameter("expected"), facts)
                .stamped(now)
        case .saslUserInRealm:
            return userInRealm(facts).stamped(now)
        case .shellCommandAfter:
            return commandAfter(parameter("command"), after: parameter("after"), events)
        case .reportAnswer:
            return reportAnswer(parameter("question"), keywords: parameter("keywords"), facts)
                .stamped(now)
        case .postfixRunningMatchesFiles:
            return runningMatchesFiles(events, facts)
        case .portInstalled:
            return portInstalled(
                parameter("name"), option: check.parameters["option"], events, facts, now: now)
        default:
            return Outcome(state: .notYet, finding: .unknownKind(check.kind))
        }
    }

    static func passed(_ finding: ConfigurationFinding, at time: Date?) -> Outcome {
        Outcome(state: .passed, passedAt: time, finding: .configuration(finding))
    }

    static func failed(_ finding: ConfigurationFinding) -> Outcome {
        Outcome(state: .failed, finding: .configuration(finding))
    }

    static func notYet(_ finding: ConfigurationFinding) -> Outcome {
        Outcome(state: .notYet, finding: .configuration(finding))
    }

    // MARK: - main.cf

    private static func mainCFValue(
        name: String, expected: String, _ facts: SandboxFacts
    ) -> Outcome {
        if let problem = facts.mainCFProblem { return failed(.mainCFRefused(problem: problem)) }
        // Facts without a main.cf read it as Postfix reads an empty file: every default.
        let mainCF = facts.mainCF ?? PostfixMainCF()
        let value = mainCF.value(of: name)
        let expectedValue = expandReferences(in: expected, mainCF: mainCF)
        // The step asks for the line in the file, so a default that happens to be equal
        // (smtpd_sasl_path is smtpd by default) does not pass.
        let isSet = mainCF.explicitlySet.contains(name)
        if isSet, let value, sameValue(value, expectedValue) {
            return passed(.mainCFValueMatches(name: name, value: value), at: nil)
        }
        if let typed = nearMiss(for: name, in: mainCF) {
            return failed(
                .mainCFNearMiss(
                    name: name, expected: expected, typedName: typed.name, kind: typed.kind))
        }
        let finding = ConfigurationFinding.mainCFValueDiffers(
            name: name, expected: expected, value: value, isSet: isSet)
        return isSet ? failed(finding) : notYet(finding)
    }

    /// Compares two `main.cf` values word by word, commas and blanks separating the words.
    /// `yes` and `no` compare without regard to case, as Postfix reads booleans.
    static func sameValue(_ value: String, _ expected: String) -> Bool {
        let words = { (text: String) in
            text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
        }
        let expectedWords = words(expected)
        if expectedWords.count == 1, ["yes", "no"].contains(expectedWords[0].lowercased()) {
            return words(value).map { $0.lowercased() } == [expectedWords[0].lowercased()]
        }
        return words(value) == expectedWords
    }

    /// Replaces `$name` and `${name}` in an expected value with the file's expanded values, so
    /// that `$myhostname` and `lab.example.jp` count as the same setting.
    static func expandReferences(in text: String, mainCF: PostfixMainCF) -> String {
        guard text.contains("$") else { return text }
        var result = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            result += rest[..<dollar]
            var afterDollar = rest[rest.index(after: dollar)...]
            let braced = afterDollar.first == "{"
            if braced { afterDollar = afterDollar.dropFirst() }
            let name = afterDollar.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" })
            guard !name.isEmpty else {
                result += "$"
                rest = rest[rest.index(after: dollar)...]
                continue
            }
            result += mainCF.value(of: String(name)) ?? ""
            rest = afterDollar.dropFirst(name.count)
            if braced, rest.first == "}" { rest = rest.dropFirst() }
        }
        return result + rest
    }

    /// Finds a name the file sets in place of `name`: its `smtp_` twin, or an unknown name at
    /// most two edits away.
    static func nearMiss(
        for name: String, in mainCF: PostfixMainCF
    ) -> (name: String, kind: ConfigurationFinding.NearMiss)? {
        let set = mainCF.explicitlySet
        if name.hasPrefix("smtpd_") {
            let client = "smtp_" + name.dropFirst("smtpd_".count)
            if set.contains(client) { return (client, .clientParameter) }
        }
        let unknown = mainCF.unusedParameters.filter { $0 != name }
        if let typo = unknown.first(where: { editDistance($0, name, limit: 2) <= 2 }) {
            return (typo, .misspelt)
        }
        return nil
    }

    /// The Levenshtein distance of two names, or `limit + 1` once it exceeds `limit`.
    static func editDistance(_ first: String, _ second: String, limit: Int) -> Int {
        let a = Array(first.utf8)
        let b = Array(second.utf8)
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            if current.min()! > limit { return limit + 1 }
            previous = current
        }
        return min(previous[b.count], limit + 1)
    }

    // MARK: - smtpd.conf and sasldb

    private static func saslOption(
        _ option: String, expected: String, _ facts: SandboxFacts
    ) -> Outcome {
        let path = facts.saslConfigPath
        if let problem = facts.saslConfigProblem {
            return failed(.saslFileRejected(path: path, problem: problem))
        }
        guard let config = facts.saslConfig else { return notYet(.saslFileMissing(path: path)) }
        let value = config.value(of: option)
        let matches: Bool
        if option.lowercased() == "mech_list" {
            // Cyrus SASL compares mechanism names without regard to case.
            let expectedValue = expected.split(whereSeparator: { $0 == " " || $0 == "," })
                .map { $0.uppercased() }
            matches = config.mechanismList == expectedValue
        } else {
            matches = value?.lowercased() == expected.lowercased()
        }
        if matches, let value {
            return passed(.saslOptionMatches(option: option, value: value, path: path), at: nil)
        }
        return failed(
            .saslOptionDiffers(option: option, expected: expected, value: value, path: path))
    }

    private static func userInRealm(_ facts: SandboxFacts) -> Outcome {
        let realm = facts.mainCF?.value(of: "myhostname") ?? PostfixMainCF.labHostname
        let users = facts.saslAccounts.filter { $0.realm == realm }.map(\.user)
        if !users.isEmpty { return passed(.usersInRealm(users: users, realm: realm), at: nil) }
        let elsewhere = facts.saslAccounts.map { "\($0.user)@\($0.realm)" }
        let finding = ConfigurationFinding.noUserInRealm(realm: realm, elsewhere: elsewhere)
        return elsewhere.isEmpty ? notYet(finding) : failed(finding)
    }
}

extension CheckEngine.Outcome {
    /// Dates a pass that a sandbox fact proves, which has no event time of its own.
    func stamped(_ now: Date) -> Self {
        var outcome = self
        if outcome.state == .passed && outcome.passedAt == nil { outcome.passedAt = now }
        return outcome
    }
}
