import Foundation
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import StepwiseWords
import Testing
@testable import StepwiseLessons

/// The GAN figures in the Chinese edition — what the discriminator says, where the generator
/// sends the noise and the discriminator's field — drawn from the ring GAN of GANFieldTests:
/// goldens (looked at by a person before committing) and no English words besides data (the
/// model's name) and the scope after "轨迹：".
@Suite struct GANFigureChineseTests {
    static func figure(_ kind: FigureKind, of trace: Trace) throws -> Figure {
        var settings = FigureSettings()
        settings.edition = .zh
        return try FigureCatalog.figure(kind, of: trace, settings: settings,
                                        decisionBoundary: { try DecisionGridMaker.input(trace: $0, step: $1.step, layer: $1.scope, edition: $1.edition) },
                                        generatorMap: { try GeneratorMapMaker.input(trace: $0, step: $1.step) })
    }

    /// The English words `figure` shows besides the model's name; "轨迹：…" up to " · " is the
    /// scope as written.
    static func unexpected(_ figure: Figure, model: String) -> [String] {
        let note = ChartWords.traceNote(.zh, ["trace": ""])
        return (figure.texts.map(\.markup) + [figure.title, figure.caption]).flatMap { text -> [String] in
            var shown = text
            if let start = shown.range(of: note) {
                shown.removeSubrange(start.lowerBound..<(shown[start.upperBound...].range(of: " · ")?.lowerBound ?? shown.endIndex))
            }
            return LatinWords.unexpected(in: shown, allowing: Set(LatinWords.words(in: model)))
        }
    }

    @Test func whatTheDiscriminatorSays() throws {
        let (_, trace) = try GANFieldTests.run()
        let figure = try Self.figure(.discriminatorOutputs, of: trace)
        #expect(figure.caption.hasPrefix("ring-gan 第 150 步判别器输出 D(x) 的直方图"))
        #expect(Self.unexpected(figure, model: trace.model) == [])
        assertFigureGolden(figure, named: "ring-gan-outputs-zh")
    }

    @Test func whereTheGeneratorSendsTheNoise() throws {
        let (_, trace) = try GANFieldTests.run()
        let figure = try Self.figure(.generatorMap, of: trace)
        #expect(Self.unexpected(figure, model: trace.model) == [])
        assertFigureGolden(figure, named: "ring-gan-map-zh")
    }

    @Test func theDiscriminatorsField() throws {
        let (_, trace) = try GANFieldTests.run()
        let input = try DecisionGridMaker.input(trace: trace, step: nil, edition: .zh)
        #expect(input.heading == "判别器眼中的平面：真实还是生成" && input.classNames == ["生成样本", "真实样本"])
        let mine = [input.heading ?? "", input.fieldName, input.arrowName, input.arrowCaption] + input.classNames
        #expect(mine.flatMap { LatinWords.unexpected(in: $0, allowing: ["dL", "dG"]) } == [])  // −dL_G/dG(z) is a formula
        let figure = try Self.figure(.decisionBoundary, of: trace)
        // The field's frame (subtitle, legend, caption) is the decision boundary's, helper
        // words-fig-a's: English until its Chinese words land.
        withKnownIssue("the decision boundary's own words are words-fig-a's", isIntermittent: true) {
            #expect(Self.unexpected(figure, model: trace.model).filter { !["dL", "dG"].contains($0) } == [])
        }
        assertFigureGolden(figure, named: "ring-gan-zh")
    }
}
