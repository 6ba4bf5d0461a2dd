/// Handles a key in the report form: Tab and Shift-Tab move between the fields and buttons,
/// editing keys change the focused field, Enter moves on from a one-line field, starts a new
/// line in the free text and the answers and presses a button. Esc and the Close button
/// close the form and save the fields when they changed.
func handleReportKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    var form = state.report
    defer { state.report = form }
    let items = form.items
    let index = items.firstIndex(of: form.focus) ?? 0

    switch key {
    case .tab:
        form.focus = items[(index + 1) % items.count]
        return []
    case .backTab:
        form.focus = items[(index + items.count - 1) % items.count]
        return []
    case .escape, .function(8):
        return closeReport(&state, &form)
    case .function(9), .control("v"):
        guard !state.clipboard.isEmpty else {
            state.notice = state.text(.clipboardEmpty)
            return []
        }
        insert(state.clipboard, into: &form)
        return []
    default:
        break
    }

    switch form.focus {
    case .affiliation, .studentNumber, .year, .name, .date:
        if key == .enter || key == .down {
            form.focus = items[index + 1]
        } else if key == .up {
            form.focus = items[max(0, index - 1)]
        } else {
            _ = form[lineField: form.focus]?.apply(key)
        }
    case .text, .answer:
        _ = form[area: form.focus]?.apply(key)
    case .save:
        if key == .enter {
            form.savedFields = form.fields
            return [.saveReportFields(form.fields)]
        }
        moveAmongButtons(&form, key)
    case .export:
        if key == .enter {
            form.savedFields = form.fields
            return [.exportReport(form.fields)]
        }
        moveAmongButtons(&form, key)
    case .close:
        if key == .enter {
            return closeReport(&state, &form)
        }
        moveAmongButtons(&form, key)
    }
    return []
}

private func closeReport(_ state: inout AppState, _ form: inout ReportForm) -> [Effect] {
    state.overlay = nil
    guard form.fields != form.savedFields else {
        return []
    }
    form.savedFields = form.fields
    return [.saveReportFields(form.fields)]
}

private func moveAmongButtons(_ form: inout ReportForm, _ key: Key) {
    let buttons = ReportForm.Item.buttons
    guard let index = buttons.firstIndex(of: form.focus) else {
        return
    }
    switch key {
    case .left:
        form.focus = buttons[max(0, index - 1)]
    case .right:
        form.focus = buttons[min(buttons.count - 1, index + 1)]
    case .up:
        // Up goes to the area just above the buttons: the last answer or the free text.
        form.focus = form.questions.isEmpty ? .text : .answer(form.questions.count - 1)
    default:
        break
    }
}

/// Pastes into the focused field: all lines into a multi-line area, the first line elsewhere.
private func insert(_ text: String, into form: inout ReportForm) {
    switch form.focus {
    case .text, .answer:
        form[area: form.focus]?.insert(text)
    case .affiliation, .studentNumber, .year, .name, .date:
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        form[lineField: form.focus]?.insert(String(line))
    default:
        break
    }
}
