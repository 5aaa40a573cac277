import Foundation
import StepwiseTrace
import StepwiseWords
import Testing

/// `stepwise report --lang zh`: what a reader meets outside the page's text is Chinese too —
/// every figure's alt text (the renderer's description), every `title="…"` and every
/// `<figcaption>`, for each kind of report (MLP, CNN, LSTM, GAN, BERT). Only data shown as it
/// is may stay Latin: the spec's and the trace's names, Keras's parameter names, a sentence's
/// tokens, a layer's spec type (`dense`, as the spec writes it).
@Suite struct ChineseReportAltTextTests {
    /// Every `alt="…"` and `title="…"` value and every `<figcaption>` of `html`, as written.
    static func describedTexts(_ html: String) -> [(what: String, text: String)] {
        let attributes = try! NSRegularExpression(pattern: #"\s(alt|title)="([^"]*)""#)
        let captions = try! NSRegularExpression(pattern: #"<figcaption[^>]*>(.*?)</figcaption>"#, options: .dotMatchesLineSeparators)
        let range = NSRange(html.startIndex..., in: html)
        let found = attributes.matches(in: html, range: range).map {
            (what: String(html[Range($0.range(at: 1), in: html)!]), text: String(html[Range($0.range(at: 2), in: html)!]))
        }
        return found + captions.matches(in: html, range: range).map {
            (what: "figcaption", text: String(html[Range($0.range(at: 1), in: html)!]))
        }
    }

    /// The names a training trace shows as they are: the model's, the layers' (with their spec
    /// types) and their parameters' (`kernel`, `recurrent_kernel`), and the trace file's.
    static func dataWords(trace: URL) throws -> Set<String> {
        let names: [String]
        if let training = try? TraceReader.read(contentsOf: trace) {
            names = [training.model, trace.lastPathComponent]
                + training.architecture.layers.flatMap { [$0.name, $0.type] + $0.params.map { String($0.split(separator: "/").last ?? "") } }
        } else {
            let forward = try TraceReader.readForward(contentsOf: trace)
            names = [forward.model, trace.lastPathComponent] + forward.architecture.layers.map(\.name)
        }
        return Set(names.flatMap { LatinWords.words(in: $0) })
    }

    /// Writes the Chinese report of `spec` and checks its described texts: some figures, each
    /// alt text and caption Chinese, no English word but the data's and `allowing`.
    static func check(_ spec: String, _ extra: [String] = [], in folder: URL = StepwiseBinary.temporaryFolder(),
                      allowing: Set<String> = []) throws {
        let result = try StepwiseBinary.run(["report", spec, "--lang", "zh", "--out", "report"] + extra, in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: folder.appendingPathComponent("report/index.html"), encoding: .utf8)
        let allowed = try dataWords(trace: folder.appendingPathComponent("report/trace.json")).union(allowing)
        let texts = describedTexts(html)
        #expect(texts.filter { $0.what == "alt" }.count >= 3, "\(spec): too few figures")
        for (what, text) in texts {
            #expect(LatinWords.hasHan(text), "\(spec): \(what)=\"\(text)\" has no Chinese")
            let english = LatinWords.unexpected(in: text, allowing: allowed)
            #expect(english.isEmpty, "\(spec): \(what)=\"\(text)\" shows \(english)")
        }
    }

    @Test func anMLPReportDescribesItsFiguresInChinese() throws {
        try Self.check(StepwiseBinary.fixture("xor.yaml"))
    }

    @Test func aCNNReportDescribesItsFiguresInChinese() throws {
        try Self.check(StepwiseBinary.fixture("small-cnn.yaml"))
    }

    @Test func anLSTMReportDescribesItsFiguresInChinese() throws {
        try Self.check(StepwiseBinary.fixture("small-lstm.yaml"))
    }

    /// Attention, layer normalization, embeddings and a positional-encoding table.
    @Test func anAttentionReportDescribesItsFiguresInChinese() throws {
        try Self.check(Self.lesson("attention/tiny.yaml"), ["--steps", "2"])
    }

    /// Layers too big to draw whole: the captions say in Chinese what the figures show of them.
    @Test func sampledFiguresSayWhatTheyShowInChinese() throws {
        let folder = StepwiseBinary.temporaryFolder()
        try Self.check(Self.lesson("examples/stacked-lstm.yaml"), ["--steps", "1"], in: folder)
        let html = try String(contentsOf: folder.appendingPathComponent("report/index.html"), encoding: .utf8)
        #expect(html.contains("图中显示："), "no figure of a sampled layer")
    }

    /// A spec of the course's lessons.
    static func lesson(_ path: String) -> String {
        RepositoryTool.repository.appendingPathComponent("lessons").appendingPathComponent(path).path
    }

    /// The push on the generated samples is written as a formula, −dL_G/dG(z).
    @Test func aGANReportDescribesItsFiguresInChinese() throws {
        try Self.check(StepwiseBinary.fixture("ring-gan.yaml"), ["--steps", "3"], allowing: ["dL", "dG"])
    }

    /// The sentence's tokens and the checkpoint's folder are data, shown as they are.
    @Test func aBERTReportDescribesItsFiguresInChinese() throws {
        let (folder, spec) = try BERTCommandTests.scratchSpec()
        try Self.check(spec, in: folder, allowing: ["Hello", "hello", "my", "dog", "is", "cute", "ckpt"])
    }
}
