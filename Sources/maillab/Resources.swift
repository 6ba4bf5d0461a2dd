import Foundation

/// Finds a folder maillab ships beside its code, such as `Lessons/`. An environment variable
/// may name it. Otherwise it is looked for beside the executable, in `../share/maillab`, and in
/// the source tree the executable was built from (`swift run`, the tests).
enum Resources {
    static func folder(named name: String, environmentKey: String, marker: String) -> URL? {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment[environmentKey], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit, isDirectory: true))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
            .resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(executable.appendingPathComponent(name))
        candidates.append(executable.appendingPathComponent("../share/maillab/\(name)"))
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("../../\(name)"))
        return candidates.map(\.standardizedFileURL).first { url in
            FileManager.default.fileExists(atPath: url.appendingPathComponent(marker).path)
        }
    }

    static var lessons: URL? {
        folder(named: "Lessons", environmentKey: "MAILLAB_LESSONS", marker: "README.md")
    }
}
