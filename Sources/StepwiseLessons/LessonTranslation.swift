import Foundation
import Ink
import StepwiseTrace
import StepwiseWords
import Yams

/// A lesson's translation: `lessons/<folder>/lesson.zh.md` beside `lesson.md`
/// (`docs/chinese-edition.md`). It runs the English lesson's specs and draws the same figures, so
/// it may differ from `lesson.md` only in its prose:
///
/// - front matter: `title` and `summary` only (`id`, `order` and `specs` come from `lesson.md`);
/// - the same headings at the same levels in the same order (each takes its English heading's
///   anchor when the page is rendered, `LessonRenderer.englishAnchors`);
/// - the same directives in the same order, equal field for field except `proseFields`.
///
/// Every difference is one line naming the file, the line and the field.
enum LessonTranslation {
    /// `lesson.zh.md`.
    static func fileName(_ edition: Edition) -> String { "lesson.\(edition.rawValue).md" }

    /// The fields of each directive kind that a translation writes in its own words; every
    /// other field is copied from `lesson.md`. A stepper's step holds a figure, a walkthrough
    /// or a table, whose prose fields are those of its kind.
    static let proseFields: [String: Set<String>] = [
        "figure": ["caption", "labels", "validation-label"],
        "summary": ["caption"],
        "stepper": ["title", "text"],
        "exercise": ["question"],
    ]

