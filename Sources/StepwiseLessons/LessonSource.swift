import Foundation
import StepwiseTrace
import StepwiseWords

/// One lesson as its author wrote it: `lessons/<folder>/lesson.md`, YAML front matter between
/// `---` lines, then Markdown with directive blocks (fenced ```` ```stepwise-<kind> ```` blocks
/// whose body is YAML).
public struct LessonSource: Sendable {
    /// Output folder name and link target: the front matter's `id`, else the folder name.
    public let id: String
    public let title: String
    public let order: Int
    public let summary: String
    /// Spec names → spec files (absolute), as the front matter's `specs` lists them.
    public let specs: [String: URL]
    /// Spec names → how to run them (`every`, `diverges`), for entries written as objects.
    public let specOptions: [String: SpecOptions]
    /// The Markdown and directives in order.
    public let blocks: [Block]
    /// The lesson file, for messages.
    public let file: String
    /// Every byte the lesson's result depends on: the lesson file and its specs.
    public let contentHash: String
    /// The edition the lesson is written in: `lesson.md` is English, `lesson.zh.md` Chinese
    /// (`LessonTranslation`).
    public internal(set) var edition: Edition = .en
    /// Each directive's fenced YAML as written, in order, so a translation's directives can be
    /// compared with the English ones field by field.
    var directiveBodies: [DirectiveBody] = []

    /// A directive block as written: its kind, its YAML body and the line of its opening fence.
    struct DirectiveBody: Sendable {
        let kind: String
        let body: String
        let fenceLine: Int
    }

    public enum Block: Sendable {
        case markdown(String)
        case directive(Directive)
    }

    static let fileName = "lesson.md"
    private static let frontMatterFields = ["id", "title", "order", "summary", "specs"]

    /// A lesson file's text split into its front matter and the lines after it.
    struct FileParts {
        let data: Data
        let front: YAMLField
        let body: [String]
        /// The file line of `body[0]`.
        let bodyLine: Int
    }

