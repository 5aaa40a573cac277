import Foundation
import Testing
@testable import StepwiseLessons

/// What a reader sees on a built page is words, not the engine's names: no scope such as
/// `output/bias_add`, no 0-based coordinate such as `[3, 0]`, outside the small secondary
/// "trace: …" detail (and outside code, which is code).
@Suite struct VisibleWordsTests {
    /// The text a browser shows: without the head, scripts, styles, code, MathML's hidden
    /// annotations, attributes (tooltips) and the "trace: …" detail; entities resolved.
    static func visibleText(_ html: String) -> String {
        var text = html
        for pattern in [#"<head>[\s\S]*?</head>"#, #"<script[\s\S]*?</script>"#, #"<style[\s\S]*?</style>"#,
                        #"<pre[\s\S]*?</pre>"#, #"<code[\s\S]*?</code>"#, #"<span class="trace">[\s\S]*?</span>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        text = text.replacingOccurrences(of: #"<[^>]*>"#, with: " ", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    /// Engine names a reader should not see: scopes (`hidden/activation`, `attn/head1/weights`),
    /// bracketed 0-based coordinates (`[0, 1]`), "axis 0" and the old "of <spec>" captions.
    static let engineNames = [
        #"\b[a-z][a-z0-9_]*/(bias_add|activation|matmul|kernel|bias|targets|mean|total|t[0-9]+|head[0-9]+|regularizer|convolution|max_pool|avg_pool)\b"#,
        #"\[[0-9]+(, [0-9]+)+\]"#, #"\baxis [0-9]\b"#, #"\b(Values|Parameters) at step [0-9]+ of\b"#,
    ]

    static func leaks(in html: String) -> [String] {
        let text = visibleText(html)
        return engineNames.flatMap { pattern -> [String] in
            let regex = try! NSRegularExpression(pattern: pattern)
            return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }
        }
    }

    @Test func visibleTextDropsTheTraceDetailAndTooltips() {
        let html = #"<html><head><title>x/bias_add</title></head><body><td title="trace: output/bias_add[3, 0]">z, net input</td>"#
            + #"<caption>Values <span class="trace">trace: net · hidden/activation</span></caption><p>hidden/activation[0, 1]</p></body></html>"#
        #expect(Self.leaks(in: html) == ["hidden/activation", "[0, 1]"])
    }

    @Test func aTablePageShowsReaderLabelsWithTheScopeAsTraceDetail() throws {
        let table = """

            ```stepwise-table
            spec: net
            params: [hidden/kernel, output/bias]
            scopes: [output/bias_add, hidden/activation, loss/targets, loss/mean]
            ```
            """
        let lessons = try makeLessonsFolder(["a-table": sampleLesson(extra: table)])
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 1), figures: RecordingFigures()).build()
        let page = try String(contentsOf: output.appendingPathComponent("a-table/index.html"), encoding: .utf8)
        #expect(Self.leaks(in: page) == [])
        let text = Self.visibleText(page)
        #expect(text.contains("z, net input of output neuron 1, example 1"))
        #expect(text.contains("w, weight from input 2 to hidden neuron 1"))
        #expect(text.contains("t, target of output neuron 2, example 1"))
        // The scope stays available: the tooltip and the small trace line.
        #expect(page.contains(#"title="trace: output/bias_add[0, 0]""#))
        #expect(page.contains(#"<span class="trace">trace: net · output/bias_add, hidden/activation, loss/targets, loss/mean</span>"#))
    }

    /// The whole course, built with stand-in figures (the figures' own words are checked by
    /// the renderer's tests): no page shows an engine name.
    @Test func noCoursePageShowsAnEngineName() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("lessons")
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-words-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        _ = try SiteBuilder(options: .init(lessons: lessons, output: output, clean: false, jobs: 2), figures: RecordingFigures()).build()
        // Both editions of a bilingual course: the English pages and the Chinese ones under zh/.
        let folders = try FileManager.default.contentsOfDirectory(atPath: output.path)
        let chinese = (try? FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("zh").path)) ?? []
        let pages = (folders + chinese.map { "zh/\($0)" }).filter {
            FileManager.default.fileExists(atPath: output.appendingPathComponent("\($0)/index.html").path)
        }
        #expect(pages.count >= 10)
        for page in pages.sorted() {
            let html = try String(contentsOf: output.appendingPathComponent("\(page)/index.html"), encoding: .utf8)
            #expect(Self.leaks(in: html) == [], "\(page)")
        }
    }
}
