import Testing

@testable import Course

@Suite("SolutionScript")
struct SolutionScriptTests {
    @Test("each line kind parses")
    func parsesLines() throws {
        let text = """
            # comment

            set user = testuser
            A> telnet localhost 25
            A? ^334 (\\S+) (\\d+)$ -> challenge, stamp
            B! F2
            A!  ^]
            B>
            """
        let script = try SolutionScript.parse(text, file: "s.txt")
        #expect(
            script.lines == [
                SolutionLine(number: 3, action: .set(name: "user", value: "testuser")),
                SolutionLine(number: 4, action: .type(shell: .a, text: "telnet localhost 25")),
                SolutionLine(
                    number: 5,
                    action: .expect(
                        shell: .a, pattern: "^334 (\\S+) (\\d+)$",
                        captures: ["challenge", "stamp"])),
                SolutionLine(number: 6, action: .press(shell: .b, key: .f2)),
                SolutionLine(number: 7, action: .press(shell: .a, key: .controlRightBracket)),
                SolutionLine(number: 8, action: .type(shell: .b, text: "")),
            ])
        #expect(script.definedVariables == ["user", "challenge", "stamp"])
    }

    @Test("answer line names question and text")
    func parsesAnswer() throws {
        let script = try SolutionScript.parse(
            "answer chroot-jail = A jail has its own ${what}.\n", file: "s")
        #expect(
            script.lines.first?.action
                == .answer(questionID: "chroot-jail", text: "A jail has its own ${what}."))
        #expect(script.definedVariables.isEmpty)
    }

    @Test("arrow inside a pattern stays in it")
    func arrowInPattern() throws {
        let script = try SolutionScript.parse("A? a -> b c\n", file: "s")
        #expect(script.lines.first?.action == .expect(shell: .a, pattern: "a -> b c", captures: []))
    }

    @Test(
        "invalid lines are rejected",
        arguments: [
            ("X> hi", "a line must start with A or B (the shell) or with set"),
            ("A", "expected A>, A!, A?, B>, B!, B?, set or answer at the start"),
            ("A: hi", "after the shell letter write >, ! or ?"),
            ("A! F9", "unknown key \"F9\"; known keys: ^] ^C ^D F2 F3"),
            ("A? ", "the pattern after ? is empty"),
            ("A? ([a-z", "the regular expression ([a-z is invalid"),
            ("A? ^334 -> a", "1 names after -> but the pattern has 0 capture groups"),
            ("set 9x = 1", "\"9x\" is not a variable name (letters, digits, _)"),
            ("set x", "set needs the form: set name = value"),
            ("answer chroot-jail", "answer needs the form: answer question-id = text"),
            ("answer chroot-jail = ", "answer needs a question id and a non-empty text"),
        ])
    func rejectsLine(line: String, detail: String) {
        #expect(throws: LessonLoadError(file: "s.txt", line: 2, problem: .solutionSyntax(detail))) {
            try SolutionScript.parse("# first\n" + line + "\n", file: "s.txt")
        }
    }

    @Test("variables are substituted")
    func substitutes() {
        let values = ["user": "testuser", "challenge": "PDE+"]
        #expect(
            SolutionScript.substitute("${user} and ${challenge}!", variables: values)
                == "testuser and PDE+!")
        #expect(SolutionScript.substitute("${missing}", variables: values) == nil)
        #expect(SolutionScript.substitute("${open", variables: values) == nil)
        #expect(SolutionScript.substitute("plain $x", variables: values) == "plain $x")
        #expect(SolutionScript.referencedVariables(in: "${a}${b} ${c") == ["a", "b"])
    }
}
