import Foundation
import Testing

@Suite("Child processes of the tests")
struct ProcessHarnessTests {
    @Test("SIGTERM reaches a spawned child")
    func terminateDeliversSIGTERM() throws {
        let child = try ChildProcess(URL(fileURLWithPath: "/bin/sleep"), ["30"])
        // 143 is 128 + SIGTERM; the SIGKILL fallback after 10 s would give 137.
        #expect(child.terminate() == 143)
    }

    @Test("maillab serve stops on SIGTERM")
    func serveStopsOnSIGTERM() throws {
        let served = try ServedLab()
        defer { served.lab.remove() }
        #expect(served.server.terminate() == 0, "maillab serve exits 0 after SIGTERM")
    }
}
