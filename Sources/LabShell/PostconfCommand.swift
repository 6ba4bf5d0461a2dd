import LabSystem

/// `postconf [-d] [-h] [-n] [-x] [-c DIR] [NAME…]` and `postconf -e 'NAME = VALUE'…`:
/// Postfix's configuration tool over the sandbox's `main.cf`. As the real one, it prints
/// values unexpanded unless `-x` is given.
struct PostconfCommand: ShellCommand {
    let name = "postconf"
    let path: String? = "/usr/local/sbin/postconf"
    let synopsis = "postconf [-dhnx] [-e 'NAME = VALUE'] [NAME ...]"
    let summary = LocalizedText(
        ja: "main.cf の設定値を表示する (-h で値だけ、-x で $ を展開、-e で書き換え)",
        en: "print main.cf settings (-h: values only, -x: expand $, -e: edit)")

    static let configDirectory = "/usr/local/etc/postfix"

    func run(_ arguments: [String], context: CommandContext) -> Int32 {
        let parsed: Getopt.Parsed
        switch Getopt.parse(arguments, specification: "c:dehnx") {
        case .success(let value):
            parsed = value
        case .failure(let failure):
            context.writeError("postconf: \(failure.message)\n")
            context.writeError("postconf: fatal: usage: postconf [options] [name ...]\n")
            return 1
        }

        let directory = context.absolutePath(parsed.value("c") ?? PostconfCommand.configDirectory)
        let file = Sandbox.normalize("main.cf", cwd: directory)
        let bytes: [UInt8]
        do {
            bytes = try context.sandbox.readFile(file)
        } catch .notFound {
            bytes = []
        } catch {
            context.writeError("postconf: fatal: open \(file): \(error.reason)\n")
            return 1
        }

        let mainCF: PostfixMainCF
        do {
            mainCF = try PostfixMainCF(bytes: bytes, systemHostname: context.shell.hostname)
        } catch {
            context.writeError("postconf: fatal: \(error.message(file: file))\n")
            return 1
        }

        if parsed.has("e") {
            return edit(file: file, bytes: bytes, assignments: parsed.operands, context: context)
        }
        for warning in mainCF.warnings {
            context.writeError("postconf: warning: \(warning.message(file: file))\n")
        }
        for name in mainCF.unusedParameters {
            let value = mainCF.rawValue(of: name) ?? ""
            context.writeError("postconf: warning: \(file): unused parameter: \(name)=\(value)\n")
        }

        let names: [String]
        if !parsed.operands.isEmpty {
            names = parsed.operands
        } else if parsed.has("n") {
            // As Postfix does, `-n` leaves out the parameters it warned about as unused.
            let unused = Set(mainCF.unusedParameters)
            names = mainCF.explicitlySet.filter { !unused.contains($0) }
        } else {
            names = Array(Set(PostfixMainCF.knownParameterNames).union(mainCF.explicitlySet))
                .sorted()
        }
        return print(names, from: mainCF, parsed: parsed, context: context)
    }

    private func print(
        _ names: [String], from mainCF: PostfixMainCF, parsed: Getopt.Parsed,
        context: CommandContext
    ) -> Int32 {
        for name in names {
            let value: String?
            if parsed.has("d") {
                value = mainCF.defaultValue(of: name)
            } else if parsed.has("x") {
                do {
                    value = try mainCF.expandedValue(of: name)
                } catch {
                    context.writeError("postconf: warning: \(error.message())\n")
                    context.writeError("postconf: fatal: macro processing error\n")
                    return 1
                }
            } else {
                value = mainCF.rawValue(of: name)
            }
            guard let value else {
                context.writeError("postconf: warning: \(name): unknown parameter\n")
                continue
            }
            var line = value
            if !parsed.has("h") {
                line = value.isEmpty ? "\(name) =" : "\(name) = \(value)"
            }
            context.write(line + "\n")
            // Only the parameters asked for by name are evidence; a full listing would flood
            // the journal with hundreds of lines.
            if !parsed.operands.isEmpty { context.publishOutput(line) }
        }
        return 0
    }

    /// Returns the index after the last line that continues the logical line at `start`:
    /// indented lines, with blank lines between them, as Postfix joins them.
    static func endOfLogicalLine(_ lines: [String], startingAt start: Int) -> Int {
        var end = start + 1
        var scan = end
        while scan < lines.count {
            let line = lines[scan]
            let isBlank = line.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            if isBlank {
                scan += 1
                continue
            }
            guard let first = line.first, first == " " || first == "\t" else { break }
            scan += 1
            end = scan
        }
        return end
    }

    /// Sets each `NAME = VALUE` in `main.cf`: the logical line of the assignment in effect is
    /// replaced, continuation lines included, or the assignment is appended.
    private func edit(
        file: String, bytes: [UInt8], assignments: [String], context: CommandContext
    ) -> Int32 {
        var lines = String(decoding: bytes, as: UTF8.self)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "=") else {
                context.writeError("postconf: fatal: edit requires name=value: \(assignment)\n")
                return 1
            }
            let name = assignment[..<equals].trimmingCharacters(in: .whitespaces)
            let value = assignment[assignment.index(after: equals)...]
                .trimmingCharacters(in: .whitespaces)
            let replacement = "\(name) = \(value)"
            let current = try? PostfixMainCF(
                bytes: Array(lines.joined(separator: "\n").utf8),
                systemHostname: context.shell.hostname)
            if let line = current?.line(of: name) {
                let end = PostconfCommand.endOfLogicalLine(lines, startingAt: line - 1)
                lines.replaceSubrange((line - 1)..<end, with: [replacement])
            } else {
                lines.append(replacement)
            }
        }
        do {
            try context.sandbox.writeFile(
                file, contents: Array((lines.joined(separator: "\n") + "\n").utf8))
        } catch {
            context.writeError("postconf: fatal: open \(file): \(error.reason)\n")
            return 1
        }
        context.publishFileChanged(file)
        return 0
    }
}
