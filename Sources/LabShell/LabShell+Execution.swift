import LabSystem

/// A word that cannot be expanded; csh reports it and runs nothing of the line.
enum ShellExpansionError: Error {
    case undefinedVariable(String)
    case unknownUser(String)
    /// A redirection target that expands to no word or to several.
    case ambiguous
    /// A file name pattern that matched nothing, with the command it was an argument of.
    case noMatch(command: String?)

    var message: String {
        switch self {
        case .undefinedVariable(let name): return "\(name): Undefined variable."
        case .unknownUser(let name): return "Unknown user: \(name)."
        case .ambiguous: return "Ambiguous."
        case .noMatch(let command): return (command.map { "\($0): " } ?? "") + "No match."
        }
    }
}

extension LabShell {
    /// Runs a command list and returns the status of the last pipeline that ran.
    func run(_ list: ShellCommandList, input: ShellInput, output: ShellOutput) -> Int32 {
        var status = lastExitStatus
        for item in list.items {
            if hasExited { break }
            switch item.connector {
            case .sequence: break
            case .and where status != 0: continue
            case .or where status == 0: continue
            default: break
            }
            status = runPipeline(item.pipeline, input: input, output: output)
            lastExitStatus = status
        }
        return status
    }

    private func runPipeline(
        _ pipeline: ShellPipeline, input: ShellInput, output: ShellOutput
    ) -> Int32 {
        var stageInput = input
        var status: Int32 = 0
        for (position, command) in pipeline.commands.enumerated() {
            let isLast = position == pipeline.commands.count - 1
            let pipeBuffer = ByteBuffer()
            let stageOutput: ShellOutput = isLast ? output : .buffer(pipeBuffer)
            do {
                status = try runSimpleCommand(command, input: stageInput, output: stageOutput)
            } catch {
                terminal.write(error.message + "\n")
                return 1
            }
            if hasExited { return status }
            stageInput = .bytes(ByteReader(pipeBuffer.bytes))
        }
        return status
    }

    private func runSimpleCommand(
        _ command: ShellSimpleCommand, input: ShellInput, output: ShellOutput
    ) throws(ShellExpansionError) -> Int32 {
        let arguments = try expandArguments(command.words)

        var commandInput = input
        var commandOutput = output
        var commandError = ShellOutput.terminal
        var pendingFile: (path: String, append: Bool, buffer: ByteBuffer)?
        for redirection in command.redirections {
            let fields = try expandArguments([redirection.target])
            guard fields.count == 1 else { throw .ambiguous }
            let path = Sandbox.normalize(fields[0], cwd: cwd)
            switch redirection.kind {
            case .input:
                do {
                    commandInput = .bytes(ByteReader(try sandbox.readFile(path)))
                } catch {
                    terminal.write("\(fields[0]): \(error.reason).\n")
                    return 1
                }
            case .output, .append, .outputAndError, .appendAndError:
                guard sandbox.isDirectory(Sandbox.parent(path)) else {
                    terminal.write("\(fields[0]): No such file or directory.\n")
                    return 1
                }
                let buffer = ByteBuffer()
                let isAppend = redirection.kind == .append || redirection.kind == .appendAndError
                pendingFile = (path, isAppend, buffer)
                commandOutput = .buffer(buffer)
                if redirection.kind == .outputAndError || redirection.kind == .appendAndError {
                    commandError = .buffer(buffer)
                }
            }
        }

        guard let name = arguments.first else { return 0 }
        var status = runCommand(
            name, arguments: Array(arguments.dropFirst()), input: commandInput,
            output: commandOutput, errorOutput: commandError)
        if let file = pendingFile,
            !writeRedirection(file.path, file.buffer.bytes, append: file.append)
        {
            status = 1
        }
        return status
    }

    /// Writes what a command sent to `>` or `>>`, and publishes the change.
    private func writeRedirection(_ path: String, _ bytes: [UInt8], append: Bool) -> Bool {
        do {
            if append {
                try sandbox.appendFile(path, contents: bytes)
            } else {
                try sandbox.writeFile(path, contents: bytes)
            }
        } catch {
            terminal.write("\(path): \(error.reason).\n")
            return false
        }
        events.publish(.fileChanged(path: path), origin: .shell(shellID))
        return true
    }

