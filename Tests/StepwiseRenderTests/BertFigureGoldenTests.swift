import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing

/// BERT forward traces of the tiny checkpoint Tools/bert_reference.py built (2 layers, 2 heads,
/// width 6), run by the engine.
enum BertTraces {
    static let checkpoint = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../StepwiseEngineTests/Reference/bert/tiny-bert").standardizedFileURL

    static func trace(_ text: String, name: String) throws -> ForwardTrace {
        let run = try BertRun(checkpoint: try BertCheckpoint(folder: checkpoint, shownAs: "tiny-bert"), text: text, file: name)
        return ForwardTrace(model: name, architecture: run.architecture, steps: [run.traceStep(record: .ops).step])
    }

    static let hello = try! trace("Hello, my dog is cute", name: "hello")
    static let sentences = try! [hello, trace("My dog is very cute", name: "dog"), trace("The cats are unaffable", name: "cats")]
}

/// Goldens of the BERT figure kinds (looked at by a person before committing).
extension FigureGoldenTests {
    @Test func bertHeadViewAllHeads() throws {
        assertFigureGolden(try FigureCatalog.bertFigure(.headView, of: [BertTraces.hello], settings: FigureSettings()), named: "tiny-layer1")
    }

    @Test func bertHeadViewOneHead() throws {
        var settings = FigureSettings()
        settings.layer = 2
        settings.heads = [2]
        assertFigureGolden(try FigureCatalog.bertFigure(.headView, of: [BertTraces.hello], settings: settings), named: "tiny-layer2-head2")
    }

    @Test func bertModelView() throws {
        assertFigureGolden(try FigureCatalog.bertFigure(.modelView, of: [BertTraces.hello], settings: FigureSettings()), named: "tiny")
    }

    @Test func bertEmbeddingSum() throws {
        assertFigureGolden(try FigureCatalog.bertFigure(.embeddingSum, of: [BertTraces.hello], settings: FigureSettings()), named: "tiny")
    }

    @Test func bertHiddenChange() throws {
        assertFigureGolden(try FigureCatalog.bertFigure(.hiddenChange, of: [BertTraces.hello], settings: FigureSettings()), named: "tiny")
    }

    @Test func bertSentenceSimilarity() throws {
        assertFigureGolden(try FigureCatalog.bertFigure(.sentenceSimilarity, of: BertTraces.sentences, settings: FigureSettings()), named: "tiny")
    }
}

/// What the BERT figures compute and refuse, checked against the trace's own numbers.
@Suite struct BertFigureTests {
    @Test func tokensLabelTheFiguresAndSpellTheSentence() throws {
        let view = try BertTraceView(BertTraces.hello)
        #expect(view.tokens == ["[CLS]", "hello", ",", "my", "dog", "is", "cute", "[SEP]"])
        #expect(view.sentence == "hello, my dog is cute")
        #expect(view.layerCount == 2 && view.headCount == 2)
        let figure = try BertHeadView.figure(view, layer: 1)
        let texts = figure.texts.map(\.markup)
        #expect(texts.filter { $0 == "dog" }.count == 2)  // both columns
        #expect(texts.contains("head 1") && texts.contains("head 2"))
    }

