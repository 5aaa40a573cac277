import Foundation
import SnapshotTesting
import StepwiseTesting
import Testing

/// Every figure of every lesson, as the course build wrote it (`CurriculumTests.site`, drawn by
/// the real renderer), against its golden PNG in
/// `__Snapshots__/LessonFigureGoldenTests/<lesson>.<figure>.png` — each looked at before it was
/// committed. A lesson that gains or loses a figure fails until its goldens are re-recorded
/// (`STEPWISE_RECORD=1 swift test --filter LessonFigureGoldenTests`). The figure kinds' SVG output has
/// its own goldens in StepwiseRenderTests; here only the PNG the page shows is held.
///
/// A bilingual course's Chinese figures (`zh/<lesson>/figures`) are held too: a figure drawn
/// once for both editions (the same bytes) by the English golden, any other by its own,
/// `<lesson>.<figure>-zh.png`.
@Suite struct LessonFigureGoldenTests {
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("__Snapshots__/LessonFigureGoldenTests")

    /// The lesson folders of `lessons/` (those with a `lesson.md`), sorted.
    static let lessonIDs: [String] = {
        let folder = CurriculumTests.lessons
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/lesson.md").path) }.sorted()
    }()

    /// The PNG figures the build wrote for `lesson`, by file name without extension.
    static func renderedFigures(of lesson: String) throws -> [String] {
        let figures = CurriculumTests.site.output.appendingPathComponent("\(lesson)/figures")
        guard FileManager.default.fileExists(atPath: figures.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: figures.path)
            .filter { $0.hasSuffix(".png") }.map { String($0.dropLast(4)) }.sorted()
    }

    /// The figure names that have a golden for `lesson`.
    static func goldenFigures(of lesson: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: goldens.path)) ?? []
        return names.filter { $0.hasPrefix("\(lesson).") && $0.hasSuffix(".png") && !$0.hasSuffix("-zh.png") }
            .map { String($0.dropFirst(lesson.count + 1).dropLast(4)) }.sorted()
    }

    /// The figure names that have a Chinese golden for `lesson` (without `-zh`).
    static func chineseGoldenFigures(of lesson: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: goldens.path)) ?? []
        return names.filter { $0.hasPrefix("\(lesson).") && $0.hasSuffix("-zh.png") }
            .map { String($0.dropFirst(lesson.count + 1).dropLast(7)) }.sorted()
    }

    @Test func theCourseHasLessonsToCheck() {
        #expect(Self.lessonIDs.count >= 12)
        #expect(Self.lessonIDs.contains("forward-backward") && Self.lessonIDs.contains("attention"))
    }

    @Test(arguments: lessonIDs)
    func figuresMatchTheirGoldens(lesson: String) throws {
        let rendered = try Self.renderedFigures(of: lesson)
        let folder = CurriculumTests.site.output.appendingPathComponent("\(lesson)/figures")
        for figure in rendered {
            let png = try Data(contentsOf: folder.appendingPathComponent("\(figure).png"))
            assertSnapshot(of: png, as: .pngFile(name: "\(lesson).\(figure)"), named: figure, record: Goldens.recordMode,
                           file: #filePath, testName: lesson)
        }
        let orphans = Set(Self.goldenFigures(of: lesson)).subtracting(rendered).sorted()
        #expect(orphans.isEmpty, "goldens with no figure in lesson \(lesson): \(orphans.joined(separator: ", ")); delete them")
    }

    /// The Chinese edition's figures: the same files as the English edition's; those whose bytes
    /// differ from the English figure's against their `-zh` golden.
    @Test(arguments: lessonIDs)
    func chineseFiguresMatchTheirGoldens(lesson: String) throws {
        let output = CurriculumTests.site.output
        let folder = output.appendingPathComponent("zh/\(lesson)/figures")
        var drawnForChinese: [String] = []
        if FileManager.default.fileExists(atPath: folder.path) {
            let chinese = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }
                .map { String($0.dropLast(4)) }.sorted()
            #expect(chinese == (try Self.renderedFigures(of: lesson)), "the Chinese edition of \(lesson) has other figures than the English one")
            for figure in chinese {
                let png = try Data(contentsOf: folder.appendingPathComponent("\(figure).png"))
                let english = try Data(contentsOf: output.appendingPathComponent("\(lesson)/figures/\(figure).png"))
                guard png != english else { continue }  // drawn once: the English golden holds it
                drawnForChinese.append(figure)
                assertSnapshot(of: png, as: .pngFile(name: "\(lesson).\(figure)-zh"), named: "\(figure)-zh", record: Goldens.recordMode,
                               file: #filePath, testName: lesson)
            }
        }
        let orphans = Set(Self.chineseGoldenFigures(of: lesson)).subtracting(drawnForChinese).sorted()
        #expect(orphans.isEmpty, "Chinese goldens with no Chinese figure in lesson \(lesson): \(orphans.joined(separator: ", ")); delete them")
    }
}
