import Foundation
import Testing
@testable import StepwiseLessons

/// Every spec a lesson names is published beside its page, byte for byte, under a plain file
/// name inside the page's folder, and the page links it under "Run it yourself".
@Suite struct SpecPublishingTests {
    func build(_ lessons: URL) throws -> URL {
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 2), figures: RecordingFigures()).build()
        return output
    }

    /// Every regular file and link under `folder`, relative to it.
    func files(under folder: URL) -> [String] {
        (FileManager.default.subpaths(atPath: folder.path) ?? []).sorted()
    }

    @Test func theSpecsALessonRanArePublishedByteForByteAndLinked() throws {
        let lessons = try makeLessonsFolder(["one": sampleLesson()])
        let output = try build(lessons)
        let published = try Data(contentsOf: output.appendingPathComponent("one/specs/net.yaml"))
        #expect(published == (try Data(contentsOf: lessons.appendingPathComponent("specs/net.yaml"))))
        let page = try String(contentsOf: output.appendingPathComponent("one/index.html"), encoding: .utf8)
        #expect(page.contains("<a href=\"specs/net.yaml\"><code>specs/net.yaml</code></a>"))
        #expect(page.contains("stepwise trace specs/net.yaml --out net.json"))
        #expect(page.contains("href=\"#run-it-yourself\"") && page.contains("<h2 id=\"run-it-yourself\">Run it yourself</h2>"))
        #expect(page.contains("<code>lessons/specs/net.yaml</code>"))
        #expect(VisibleWordsTests.leaks(in: page) == [])
    }

    @Test func oddNamesLinksAndCheckpointsStayInsideThePageFolder() throws {
        let text = sampleLesson().replacingOccurrences(of: "  net: ../specs/net.yaml", with: """
              net: ../specs/net.yaml
              "../../escape": ../specs/net.yaml
              "<b>x</b>": ../specs/net.yaml
              linked: ../specs/link.yaml
              bert: ../specs/hello.json
            """)
        let lessons = try makeLessonsFolder(["one": text])
        try FileManager.default.createSymbolicLink(atPath: lessons.appendingPathComponent("specs/link.yaml").path, withDestinationPath: "net.yaml")
        let bert = #"{"name": "hello", "kind": "bert", "checkpoint": "../../models/<tiny>", "text": "hi"}"#
        try bert.write(to: lessons.appendingPathComponent("specs/hello.json"), atomically: true, encoding: .utf8)
        let output = try build(lessons)
        #expect(files(under: output.appendingPathComponent("one/specs")) == ["b-x-b.yaml", "bert.json", "escape.yaml", "linked.yaml", "net.yaml"])
        #expect(files(under: output).allSatisfy { !$0.hasPrefix("escape") && !$0.contains("..") })
        let linked = output.appendingPathComponent("one/specs/linked.yaml").path
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: linked)) == nil)
        #expect(FileManager.default.contents(atPath: linked) == FileManager.default.contents(atPath: lessons.appendingPathComponent("specs/net.yaml").path))
        #expect(FileManager.default.contents(atPath: output.appendingPathComponent("one/specs/bert.json").path) == Data(bert.utf8))
        let page = try String(contentsOf: output.appendingPathComponent("one/index.html"), encoding: .utf8)
        #expect(page.contains("the spec “&lt;b&gt;x&lt;/b&gt;”") && !page.contains("<b>x"))
        #expect(page.contains("<code>../../models/&lt;tiny&gt;</code>") && page.contains("scripts/fetch-model"))
    }

    @Test func aLessonWithoutSpecsHasNoSection() throws {
        let lessons = try makeLessonsFolder(["plain": "---\ntitle: Words\norder: 1\n---\nJust words.\n"])
        let output = try build(lessons)
        let page = try String(contentsOf: output.appendingPathComponent("plain/index.html"), encoding: .utf8)
        #expect(!page.contains("Run it yourself") && !FileManager.default.fileExists(atPath: output.appendingPathComponent("plain/specs").path))
    }

    /// The real course: every lesson's specs are published, each the bytes of the file it ran.
    @Test func everyCourseSpecIsPublishedAsTheLessonRanIt() throws {
        let sources = try SiteBuilder(options: .init(lessons: CurriculumTests.lessons, output: URL(fileURLWithPath: "/nonexistent")),
                                      figures: RecordingFigures()).loadSources()
        var count = 0
        for source in sources {
            let page = try CurriculumTests.page(source.id)
            var used: Set<String> = []
            for name in source.specs.keys.sorted() {
                let url = source.specs[name]!
                let file = "specs/\(SpecPublishing.fileBase(name, used: &used)).\(url.pathExtension == "json" ? "json" : "yaml")"
                let published = CurriculumTests.site.output.appendingPathComponent("\(source.id)/\(file)")
                #expect(FileManager.default.contents(atPath: published.path) == FileManager.default.contents(atPath: url.path),
                        "\(source.id)/\(file) is not \(url.path)")
                #expect(page.contains("href=\"\(file)\""), "\(source.id) does not link \(file)")
                count += 1
            }
        }
        #expect(count > 40)
    }

    /// A lesson's prose that names a published spec (`specs/stacked.yaml`) names one its page has.
    @Test func specsTheProseNamesArePublished() throws {
        let regex = try NSRegularExpression(pattern: #"(?<![a-z./])specs/([a-z0-9-]+\.(yaml|json))"#)
        var named = 0
        for id in LessonFigureGoldenTests.lessonIDs {
            let text = try String(contentsOf: CurriculumTests.lessons.appendingPathComponent("\(id)/lesson.md"), encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let file = String(text[Range(match.range(at: 1), in: text)!])
                #expect(FileManager.default.fileExists(atPath: CurriculumTests.site.output.appendingPathComponent("\(id)/specs/\(file)").path),
                        "lesson \(id) names specs/\(file), which its page does not publish")
                named += 1
            }
        }
        #expect(named >= 4)
    }
}