    @Test func headViewDrawsOneLinePerWeightAboveTheCutOff() throws {
        let view = try BertTraceView(BertTraces.hello)
        let weights = try view.attention(layer: 2, head: 1)
        for row in weights { #expect(abs(row.reduce(0, +) - 1) < 1e-12) }
        let figure = try BertHeadView.figure(view, layer: 2, heads: [1])
        let lines = figure.elements.filter { if case .polyline = $0 { return true } else { return false } }
        #expect(lines.count == weights.joined().filter { $0 > 0.01 }.count)
    }

    @Test func hiddenChangeIsTheCosineOfEachTokensVectors() throws {
        let view = try BertTraceView(BertTraces.hello)
        let before = try view.hiddenStates(after: 1)[4], after = try view.hiddenStates(after: 2)[4]
        var dot = 0.0, a = 0.0, b = 0.0
        for (x, y) in zip(before, after) { dot += x * y; a += x * x; b += y * y }
        let expected = NumberFormat.fixed(dot / (a.squareRoot() * b.squareRoot()), decimals: 2)
        let figure = try BertHiddenChange.figure(view)
        #expect(figure.texts.map(\.markup).contains(expected))
    }

    @Test func sentenceSimilarityNeedsTwoSentencesOfOneWidth() throws {
        let figure = try BertSentenceSimilarity.figure(try BertTraces.sentences.map(BertTraceView.init))
        #expect(figure.texts.map(\.markup).filter { $0 == "1.00" }.count == 3)  // the diagonal
        #expect(throws: RenderError.invalidInput("sentence-similarity compares sentences: give at least two BERT traces (--with)")) {
            try BertSentenceSimilarity.figure([try BertTraceView(BertTraces.hello)])
        }
    }

    @Test func layersAndHeadsAreCheckedAndCountedFromOne() throws {
        var settings = FigureSettings()
        settings.layer = 3
        #expect(throws: RenderError.invalidInput("layer 3: the encoder has layers 1 to 2")) {
            try FigureCatalog.bertFigure(.headView, of: [BertTraces.hello], settings: settings)
        }
        settings.layer = 1
        settings.heads = [3]
        #expect(throws: RenderError.invalidInput("head 3: each layer has heads 1 to 2")) {
            try FigureCatalog.bertFigure(.modelView, of: [BertTraces.hello], settings: settings)
        }
        #expect(throws: RenderError.invalidInput("option heads: expected head numbers from 1 separated by commas, found \"1,x\"")) {
            try FigureSettings(step: nil, scope: nil, options: ["heads": "1,x"])
        }
    }

    @Test func aTraceWithoutOpsSaysHowToRecordThem() throws {
        var trace = BertTraces.hello
        trace.steps[0].ops = []
        #expect(throws: RenderError.invalidInput("the trace has no encoder/layer0/attention/head1/weights (record it with stepwise trace --record ops)")) {
            try FigureCatalog.bertFigure(.modelView, of: [trace], settings: FigureSettings())
        }
    }

    @Test func forwardTracesRoundTripAndTrainingKindsRefuseThem() throws {
        let data = try TraceJSON.makeEncoder().encode(BertTraces.hello)
        let read = try TraceReader.readForward(data, file: "hello.json")
        #expect(read.steps == BertTraces.hello.steps && read.architecture == BertTraces.hello.architecture)
        #expect(throws: TraceReadError.malformed(file: "hello.json", detail: "a forward pass only (a BERT encoder's trace, with no loss): draw it with the BERT figures (head-view, model-view, embedding-sum, hidden-change, sentence-similarity)")) {
            try TraceReader.read(data, file: "hello.json")
        }
        #expect(throws: RenderError.invalidInput("head-view draws a BERT encoder's forward trace, not a training trace")) {
            try FigureCatalog.figure(.headView, of: EngineTraces.mazur, settings: FigureSettings()) { _, _ in fatalError() }
        }
    }

    @Test func aDamagedForwardTraceIsRefusedInOneLine() throws {
        var json = String(decoding: try TraceJSON.makeEncoder().encode(BertTraces.hello), as: UTF8.self)
        json = json.replacingOccurrences(of: #""shape":[1,8,8]"#, with: #""shape":[1,8,9]"#)
        #expect(throws: (any Error).self) { try TraceReader.readForward(Data(json.utf8), file: "bad.json") }
        do {
            _ = try TraceReader.readForward(Data(json.utf8), file: "bad.json")
        } catch {
            #expect("\(error)".hasPrefix("bad.json: steps[0].ops[") && "\(error)".contains("holds 72 numbers"))
        }
    }
}
