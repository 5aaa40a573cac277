import Foundation
import StepwiseTrace
import StepwiseWords

/// Builds the static course site from `lessons/` into an output folder:
///
/// 1. reads every lesson (`<lessons>/<folder>/lesson.md`) and checks ids, and its translation
///    (`lesson.zh.md`, `LessonTranslation`) when the course is bilingual;
/// 2. builds each lesson's body and figures in parallel — or reuses them from the previous
///    build when the lesson's content hash is unchanged; a lesson's two editions are built in
///    the same job from the same traces, and a figure that draws the same in both is drawn once;
/// 3. writes the pages, assets and the cache manifest into a fresh folder beside the output:
///    the English edition at its top, the Chinese one under `zh/` with the same structure, each
///    page linking its counterpart;
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
    static let cacheVersion = "4"
    /// The folder of the Chinese edition inside the output.
    static let translationFolder = "zh"

    struct Manifest: Codable, Sendable {
        var version: String
        var lessons: [String: Entry]
        struct Entry: Codable, Sendable {
            var hash: String
            var content: LessonContent
            /// The Chinese edition's content, in a bilingual course.
            var translation: LessonContent?
        }
    }

    @discardableResult
    public func build() throws -> Summary {
        let target = try OutputTarget(options.output)
        try target.refuseCurrentFolderOrAncestor()
        try target.refuseOverlap(with: options.lessons, what: "the lessons folder")
        let sources = try loadSources()
        let translations = try loadTranslations(of: sources)
        return try StagedOutput.folder(at: options.output, what: "a site") { staging in
            try build(sources, translations: translations, into: staging, previous: target.resolved)
        }
    }

    /// Each lesson's Chinese edition (`lesson.zh.md`), in the order of `sources`, or nil when
    /// no lesson has one (an English-only course). A course is bilingual as soon as one lesson
    /// has a translation; from then on a lesson without one is an error naming its folder.
    public func loadTranslations(of sources: [LessonSource]) throws -> [LessonSource]? {
        let folders = sources.map { URL(fileURLWithPath: $0.file).deletingLastPathComponent() }
        guard let translated = folders.first(where: { LessonTranslation.exists(in: $0, .zh) }) else { return nil }
        return try zip(sources, folders).map { source, folder in
            guard LessonTranslation.exists(in: folder, .zh) else {
                throw LessonError(file: folder.path, message: "has no \(LessonTranslation.fileName(.zh)): the course is bilingual (\(translated.lastPathComponent)/\(LessonTranslation.fileName(.zh)) exists), so every lesson needs its translation")
            }
            return try LessonTranslation.load(folder: folder, english: source)
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
            // The site's own folders: a lesson there would write over the Chinese edition or the assets.
            if [Self.translationFolder, "assets"].contains(source.id) {
                throw LessonError(file: source.file, line: 1, message: "lesson id \"\(source.id)\" is the site's own folder (the Chinese edition, assets): choose another id")
            }
            if let other = seen[source.id] {
                throw LessonError(file: source.file, line: 1, message: "lesson id \"\(Excerpt(source.id))\" is already used by \(other)")
            }
            seen[source.id] = source.file
        }
        if sources.isEmpty { throw LessonError(file: options.lessons.path, message: "no lessons (folders with a lesson.md)") }
        return sources.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
    }

    private func build(_ sources: [LessonSource], translations: [LessonSource]?, into staging: URL, previous: URL) throws -> Summary {
        let fileManager = FileManager.default
        let oldManifest = options.clean ? nil : Self.readManifest(in: previous)
        let traces = TraceLibrary()
        let progress = self.progress
        let results = ParallelJobs<Result<(LessonContent, LessonContent?, Bool), Error>>.run(count: sources.count, workers: options.jobs) { index in
            Result { try buildLesson(sources[index], translation: translations?[index], staging: staging, previous: previous,
                                     oldManifest: oldManifest, traces: traces) }
        } done: { index, result, finished in
            switch result {
            case .success(let (content, _, rebuilt)):
                progress("lesson \(finished) of \(sources.count): \(sources[index].id) — \(rebuilt ? "built" : "unchanged"), \(content.figures.count / 2) figures")
            case .failure:
                progress("lesson \(finished) of \(sources.count): \(sources[index].id) — failed")
            }
        }
        var contents: [LessonContent] = []
        var translatedContents: [LessonContent] = []
        var manifest = Manifest(version: Self.cacheVersion, lessons: [:])
        var rebuilt = 0
        for (index, result) in results.enumerated() {
            let (content, translated, wasRebuilt) = try result.get()
            contents.append(content)
            if let translated { translatedContents.append(translated) }
            manifest.lessons[sources[index].id] = .init(hash: hash(of: sources[index], translations?[index]), content: content,
                                                        translation: translated)
            if wasRebuilt { rebuilt += 1 }
        }

        let bilingual = translations != nil
        try writePages(sources, contents, into: staging, counterpart: bilingual ? "\(Self.translationFolder)/" : nil)
        if let translations {
            try writePages(translations, translatedContents, into: staging.appendingPathComponent(Self.translationFolder), counterpart: "../")
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

    /// One edition's pages into `folder`: the index and every lesson's page with its published
    /// specs. `counterpart` is the other edition's folder relative to this one's (nil: the course
    /// has one edition); every page's language switch links the same page there.
    private func writePages(_ sources: [LessonSource], _ contents: [LessonContent], into folder: URL, counterpart: String?) throws {
        let edition = sources.first?.edition ?? .en
        let other: Edition = edition == .en ? .zh : .en
        let links = zip(sources, contents).map { source, content in
            PageTemplate.LessonLink(id: source.id, title: source.title, summary: source.summary, thumbnail: content.thumbnail)
        }
        let indexSwitch = counterpart.map { PageTemplate.LanguageSwitch(edition: other, href: "\($0)index.html") }
        try Data(PageTemplate.index(lessons: links, edition: edition, switchTo: indexSwitch).utf8)
            .write(to: folder.appendingPathComponent("index.html"))
        for (index, link) in links.enumerated() {
            let published = try SpecPublishing.publish(sources[index], lessons: options.lessons,
                                                       into: folder.appendingPathComponent(link.id))
            let content = Self.pageContent(contents[index], pageID: link.id, lessons: links, published: published, edition: edition)
            let lessonSwitch = counterpart.map { PageTemplate.LanguageSwitch(edition: other, href: "../\($0)\(link.id)/index.html") }
            let page = PageTemplate.lesson(link, content: content, previous: index > 0 ? links[index - 1] : nil,
                                           next: index + 1 < links.count ? links[index + 1] : nil, edition: edition, switchTo: lessonSwitch)
            try Data(page.utf8).write(to: folder.appendingPathComponent("\(link.id)/index.html"))
        }
    }

    /// What a page shows of its lesson's content once every lesson is known: outlines filled
    /// in (`Outline`) and the "Run it yourself" section with the published specs at the end.
    static func pageContent(_ built: LessonContent, pageID: String, lessons: [PageTemplate.LessonLink],
                            published: [PublishedSpec], edition: Edition = .en) -> LessonContent {
        var content = built
        content.fragment = Outline.fill(content.fragment, lessons: lessons, pageID: pageID, edition: edition)
        if !published.isEmpty {
            content.fragment += SpecPublishing.section(published, edition: edition)
            content.toc.append(.init(anchor: SpecPublishing.anchor, title: SiteWords.runItYourself(edition)))
        }
        return content
    }

    private func hash(of source: LessonSource, _ translation: LessonSource?) -> String {
        var hash = ContentHash()
        hash.add(Self.cacheVersion)
        hash.add(StepwiseVersion.string)
        hash.add(options.toolIdentity)
        hash.add(source.contentHash)
        if let translation { hash.add(translation.contentHash) }
        return hash.hex
    }

    /// Builds one lesson into `staging/<id>/` (and its translation into `staging/zh/<id>/`), or
    /// copies it from the previous site when its hash is unchanged. Returns its content, its
    /// translation's and whether it was rebuilt.
    private func buildLesson(
        _ source: LessonSource, translation: LessonSource?, staging: URL, previous: URL, oldManifest: Manifest?, traces: TraceLibrary
    ) throws -> (LessonContent, LessonContent?, Bool) {
        let fileManager = FileManager.default
        let editionFolders = [staging] + (translation == nil ? [] : [staging.appendingPathComponent(Self.translationFolder)])
        let figureFolders = editionFolders.map { $0.appendingPathComponent(source.id).appendingPathComponent("figures") }
        for folder in figureFolders { try fileManager.createDirectory(at: folder, withIntermediateDirectories: true) }
        if let cached = oldManifest?.lessons[source.id], cached.hash == hash(of: source, translation),
           (cached.translation == nil) == (translation == nil) {
            let previousFolders = [previous] + (translation == nil ? [] : [previous.appendingPathComponent(Self.translationFolder)])
            let oldFigures = previousFolders.map { $0.appendingPathComponent(source.id).appendingPathComponent("figures") }
            let cachedContents = [cached.content] + (cached.translation.map { [$0] } ?? [])
            let complete = zip(cachedContents, oldFigures).allSatisfy { content, old in
                content.figures.allSatisfy { fileManager.fileExists(atPath: old.appendingPathComponent($0).path) }
            }
            if complete {
                for (content, (old, new)) in zip(cachedContents, zip(oldFigures, figureFolders)) {
                    for name in content.figures {
                        try fileManager.copyItem(at: old.appendingPathComponent(name), to: new.appendingPathComponent(name))
                    }
                }
                return (cached.content, cached.translation, false)
            }
        }
        let renderer = LessonRenderer(source: source, traces: traces, figures: figures) { name, data in
            try data.write(to: figureFolders[0].appendingPathComponent(name))
        }
        let english = try renderer.renderPage()
        guard let translation else { return (english.content, nil, true) }
        var translated = LessonRenderer(source: translation, traces: traces, figures: figures) { name, data in
            try data.write(to: figureFolders[1].appendingPathComponent(name))
        }
        translated.englishAnchors = english.anchors
        translated.englishFigures = english.figures
        return (english.content, try translated.renderPage().content, true)
    }

    static func readManifest(in folder: URL) -> Manifest? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(manifestName).path),
              let manifest = try? JSONDecoder().decode(Manifest.self, from: data), manifest.version == cacheVersion else { return nil }
        return manifest
    }
}
