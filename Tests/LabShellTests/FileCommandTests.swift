import Foundation
import LabSystem
import Testing

@testable import LabShell

@Suite("File commands")
struct FileCommandTests {
    /// Each row: the setup lines, the command, its expected exit status and output.
    static let table: [(setup: [String], line: String, status: Int32, output: String)] = [
        (["mkdir /tmp/d", "cd /tmp/d"], "pwd", 0, "/tmp/d\n"),
        ([], "cd /nonexistent", 1, "/nonexistent: No such file or directory.\n"),
        ([], "cat /nope", 1, "cat: /nope: No such file or directory\n"),
        (["echo a > /tmp/a"], "cp /tmp/a /tmp/b", 0, ""),
        ([], "cp /tmp/missing /tmp/b", 1, "cp: /tmp/missing: No such file or directory\n"),
        (["mkdir /tmp/d"], "cp /tmp/d /tmp/e", 1, "cp: /tmp/d is a directory (not copied).\n"),
        ([], "cp /tmp", 64, CpCommand.usage),
        ([], "mv /tmp/x /tmp/y", 1, "mv: rename /tmp/x to /tmp/y: No such file or directory\n"),
        ([], "rm /tmp/x", 1, "rm: /tmp/x: No such file or directory\n"),
        ([], "rm -f /tmp/x", 0, ""),
        (["mkdir /tmp/d"], "rm /tmp/d", 1, "rm: /tmp/d: is a directory\n"),
        (["mkdir /tmp/d"], "mkdir /tmp/d", 1, "mkdir: /tmp/d: File exists\n"),
        ([], "mkdir /tmp/x/y", 1, "mkdir: /tmp/x/y: No such file or directory\n"),
        ([], "mkdir -p /tmp/x/y", 0, ""),
        (["printf 'a\\nB\\nc\\n' > /tmp/f"], "grep -i b /tmp/f", 0, "B\n"),
        (["printf 'a\\nB\\nc\\n' > /tmp/f"], "grep -v -n B /tmp/f", 0, "1:a\n3:c\n"),
        (["printf 'a.c\\nabc\\n' > /tmp/f"], "grep -F a.c /tmp/f", 0, "a.c\n"),
        (["printf 'a.c\\nabc\\n' > /tmp/f"], "grep '^a.c$' /tmp/f", 0, "a.c\nabc\n"),
        (["printf 'x\\n' > /tmp/f"], "grep y /tmp/f", 1, ""),
        ([], "grep y /tmp/none", 2, "grep: /tmp/none: No such file or directory\n"),
        (["printf '1\\n2\\n3\\n4\\n' > /tmp/f"], "head -n 2 /tmp/f", 0, "1\n2\n"),
        (["printf '1\\n2\\n3\\n4\\n' > /tmp/f"], "tail -n 1 /tmp/f", 0, "4\n"),
        (["printf '1\\n2\\n3\\n4\\n' > /tmp/f"], "tail -2 /tmp/f", 0, "3\n4\n"),
        (["printf 'x\\n' > /tmp/f"], "more /tmp/f", 0, "x\n"),
        (["printf 'x\\n' > /tmp/f"], "less /tmp/f", 0, "x\n"),
        ([], "hostname", 0, "lab.example.jp\n"),
        ([], "whoami", 0, "root\n"),
        (["touch /tmp/a /tmp/b /tmp/c.txt", "cd /tmp"], "echo ?", 0, "a b\n"),
        (["touch /tmp/a /tmp/b /tmp/c.txt", "cd /tmp"], "echo *.txt", 0, "c.txt\n"),
        (["touch /tmp/a /tmp/b /tmp/c.txt"], "echo /tmp/[ab]", 0, "/tmp/a /tmp/b\n"),
        (["touch /tmp/a"], "echo '/tmp/*'", 0, "/tmp/*\n"),
        ([], "ls /tmp/*.none", 1, "ls: No match.\n"),
        (["touch /tmp/only.log", "cd /tmp"], "echo x > *.log; cat only.log", 0, "x\n"),
    ]

