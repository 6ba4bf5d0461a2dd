/// One option of a port, as the options dialog shows it: `[X] TLS  TLS support`.
public struct PortOption: Hashable, Sendable {
    /// The option's name, such as `TLS`.
    public var name: String
    /// The description beside the name, such as `TLS support`.
    public var summary: String
    public var enabled: Bool

    public init(name: String, summary: String, enabled: Bool) {
        self.name = name
        self.summary = summary
        self.enabled = enabled
    }
}

/// The options dialog of a port, as FreeBSD's `make config` shows it: a list of check boxes
/// with OK and Cancel buttons below.
public struct OptionsDialogState: Hashable, Sendable {
    /// The box's title, such as `Options for swaks 20061116`.
    public var title: String
    public var options: [PortOption]
    /// The row of the highlighted option.
    public internal(set) var selected = 0
    /// Whether the Cancel button is chosen, so that Enter cancels; OK is chosen at first.
    public internal(set) var cancelChosen = false

    public init(title: String, options: [PortOption]) {
        self.title = title
        self.options = options
    }

    /// The options' states by name.
    public var choices: [String: Bool] {
        var result: [String: Bool] = [:]
        for option in options {
            result[option.name] = option.enabled
        }
        return result
    }
}

/// Handles a key while the options dialog is open: Up and Down move, Space toggles, Tab and
/// Left or Right choose between OK and Cancel, Enter presses the chosen button, Esc cancels.
func handleOptionsKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var dialog = state.optionsDialog else {
        return []
    }
    switch key {
    case .up, .control("p"):
        dialog.selected = max(0, dialog.selected - 1)
    case .down, .control("n"):
        dialog.selected = min(max(0, dialog.options.count - 1), dialog.selected + 1)
    case .home:
        dialog.selected = 0
    case .end:
        dialog.selected = max(0, dialog.options.count - 1)
    case .character(" "):
        if dialog.options.indices.contains(dialog.selected) {
            dialog.options[dialog.selected].enabled.toggle()
        }
    case .tab, .backTab, .left, .right:
        dialog.cancelChosen.toggle()
    case .enter:
        state.optionsDialog = nil
        return [.optionsChosen(dialog.cancelChosen ? nil : dialog.choices)]
    case .escape, .control("c"), .function(10):
        state.optionsDialog = nil
        return [.optionsChosen(nil)]
    default:
        break
    }
    state.optionsDialog = dialog
    return []
}
