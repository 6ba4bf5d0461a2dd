import Testing

@testable import LabUI

@Suite("Port options dialog")
struct OptionsDialogTests {
    static let swaks = OptionsDialogState(
        title: "Options for swaks 20061116",
        options: [
            PortOption(name: "MX", summary: "MX lookup support", enabled: false),
            PortOption(name: "TLS", summary: "TLS support", enabled: false),
            PortOption(name: "NTLM", summary: "NTLM authentication", enabled: false),
        ])

    static func opened(language: Language = .en, width: Int = 80, height: Int = 24) -> AppState {
        var state = Fixtures.session(language: language, width: width, height: height)
        Fixtures.send(&state, [.openOptions(swaks)])
        return state
    }

    @Test("Space toggles and Enter confirms")
    func confirm() {
        var state = Self.opened()
        let effects = Fixtures.send(
            &state, Fixtures.keys([.character(" "), .down, .character(" "), .enter]))
        #expect(effects == [.optionsChosen(["MX": true, "TLS": true, "NTLM": false])])
        #expect(state.optionsDialog == nil)
    }

    @Test("Esc cancels with no choice")
    func cancel() {
        var state = Self.opened()
        let effects = Fixtures.send(&state, Fixtures.keys([.character(" "), .escape]))
        #expect(effects == [.optionsChosen(nil)])
        #expect(state.optionsDialog == nil)
    }

    @Test("Enter on Cancel cancels")
    func cancelButton() {
        var state = Self.opened()
        let effects = Fixtures.send(&state, Fixtures.keys([.character(" "), .tab, .enter]))
        #expect(effects == [.optionsChosen(nil)])
    }

    @Test("Up and Down stay inside the list")
    func movement() {
        var state = Self.opened()
        Fixtures.send(&state, Fixtures.keys([.up, .down, .down, .down, .down]))
        #expect(state.optionsDialog?.selected == 2)
        Fixtures.send(&state, Fixtures.keys([.up, .character(" ")]))
        #expect(state.optionsDialog?.options.map(\.enabled) == [false, true, false])
    }

    @Test("dialog keys reach nothing else")
    func modal() {
        var state = Self.opened()
        let effects = Fixtures.send(
            &state, Fixtures.keys([.function(5), .function(7), .character("x"), .control("c")]))
        #expect(effects == [.optionsChosen(nil)])
        #expect(state.focus == .lesson)
        #expect(state.shellA.input.isEmpty)
    }

    @Test("dialog snapshots")
    func snapshots() {
        for language in Language.allCases {
            var state = Self.opened(language: language)
            Fixtures.send(&state, Fixtures.keys([.down, .character(" ")]))
            expectSnapshot(
                render(state, width: 80, height: 24), named: "options-80x24-\(language.rawValue)")
        }
        var wide = Self.opened(width: 200, height: 60)
        Fixtures.send(&wide, Fixtures.keys([.character(" "), .tab]))
        expectSnapshot(render(wide, width: 200, height: 60), named: "options-200x60-en")
    }
}
