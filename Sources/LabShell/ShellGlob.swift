import Glibc
import LabSystem

/// Filename generation as csh does it: `*`, `?` and `[…]` in an unquoted word are matched
/// against the sandbox's file names, one path component at a time. The pattern carries quoted
/// characters escaped with a backslash, so `'*'` stays a literal star.
enum ShellGlob {
    /// Returns true when the pattern has an unescaped `*`, `?` or `[`.
    static func hasMetacharacters(_ pattern: String) -> Bool {
        var escaped = false
        for character in pattern {
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "*" || character == "?" || character == "[" {
                return true
            }
        }
        return false
    }

    /// Escapes the characters that are special in a pattern, for quoted text.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "*?[]\\".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }

    /// Removes the escapes of a pattern component that has no metacharacters.
    static func unescape(_ text: Substring) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if !escaped && character == "\\" {
                escaped = true
                continue
            }
            escaped = false
            result.append(character)
        }
        return result
    }

    /// Returns the sandbox paths that match `pattern`, sorted, written as the pattern was
    /// (relative patterns give relative names). Names starting with `.` match only a pattern
    /// component that starts with `.`, as in csh.
    static func expand(_ pattern: String, cwd: String, sandbox: Sandbox) -> [String] {
        let isAbsolute = pattern.hasPrefix("/")
        let components = pattern.split(separator: "/", omittingEmptySubsequences: true)
        var candidates: [String] = [isAbsolute ? "/" : ""]
        for (index, component) in components.enumerated() {
            let isLast = index == components.count - 1
            var next: [String] = []
            for prefix in candidates {
                let directory = prefix.isEmpty ? cwd : Sandbox.normalize(prefix, cwd: cwd)
                if !hasMetacharacters(String(component)) {
                    let path = join(prefix, unescape(component))
                    if isLast ? sandbox.exists(path, cwd: cwd) : sandbox.isDirectory(path, cwd: cwd)
                    {
                        next.append(path)
                    }
                    continue
                }
                guard let entries = try? sandbox.contentsOfDirectory(directory) else { continue }
                for entry in entries where matches(String(component), entry.name) {
                    if !isLast && entry.attributes.kind != .directory
                        && !sandbox.isDirectory(join(prefix, entry.name), cwd: cwd)
                    {
                        continue
                    }
                    next.append(join(prefix, entry.name))
                }
            }
            candidates = next
            if candidates.isEmpty { return [] }
        }
        if pattern.hasSuffix("/") { candidates = candidates.map { $0 + "/" } }
        return candidates.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Matches one file name against one pattern component with fnmatch(3).
    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, FNM_PERIOD) == 0
    }

    private static func join(_ prefix: String, _ name: String) -> String {
        if prefix.isEmpty { return name }
        return prefix.hasSuffix("/") ? prefix + name : prefix + "/" + name
    }
}
