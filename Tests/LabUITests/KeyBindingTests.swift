import Testing

@testable import LabUI

@Suite("Key bindings")
struct KeyBindingTests {
    @Test("Tab and Shift-Tab cycle the focus")
    func focusCycle() {
        var state = Fixtures.session()
        #expect(state.focus == .lesson)
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.focus == .shell(.a))
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.focus == .shell(.b))
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(state.focus == .lesson)
        Fixtures.send(&state, Fixtures.keys([.backTab]))
        #expect(state.focus == .shell(.b))
        Fixtures.send(&state, Fixtures.keys([.backTab, .backTab]))
        #expect(state.focus == .lesson)
    }

    @Test(
        "function keys emit their effects in every pane",
        arguments: [
            (Key.function(5), Effect.runChecks), (.function(6), .showHint),
            (.function(10), .quit),
        ])
    func functionKeys(key: Key, effect: Effect) {
        for focusSteps in 0..<3 {
            var state = Fixtures.session()
            Fixtures.send(&state, Array(repeating: .key(.tab), count: focusSteps))
            #expect(update(&state, .key(key)) == [effect])
        }
    }

    @Test("F7 names the focused shell for the wire view")
    func wireKey() {
        let expected: [Effect] = [.toggleWire(nil), .toggleWire(.a), .toggleWire(.b)]
        for (focusSteps, effect) in expected.enumerated() {
            var state = Fixtures.session()
            Fixtures.send(&state, Array(repeating: .key(.tab), count: focusSteps))
            #expect(update(&state, .key(.function(7))) == [effect])
        }
    }

    @Test(
        "lesson pane keys change the step",
        arguments: [
            (Key.character("n"), 1), (.right, 1), (.character("p"), -1), (.left, -1),
        ])
    func stepKeys(key: Key, delta: Int) {
        var state = Fixtures.session()
        #expect(update(&state, .key(key)) == [.goToStep(delta)])
    }

    @Test("n in a console is typed, not a step")
    func stepKeyInConsole() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.tab]))
        #expect(update(&state, .key(.character("n"))).isEmpty)
        #expect(state.shellA.input.text == "n")
    }

    @Test("F1 opens help and Esc closes it")
    func help() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.function(1)]))
        #expect(state.overlay == .help)
        #expect(update(&state, .key(.function(5))).isEmpty)
        #expect(state.overlay == .help)
        Fixtures.send(&state, Fixtures.keys([.escape]))
        #expect(state.overlay == nil)
        Fixtures.send(&state, Fixtures.keys([.function(1), .function(1)]))
        #expect(state.overlay == nil)
    }

    @Test("F10 quits from inside an overlay")
    func quitFromOverlay() {
        var state = Fixtures.session()
        Fixtures.send(&state, Fixtures.keys([.function(8)]))
        #expect(state.overlay == .report)
        #expect(update(&state, .key(.function(10))) == [.quit])
    }

    @Test("lesson pane scrolls within its text")
    func lessonScroll() {
        var state = Fixtures.session(width: 80, height: 12)
        let maximum = state.maximumScroll(for: .lesson)
        #expect(maximum > 0)
        Fixtures.send(&state, Fixtures.keys([.down]))
        #expect(state.lessonScroll == 1)
        Fixtures.send(&state, Fixtures.keys([.up, .up]))
        #expect(state.lessonScroll == 0)
        Fixtures.send(&state, Fixtures.keys(Array(repeating: .pageDown, count: 20)))
        #expect(state.lessonScroll == maximum)
        Fixtures.send(&state, Fixtures.keys([.home]))
        #expect(state.lessonScroll == 0)
        Fixtures.send(&state, Fixtures.keys([.end]))
        #expect(state.lessonScroll == maximum)
    }

    @Test("new step scrolls the lesson to the top")
    func newStepResetsScroll() {
        var state = Fixtures.session(width: 80, height: 12)
        Fixtures.send(&state, Fixtures.keys([.down, .down]))
        var next = Fixtures.lessonEnglish
        next.stepNumber = "2.5"
        Fixtures.send(&state, [.lessonChanged(next)])
        #expect(state.lessonScroll == 0)
    }

    @Test("notice lasts until the next key")
    func notice() {
        var state = Fixtures.session()
        Fixtures.send(&state, [.notice("Saved.")])
        #expect(state.notice == "Saved.")
        Fixtures.send(&state, [.shellOutput(.a, "x\n")])
        #expect(state.notice == "Saved.")
        Fixtures.send(&state, Fixtures.keys([.down]))
        #expect(state.notice == nil)
    }

    @Test("resize clamps the scroll positions")
    func resizeClamps() {
        var state = Fixtures.session(width: 80, height: 12)
        Fixtures.send(&state, Fixtures.keys([.end]))
        #expect(state.lessonScroll > 0)
        Fixtures.send(&state, [.resize(width: 200, height: 60)])
        #expect(state.lessonScroll == 0)
        #expect(state.width == 200)
        #expect(state.height == 60)
    }
}
