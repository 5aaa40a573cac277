import Foundation
import StepwiseTrace

/// Builds the static course site from `lessons/` into an output folder:
///
/// 1. reads every lesson (`<lessons>/<folder>/lesson.md`) and checks ids;
/// 2. builds each lesson's body and figures in parallel — or reuses them from the previous
///    build when the lesson's content hash is unchanged;
/// 3. writes the pages, assets and the cache manifest into a fresh folder beside the output;
/// 4. swaps that folder in, so a failed or interrupted build leaves the previous site as it was.
///
/// The output is never the lessons folder, inside it or above it, nor the current folder or one
/// above it, nor a file or a folder this tool did not build (`StagedOutput.folder`).
public struct SiteBuilder: Sendable {
    public struct Options: Sendable {
        public var lessons: URL
        public var output: URL
        /// Rebuild every lesson, ignoring the previous build's cache.
        public var clean: Bool
        public var jobs: Int
        /// The build of the tool (`ToolIdentity`): lessons built by another build are rebuilt.
        public var toolIdentity: String

        public init(lessons: URL, output: URL, clean: Bool = false, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                    toolIdentity: String = ToolIdentity.ofThisProcess) {
            self.lessons = lessons
            self.output = output
            self.clean = clean
            self.jobs = max(1, jobs)
            self.toolIdentity = toolIdentity
        }
    }

    /// What a build did.
    public struct Summary: Equatable, Sendable {
        public var lessons: Int
        public var rebuilt: Int
        public var figures: Int
    }

    public let options: Options
    public let figures: any FigureRendering
    /// Receives progress lines (lesson i of n, figures done).
    public let progress: @Sendable (String) -> Void

    public init(options: Options, figures: any FigureRendering, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.figures = figures
        self.progress = progress
    }

    static let manifestName = ".stepwise-build.json"
    /// Bumped when the builder's output for the same sources changes.
    static let cacheVersion = "3"

    struct Manifest: Codable, Sendable {
        var version: String
        var lessons: [String: Entry]
        struct Entry: Codable, Sendable {
            var hash: String
            var content: LessonContent
        }
    }

    @discardableResult
    public func build() throws -> Summary {
        let target = try OutputTarget(options.output)
        try target.refuseCurrentFolderOrAncestor()
        try target.refuseOverlap(with: options.lessons, what: "the lessons folder")
        let sources = try loadSources()
        return try StagedOutput.folder(at: options.output, what: "a site") { staging in
            try build(sources, into: staging, previous: target.resolved)
        }
    }

    /// Every lesson folder's source, ordered by `order` then id, with ids checked.
    public func loadSources() throws -> [LessonSource] {
        let fileManager = FileManager.default
        guard let folders = try? fileManager.contentsOfDirectory(atPath: options.lessons.path) else {
            throw LessonError(file: options.lessons.path, message: "lessons folder cannot be read")
        }
        var sources: [LessonSource] = []
        for folder in folders.sorted() {
            let url = options.lessons.appendingPathComponent(folder)
            guard fileManager.fileExists(atPath: url.appendingPathComponent(LessonSource.fileName).path) else { continue }
            sources.append(try LessonSource.load(folder: url))
        }
        var seen: [String: String] = [:]
        for source in sources {
            if let other = seen[source.id] {
                throw LessonError(file: source.file, line: 1, message: "lesson id \"\(Excerpt(source.id))\" is already used by \(other)")
            }
            seen[source.id] = source.file
        }
        if sources.isEmpty { throw LessonError(file: options.lessons.path, message: "no lessons (folders with a lesson.md)") }
        return sources.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
    }

