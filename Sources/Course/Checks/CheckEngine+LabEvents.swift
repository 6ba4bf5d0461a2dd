import Foundation
import LabSystem
import MailProtocol

extension CheckEngine {
    /// Passes at the first successful run of `command` that follows a successful command line
    /// whose words start with the words of `after` (`saslpasswd2 -c`). A command typed by its
    /// path (`/usr/local/sbin/sasldblistusers2`) counts as its name.
    static func commandAfter(_ command: String, after: String, _ events: [LabEvent]) -> Outcome {
        let prefix = words(after)
        var afterSeen = false
        for event in events {
            guard case .commandRun(_, let line, let status) = event.payload, status == 0 else {
                continue
            }
            let typed = words(line)
            if typed.count >= prefix.count && Array(typed.prefix(prefix.count)) == prefix {
                afterSeen = true
            } else if afterSeen && typed.first == command {
                return passed(.commandRanAfter(command: command, after: after), at: event.time)
            }
        }
        let finding = ConfigurationFinding.commandNotRanAfter(
            command: command, after: after, afterSeen: afterSeen)
        return afterSeen ? failed(finding) : notYet(finding)
    }

    /// The words of a command line, the first one reduced to its last path component.
    private static func words(_ line: String) -> [String] {
        var result = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = result.first { result[0] = Sandbox.lastComponent(first) }
        return result
    }

    /// Passes when the report form answers the question, or when the free text names every
    /// keyword (the TUI's form has one free-text field for all the findings).
    static func reportAnswer(
        _ questionID: String, keywords: String, _ facts: SandboxFacts
    ) -> Outcome {
        let answer = facts.reportAnswers[questionID] ?? ""
        if !answer.allSatisfy(\.isWhitespace) {
            return passed(.reportAnswered(questionID: questionID), at: nil)
        }
        let expectedWords = keywords.split(separator: " ").map { $0.lowercased() }
        let text = facts.reportText.lowercased()
        if !expectedWords.isEmpty && expectedWords.allSatisfy({ text.contains($0) }) {
            return passed(.reportAnswered(questionID: questionID), at: nil)
        }
        return notYet(.reportNotAnswered(questionID: questionID, keywords: expectedWords))
    }

    /// Passes when the SMTP server's latest start or reload comes after the latest change of
    /// `main.cf` or of a file in the Cyrus SASL directory, as the events were journaled.
    static func runningMatchesFiles(_ events: [LabEvent], _ facts: SandboxFacts) -> Outcome {
        var lastChange: (index: Int, path: String)?
        var lastLoad: (index: Int, time: Date)?
        for (index, event) in events.enumerated() {
            switch event.payload {
            case .fileChanged(let path) where isServerConfiguration(path, facts):
                lastChange = (index, path)
            case .serviceStarted(.smtp, _), .serviceReloaded(.smtp):
                lastLoad = (index, event.time)
            default:
                continue
            }
        }
        guard let lastChange else { return notYet(.configurationUnchanged) }
        // NOTE: a `postfix stop` after the last load is not graded, because the journal's
        // `serviceStopped` looks the same as the stop of every lab process at its exit, and
        // the next process starts the server with the files again.
        if let lastLoad, lastLoad.index > lastChange.index {
            return passed(.serverUsesFiles, at: lastLoad.time)
        }
        return failed(.serverRunsOldFiles(path: lastChange.path))
    }

    private static func isServerConfiguration(_ path: String, _ facts: SandboxFacts) -> Bool {
        path == PostfixRuntimeConfiguration.mainCFPath || path == facts.saslConfigPath
            || Sandbox.parent(path) == CyrusSASLConfig.directory
    }

    /// Passes at the first `portInstalled` event for the port, or when the ports database
    /// contains a package of that name (`mmencode-2.7`) without one in the journal. With `option`,
    /// the options file that `make config` wrote for the port must also turn it on.
    static func portInstalled(
        _ name: String, option: String? = nil, _ events: [LabEvent], _ facts: SandboxFacts,
        now: Date
    ) -> Outcome {
        var installedAt: Date?
        for event in events {
            if case .portInstalled(let installed) = event.payload,
                isPackage(installed, named: name)
            {
                installedAt = event.time
                break
            }
        }
        if installedAt == nil,
            facts.installedPackages.contains(where: { isPackage($0, named: name) })
        {
            installedAt = now
        }
        guard let installedAt else { return notYet(.portNotInstalled(name: name)) }
        if let option, facts.portOptions[name]?[option] != true {
            return failed(.portOptionOff(name: name, option: option))
        }
        return passed(.portInstalled(name: name), at: installedAt)
    }

    /// Whether `package` is the port `name` itself or a `name-version` package of it.
    private static func isPackage(_ package: String, named name: String) -> Bool {
        guard package.hasPrefix(name) else { return false }
        let rest = package.dropFirst(name.count)
        return rest.isEmpty || (rest.first == "-" && rest.dropFirst().first?.isNumber == true)
    }
}
