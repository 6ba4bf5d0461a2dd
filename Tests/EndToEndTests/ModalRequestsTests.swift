import CursesTerminal
import Dispatch
import Foundation
import LabShell
import LabSystem
import LabUI
import MailProtocol
import MailServer
import Testing

@testable import maillab

/// The shell-to-UI round trips of the editor and the options dialog, driven without curses:
/// a shell thread blocks in `ModalRequests` while the test plays the UI's part.
@Suite("Editor and options round trips", .serialized)
struct ModalRequestsTests {
    final class Fixture: @unchecked Sendable {
        let lab: TemporaryLab
        let runtime: LabRuntime
        let inbox: TerminalInbox
        let modal: ModalRequests
        let changed = DispatchSemaphore(value: 0)
        var subscription: EventSubscription?

        init() throws {
            lab = try TemporaryLab()
            runtime = try LabRuntime(folder: LabFolder(url: lab.url), smtpPort: nil, owner: "test")
            inbox = try TerminalInbox()
            modal = ModalRequests(
                sandbox: runtime.sandbox, bus: runtime.bus, inbox: inbox, language: .en,
                log: runtime.log, environment: [:])
            subscription = runtime.bus.subscribe { [changed] event in
                if case .fileChanged = event.payload { changed.signal() }
            }
        }

        /// Waits up to five seconds for the first message that `match` accepts.
        func waitForMessage(_ match: (Message) -> Bool) -> Message? {
            let deadline = Date().addingTimeInterval(5)
            while Date() < deadline {
                if let found = inbox.waitForMessages(timeoutMilliseconds: 200).first(where: match) {
                    return found
                }
            }
            return nil
        }

        func finish() {
            if let subscription { runtime.bus.unsubscribe(subscription) }
            runtime.stop()
            lab.remove()
        }
    }

    static func request(_ path: String, _ fixture: Fixture) -> EditRequest {
        EditRequest(
            sandboxPath: path, hostPath: fixture.lab.url.path + "/root" + path, editorName: "ee")
    }

    @Test("saving writes the file, keeps its mode and wakes the shell")
    func saveRoundTrip() throws {
        let fixture = try Fixture()
        defer { fixture.finish() }
        let path = "/usr/local/etc/postfix/test.cf"
        try fixture.runtime.sandbox.writeFile(path, contents: Array("old\n".utf8), mode: 0o600)
        let returned = DispatchSemaphore(value: 0)
        Thread {
            _ = fixture.modal.edit(Self.request(path, fixture), shell: .a) { _ in }
            returned.signal()
        }.start()

        let opened = fixture.waitForMessage {
            if case .openEditor = $0 { return true } else { return false }
        }
        guard case .openEditor(let openedPath, let text) = opened else {
            Issue.record("the editor did not open")
            return
        }
        #expect(openedPath == path)
        #expect(text == "old\n")
        fixture.modal.save(path: path, text: "new\n")
        fixture.modal.editorClosed(path: path, afterSave: true)
        #expect(returned.wait(timeout: .now() + 5) == .success)
        #expect(fixture.changed.wait(timeout: .now() + 5) == .success)
        let bytes = try fixture.runtime.sandbox.readFile(path)
        #expect(String(decoding: bytes, as: UTF8.self) == "new\n")
        let mode =
            try FileManager.default.attributesOfItem(
                atPath: Self.request(path, fixture).hostPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("a failed save on leaving opens the editor again")
    func failedSave() throws {
        let fixture = try Fixture()
        defer { fixture.finish() }
        let path = "/no/such/folder/file.cf"
        let returned = DispatchSemaphore(value: 0)
        Thread {
            _ = fixture.modal.edit(Self.request(path, fixture), shell: .b) { _ in }
            returned.signal()
        }.start()
        let opened = fixture.waitForMessage {
            if case .openEditor = $0 { return true } else { return false }
        }
        #expect(opened != nil)
        fixture.modal.save(path: path, text: "typed\n")
        fixture.modal.editorClosed(path: path, afterSave: true)
        let reopened = fixture.waitForMessage {
            if case .openEditor(_, "typed\n") = $0 { return true } else { return false }
        }
        #expect(reopened != nil)
        #expect(returned.wait(timeout: .now()) == .timedOut)
        fixture.modal.editorClosed(path: path, afterSave: false)
        #expect(returned.wait(timeout: .now() + 5) == .success)
    }

    @Test("options dialog returns the learner's choices")
    func options() throws {
        let fixture = try Fixture()
        defer { fixture.finish() }
        let dialog = PortOptionsDialog(
            port: "mail/swaks",
            options: [
                .init(name: "MX", summary: "MX lookup", enabled: false),
                .init(name: "TLS", summary: "TLS support", enabled: false),
            ])
        let result = ResultBox()
        let returned = DispatchSemaphore(value: 0)
        Thread {
            result.options = fixture.modal.chooseOptions(dialog)
            returned.signal()
        }.start()
        let opened = fixture.waitForMessage {
            if case .openOptions = $0 { return true } else { return false }
        }
        guard case .openOptions(let state) = opened else {
            Issue.record("the dialog did not open")
            return
        }
        #expect(state.title == "Options for swaks")
        #expect(state.options.map(\.name) == ["MX", "TLS"])
        fixture.modal.optionsChosen(["MX": false, "TLS": true])
        #expect(returned.wait(timeout: .now() + 5) == .success)
        #expect(result.options?.map(\.enabled) == [false, true])
    }

    final class ResultBox: @unchecked Sendable {
        var options: [PortOptionsDialog.Option]?
    }
}
