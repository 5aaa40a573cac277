import Foundation
import Ink
import Plot
import StepwiseMarkup
import StepwiseTrace

/// `stepwise-glossary`: the course's terms as data, one entry per term, rendered as one table.
/// The entries live in the block (so the lesson's content hash covers them) in a form another
/// edition can copy and translate field by field: `zh` holds the Chinese term, shown under the
/// English one; `meaning` and `where` are Markdown (links to the lesson sections that explain the term).
///
///     - term: Learning rate
///       zh: 学习率
///       meaning: How far each update moves a parameter against its gradient, η.
///       where: "[Gradient descent: how large a step](../gradient-descent/index.html#how-large-a-step)"
public struct GlossaryDirective: Sendable {
    public struct Entry: Sendable {
        public let term: String
        public let zh: String
        public let meaning: String
        public let place: String
    }

    public let entries: [Entry]

    init(_ field: YAMLField) throws {
        entries = try field.list().map { entry in
            let fields = try entry.object(allowed: ["term", "zh", "meaning", "where"])
            return Entry(term: try fields.required("term", in: entry).string(), zh: try fields["zh"]?.string() ?? "",
                         meaning: try fields.required("meaning", in: entry).string(),
                         place: try fields.required("where", in: entry).string())
        }
        guard !entries.isEmpty else { throw field.error("a glossary needs at least one entry") }
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.term.lowercased()).inserted {
            throw field.error("the term \"\(Excerpt(entry.term))\" appears twice")
        }
    }

    /// The table, its rows in the order written; each term's row carries an id (its slug) so
    /// pages can link to `glossary/index.html#<slug>`.
    func render() -> Node<HTML.BodyContext> {
        let showChinese = entries.contains { !$0.zh.isEmpty }
        func markdown(_ text: String) -> String {
            let html = MarkdownParser().html(from: text).trimmingCharacters(in: .whitespacesAndNewlines)
            guard html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.components(separatedBy: "<p>").count == 2 else { return html }
            return String(html.dropFirst(3).dropLast(4))
        }
        let rows: [Node<HTML.TableContext>] = entries.map { entry in
            let zh: Node<HTML.BodyContext> = entry.zh.isEmpty ? .empty : .span(.class("zh"), .attribute(named: "lang", value: "zh"), .literal(entry.zh))
            return .tr(.escaped("id", LessonRenderer.slug(entry.term)),
                       .td(.strong(.literal(entry.term)), zh),
                       .td(.raw(markdown(entry.meaning) + " " + markdown("→ " + entry.place))))
        }
        let header: [Node<HTML.TableRowContext>] = [.th(showChinese ? "term (中文)" : "term"), .th("what it means, and where the course shows it")]
        return .table(.class("glossary"), .thead(.tr(.group(header))), .tbody(.group(rows)))
    }
}
