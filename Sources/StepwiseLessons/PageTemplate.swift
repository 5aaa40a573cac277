import Plot

/// The HTML pages of the site, built with Plot: the course outline and one page per lesson.
/// Attribute values and outside text go through `EscapedHTML`'s functions; every page carries
/// the `ContentSecurityPolicy`.
package enum PageTemplate {
    static let courseTitle = "Stepwise: neural networks, number by number"

    /// A lesson as the index and the pager link to it.
    struct LessonLink {
        let id: String
        let title: String
        let summary: String
        let thumbnail: String?
    }

    static func index(lessons: [LessonLink]) -> String {
        let items: [Node<HTML.ListContext>] = lessons.map { lesson in
            var parts: [Node<HTML.BodyContext>] = []
            if let thumbnail = lesson.thumbnail {
                parts.append(.img(.escapedPath("src", "\(lesson.id)/figures/\(thumbnail)"),
                                  .escaped("alt", "The first figure of the lesson “\(lesson.title)”")))
            }
            parts.append(.div(.h2(.a(.escapedPath("href", "\(lesson.id)/index.html"), .literal(lesson.title))), .p(.literal(lesson.summary))))
            return .li(.group(parts))
        }
        return page(title: courseTitle, assetPrefix: "", home: "index.html", body: [
            .h1(.text(courseTitle)),
            .p(.class("summary"), .text("Every figure and every number on these pages was computed by Stepwise's engine; redo any line by hand and you get the same digits.")),
            .ol(.class("outline"), .group(items)),
        ], hasStepper: false)
    }

    static func lesson(_ lesson: LessonLink, content: LessonContent, previous: LessonLink?, next: LessonLink?) -> String {
        var body: [Node<HTML.BodyContext>] = [.h1(.literal(lesson.title))]
        if !lesson.summary.isEmpty { body.append(.p(.class("summary"), .literal(lesson.summary))) }
        if !content.toc.isEmpty {
            body.append(.nav(.class("toc"), .h2(.text("Contents")),
                             .ol(.forEach(content.toc) { .li(.a(.escaped("href", "#\($0.anchor)"), .literal($0.title))) })))
        }
        body.append(.raw(content.fragment))
        var pager: [Node<HTML.BodyContext>] = []
        pager.append(previous.map { .a(.escapedPath("href", "../\($0.id)/index.html"), .attribute(named: "rel", value: "prev"), .literal("← \($0.title)")) } ?? .span())
        pager.append(next.map { .a(.escapedPath("href", "../\($0.id)/index.html"), .attribute(named: "rel", value: "next"), .literal("\($0.title) →")) } ?? .span())
        body.append(.nav(.class("pager"), .group(pager)))
        return page(title: "\(lesson.title) — Stepwise", assetPrefix: "../", home: "../index.html", body: body,
                    hasStepper: content.fragment.contains("data-stepper"))
    }

    /// A whole page: head (with the `ContentSecurityPolicy`), site header and footer around
    /// `body`, and the stepper script when a stepper is on the page. The stylesheet is linked from
    /// `<assetPrefix>assets/`, or inlined when `inlineStyle` is given (reports, which must work as
    /// a single file).
    package static func page(title: String, assetPrefix: String, home: String, body: [Node<HTML.BodyContext>], hasStepper: Bool,
                             inlineStyle: String? = nil) -> String {
        let html = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                ContentSecurityPolicy.meta(allowsStepper: hasStepper),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.literal(title)]),
                .unwrap(inlineStyle, { .element(named: "style", nodes: [.raw($0)]) }, else: .link(.rel(.stylesheet), .escapedPath("href", "\(assetPrefix)assets/style.css")))
            ),
            .body(
                .header(.class("site"), .a(.escaped("href", home), .text("Stepwise"))),
                .main(.group(body)),
                .footer(.class("site"), .text("Built by Stepwise from traces of real training steps.")),
                .if(hasStepper, .script(.raw(SiteAssets.stepperScript)))
            )
        )
        return html.render() + "\n"
    }
}
