import Foundation
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import StepwiseWords
import Testing

/// The sequence and BERT figures drawn in Chinese show no English words: every drawn text, the
/// title and the caption hold only Chinese, numbers, symbols, names (`LatinWords.allowed`) and
/// data shown as it is — a sentence's tokens, a model's or a run's name, and the scope after
/// "轨迹：" (the trace note names the trace's scope as written).
@Suite struct SequenceBertChineseWordsTests {
    /// The words a figure shows a reader: each drawn text, its title and its caption, each
    /// without its trace note.
    static func shownTexts(_ figure: Figure) -> [String] {
        (figure.texts.map(\.markup) + [figure.title, figure.caption]).map(withoutTraceNote)
    }

    /// `text` without "轨迹：…" up to the next " · " (or the end).
    static func withoutTraceNote(_ text: String) -> String {
        guard let start = text.range(of: ChartWords.traceNote(.zh, ["trace": ""])) else { return text }
        let end = text[start.upperBound...].range(of: " · ")?.lowerBound ?? text.endIndex
        return String(text[..<start.lowerBound]) + String(text[end...])
    }

    /// The English words `figure` shows besides `data`.
    static func unexpected(_ figure: Figure, data: [String]) -> [String] {
        let allowed = Set(data.flatMap { LatinWords.words(in: $0) })
        return shownTexts(figure).flatMap { LatinWords.unexpected(in: $0, allowing: allowed) }
    }

    /// The words ReaderLabel gives a layer in Chinese: ReaderLabel's own (helper words-walk's),
    /// checked by its tests, not by these.
    static func layerWords(_ trace: Trace, _ layer: String) -> String {
        ReaderLabel(trace.architecture, edition: .zh).layer(layer)
    }

    @Test func sequenceFigures() throws {
        let lstm = EngineTraces.lstm, attention = EngineTraces.attention
        let bias = try EngineTraces.forgetBiasLSTM(2)
        let figures: [(Figure, [String])] = [
            (try SequenceFigureGoldenChineseTests.figure(.lstm, of: lstm, scope: "lstm1"), [lstm.model, Self.layerWords(lstm, "lstm1")]),
            (try SequenceFigureGoldenChineseTests.figure(.lstmCell, of: lstm, scope: "lstm1") { $0.time = 2 }, [lstm.model, Self.layerWords(lstm, "lstm1")]),
            (try SequenceFigureGoldenChineseTests.figure(.gradientThroughTime, of: bias, scope: "lstm", runs: [.init(label: "bias +2", trace: bias)]),
             [bias.model, "bias +2", Self.layerWords(bias, "lstm")]),
            // The weights' formula, softmax(QKᵀ/√dₖ), is symbols.
            (try SequenceFigureGoldenChineseTests.figure(.attention, of: attention, scope: "attn"), [attention.model, "QK"]),
            (try SequenceFigureGoldenChineseTests.figure(.positionalEncoding, of: attention, scope: "pos"), [attention.model]),
        ]
        for (figure, data) in figures {
            #expect(Self.unexpected(figure, data: data) == [], "\(figure.kind)")
            #expect(LatinWords.hasHan(figure.title), "\(figure.kind): \(figure.title)")
        }
    }

    @Test func bertFigures() throws {
        let views = try BertTraces.sentences.map(BertTraceView.init)
        let tokens = views.flatMap { $0.tokens + [$0.sentence] }
        for kind in FigureKind.allCases where kind.drawsBertTrace {
            let figure = try BertFigureGoldenChineseTests.figure(kind, of: BertTraces.sentences)
            let models = BertTraces.sentences.map(\.model)
            #expect(Self.unexpected(figure, data: tokens + models) == [], "\(kind.rawValue)")
            #expect(LatinWords.hasHan(figure.title), "\(kind.rawValue): \(figure.title)")
        }
    }

    /// The test can fail: the English edition of the same figures shows English words.
    @Test func theEnglishEditionIsCaught() throws {
        let figure = try FigureCatalog.bertFigure(.headView, of: [BertTraces.hello], settings: FigureSettings())
        #expect(Self.unexpected(figure, data: try BertTraceView(BertTraces.hello).tokens).contains("token"))
    }
}
