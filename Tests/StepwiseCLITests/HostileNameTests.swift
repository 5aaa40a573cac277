import Foundation
import Testing

/// Names that try to run script — in a spec's model and layer names, a lesson's title and a
/// report's file name — through every output that shows them: `stepwise report` (folder and
/// single file), `stepwise render` to SVG, and a lesson site with its figures' SVG files. The
/// pages and SVG files are opened in headless Chromium by Tools/check_no_script.py, which fails
/// on any dialog, attribute change or CSP violation; Tools/check_site.py checks that the pages
/// still work under their Content-Security-Policy (the stepper, every link and image).
@Suite(.serialized) struct HostileNameTests {
    static let chromiumInstalled = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].contains { FileManager.default.isExecutableFile(atPath: $0) }

    /// `--->` first: it would end a comment (even one whose `--` became `- -`), so the script after
    /// it would run in an SVG; `">` would end an HTML attribute.
    static let modelName = #"m---><script>alert(1)</script>"><script>alert(1)</script><img src=x onerror=alert(2)>"#
    static let layerNames = [#"h--><script>document.documentElement.setAttribute('data-pwned', 1)</script><img src=x onerror="document.documentElement.setAttribute('data-pwned', 1)">"#,
                             #"o' & &amp; "quoted" <!-- -"#]
    static let lessonTitle = #"Lesson "><script>alert(5)</script> -->"#
    static let reportFile = #"a"><img src=x onerror=alert(3)>.html"#

    /// The 2-2-2 network with hostile names, as JSON.
    static func writeSpec(to url: URL) throws {
        let spec: [String: Any] = [
            "name": modelName, "seed": 1, "input_shape": [2], "loss": "mse",
            "layers": [
                ["type": "dense", "name": layerNames[0], "units": 2, "activation": "sigmoid"],
                ["type": "dense", "name": layerNames[1], "units": 2, "activation": "sigmoid"],
            ],
            "optimizer": ["type": "sgd", "learning_rate": 0.5],
            "data": ["inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]]],
        ]
        try JSONSerialization.data(withJSONObject: spec, options: [.sortedKeys]).write(to: url)
    }

    /// A fresh folder holding the hostile spec `hostile.json`.
    static func scratchFolderWithSpec() throws -> (folder: URL, spec: URL) {
        let folder = StepwiseBinary.temporaryFolder()
        let spec = folder.appendingPathComponent("hostile.json")
        try writeSpec(to: spec)
        return (folder, spec)
    }

    /// No output holds any of the planted markup as markup.
    static func expectNoLiveMarkup(in file: URL) throws {
        let text = try String(contentsOf: file, encoding: .utf8)
        for planted in ["<script>alert", "<script>document.documentElement.setAttribute", "<img src=x", "--->", "<!--"] {
            #expect(!text.contains(planted), "\(file.lastPathComponent) contains \(planted)")
        }
    }

    static func expectChromiumFindsNothing(_ paths: [URL]) throws {
        let noScript = try RepositoryTool.run("check_no_script.py", paths.map(\.path))
        #expect(noScript.status == 0, "\(noScript.output)")
    }

    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (scripts/test installs it): hostile pages not opened"))
    func reportsRunNoPlantedScript() throws {
        let (folder, spec) = try Self.scratchFolderWithSpec()
        let report = folder.appendingPathComponent("report")
        let made = try StepwiseBinary.run(["report", spec.path, "--steps", "3", "--out", report.path])
        #expect(made.status == 0, "\(made.stderr)")
        let single = folder.appendingPathComponent("single")
        try FileManager.default.createDirectory(at: single, withIntermediateDirectories: true)
        let singleFile = single.appendingPathComponent(Self.reportFile)
        let madeSingle = try StepwiseBinary.run(["report", spec.path, "--steps", "3", "--single-file", "--out", singleFile.path])
        #expect(madeSingle.status == 0, "\(madeSingle.stderr)")
        for page in [report.appendingPathComponent("index.html"), singleFile] { try Self.expectNoLiveMarkup(in: page) }
        // The names are there, shown as text.
        let page = try String(contentsOf: singleFile, encoding: .utf8)
        #expect(page.contains("Report: m---&gt;&lt;script&gt;alert(1)&lt;/script&gt;\"&gt;"))
        #expect(page.contains(#"href="a%22%3E%3Cimg%20src=x%20onerror=alert(3)%3E.trace.json""#))

        try Self.expectChromiumFindsNothing([report, singleFile])
        for site in [report, single] {
            let checked = try RepositoryTool.run("check_site.py", [site.path])
            #expect(checked.status == 0, "\(checked.output)")
        }

        // Were a name to slip past escaping, the page's Content-Security-Policy would still stop it.
        let missed = folder.appendingPathComponent("missed.html")
        let planted = page.replacingOccurrences(of: "<main>", with: "<main><img src=x onerror=alert(9)><script>alert(10)</script>")
        #expect(planted != page)
        try Data(planted.utf8).write(to: missed)
        let blocked = try RepositoryTool.run("check_no_script.py", [missed.path])
        #expect(blocked.status == 1)
        #expect(blocked.output.contains("Content-Security-Policy violation: script-src-elem"), "\(blocked.output)")
        #expect(blocked.output.contains("Content-Security-Policy violation: script-src-attr"), "\(blocked.output)")
        #expect(!blocked.output.contains("JavaScript alert opened"), "\(blocked.output)")
    }

    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (scripts/test installs it): hostile SVG not opened"))
    func renderedSVGRunsNoPlantedScript() throws {
        let (folder, spec) = try Self.scratchFolderWithSpec()
        let trace = folder.appendingPathComponent("trace.json")
        let traced = try StepwiseBinary.run(["trace", spec.path, "--out", trace.path])
        #expect(traced.status == 0, "\(traced.stderr)")
        var svgs: [URL] = []
        for (kind, scope) in [("network", nil), ("heatmap", "\(Self.layerNames[0])/kernel"), ("graph", nil)] as [(String, String?)] {
            let svg = folder.appendingPathComponent("\(kind).svg")
            let drawn = try StepwiseBinary.run(["render", trace.path, "--figure", kind, "--out", svg.path] + (scope.map { ["--scope", $0] } ?? []))
            #expect(drawn.status == 0, "\(kind): \(drawn.stderr)")
            try Self.expectNoLiveMarkup(in: svg)
            svgs.append(svg)
        }
        try Self.expectChromiumFindsNothing(svgs)
    }

    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (scripts/test installs it): hostile lesson not opened"))
    func lessonPagesAndFiguresRunNoPlantedScript() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let lessons = folder.appendingPathComponent("lessons")
        try FileManager.default.createDirectory(at: lessons.appendingPathComponent("specs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: lessons.appendingPathComponent("a-hostile"), withIntermediateDirectories: true)
        try Self.writeSpec(to: lessons.appendingPathComponent("specs/net.json"))
        let lesson = """
            ---
            title: '\(Self.lessonTitle)'
            order: 1
            summary: 'Summary <img src=x onerror=alert(6)>'
            specs:
              net: ../specs/net.json
            ---
            The network.

            ```stepwise-figure
            spec: net
            figure: network
            caption: 'The network <img src=x onerror=alert(7)> -->'
            ```

            ```stepwise-stepper
            title: Steps
            steps:
              - title: 'The loss <script>alert(8)</script>'
                walkthrough: {spec: net, show: loss, digits: 4}
              - title: Again
                walkthrough: {spec: net, show: loss, digits: 4}
            ```
            """
        try lesson.write(to: lessons.appendingPathComponent("a-hostile/lesson.md"), atomically: true, encoding: .utf8)
        let site = folder.appendingPathComponent("site")
        let built = try StepwiseBinary.run(["build", "--lessons", lessons.path, "--out", site.path])
        #expect(built.status == 0, "\(built.stderr)")
        let pages = [site.appendingPathComponent("index.html"), site.appendingPathComponent("a-hostile/index.html")]
        for page in pages { try Self.expectNoLiveMarkup(in: page) }
        let figures = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("a-hostile/figures").path)
            .filter { $0.hasSuffix(".svg") }.map { site.appendingPathComponent("a-hostile/figures/\($0)") }
        #expect(!figures.isEmpty)
        for figure in figures { try Self.expectNoLiveMarkup(in: figure) }
        try Self.expectChromiumFindsNothing(pages + figures)
        let checked = try RepositoryTool.run("check_site.py", [site.path])
        #expect(checked.status == 0, "\(checked.output)")
    }

    /// The checker itself: a page where the planted markup is live fails it.
    @Test(.enabled(if: chromiumInstalled, "chromium is not installed (scripts/test installs it): checker not run"))
    func theCheckerCatchesLiveMarkup() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let page = folder.appendingPathComponent("live.html")
        try Data("<!DOCTYPE html><title>t</title><p>\(Self.layerNames[0])</p>".utf8).write(to: page)
        let svg = folder.appendingPathComponent("live.svg")
        // What an SVG was with the name in a comment whose `--` became `- -`: `---` + `>` ends it.
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\"><!-- model m- --><script>alert(1)</script>; fnv1a64:0 --></svg>".utf8).write(to: svg)
        let result = try RepositoryTool.run("check_no_script.py", [page.path, svg.path])
        #expect(result.status == 1)
        #expect(result.output.contains("live.html: attribute data-pwned changed on html"))
        #expect(result.output.contains("live.svg: JavaScript alert opened: '1'"))
    }
}
