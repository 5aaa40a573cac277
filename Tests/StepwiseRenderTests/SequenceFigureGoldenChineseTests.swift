import Foundation
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import StepwiseWords
import Testing

/// Goldens of the sequence figures in the Chinese edition: the traces FigureGoldenTests draws in
/// English, drawn with Chinese words (looked at by a person before committing).
@Suite struct SequenceFigureGoldenChineseTests {
    /// The settings of a figure in the Chinese edition.
    static var chinese: FigureSettings {
        var settings = FigureSettings()
        settings.edition = .zh
        return settings
    }

    static func figure(_ kind: FigureKind, of trace: Trace, scope: String? = nil, runs: [LineChart.LossRun] = [],
                       _ change: (inout FigureSettings) -> Void = { _ in }) throws -> Figure {
        var settings = chinese
        settings.scope = scope
        change(&settings)
        return try FigureCatalog.figure(kind, of: trace, settings: settings, runs: runs) { _, _ in
            throw RenderError.invalidInput("no decision boundary here")
        }
    }

    @Test func lstm() throws {
        assertFigureGolden(try Self.figure(.lstm, of: EngineTraces.lstm, scope: "lstm1"), named: "lstm1-zh")
    }

    @Test func lstmCell() throws {
        let figure = try Self.figure(.lstmCell, of: EngineTraces.lstm, scope: "lstm1") { $0.time = 2 }
        #expect(figure.title == "第 2 个时间步的 LSTM 单元内部")
        assertFigureGolden(figure, named: "lstm1-t2-zh")
    }

    @Test func gradientThroughTime() throws {
        let figure = try Self.figure(.gradientThroughTime, of: try EngineTraces.forgetBiasLSTM(2), scope: "lstm",
                                     runs: [.init(label: "bias +2", trace: try EngineTraces.forgetBiasLSTM(2)), .init(label: "bias −2", trace: try EngineTraces.forgetBiasLSTM(-2))])
        #expect(figure.caption.contains("共 2 次运行：bias +2：从 t = 10 时的"))
        assertFigureGolden(figure, named: "forget-bias-zh")
    }

    @Test func attention() throws {
        assertFigureGolden(try Self.figure(.attention, of: EngineTraces.attention, scope: "attn"), named: "attn-zh")
    }

    @Test func positionalEncoding() throws {
        assertFigureGolden(try Self.figure(.positionalEncoding, of: EngineTraces.attention, scope: "pos"), named: "pos-zh")
    }
}
