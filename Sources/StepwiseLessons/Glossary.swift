import Foundation
import Ink
import Plot
import StepwiseMarkup
import StepwiseTrace
import StepwiseWords

/// `stepwise-glossary`: the course's terms as data, one entry per term, rendered as one table —
/// the same table in every edition. The entries are a YAML list, written in the block or, so
/// that `lesson.md` and `lesson.zh.md` share one table, in a data file of the lesson's folder
/// that the block names (`file: terms.yaml`; the lesson's content hash covers it). `zh` holds
/// the Chinese term; `meaning` and `where` are Markdown (links to the lesson sections that
/// explain the term), `meaning-zh` and `where-zh` the same in Chinese. The English page shows
/// the Chinese term under the English one, the Chinese page the other way round.
///
///     - term: Learning rate
///       zh: 学习率
///       meaning: How far each update moves a parameter against its gradient, η.
///       meaning-zh: 每次更新让参数逆着梯度移动多远，η。
///       where: "[Gradient descent: how large a step](../gradient-descent/index.html#how-large-a-step)"
///       where-zh: "[梯度下降：步子迈多大](../gradient-descent/index.html#how-large-a-step)"
public struct GlossaryDirective: Sendable {
    public struct Entry: Sendable {
        public let term: String
        public let zh: String
        public let meaning: String
        public let place: String
        public let meaningZh: String
        public let placeZh: String
    }

    public let entries: [Entry]
    /// The data file's bytes, when the entries come from one (for the lesson's content hash).
    let data: Data?
    /// Where the entries are written, for messages.
    let file: String
    let line: Int

    static let dataFileNames = "a file name in the lesson's folder, ending in .yaml"

    /// `field` is the block: a list of entries, or `{file: NAME}` naming a YAML file in the
    /// folder of `lessonFile`.
    init(_ field: YAMLField, lessonFile: String) throws {
        var list = field
        var data: Data?
        if case .mapping = field.node {
            let fileField = try field.object(allowed: ["file"]).required("file", in: field)
            let name = try fileField.string()
            guard name.range(of: #"^[A-Za-z0-9][A-Za-z0-9._-]*\.yaml$"#, options: .regularExpression) != nil else {
                throw fileField.error("expected \(Self.dataFileNames), not \"\(Excerpt(name))\"")
            }
            let path = URL(fileURLWithPath: lessonFile).deletingLastPathComponent().appendingPathComponent(name).path
            guard let bytes = FileManager.default.contents(atPath: path), let text = String(data: bytes, encoding: .utf8) else {
                throw fileField.error("glossary file \(Excerpt(name)) cannot be read as UTF-8 text")
            }
            data = bytes
            list = try YAMLField.parse(text, file: path, lineOffset: 0, what: "glossary")
        }
        self.data = data
        file = list.file
        line = list.line
        entries = try list.list().map { entry in
            let fields = try entry.object(allowed: ["term", "zh", "meaning", "where", "meaning-zh", "where-zh"])
            return Entry(term: try fields.required("term", in: entry).string(), zh: try fields["zh"]?.string() ?? "",
                         meaning: try fields.required("meaning", in: entry).string(),
                         place: try fields.required("where", in: entry).string(),
                         meaningZh: try fields["meaning-zh"]?.string() ?? "", placeZh: try fields["where-zh"]?.string() ?? "")
        }
        guard !entries.isEmpty else { throw list.error("a glossary needs at least one entry") }
        var seen: Set<String> = []
        for entry in entries where !seen.insert(entry.term.lowercased()).inserted {
            throw list.error("the term \"\(Excerpt(entry.term))\" appears twice")
        }
    }

    /// The table in `edition`, its rows in the order written; each term's row carries an id
    /// (the English term's slug, in every edition) so pages can link to
    /// `glossary/index.html#<slug>`. A Chinese table needs every entry's Chinese fields.
    func render(_ edition: Edition = .en) throws -> Node<HTML.BodyContext> {
        func markdown(_ text: String) -> String {
            let html = MarkdownParser().html(from: text).trimmingCharacters(in: .whitespacesAndNewlines)
            guard html.hasPrefix("<p>"), html.hasSuffix("</p>"), html.components(separatedBy: "<p>").count == 2 else { return html }
            return String(html.dropFirst(3).dropLast(4))
        }
        if edition == .zh, let entry = entries.first(where: { $0.zh.isEmpty || $0.meaningZh.isEmpty || $0.placeZh.isEmpty }) {
            throw LessonError(file: file, line: line, message: "the term \"\(Excerpt(entry.term))\" needs zh, meaning-zh and where-zh for the Chinese edition")
        }
        let showOther = edition == .zh || entries.contains { !$0.zh.isEmpty }
        let rows: [Node<HTML.TableContext>] = entries.map { entry in
            let (first, second, meaning, place) = edition == .zh
                ? (entry.zh, entry.term, entry.meaningZh, entry.placeZh) : (entry.term, entry.zh, entry.meaning, entry.place)
            let secondNode: Node<HTML.BodyContext> = second.isEmpty || second == first ? .empty
                : edition == .zh ? .span(.class("en"), .escaped("lang", "en"), .literal(second))
                : .span(.class("zh"), .escaped("lang", "zh"), .literal(second))
            return .tr(.escaped("id", LessonRenderer.slug(entry.term)),
                       .td(.strong(.literal(first)), secondNode),
                       .td(.raw(markdown(meaning) + " " + markdown("→ " + place))))
        }
        let term = showOther ? SiteWords.glossaryTermWithOther(edition) : SiteWords.glossaryTerm(edition)
        let header: [Node<HTML.TableRowContext>] = [.th(.text(term)), .th(.text(SiteWords.glossaryMeaning(edition)))]
        return .table(.class("glossary"), .thead(.tr(.group(header))), .tbody(.group(rows)))
    }
}
