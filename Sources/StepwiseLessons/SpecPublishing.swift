import Foundation
import Plot
import StepwiseTrace
import StepwiseWords
import Yams

/// The specs a lesson ran, published beside its page so a reader can run exactly what the page
/// shows: every spec its front matter names is copied, byte for byte, to
/// `<id>/specs/<name>.yaml` (`.json` for JSON specs), and the page ends with a "Run it yourself"
/// section linking them.
///
/// The copies are made from the bytes the lesson read (a spec file is already known to lie
/// inside the lessons folder, `LessonSource`), written into the site being built only, under
/// names made of lowercase letters, digits and `-`. A BERT spec's `checkpoint` folder is not copied
/// (the pretrained weights are tens of megabytes): the page says which folder the copy reads.
struct PublishedSpec: Equatable, Sendable {
    /// The spec's name in the front matter.
    let name: String
    /// `specs/net.yaml`, relative to the lesson's page.
    let path: String
    /// The file the lesson ran, relative to the lessons folder's parent (`lessons/xor/seed-1.yaml`).
    let origin: String
    /// A BERT spec's checkpoint folder as the spec writes it, relative to the spec file.
    let checkpoint: String?
}

enum SpecPublishing {
    static let folder = "specs"
    static let anchor = "run-it-yourself"

    /// Copies every spec of `source` into `lessonFolder/specs/` and says what it published, in
    /// the order of the specs' names.
    static func publish(_ source: LessonSource, lessons: URL, into lessonFolder: URL) throws -> [PublishedSpec] {
        guard !source.specs.isEmpty else { return [] }
        let target = lessonFolder.appendingPathComponent(folder)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        var used: Set<String> = []
        var published: [PublishedSpec] = []
        for name in source.specs.keys.sorted() {
            let url = source.specs[name]!
            // Read the bytes, never copy the link: a spec may be a symbolic link inside the lessons folder.
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw LessonError(file: source.file, message: "specs.\(Excerpt(name)): spec file \(Excerpt(url.path)) cannot be read")
            }
            let fileName = fileBase(name, used: &used) + (url.pathExtension.lowercased() == "json" ? ".json" : ".yaml")
            try data.write(to: target.appendingPathComponent(fileName), options: .withoutOverwriting)
            published.append(PublishedSpec(name: name, path: "\(folder)/\(fileName)", origin: origin(of: url, lessons: lessons),
                                           checkpoint: checkpoint(in: data)))
        }
        return published
    }

    /// A spec name as a plain file name, unique in the lesson: its slug (lowercase letters,
    /// digits and `-`, as headings' anchors are made), numbered when two names make the same one.
    static func fileBase(_ name: String, used: inout Set<String>) -> String {
        LessonRenderer.uniqueAnchor(LessonRenderer.slug(name), in: &used)
    }

    /// `lessons/xor/seed-1.yaml`: the spec's path from the lessons folder's parent.
    private static func origin(of url: URL, lessons: URL) -> String {
        let root = lessons.standardizedFileURL
        let path = url.standardizedFileURL.path
        let prefix = root.deletingLastPathComponent().path
        guard path.hasPrefix(root.path + "/") else { return url.lastPathComponent }
        return String(path.dropFirst(prefix == "/" ? 1 : prefix.count + 1))
    }

    /// The `checkpoint` a BERT spec names (`{"kind": "bert", "checkpoint": …}`), or nil.
    private static func checkpoint(in data: Data) -> String? {
        guard let text = String(data: data, encoding: .utf8), let node = try? Yams.compose(yaml: text),
              case .mapping(let mapping) = node, mapping["kind"]?.string == "bert" else { return nil }
        return mapping["checkpoint"]?.string
    }

    /// The page's closing section: the command to run, then every published spec linked, with
    /// the file it came from.
    static func section(_ specs: [PublishedSpec], edition: Edition = .en) -> String {
        guard let first = specs.first else { return "" }
        let output = (first.path as NSString).lastPathComponent.replacingOccurrences(of: #"\.[a-z]+$"#, with: "", options: .regularExpression) + ".json"
        let items: [Plot.Node<HTML.ListContext>] = specs.map { spec in
            var parts: [Plot.Node<HTML.BodyContext>] = [
                .a(.escapedPath("href", spec.path), .code(.literal(spec.path))),
                .literal(SiteWords.publishedSpec(edition, ["name": spec.name])), .code(.literal(spec.origin)),
            ]
            if let checkpoint = spec.checkpoint {
                parts.append(withCode(SiteWords.checkpointNote.phrase[edition], ["folder": checkpoint, "command": "scripts/fetch-model"]))
            }
            return .li(.group(parts))
        }
        let section = Plot.Node<HTML.BodyContext>.element(named: "section", nodes: [
            .class("published-specs"),
            .h2(.escaped("id", anchor), .text(SiteWords.runItYourself(edition))),
            .p(.text(SiteWords.runItYourselfLead(edition))),
            .pre(.code(.literal("stepwise trace \(first.path) --out \(output)"))),
            .ul(.group(items)),
        ])
        return section.render()
    }

    /// `text` with each `{name}` placeholder replaced by `values[name]` as code.
    private static func withCode(_ text: String, _ values: [String: String]) -> Plot.Node<HTML.BodyContext> {
        var nodes: [Plot.Node<HTML.BodyContext>] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            nodes.append(.literal(String(rest[..<open])))
            nodes.append(.code(.literal(values[String(rest[rest.index(after: open)..<close])] ?? "")))
            rest = rest[rest.index(after: close)...]
        }
        nodes.append(.literal(String(rest)))
        return .group(nodes)
    }
}
