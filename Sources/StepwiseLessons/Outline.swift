import Foundation
import Plot
import StepwiseWords

/// `stepwise-outline`: the course's lessons as a numbered list — each title linked to its page,
/// then its summary — filled in by the site builder from every lesson's front matter, so a lesson
/// added to `lessons/` appears in it without anyone typing it.
///
///     ```stepwise-outline
///     ```
///
/// The body may be empty, or hold `summaries: false` for titles only. A lesson is built on its
/// own (and may be reused from the previous build), so its renderer writes a marker; the
/// builder replaces it with the list when it writes the page (`Outline.fill`).
public struct OutlineDirective: Sendable, Equatable {
    /// Show each lesson's summary after its title.
    public var summaries = true

    init(summaries: Bool = true) {
        self.summaries = summaries
    }

    init(_ field: YAMLField) throws {
        let fields = try field.object(allowed: ["summaries"])
        summaries = try fields["summaries"]?.boolean() ?? true
    }
}

enum Outline {
    /// What a lesson's renderer writes where an outline goes.
    static func marker(_ directive: OutlineDirective) -> String {
        "<!--stepwise-outline summaries=\(directive.summaries)-->"
    }

    /// `fragment` with every outline marker replaced by the list of `lessons` other than
    /// the page `pageID` itself, in course order, linked relative to that page's folder.
    static func fill(_ fragment: String, lessons: [PageTemplate.LessonLink], pageID: String, edition: Edition = .en) -> String {
        guard fragment.contains("<!--stepwise-outline ") else { return fragment }
        var result = fragment
        for directive in [OutlineDirective(summaries: true), OutlineDirective(summaries: false)] {
            result = result.replacingOccurrences(of: marker(directive),
                                                 with: list(lessons.filter { $0.id != pageID }, summaries: directive.summaries, edition: edition))
        }
        return result
    }

    /// `<ol class="lesson-outline">` with one item per lesson: its title linked, then its summary.
    static func list(_ lessons: [PageTemplate.LessonLink], summaries: Bool, edition: Edition = .en) -> String {
        let items: [Node<HTML.ListContext>] = lessons.map { lesson in
            let link: Node<HTML.BodyContext> = .a(.escapedPath("href", "../\(lesson.id)/index.html"), .literal(lesson.title))
            guard summaries, !lesson.summary.isEmpty else { return .li(link) }
            return .li(link, .literal(SiteWords.summarySeparator(edition) + lesson.summary))
        }
        return Node<HTML.BodyContext>.ol(.class("lesson-outline"), .group(items)).render()
    }
}
