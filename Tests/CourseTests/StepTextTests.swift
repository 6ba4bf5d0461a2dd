import Testing

@testable import Course

@Suite("StepText")
struct StepTextTests {
    @Test("lines are classified")
    func classifies() {
        let text = """
            Before you start

            Type this, then read
            the reply:

                telnet localhost 25
                | 220 lab.example.jp ESMTP Postfix

            """
        #expect(
            StepText.lines(text) == [
                .heading("Before you start"), .blank, .text("Type this, then read"),
                .text("the reply:"), .blank, .command("telnet localhost 25"),
                .output("220 lab.example.jp ESMTP Postfix"),
            ])
        #expect(StepText.commands(text) == ["telnet localhost 25"])
    }

    @Test("sentence of one line is not a heading")
    func sentenceIsText() {
        #expect(StepText.lines("\nThen type:\n") == [.blank, .text("Then type:")])
        #expect(StepText.lines("始める前に\n") == [.heading("始める前に")])
        #expect(StepText.lines("これで終わりです。") == [.text("これで終わりです。")])
    }
}
