import Foundation
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import StepwiseWords
import Testing

/// Goldens of the BERT figure kinds in the Chinese edition: the traces BertFigureGoldenTests
/// draws in English (the tiny checkpoint's sentences, tokens shown as they are), drawn with
/// Chinese words (looked at by a person before committing).
@Suite struct BertFigureGoldenChineseTests {
    static func figure(_ kind: FigureKind, of traces: [ForwardTrace] = [BertTraces.hello],
                       _ change: (inout FigureSettings) -> Void = { _ in }) throws -> Figure {
        var settings = FigureSettings()
        settings.edition = .zh
        change(&settings)
        return try FigureCatalog.bertFigure(kind, of: traces, settings: settings)
    }

    /// A trace that names no tokens labels them by number, in the edition's words.
    @Test func unnamedTokensAreNumberedInChinese() throws {
        var trace = BertTraces.hello
        let embeddings = try #require(trace.architecture.layers.firstIndex { $0.type == "bert_embeddings" })
        trace.architecture.layers[embeddings].config["tokens"] = nil
        #expect(try BertTraceView(trace, edition: .zh).tokens.prefix(2) == ["词元 1", "词元 2"])
        #expect(try BertTraceView(trace).tokens.last == "token 8")
    }

    @Test func headViewAllHeads() throws {
        let figure = try Self.figure(.headView)
        #expect(figure.title == "第 1 层，全部 2 个头：每个词元看向哪里")
        assertFigureGolden(figure, named: "tiny-layer1-zh")
    }

    @Test func headViewOneHead() throws {
        assertFigureGolden(try Self.figure(.headView) { $0.layer = 2; $0.heads = [2] }, named: "tiny-layer2-head2-zh")
    }

    @Test func modelView() throws {
        assertFigureGolden(try Self.figure(.modelView), named: "tiny-zh")
    }

    @Test func embeddingSum() throws {
        assertFigureGolden(try Self.figure(.embeddingSum), named: "tiny-zh")
    }

    @Test func hiddenChange() throws {
        assertFigureGolden(try Self.figure(.hiddenChange), named: "tiny-zh")
    }

    @Test func sentenceSimilarity() throws {
        let figure = try Self.figure(.sentenceSimilarity, of: BertTraces.sentences)
        #expect(figure.caption.contains("3 个句子（1：hello, my dog is cute；2："))
        assertFigureGolden(figure, named: "tiny-zh")
    }
}
