import Course
import Foundation
import LabSystem
import MailServer
import Testing

@testable import maillab

@Suite("Reference solutions", .serialized)
struct SolutionTests {
    @Test("lesson 9 solutions pass every check")
    func lessonNineSolutions() throws {
        let lessonsFolder = try #require(Resources.lessons, "the Lessons folder")
        let lesson = try LessonLoader.load(folder: lessonsFolder.appendingPathComponent("lesson09"))
        let lab = try TemporaryLab()
        defer { lab.remove() }
        let folder = LabFolder(url: lab.url)
        let runtime = try LabRuntime(folder: folder, smtpPort: nil, owner: "solution test")
        defer { runtime.stop() }

        // A new lab is the machine before Part 1: no check of the lesson has passed.
        runtime.bus.flush()
        let before = LabPreparation.grade(lesson, folder: folder)
        for result in before {
            #expect(result.state != .passed, "\(result.checkID) passed on a new lab")
        }

        let player = SolutionPlayer(runtime: runtime)
        defer { player.finish() }
        do {
            try player.play(lesson.steps)
        } catch {
            Issue.record(
                "\(error.message(.en)); Shell-A printed \(player.transcript(of: .a).suffix(1500))")
            return
        }

        runtime.bus.flush()
        let results = LabPreparation.grade(lesson, folder: folder)
        for result in results {
            #expect(result.state == .passed, "\(result.checkID): \(result.reason.en)")
        }
    }
}
