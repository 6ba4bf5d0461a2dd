/// Returns the size of the editor's text area on a screen of `width` × `height`: every row
/// but the title line at the top and the message and key lines at the bottom.
func editorTextSize(width: Int, height: Int) -> (width: Int, height: Int) {
    (max(1, width), max(1, height - 3))
}

/// Handles a key while the editor is open. The editor is moved out of the state while it
/// changes, so its line arrays have one owner and each edit happens in place.
func handleEditorKey(_ state: inout AppState, _ key: Key) -> [Effect] {
    guard var editor = state.editor else {
        return []
    }
    state.editor = nil
    editor.message = nil
    var effects: [Effect] = []
    var open = true
    switch editor.mode {
    case .editing:
        (effects, open) = editingKey(&editor, key, pageRows: editorPageRows(state))
    case .search(var query):
        searchKey(&editor, &query, key)
    case .quitPrompt:
        (effects, open) = quitPromptKey(&editor, key)
    }
    guard open else {
        return effects
    }
    let size = editorTextSize(width: state.width, height: state.height)
    editor.scrollToCursor(width: size.width, height: size.height)
    state.editor = editor
    return effects
}

private func editorPageRows(_ state: AppState) -> Int {
    max(1, editorTextSize(width: state.width, height: state.height).height - 1)
}

/// Returns the effects of a key in editing mode and whether the editor stays open.
private func editingKey(_ editor: inout EditorState, _ key: Key, pageRows: Int) -> ([Effect], Bool)
{
    switch key {
    case .character(let character): editor.insert(character)
    case .tab: editor.insert("\t")
    case .enter: editor.splitLine()
    case .backspace: editor.deleteBackward()
    case .delete, .control("d"): editor.deleteForward()
    case .control("k"): editor.deleteLine()
    case .left: editor.moveLeft()
    case .right: editor.moveRight()
    case .up: editor.moveLines(-1)
    case .down: editor.moveLines(1)
    case .home, .control("a"): editor.moveToLineStart()
    case .end, .control("e"): editor.moveToLineEnd()
    case .pageUp: editor.moveLines(-pageRows)
    case .pageDown: editor.moveLines(pageRows)
    case .control("t"): editor.move(to: EditorPosition(line: 0, column: 0))
    case .control("b"): editor.move(to: EditorPosition(line: editor.lines.count - 1, column: 0))
    case .control("o"), .function(2):
        return ([save(&editor)], true)
    case .control("y"):
        editor.mode = .search(LineEditor(editor.lastSearch))
    case .function(3):
        if editor.lastSearch.isEmpty {
            editor.mode = .search(LineEditor())
        } else {
            editor.findNext(editor.lastSearch)
        }
    case .control("x"), .escape, .control("c"), .function(10):
        if editor.isModified {
            editor.mode = .quitPrompt
        } else {
            return ([.editorClosed(path: editor.path, saved: editor.wasSaved)], false)
        }
    default:
        break
    }
    return ([], true)
}

private func save(_ editor: inout EditorState) -> Effect {
    editor.isModified = false
    editor.wasSaved = true
    editor.message = .saved(lines: editor.lines.count)
    return .saveFile(path: editor.path, text: editor.text)
}

private func searchKey(_ editor: inout EditorState, _ query: inout LineEditor, _ key: Key) {
    switch key {
    case .enter, .control("y"), .function(3):
        editor.mode = .editing
        editor.findNext(query.text)
    case .escape, .control("c"), .control("x"):
        editor.mode = .editing
    default:
        _ = query.apply(key)
        editor.mode = .search(query)
    }
}

/// Returns the effects of a key at the unsaved-changes question and whether the editor stays
/// open: `y` (or `s`) saves and leaves, `n` (or `d`) leaves without saving, `c` or Esc goes
/// back to editing.
private func quitPromptKey(_ editor: inout EditorState, _ key: Key) -> ([Effect], Bool) {
    switch key {
    case .character("y"), .character("Y"), .character("s"), .character("S"), .control("o"),
        .function(2):
        let saving = save(&editor)
        return ([saving, .editorClosed(path: editor.path, saved: true)], false)
    case .character("n"), .character("N"), .character("d"), .character("D"):
        return ([.editorClosed(path: editor.path, saved: editor.wasSaved)], false)
    case .character("c"), .character("C"), .escape, .control("c"):
        editor.mode = .editing
    default:
        break
    }
    return ([], true)
}
