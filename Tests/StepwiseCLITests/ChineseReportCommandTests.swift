import Foundation
import StepwiseTrace
import StepwiseWords
import Testing

/// `stepwise report --lang zh`, end to end through the built binary: the Chinese page of an MLP,
/// a CNN, a GAN and a BERT spec says everything in Chinese (no English word outside the data it
/// shows: the spec's names, Keras's class names, tokens, commands) and shows the same numbers
/// as the English page of the same run; a language it does not know is refused in one line.
@Suite struct ChineseReportCommandTests {
    /// Keras's names in the model summary (`hidden (Dense)`, `(None, 2)`), shown as Keras prints them.
    static let kerasNames: Set<String> = ["Dense", "Conv", "MaxPooling", "AveragePooling", "Flatten", "LSTM", "MultiHeadAttention",
                                          "LayerNormalization", "Embedding", "PositionalEncoding", "None", "D"]

    /// The page's text as a reader sees it: no stylesheet, script or markup (attributes left out).
    static func visibleText(_ html: String) -> String {
        var text = html
        for tag in ["style", "script"] {
            while let open = text.range(of: "<\(tag)"), let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        return LatinWords.plainText(text)
    }

    /// `text` without its commands (`<pre>` blocks: typed as they are, in any edition).
    static func withoutCommands(_ html: String) -> String {
        var text = html
        while let open = text.range(of: "<pre"), let close = text.range(of: "</pre>", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        return text
    }

    /// Every number of `text` (not digits inside names such as `Conv2D` or `float64`), sorted:
    /// the same run shows the same numbers in both editions, in whatever order each sentence wants.
    static func numbers(_ text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: #"(?<![A-Za-z_\d.])[−-]?\d+(?:[.,]\d+)*(?:e[−+-]?\d+)?"#)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { String(text[Range($0.range, in: text)!]) }.sorted()
    }

    /// The words of the spec's names (model, layers, networks) and the trace file's, which the
    /// page shows as the spec writes them.
    static func dataWords(trace: URL) throws -> Set<String> {
        let names: [String]
        if let training = try? TraceReader.read(contentsOf: trace) {
            names = [training.model] + training.architecture.layers.map(\.name) + [trace.lastPathComponent]
        } else {
            let forward = try TraceReader.readForward(contentsOf: trace)
            names = [forward.model] + forward.architecture.layers.map(\.name) + [trace.lastPathComponent]
        }
        return Set(names.flatMap { LatinWords.words(in: $0) })
    }

    /// Writes the English and the Chinese report of `spec` (with `extra` options) into `folder`;
    /// returns both pages.
    static func reports(_ spec: String, _ extra: [String] = [], in folder: URL) throws -> (en: String, zh: String, trace: URL) {
        var pages: [String] = []
        for lang in ["en", "zh"] {
            let result = try StepwiseBinary.run(["report", spec, "--lang", lang, "--out", "report-\(lang)"] + extra, in: folder)
            #expect(result.status == 0, "\(result.stderr)")
            pages.append(try String(contentsOf: folder.appendingPathComponent("report-\(lang)/index.html"), encoding: .utf8))
        }
        return (pages[0], pages[1], folder.appendingPathComponent("report-zh/trace.json"))
    }

    /// The checks every Chinese report passes: `lang`, Chinese text with no English words but
    /// `allowing`, and the English report's numbers; a training report's command to make it
    /// again names the language.
    static func checkChinese(_ pages: (en: String, zh: String, trace: URL), allowing: Set<String> = [], showsReportCommand: Bool = true) throws {
        #expect(pages.zh.contains(#"<html lang="zh-CN">"#))
        #expect(pages.en.contains(#"<html lang="en">"#))
        let text = visibleText(withoutCommands(pages.zh))
        #expect(LatinWords.hasHan(text))
        let allowed = try dataWords(trace: pages.trace).union(kerasNames).union(allowing)
        #expect(LatinWords.unexpected(in: text, allowing: allowed) == [])
        #expect(numbers(visibleText(pages.zh)) == numbers(visibleText(pages.en)))
        #expect(pages.zh.contains("--lang zh") == showsReportCommand)
        #expect(!pages.en.contains("--lang"))
    }

    @Test func anMLPReportInChinese() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let pages = try Self.reports(StepwiseBinary.fixture("xor.yaml"), in: folder)
        try Self.checkChinese(pages)
        #expect(pages.zh.contains("报告：") && pages.zh.contains("梯度流") && pages.zh.contains("层（类型）"))
    }

    @Test func aCNNReportInChinese() throws {
        let folder = StepwiseBinary.temporaryFolder()
        try Self.checkChinese(try Self.reports(StepwiseBinary.fixture("small-cnn.yaml"), in: folder))
    }

    @Test func aGANReportInChinese() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let pages = try Self.reports(StepwiseBinary.fixture("ring-gan.yaml"), ["--steps", "3"], in: folder)
        try Self.checkChinese(pages)
        #expect(pages.zh.contains("生成器") && pages.zh.contains("判别器"))
    }

    @Test func aBERTReportInChinese() throws {
        let (folder, spec) = try BERTCommandTests.scratchSpec()
        let pages = try Self.reports(spec, in: folder)
        // The sentence, its tokens and the checkpoint's folder are data, shown as they are.
        try Self.checkChinese(pages, allowing: ["Hello", "hello", "my", "dog", "is", "cute", "ckpt"], showsReportCommand: false)
        #expect(pages.zh.contains("词元") && pages.zh.contains("<code>cute</code>"))
    }

    @Test func aBadLanguageIsOneLineAndWritesNothing() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let result = try StepwiseBinary.run(["report", StepwiseBinary.fixture("xor.yaml"), "--lang", "xx", "--out", "report"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("stepwise: --lang: expected en or zh, found xx"), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
