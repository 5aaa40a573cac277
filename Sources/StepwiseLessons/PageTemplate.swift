import Plot
import StepwiseWords

/// The HTML pages of the site, built with Plot: the course outline and one page per lesson.
/// Attribute values and outside text go through `EscapedHTML`'s functions; every page carries
/// the `ContentSecurityPolicy`. A page of a bilingual course names its edition (`<html lang>`)
/// and links its counterpart in the other edition from the header (`LanguageSwitch`).
package enum PageTemplate {
    /// The header's link to the same page in the other edition.
    package struct LanguageSwitch {
        /// The edition the link leads to.
        let edition: Edition
        /// The counterpart page, relative to this page.
        let href: String
    }

    /// A lesson as the index and the pager link to it.
    struct LessonLink {
        let id: String
        let title: String
        let summary: String
        let thumbnail: String?
    }

    static func index(lessons: [LessonLink], edition: Edition = .en, switchTo: LanguageSwitch? = nil) -> String {
        let items: [Node<HTML.ListContext>] = lessons.map { lesson in
            var parts: [Node<HTML.BodyContext>] = []
            if let thumbnail = lesson.thumbnail {
                parts.append(.img(.escapedPath("src", "\(lesson.id)/figures/\(thumbnail)"),
                                  .escaped("alt", SiteWords.firstFigureOf(edition, ["title": lesson.title]))))
            }
            parts.append(.div(.h2(.a(.escapedPath("href", "\(lesson.id)/index.html"), .literal(lesson.title))), .p(.literal(lesson.summary))))
            return .li(.group(parts))
        }
        let title = SiteWords.courseTitle(edition)
        return page(title: title, assetPrefix: edition == .en ? "" : "../", home: "index.html", body: [
            .h1(.text(title)),
            .p(.class("summary"), .text(SiteWords.courseLead(edition))),
            .ol(.class("outline"), .group(items)),
        ], hasStepper: false, edition: edition, switchTo: switchTo)
    }

    static func lesson(_ lesson: LessonLink, content: LessonContent, previous: LessonLink?, next: LessonLink?,
                       edition: Edition = .en, switchTo: LanguageSwitch? = nil) -> String {
        var body: [Node<HTML.BodyContext>] = [.h1(.literal(lesson.title))]
        if !lesson.summary.isEmpty { body.append(.p(.class("summary"), .literal(lesson.summary))) }
        if !content.toc.isEmpty {
            body.append(.nav(.class("toc"), .h2(.text(SiteWords.contents(edition))),
                             .ol(.forEach(content.toc) { .li(.a(.escaped("href", "#\($0.anchor)"), .literal($0.title))) })))
        }
        body.append(.raw(content.fragment))
        var pager: [Node<HTML.BodyContext>] = []
        pager.append(previous.map { .a(.escapedPath("href", "../\($0.id)/index.html"), .attribute(named: "rel", value: "prev"), .literal("← \($0.title)")) } ?? .span())
        pager.append(next.map { .a(.escapedPath("href", "../\($0.id)/index.html"), .attribute(named: "rel", value: "next"), .literal("\($0.title) →")) } ?? .span())
        body.append(.nav(.class("pager"), .group(pager)))
        return page(title: "\(lesson.title) — Stepwise", assetPrefix: edition == .en ? "../" : "../../", home: "../index.html", body: body,
                    hasStepper: content.fragment.contains("data-stepper"), edition: edition, switchTo: switchTo)
    }

    /// A whole page: head (with the `ContentSecurityPolicy`), site header and footer around
    /// `body`, and the stepper script when a stepper is on the page. The stylesheet is linked from
    /// `<assetPrefix>assets/`, or inlined when `inlineStyle` is given (reports, which must work as
    /// a single file).
    package static func page(title: String, assetPrefix: String, home: String, body: [Node<HTML.BodyContext>], hasStepper: Bool,
                             inlineStyle: String? = nil, edition: Edition = .en, switchTo: LanguageSwitch? = nil) -> String {
        let html = HTML(
            .escaped("lang", edition.htmlTag),
            .head(
                .meta(.charset(.utf8)),
                ContentSecurityPolicy.meta(allowsStepper: hasStepper),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .element(named: "title", nodes: [.literal(title)]),
                .unwrap(inlineStyle, { .element(named: "style", nodes: [.raw($0)]) }, else: .link(.rel(.stylesheet), .escapedPath("href", "\(assetPrefix)assets/style.css")))
            ),
            .body(
                .header(.class("site"), .a(.escaped("href", home), .text("Stepwise")), .unwrap(switchTo) { languageLink($0, from: edition) }),
                .main(.group(body)),
                .footer(.class("site"), .text(SiteWords.footer(edition))),
                .if(hasStepper, .script(.raw(SiteAssets.stepperScript)))
            )
        )
        return html.render() + "\n"
    }

    /// The header's language switch: the other edition's name in its own language, marked with
    /// its language, titled in this page's.
    private static func languageLink(_ target: LanguageSwitch, from edition: Edition) -> Node<HTML.BodyContext> {
        .a(.class("language"), .escaped("href", target.href), .escaped("hreflang", target.edition.htmlTag),
           .escaped("lang", target.edition.htmlTag), .escaped("title", SiteWords.switchLanguage(edition)),
           .text(target.edition.nativeName))
    }
}
