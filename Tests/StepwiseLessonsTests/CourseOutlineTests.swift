import Foundation
import Testing
@testable import StepwiseLessons

/// `stepwise-outline`: the list of every lesson the builder fills in from the front matter,
/// kept up to date when a lesson is added even though the page that shows it is reused.
@Suite struct CourseOutlineTests {
    func builder(_ lessons: URL, _ output: URL) -> SiteBuilder {
        SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 2), figures: RecordingFigures())
    }

    static func lesson(_ title: String, order: Int, summary: String, body: String = "Some prose.") -> String {
        "---\ntitle: \(title)\norder: \(order)\nsummary: \(summary)\n---\n\(body)\n"
    }

    static let intro = lesson("Start", order: 0, summary: "The start.", body: "## The lessons\n\n```stepwise-outline\n```\n")

    /// The outline's items on a page: (link, text after the link).
    static func outline(in page: String) -> [(href: String, text: String)] {
        guard let start = page.range(of: "<ol class=\"lesson-outline\">"), let end = page.range(of: "</ol>", range: start.upperBound..<page.endIndex) else { return [] }
        return page[start.upperBound..<end.lowerBound].components(separatedBy: "<li>").dropFirst().map { item in
            let href = item.components(separatedBy: "href=\"").dropFirst().first?.prefix { $0 != "\"" } ?? ""
            return (String(href), VisibleWordsTests.visibleText(String(item)).trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func listsEveryOtherLessonInOrderAndPicksUpANewOne() throws {
        let lessons = try makeLessonsFolder([
            "a-start": Self.intro,
            "b-one": Self.lesson("One & <two>", order: 1, summary: "Tags like <b> stay text."),
            "z-glossary": Self.lesson("Glossary", order: 100, summary: "Words."),
        ])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try builder(lessons, output).build()
        let page = try String(contentsOf: output.appendingPathComponent("a-start/index.html"), encoding: .utf8)
        let items = Self.outline(in: page)
        #expect(items.map(\.href) == ["../b-one/index.html", "../z-glossary/index.html"])
        #expect(items.first?.text == "One & <two> : Tags like <b> stay text.")
        #expect(page.contains("One &amp; &lt;two&gt;") && !page.contains("<b>"))
        #expect(!page.contains("stepwise-outline"))

        // A lesson added later appears in the list, though the page with the list is not rebuilt.
        try FileManager.default.createDirectory(at: lessons.appendingPathComponent("c-new"), withIntermediateDirectories: true)
        try Self.lesson("New", order: 2, summary: "Added later.").write(to: lessons.appendingPathComponent("c-new/lesson.md"), atomically: true, encoding: .utf8)
        #expect(try builder(lessons, output).build().rebuilt == 1)
        let again = try String(contentsOf: output.appendingPathComponent("a-start/index.html"), encoding: .utf8)
        #expect(Self.outline(in: again).map(\.href) == ["../b-one/index.html", "../c-new/index.html", "../z-glossary/index.html"])
    }

    @Test func titlesOnlyAndErrors() throws {
        let titles = Self.lesson("Start", order: 0, summary: "S.", body: "```stepwise-outline\nsummaries: false\n```")
        let lessons = try makeLessonsFolder(["a": titles, "b": Self.lesson("Bee", order: 1, summary: "Hidden summary.")])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try builder(lessons, output).build()
        let page = try String(contentsOf: output.appendingPathComponent("a/index.html"), encoding: .utf8)
        #expect(Self.outline(in: page).map(\.text) == ["Bee"])

        let broken = try makeLessonsFolder(["a": Self.lesson("Start", order: 0, summary: "S.", body: "```stepwise-outline\nsummary: no\n```")])
        #expect {
            try builder(broken, broken.deletingLastPathComponent().appendingPathComponent("out")).build()
        } throws: { error in
            String(describing: error) == "\(broken.path)/a/lesson.md:7: unknown field \"summary\" (expected one of: summaries)"
        }
    }

    /// The course's introduction links every other lesson of `lessons/`, with its title.
    @Test func theIntroductionListsEveryLesson() throws {
        let sources = try SiteBuilder(options: .init(lessons: CurriculumTests.lessons, output: URL(fileURLWithPath: "/nonexistent")),
                                      figures: RecordingFigures()).loadSources()
        let items = Self.outline(in: try CurriculumTests.page("introduction"))
        let others = sources.filter { $0.id != "introduction" }
        #expect(items.map(\.href) == others.map { "../\($0.id)/index.html" })
        for (item, source) in zip(items, others) {
            #expect(item.text.hasPrefix(source.title), "outline item \(item.text) lacks the title \(source.title)")
        }
        #expect(others.contains { $0.id == "limits" } && others.last?.id == "glossary")
    }
}
