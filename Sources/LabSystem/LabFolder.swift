import Foundation

/// The files of one lab folder. The learner's FreeBSD tree is `root/`; everything else is
/// maillab's own state beside it.
public struct LabFolder: Sendable, Equatable {
    public var url: URL

    public init(url: URL) {
        self.url = url
    }

    /// The default folder for a lesson: `$XDG_DATA_HOME/maillab/<lesson>`, where
    /// `XDG_DATA_HOME` defaults to `~/.local/share`.
    public static func defaultFolder(
        lessonID: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> LabFolder {
        let base: URL
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = URL(fileURLWithPath: xdg, isDirectory: true)
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            base = URL(fileURLWithPath: home, isDirectory: true)
                .appendingPathComponent(".local/share", isDirectory: true)
        }
        return LabFolder(
            url: base.appendingPathComponent("maillab", isDirectory: true)
                .appendingPathComponent(lessonID, isDirectory: true))
    }

    /// The learner's FreeBSD tree; sandbox paths such as `/etc/sasldb2` resolve below it.
    public var root: URL { url.appendingPathComponent("root", isDirectory: true) }
    /// The append-only event journal, one JSON object per line.
    public var journal: URL { url.appendingPathComponent("journal.jsonl") }
    /// The current step and the last check results.
    public var progress: URL { url.appendingPathComponent("progress.json") }
    /// The learner's report fields (affiliation, student number, year, name, free text).
    public var reportFields: URL { url.appendingPathComponent("report-fields.json") }
    /// maillab's own log; never the terminal while curses runs.
    public var log: URL { url.appendingPathComponent("maillab.log") }
    /// Holds the PID of the process that owns the folder.
    public var lock: URL { url.appendingPathComponent("lock") }
}