    /// Reads `file`: UTF-8 text with front matter between two `---` lines at the top.
    static func parts(of file: String) throws -> FileParts {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw LessonError(file: file, message: "cannot be read as UTF-8 text")
        }
        // Lessons saved with Windows line ends (CRLF) or old Mac ones (CR) read like any other.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            throw LessonError(file: file, line: 1, message: "expected front matter between two \"---\" lines at the top")
        }
        let front = try YAMLField.parse(lines[1..<end].joined(separator: "\n"), file: file, lineOffset: 1, what: "front matter")
        return FileParts(data: data, front: front, body: Array(lines[(end + 1)...]), bodyLine: end + 2)
    }

    /// Reads `folder/lesson.md`.
    public static func load(folder: URL) throws -> LessonSource {
        let file = folder.appendingPathComponent(fileName).path
        let parts = try parts(of: file)
        let (front, data) = (parts.front, parts.data)
        let fields = try front.object(allowed: frontMatterFields)
        let id = try fields["id"]?.string() ?? folder.lastPathComponent
        guard id.range(of: "^[a-z0-9][a-z0-9-]*$", options: .regularExpression) != nil else {
            throw (fields["id"] ?? front).error("lesson id \"\(Excerpt(id))\" must be lowercase letters, digits and dashes (it names the output folder)")
        }
        var specs: [String: URL] = [:]
        var specOptions: [String: SpecOptions] = [:]
        var hash = ContentHash()
        hash.add(data)
        if let specsField = fields["specs"] {
            for (name, entryField) in try specsField.textFields() {
                var pathField = entryField
                if case .mapping = entryField.node {
                    let entry = try entryField.object(allowed: ["file", "every", "diverges"])
                    pathField = try entry.required("file", in: entryField)
                    var options = SpecOptions()
                    if let every = entry["every"] {
                        options.every = try every.integer()
                        guard options.every >= 1 else { throw every.error("expected an integer ≥ 1") }
                    }
                    options.diverges = try entry["diverges"]?.boolean() ?? false
                    specOptions[name] = options
                }
                let specURL = try specFile(try pathField.string(), lessonFolder: folder, field: pathField)
                guard let specData = FileManager.default.contents(atPath: specURL.path) else {
                    throw pathField.error("spec file \(Excerpt(specURL.path)) cannot be read")
                }
                hash.add(name)
                hash.add(specData)
                specs[name] = specURL
            }
        }
        let (blocks, bodies) = try splitBlocks(lines: parts.body, firstLine: parts.bodyLine, file: file, specs: specs)
        for case .directive(.glossary(let glossary)) in blocks { if let data = glossary.data { hash.add(data) } }
        var source = LessonSource(
            id: id, title: try fields.required("title", in: front).string(),
            order: try fields.required("order", in: front).integer(),
            summary: try fields["summary"]?.string() ?? "", specs: specs, specOptions: specOptions, blocks: blocks, file: file,
            contentHash: hash.hex)
        source.directiveBodies = bodies
        return source
    }

    /// The spec file `path` names, relative to the lesson's folder, with symbolic links
    /// resolved: it must exist and lie inside the lessons folder (the lesson folder's parent),
    /// so a lesson never reads files from elsewhere on the machine.
    private static func specFile(_ path: String, lessonFolder: URL, field: YAMLField) throws -> URL {
        let given = lessonFolder.appendingPathComponent(path).standardizedFileURL
        let lessons = lessonFolder.standardizedFileURL.deletingLastPathComponent()
        guard let real = OutputTarget.realPath(given.path) else {
            throw field.error("spec file \(Excerpt(path)) does not exist")
        }
        let root = OutputTarget.realPath(lessons.path) ?? lessons.path
        guard real.hasPrefix(root == "/" ? "/" : root + "/") else {
            throw field.error("spec file \(Excerpt(path)) is outside the lessons folder \(Excerpt(lessons.path))")
        }
        return given
    }

    /// Splits the body at directive fences: a line "```stepwise-<kind>" opens one, the next
    /// line "```" closes it.
    static func splitBlocks(lines: [String], firstLine: Int, file: String, specs: [String: URL]) throws -> ([Block], [DirectiveBody]) {
        var blocks: [Block] = []
        var bodies: [DirectiveBody] = []
        var markdown: [String] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("```stepwise-") else {
                markdown.append(line)
                index += 1
                continue
            }
            let kind = String(trimmed.dropFirst("```stepwise-".count))
            let fenceLine = firstLine + index
            guard let close = lines[(index + 1)...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "```" }) else {
                throw LessonError(file: file, line: fenceLine, message: "directive \"stepwise-\(kind)\" is not closed with ```")
            }
            if !markdown.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                blocks.append(.markdown(markdown.joined(separator: "\n")))
            }
            markdown = []
            let body = lines[(index + 1)..<close].joined(separator: "\n")
            blocks.append(.directive(try Directive.parse(kind: kind, body: body, file: file, fenceLine: fenceLine, specs: specs)))
            bodies.append(DirectiveBody(kind: kind, body: body, fenceLine: fenceLine))
            index = close + 1
        }
        if !markdown.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            blocks.append(.markdown(markdown.joined(separator: "\n")))
        }
        return (blocks, bodies)
    }
}

/// How a lesson runs one of its specs: `specs: {name: {file: …, every: 10, diverges: true}}`.
public struct SpecOptions: Sendable, Hashable {
    /// Keep steps 1, K, 2K, … and the last (plus every step a directive names): for long runs.
    public var every = 1
    /// The run is expected to blow up: its steps up to the first non-finite one are kept and
    /// drawn. Without it a run that produces NaN or infinity fails the build, and with it a run
    /// that stays finite does.
    public var diverges = false

    public init(every: Int = 1, diverges: Bool = false) {
        self.every = every
        self.diverges = diverges
    }
}

extension YAMLField {
    /// The fields of an object in the order written.
    func textFields() throws -> [(String, YAMLField)] {
        guard case .mapping(let mapping) = node else { throw error("expected an object") }
        return mapping.map { key, value in
            let name = key.scalar?.string ?? ""
            return (name, YAMLField(node: value, file: file, lineOffset: lineOffset, path: path.isEmpty ? name : "\(path).\(name)"))
        }
    }
}
