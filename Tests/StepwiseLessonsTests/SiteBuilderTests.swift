import Foundation
import Testing
@testable import StepwiseLessons

/// The whole build: pages, determinism, incremental rebuilds, atomic failure, errors.
@Suite struct SiteBuilderTests {
    func builder(_ lessons: URL, _ output: URL, clean: Bool = false, tool: String = "this build") -> SiteBuilder {
        SiteBuilder(options: .init(lessons: lessons, output: output, clean: clean, jobs: 2, toolIdentity: tool), figures: RecordingFigures())
    }

    /// Every file under `folder` with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    @Test func buildsPagesWithTheTraceNumbers() throws {
        let lessons = try makeLessonsFolder(["b-backprop": sampleLesson(), "a-intro": sampleLesson(title: "Intro", order: 0)])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        let summary = try builder(lessons, output).build()
        #expect(summary == .init(lessons: 2, rebuilt: 2, figures: 2))
        let files = try snapshot(output)
        #expect(files.keys.contains("/index.html") && files.keys.contains("/assets/style.css") && files.keys.contains("/assets/latinmodern-math.otf"))
        #expect(files.keys.contains("/b-backprop/figures/01-network.png") && files.keys.contains("/b-backprop/figures/01-network.svg"))
        let page = String(decoding: files["/b-backprop/index.html"]!, as: UTF8.self)
        // Mazur's published chain-rule factors and result for w5: ∂E/∂out_o1 = 0.74136507,
        // ∂out_o1/∂net_o1 = 0.186815602, ∂net_o1/∂w5 = out_h1 = 0.593269992, product 0.082167041,
        // and the update w5⁺ = 0.35891648.
        // The update walkthrough of kernel[1][0] = w6: 0.408666186. The loss: 0.298371109.
        let shown = Self.numbers(in: page)
        for published in [0.74136507, 0.186815602, 0.593269992, 0.082167041, 0.35891648, 0.408666186, 0.298371109] {
            #expect(shown.contains { Swift.abs($0 - published) <= 6e-9 * published }, "page lacks \(published)")
        }
        #expect(page.contains("<math display=\"block\""))
        #expect(page.contains("href=\"#the-forward-pass\"") && page.contains("<h2 id=\"the-forward-pass\">"))
        #expect(page.contains("rel=\"prev\"") && !page.contains("rel=\"next\""))
        #expect(page.contains("1 / 2 · Output error") && page.contains("2 / 2 · One update"))
        #expect(page.contains("<script>"))
        let index = String(decoding: files["/index.html"]!, as: UTF8.self)
        #expect(index.range(of: "Intro")!.lowerBound < index.range(of: "Backpropagation")!.lowerBound)
        #expect(index.contains("b-backprop/figures/01-network.png"))
    }

    /// Every number in a `<mn>` element of a page.
    static func numbers(in page: String) -> [Double] {
        page.components(separatedBy: "<mn>").dropFirst().compactMap { part in
            Double(part.prefix { $0 != "<" }.replacingOccurrences(of: "−", with: "-"))
        }
    }

    @Test func twoBuildsAreByteIdenticalAndTheSecondReusesEveryLesson() throws {
        let lessons = try makeLessonsFolder(["one": sampleLesson(), "two": sampleLesson(title: "Two", order: 2)])
        let root = lessons.deletingLastPathComponent()
        try builder(lessons, root.appendingPathComponent("a")).build()
        try builder(lessons, root.appendingPathComponent("b"), clean: true).build()
        #expect(try snapshot(root.appendingPathComponent("a")) == snapshot(root.appendingPathComponent("b")))
        let again = try builder(lessons, root.appendingPathComponent("a")).build()
        #expect(again.rebuilt == 0)
        #expect(try snapshot(root.appendingPathComponent("a")) == snapshot(root.appendingPathComponent("b")))
        // Changing one lesson rebuilds that lesson only.
        try sampleLesson(title: "Two, revised", order: 2).write(to: lessons.appendingPathComponent("two/lesson.md"), atomically: true, encoding: .utf8)
        #expect(try builder(lessons, root.appendingPathComponent("a")).build().rebuilt == 1)
        // Another build of the tool rebuilds every lesson: its renderer may draw them differently.
        #expect(try builder(lessons, root.appendingPathComponent("a"), tool: "another build").build().rebuilt == 2)
    }

    @Test func aFailedBuildLeavesThePreviousSiteIntact() throws {
        let lessons = try makeLessonsFolder(["one": sampleLesson()])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try builder(lessons, output).build()
        let before = try snapshot(output)
        // A walkthrough naming a layer the trace lacks: the build must fail at that line.
        let broken = sampleLesson(extra: "\n```stepwise-walkthrough\nspec: net\nshow: forward\nlayer: hiden\n```\n")
        try broken.write(to: lessons.appendingPathComponent("one/lesson.md"), atomically: true, encoding: .utf8)
        #expect {
            try builder(lessons, output).build()
        } throws: { error in
            String(describing: error).contains("the trace of \"net\" has no scope \"hiden/matmul\"")
        }
        #expect(try snapshot(output) == before)
        // No staging folder is left behind.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: output.deletingLastPathComponent().path)
        #expect(siblings.sorted() == ["lessons", "output"])
    }

    @Test func buildErrorsNameFileAndLine() throws {
        let lessons = try makeLessonsFolder(["one": sampleLesson(), "two": "---\nid: one\ntitle: T\norder: 3\n---\n"])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        #expect {
            try builder(lessons, output).build()
        } throws: { error in
            String(describing: error) == "\(lessons.path)/two/lesson.md:1: lesson id \"one\" is already used by \(lessons.path)/one/lesson.md"
        }
        // A lesson may not take the site's own folders: zh/ holds the Chinese edition.
        let taken = try makeLessonsFolder(["one": sampleLesson(), "two": "---\nid: zh\ntitle: T\norder: 3\n---\n"])
        #expect {
            try builder(taken, taken.deletingLastPathComponent().appendingPathComponent("output")).build()
        } throws: { error in
            String(describing: error) == "\(taken.path)/two/lesson.md:1: lesson id \"zh\" is the site's own folder (the Chinese edition, assets): choose another id"
        }
        let figureError = try makeLessonsFolder(["one": sampleLesson().replacingOccurrences(of: "figure: network", with: "figure: broken")])
        #expect {
            try builder(figureError, figureError.deletingLastPathComponent().appendingPathComponent("out")).build()
        } throws: { error in
            String(describing: error) == "\(figureError.path)/one/lesson.md:13: unknown figure kind \"broken\""
        }
    }

    @Test func summaryTablesAndLayerWalkthroughErrors() throws {
        let header = "---\ntitle: Layers\norder: 1\nspecs:\n  net: ../specs/net.yaml\n---\n"
        // The summary of the 2-2-2 network: two dense layers of 2·2 + 2 parameters.
        let lessons = try makeLessonsFolder(["layers": header + "```stepwise-summary\nspec: net\n```\n"])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try builder(lessons, output).build()
        let page = try String(contentsOf: output.appendingPathComponent("layers/index.html"), encoding: .utf8)
        #expect(page.contains("<caption>Model: \"two-two-two\", as Keras's model.summary() lists it (float64 parameters)</caption>"))
        #expect(page.contains("<tr><td>hidden (Dense)</td><td>(None, 2)</td><td>6</td></tr>") && page.contains("Total params: 12 (96.00 B)"))
        // A layer walkthrough on a layer the trace lacks, or outside its shape, names what exists.
        func error(_ body: String) -> String {
            do {
                let folder = try makeLessonsFolder(["layers": header + body])
                try builder(folder, folder.deletingLastPathComponent().appendingPathComponent("output")).build()
                return "no error"
            } catch {
                return String(describing: error).components(separatedBy: "lesson.md:").last ?? ""
            }
        }
        #expect(error("```stepwise-walkthrough\nspec: net\nshow: conv-cell\nlayer: hidden\nindex: [0, 0]\n```\n")
                == "8: the trace of \"net\" has no scope \"hidden/convolution\" (it has: hidden/kernel, hidden/bias, hidden/matmul, hidden/bias_add, hidden/activation)")
        #expect(error("```stepwise-walkthrough\nspec: net\nshow: lstm-step\nlayer: hidden\n```\n")
                == "8: the trace of \"net\" has no LSTM layer \"hidden\" (no hidden/t1/cell)")
        #expect(error("```stepwise-walkthrough\nspec: net\nshow: attention-row\nlayer: hidden\n```\n")
                == "8: the trace of \"net\" has no attention layer \"hidden\" (no hidden/head1/weights)")
    }
}