    @Test("command table matches FreeBSD", arguments: table.indices)
    func commandTable(_ index: Int) throws {
        let row = FileCommandTests.table[index]
        let fixture = try ShellFixture()
        for line in row.setup { #expect(fixture.run(line).status == 0, "setup: \(line)") }
        let result = fixture.run(row.line)
        #expect(result.status == row.status, "\(row.line)")
        #expect(result.output == row.output, "\(row.line)")
    }

    @Test("cp into a directory and -r")
    func copyIntoDirectory() throws {
        let fixture = try ShellFixture()
        fixture.run("mkdir -p /tmp/src/sub /tmp/dst")
        fixture.run("echo one > /tmp/src/sub/file")
        #expect(fixture.run("cp -r /tmp/src /tmp/copy").status == 0)
        #expect(try fixture.file("/tmp/copy/sub/file") == "one\n")
        fixture.run("cd /tmp")
        #expect(fixture.run("cp src/sub/file dst").status == 0)
        #expect(try fixture.file("/tmp/dst/file") == "one\n")
        #expect(fixture.run("mv dst/file dst/renamed").status == 0)
        #expect(!fixture.sandbox.exists("/tmp/dst/file"))
        #expect(fixture.run("rm -r /tmp/src").status == 0)
        #expect(!fixture.sandbox.exists("/tmp/src"))
    }

    @Test("touch creates then keeps content")
    func touch() throws {
        let fixture = try ShellFixture()
        #expect(fixture.run("touch /tmp/new").status == 0)
        #expect(try fixture.file("/tmp/new") == "")
        fixture.run("echo keep > /tmp/new")
        #expect(fixture.run("touch /tmp/new").status == 0)
        #expect(try fixture.file("/tmp/new") == "keep\n")
    }

    @Test("cp and mv cannot leave the sandbox")
    func escapes() throws {
        let fixture = try ShellFixture()
        fixture.run("cd /home/student")
        let outside = fixture.folder.appendingPathComponent("x").path
        #expect(fixture.run("cp /etc/passwd ../../../x").status == 0)
        #expect(!FileManager.default.fileExists(atPath: outside))
        #expect(fixture.sandbox.exists("/x"))
        try FileManager.default.createSymbolicLink(
            atPath: fixture.sandbox.root.path + "/out", withDestinationPath: fixture.folder.path)
        #expect(fixture.run("cp /etc/passwd /out/x").status == 1)
        #expect(fixture.run("mv /etc/passwd /out/x").status == 1)
        #expect(!FileManager.default.fileExists(atPath: outside))
        #expect(fixture.sandbox.exists("/etc/passwd"))
        #expect(fixture.run("ln -s /etc /tmp/l").output == "ln: Command not found.\n")
    }

    @Test("diff prints the normal format")
    func diff() throws {
        let fixture = try ShellFixture()
        fixture.run("printf 'a\\nb\\nc\\nd\\n' > /tmp/1")
        fixture.run("printf 'a\\nB\\nc\\nd\\ne\\n' > /tmp/2")
        let result = fixture.run("diff /tmp/1 /tmp/2")
        #expect(result.status == 1)
        #expect(result.output == "2c2\n< b\n---\n> B\n4a5\n> e\n")
        #expect(fixture.run("diff /tmp/1 /tmp/1").status == 0)
        #expect(DiffCommand.normalDiff(["a", "b", "c"], ["a"]) == ["2,3d1", "< b", "< c"])
    }

    @Test("diff agrees with the host's diff")
    func diffAgainstHost() throws {
        let old = ["x", "y", "z", "w", "q"]
        let new = ["y", "z", "n", "w", "q", "r"]
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maillab-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = directory.appendingPathComponent("1").path
        let second = directory.appendingPathComponent("2").path
        try (old.joined(separator: "\n") + "\n").write(
            toFile: first, atomically: true, encoding: .utf8)
        try (new.joined(separator: "\n") + "\n").write(
            toFile: second, atomically: true, encoding: .utf8)
        let host = try ExternalTool.run("/usr/bin/diff", [first, second])
        #expect(DiffCommand.normalDiff(old, new).map { $0 + "\n" }.joined() == host.output)
    }

    @Test("tail -f prints appended lines until a line")
    func tailFollow() throws {
        let fixture = try ShellFixture()
        fixture.run("echo first > /tmp/log")
        let done = DispatchSemaphore(value: 0)
        let shell = fixture.shell
        Thread {
            shell.execute("tail -f /tmp/log")
            done.signal()
        }.start()
        #expect(fixture.terminal.waitFor("first\n"))
        #expect(fixture.terminal.waitForPrompt(""))
        try fixture.sandbox.appendFile("/tmp/log", contents: Array("second\n".utf8))
        #expect(fixture.terminal.waitFor("second\n"))
        fixture.terminal.feed("")
        #expect(done.wait(timeout: .now() + 10) == .success)
    }

    @Test("chmod symbolic modes")
    func chmodSymbolic() throws {
        let fixture = try ShellFixture()
        fixture.run("touch /tmp/f")
        fixture.run("chmod 644 /tmp/f")
        for (mode, expected) in [("u+x", 0o744), ("go-r", 0o700), ("a+x", 0o711)]
            as [(String, UInt16)]
        {
            #expect(fixture.run("chmod \(mode) /tmp/f").status == 0)
            #expect(try fixture.sandbox.attributes(of: "/tmp/f").mode == expected, "\(mode)")
        }
        #expect(fixture.run("ls -la /tmp").output.contains("-rwx--x--x"))
    }
}

@Suite("rm and links")
struct RemoveLinkTests {
    @Test("rm -r on a link keeps the target")
    func removeLink() throws {
        let fixture = try ShellFixture()
        fixture.run("mkdir -p /tmp/target")
        fixture.run("echo keep > /tmp/target/file")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.sandbox.root.path + "/tmp/link", withDestinationPath: "target")
        try FileManager.default.createSymbolicLink(
            atPath: fixture.sandbox.root.path + "/tmp/out", withDestinationPath: "/etc")
        #expect(fixture.run("rm -r /tmp/link").status == 0)
        #expect(try fixture.file("/tmp/target/file") == "keep\n")
        #expect(fixture.run("rm /tmp/out").status == 0)
        #expect(FileManager.default.fileExists(atPath: "/etc/passwd"))
        #expect(fixture.run("rm -rf /").output == "rm: \"/\" may not be removed\n")
        #expect(fixture.run("rm -rf ../../..").status == 1)
        #expect(fixture.sandbox.exists("/etc/passwd"))
    }
}