    /// Whether `folder` holds a translation into `edition`.
    static func exists(in folder: URL, _ edition: Edition) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(fileName(edition)).path)
    }

    /// Reads `folder/lesson.<edition>.md`, the translation of `english` (read from the same folder).
    static func load(folder: URL, english: LessonSource, edition: Edition = .zh) throws -> LessonSource {
        let file = folder.appendingPathComponent(fileName(edition)).path
        let parts = try LessonSource.parts(of: file)
        if case .mapping(let mapping) = parts.front.node {
            for key in mapping.keys {
                let name = key.scalar?.string ?? ""
                guard ["id", "order", "specs"].contains(name) else { continue }
                throw YAMLField(node: key, file: file, lineOffset: 1, path: "")
                    .error("front matter field \"\(name)\" comes from lesson.md: a translation sets only title and summary")
            }
        }
        let fields = try parts.front.object(allowed: ["title", "summary"])
        let (blocks, bodies) = try LessonSource.splitBlocks(lines: parts.body, firstLine: parts.bodyLine, file: file, specs: english.specs)
        try compareDirectives(bodies, with: english.directiveBodies, file: file, englishFile: english.file)
        try compareHeadings(blocks, bodyLines: parts.body, bodyLine: parts.bodyLine, with: english.blocks, file: file)
        if english.summary.isEmpty != (fields["summary"] == nil) {
            throw LessonError(file: file, line: 1, message: english.summary.isEmpty
                ? "front matter field \"summary\": lesson.md has no summary, so its translation has none either"
                : "front matter: missing field \"summary\" (lesson.md has one)")
        }
        var hash = ContentHash()
        hash.add(parts.data)
        var source = LessonSource(
            id: english.id, title: try fields.required("title", in: parts.front).string(), order: english.order,
            summary: try fields["summary"]?.string() ?? "", specs: english.specs, specOptions: english.specOptions,
            blocks: blocks, file: file, contentHash: hash.hex)
        source.edition = edition
        source.directiveBodies = bodies
        return source
    }

    // MARK: - Directives

    private static func compareDirectives(_ translated: [LessonSource.DirectiveBody], with english: [LessonSource.DirectiveBody],
                                          file: String, englishFile: String) throws {
        for (index, pair) in zip(translated, english).enumerated() {
            let (zh, en) = pair
            let block = "stepwise-\(zh.kind) block \(index + 1)"
            guard zh.kind == en.kind else {
                throw LessonError(file: file, line: zh.fenceLine,
                                  message: "\(block): lesson.md's directive \(index + 1) is stepwise-\(en.kind) (line \(en.fenceLine)); a translation keeps the directives in order")
            }
            let zhRoot = try root(of: zh, file: file)
            let enRoot = try root(of: en, file: englishFile)
            try compare(enRoot, zhRoot, kind: zh.kind, block: block, path: "")
        }
        if translated.count != english.count {
            let line = translated.count > english.count ? translated[english.count].fenceLine : nil
            throw LessonError(file: file, line: line,
                              message: "has \(translated.count) directives, lesson.md has \(english.count): a translation keeps every stepwise block")
        }
    }

    /// A directive body's YAML (an empty body, as an outline may have, is an empty mapping).
    private static func root(of body: LessonSource.DirectiveBody, file: String) throws -> YAMLField {
        if body.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return YAMLField(node: .mapping(.init([])), file: file, lineOffset: body.fenceLine, path: "")
        }
        return try YAMLField.parse(body.body, file: file, lineOffset: body.fenceLine, what: "stepwise-\(body.kind) block")
    }

    /// Refuses the first field in which `zh` differs from `en`, other than prose fields of `kind`.
    private static func compare(_ en: YAMLField, _ zh: YAMLField, kind: String, block: String, path: String) throws {
        func differs(_ what: String) -> LessonError {
            LessonError(file: zh.file, line: zh.line, message: "\(block), field \"\(path.isEmpty ? "(the block)" : path)\": \(what) (\(proseList(kind)))")
        }
        switch (en.node, zh.node) {
        case (.scalar(let a), .scalar(let b)):
            if a.string != b.string {
                throw differs("\"\(Excerpt(b.string))\" differs from lesson.md's \"\(Excerpt(a.string))\"")
            }
        case (.sequence(let a), .sequence(let b)):
            guard a.count == b.count else { throw differs("\(b.count) items, lesson.md has \(a.count)") }
            for (index, pair) in zip(a, b).enumerated() {
                try compare(child(en, pair.0), child(zh, pair.1), kind: kind, block: block, path: "\(path)[\(index)]")
            }
        case (.mapping(let a), .mapping(let b)):
            let enKeys = a.keys.map { $0.scalar?.string ?? "" }
            let zhKeys = b.keys.map { $0.scalar?.string ?? "" }
            if let missing = enKeys.first(where: { !zhKeys.contains($0) }) {
                throw differs("missing \"\(Excerpt(missing))\", which lesson.md has")
            }
            for (key, value) in b {
                let name = key.scalar?.string ?? ""
                let fieldPath = path.isEmpty ? name : "\(path).\(name)"
                guard let english = a[key] else {
                    throw LessonError(file: zh.file, line: child(zh, key).line,
                                      message: "\(block), field \"\(Excerpt(fieldPath))\": lesson.md has no such field")
                }
                if proseFields[kind]?.contains(name) == true {
                    if kind == "exercise" && name == "question" {
                        try sameQuestionPlaceholders(child(en, english), child(zh, value), block: block)
                    }
                    continue
                }
                let nested = kind == "stepper" && ["figure", "walkthrough", "table"].contains(name) ? name : kind
                try compare(child(en, english), child(zh, value), kind: nested, block: block, path: fieldPath)
            }
        default:
            throw differs("written as a different kind of value than in lesson.md")
        }
    }

    private static func child(_ parent: YAMLField, _ node: Node) -> YAMLField {
        YAMLField(node: node, file: parent.file, lineOffset: parent.lineOffset, path: parent.path)
    }

    /// What a translation may change in a block of `kind`, for messages.
    private static func proseList(_ kind: String) -> String {
        guard let fields = proseFields[kind] else { return "a stepwise-\(kind) block is copied from lesson.md unchanged" }
        return "only \(fields.sorted().joined(separator: ", ")) are translated"
    }

    /// An exercise's question keeps every `{name}` placeholder of the English one.
    private static func sameQuestionPlaceholders(_ en: YAMLField, _ zh: YAMLField, block: String) throws {
        let english = Set(ExerciseDirective.placeholders(in: en.node.scalar?.string ?? ""))
        let translated = Set(ExerciseDirective.placeholders(in: zh.node.scalar?.string ?? ""))
        if let missing = english.subtracting(translated).sorted().first {
            throw LessonError(file: zh.file, line: zh.line, message: "\(block), field \"question\": the placeholder {\(missing)} of lesson.md is missing")
        }
    }

    // MARK: - Headings

    /// A Markdown heading: its level (number of `#`) and its text as written.
    struct Heading: Equatable {
        let level: Int
        let text: String
    }

    /// The headings of `blocks`' Markdown, in order, as Ink reads them.
    static func headings(of blocks: [LessonSource.Block]) -> [Heading] {
        final class Found { var headings: [Heading] = [] }
        let found = Found()
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .headings) { html, markdown in
            let level = markdown.prefix { $0 == "#" }.count
            found.headings.append(Heading(level: level, text: markdown.dropFirst(level).trimmingCharacters(in: .whitespaces)))
            return html
        })
        for case .markdown(let text) in blocks { _ = parser.html(from: text) }
        return found.headings
    }

    private static func compareHeadings(_ blocks: [LessonSource.Block], bodyLines: [String], bodyLine: Int,
                                        with english: [LessonSource.Block], file: String) throws {
        let translated = headings(of: blocks), original = headings(of: english)
        // The line of each translated heading: the next body line that holds it.
        var searchFrom = 0
        func line(of heading: Heading) -> Int? {
            guard let index = bodyLines[searchFrom...].firstIndex(where: { $0.hasPrefix("#") && $0.contains(heading.text) }) else { return nil }
            searchFrom = index + 1
            return bodyLine + index
        }
        for (index, pair) in zip(translated, original).enumerated() {
            let headingLine = line(of: pair.0)
            if pair.0.level != pair.1.level {
                throw LessonError(file: file, line: headingLine,
                                  message: "heading \(index + 1) \"\(Excerpt(pair.0.text))\" is level \(pair.0.level); lesson.md's heading \(index + 1) \"\(Excerpt(pair.1.text))\" is level \(pair.1.level)")
            }
        }
        if translated.count != original.count {
            let extra = translated.count > original.count ? translated[original.count] : nil
            throw LessonError(file: file, line: extra.flatMap(line(of:)),
                              message: "has \(translated.count) headings, lesson.md has \(original.count): a translation keeps every heading, at its level, in order")
        }
    }
}