    private func build(_ sources: [LessonSource], into staging: URL, previous: URL) throws -> Summary {
        let fileManager = FileManager.default
        let oldManifest = options.clean ? nil : Self.readManifest(in: previous)
        let traces = TraceLibrary()
        let progress = self.progress
        let results = ParallelJobs<Result<(LessonContent, Bool), Error>>.run(count: sources.count, workers: options.jobs) { index in
            Result { try buildLesson(sources[index], staging: staging, previous: previous, oldManifest: oldManifest, traces: traces) }
        } done: { index, result, finished in
            switch result {
            case .success(let (content, rebuilt)):
                progress("lesson \(finished) of \(sources.count): \(sources[index].id) — \(rebuilt ? "built" : "unchanged"), \(content.figures.count / 2) figures")
            case .failure:
                progress("lesson \(finished) of \(sources.count): \(sources[index].id) — failed")
            }
        }
        var contents: [LessonContent] = []
        var manifest = Manifest(version: Self.cacheVersion, lessons: [:])
        var rebuilt = 0
        for (index, result) in results.enumerated() {
            let (content, wasRebuilt) = try result.get()
            contents.append(content)
            manifest.lessons[sources[index].id] = .init(hash: hash(of: sources[index]), content: content)
            if wasRebuilt { rebuilt += 1 }
        }

        let links = zip(sources, contents).map { source, content in
            PageTemplate.LessonLink(id: source.id, title: source.title, summary: source.summary, thumbnail: content.thumbnail)
        }
        try Data(PageTemplate.index(lessons: links).utf8).write(to: staging.appendingPathComponent("index.html"))
        for (index, link) in links.enumerated() {
            let published = try SpecPublishing.publish(sources[index], lessons: options.lessons,
                                                       into: staging.appendingPathComponent(link.id))
            let content = Self.pageContent(contents[index], pageID: link.id, lessons: links, published: published)
            let page = PageTemplate.lesson(link, content: content, previous: index > 0 ? links[index - 1] : nil,
                                           next: index + 1 < links.count ? links[index + 1] : nil)
            try Data(page.utf8).write(to: staging.appendingPathComponent("\(link.id)/index.html"))
        }
        try SiteAssets.write(into: staging)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try encoder.encode(manifest).write(to: staging.appendingPathComponent(Self.manifestName))
        // The output folder's committed note stays.
        let note = previous.appendingPathComponent("README.md")
        if fileManager.fileExists(atPath: note.path) {
            try fileManager.copyItem(at: note, to: staging.appendingPathComponent("README.md"))
        }
        return Summary(lessons: sources.count, rebuilt: rebuilt, figures: contents.reduce(0) { $0 + $1.figures.count / 2 })
    }

    /// What a page shows of its lesson's content once every lesson is known: outlines filled
    /// in (`Outline`) and the "Run it yourself" section with the published specs at the end.
    static func pageContent(_ built: LessonContent, pageID: String, lessons: [PageTemplate.LessonLink],
                            published: [PublishedSpec]) -> LessonContent {
        var content = built
        content.fragment = Outline.fill(content.fragment, lessons: lessons, pageID: pageID)
        if !published.isEmpty {
            content.fragment += SpecPublishing.section(published)
            content.toc.append(.init(anchor: SpecPublishing.anchor, title: SpecPublishing.title))
        }
        return content
    }

    private func hash(of source: LessonSource) -> String {
        var hash = ContentHash()
        hash.add(Self.cacheVersion)
        hash.add(StepwiseVersion.string)
        hash.add(options.toolIdentity)
        hash.add(source.contentHash)
        return hash.hex
    }

    /// Builds one lesson into `staging/<id>/`, or copies it from the previous site when its hash
    /// is unchanged. Returns its content and whether it was rebuilt.
    private func buildLesson(
        _ source: LessonSource, staging: URL, previous: URL, oldManifest: Manifest?, traces: TraceLibrary
    ) throws -> (LessonContent, Bool) {
        let fileManager = FileManager.default
        let folder = staging.appendingPathComponent(source.id)
        let figureFolder = folder.appendingPathComponent("figures")
        try fileManager.createDirectory(at: figureFolder, withIntermediateDirectories: true)
        if let cached = oldManifest?.lessons[source.id], cached.hash == hash(of: source) {
            let oldFigures = previous.appendingPathComponent(source.id).appendingPathComponent("figures")
            if cached.content.figures.allSatisfy({ fileManager.fileExists(atPath: oldFigures.appendingPathComponent($0).path) }) {
                for name in cached.content.figures {
                    try fileManager.copyItem(at: oldFigures.appendingPathComponent(name), to: figureFolder.appendingPathComponent(name))
                }
                return (cached.content, false)
            }
        }
        let renderer = LessonRenderer(source: source, traces: traces, figures: figures) { name, data in
            try data.write(to: figureFolder.appendingPathComponent(name))
        }
        return (try renderer.render(), true)
    }

    static func readManifest(in folder: URL) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(manifestName).path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.version == cacheVersion else { return nil }
        return manifest
    }
}