    private func runCommand(
        _ name: String, arguments: [String], input: ShellInput, output: ShellOutput,
        errorOutput: ShellOutput
    ) -> Int32 {
        guard let command = command(named: name), isCommandAvailable(command.name) else {
            terminal.write("\(name): Command not found.\n")
            return 1
        }
        let context = CommandContext(
            shell: self, commandName: name, input: input, output: output, errorOutput: errorOutput)
        return command.run(arguments, context: context)
    }

    /// Expands one word into its fields: variables, `~`, and the output of backquoted
    /// commands, which splits into several fields when unquoted. No filename generation.
    func expand(_ word: ShellWord) throws(ShellExpansionError) -> [String] {
        try expandFields(word).map(\.text)
    }

    /// Expands a command's words, then generates file names for the fields whose unquoted
    /// text has `*`, `?` or `[`. A pattern that matches nothing fails the whole command, as
    /// csh's `No match.` does.
    func expandArguments(_ words: [ShellWord]) throws(ShellExpansionError) -> [String] {
        var arguments: [String] = []
        for word in words {
            for field in try expandFields(word) {
                guard ShellGlob.hasMetacharacters(field.pattern) else {
                    arguments.append(field.text)
                    continue
                }
                let matches = ShellGlob.expand(field.pattern, cwd: cwd, sandbox: sandbox)
                guard !matches.isEmpty else { throw .noMatch(command: arguments.first) }
                arguments += matches
            }
        }
        return arguments
    }

    /// Expands one word into fields, each with its glob pattern (quoted text escaped).
    private func expandFields(_ word: ShellWord) throws(ShellExpansionError) -> [(
        text: String, pattern: String
    )] {
        var fields: [(text: String, pattern: String)] = []
        var current: String?
        var pattern = ""
        func add(_ text: String, literal: Bool) {
            current = (current ?? "") + text
            pattern += literal ? text : ShellGlob.escape(text)
        }
        func finish() {
            if let pending = current { fields.append((pending, pattern)) }
            current = nil
            pattern = ""
        }
        for part in word.parts {
            switch part {
            case .literal(let text):
                add(text, literal: true)
            case .quoted(let text):
                add(text, literal: false)
            case .home(let user):
                add(try homeDirectory(of: user), literal: false)
            case .variable(let name, _):
                guard let value = variable(name) else { throw .undefinedVariable(name) }
                add(value, literal: false)
            case .commandSubstitution(let list, let quoted):
                let buffer = ByteBuffer()
                _ = run(list, input: .terminal, output: .buffer(buffer))
                var text = String(decoding: buffer.bytes, as: UTF8.self)
                while text.hasSuffix("\n") { text.removeLast() }
                if quoted {
                    add(text, literal: false)
                    continue
                }
                let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" }
                let pieces = text.split(whereSeparator: isSpace)
                if let first = text.first, isSpace(first) { finish() }
                for (offset, piece) in pieces.enumerated() {
                    if offset > 0 { finish() }
                    add(String(piece), literal: false)
                }
                if let last = text.last, isSpace(last) { finish() }
            }
        }
        finish()
        return fields
    }

    /// Returns the value of `$name`: `$?` and `$status` give the last status, `$cwd` the directory.
    func variable(_ name: String) -> String? {
        switch name {
        case "?", "status": return String(lastExitStatus)
        case "cwd", "PWD": return cwd
        default: return environment[name]
        }
    }

    private func homeDirectory(of user: String) throws(ShellExpansionError) -> String {
        if user.isEmpty { return environment["HOME"] ?? "/root" }
        let passwd = String(decoding: (try? sandbox.readFile("/etc/passwd")) ?? [], as: UTF8.self)
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 6 && fields[0] == user { return String(fields[5]) }
        }
        throw .unknownUser(user)
    }
}
