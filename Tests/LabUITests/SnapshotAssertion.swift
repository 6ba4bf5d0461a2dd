import Foundation
import LabUI
import Testing

/// Compares a rendered screen, as plain text, with `Snapshots/<name>.txt` next to this file.
/// With `MAILLAB_RECORD_SNAPSHOTS=1` in the environment the file is written instead.
func expectSnapshot(
    _ screen: Screen, named name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Snapshots")
    let file = folder.appendingPathComponent("\(name).txt")
    let actual = screen.plainText() + "\n"
    if ProcessInfo.processInfo.environment["MAILLAB_RECORD_SNAPSHOTS"] == "1" {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
        } catch {
            Issue.record("writing \(file.path) failed: \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record(
            "snapshot \(file.path) is missing: run the tests with MAILLAB_RECORD_SNAPSHOTS=1",
            sourceLocation: sourceLocation)
        return
    }
    if expected != actual {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let common = min(expectedLines.count, actualLines.count)
        let row = (0..<common).first { expectedLines[$0] != actualLines[$0] } ?? common
        Issue.record(
            """
            snapshot \(name) differs from row \(row) on; rerun with MAILLAB_RECORD_SNAPSHOTS=1 \
            if the change is intended
            expected: \(row < expectedLines.count ? expectedLines[row] : "<end>")
            actual:   \(row < actualLines.count ? actualLines[row] : "<end>")
            """,
            sourceLocation: sourceLocation)
    }
}
