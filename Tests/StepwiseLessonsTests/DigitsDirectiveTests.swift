import Foundation
import Testing
@testable import StepwiseLessons

/// `digits` of tables and walkthroughs follows the renderer's `DigitsRule` (1 to 17): a lesson
/// asking for 0, −1, 18 or 2³¹ digits gets one `file:line` error naming the field.
@Suite struct DigitsDirectiveTests {
    func loadError(_ text: String) throws -> String {
        let lessons = try makeLessonsFolder(["intro": text])
        do {
            _ = try LessonSource.load(folder: lessons.appendingPathComponent("intro"))
            return "no error"
        } catch {
            return String(describing: error).replacingOccurrences(of: lessons.appendingPathComponent("intro/lesson.md").path, with: "lesson.md")
        }
    }

    @Test func tablesAndWalkthroughsRefuseDigitsOutsideOneToSeventeen() throws {
        let header = "---\ntitle: A\norder: 1\nspecs: {net: ../specs/net.yaml}\n---\n"
        // Line 7 is the fence, so `digits` on the third line of the body is line 10.
        for digits in ["0", "-1", "18", "2147483648"] {
            #expect(try loadError(header + "\n```stepwise-table\nspec: net\nparams: [output/kernel]\ndigits: \(digits)\n```\n")
                    == "lesson.md:10: digits: expected 1 to 17 significant digits, found \(digits)")
            #expect(try loadError(header + "\n```stepwise-walkthrough\nspec: net\nshow: loss\ndigits: \(digits)\n```\n")
                    == "lesson.md:10: digits: expected 1 to 17 significant digits, found \(digits)")
        }
        #expect(try loadError(header + "\n```stepwise-table\nspec: net\nparams: [output/kernel]\ndigits: 17\n```\n") == "no error")
    }
}
