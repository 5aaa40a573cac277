import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
@testable import StepwiseReports
import StepwiseTrace
import Testing

/// The report's choice of figures for image layers, on a real engine trace: conv1 (2×2, 10
/// filters, relu) → pool1 (2×2 max) → flatten → output (dense, 3), a batch of 2 images of
/// 4×4×2. Ten filters are more than the feature-map figure draws, so its caption says which it
/// shows. (ReportGoldenTests holds the golden pages and figures of a small CNN.)
@Suite struct ConvLayerTests {
    static let spec = """
        name: wide-conv
        seed: 6
        input_shape: [4, 4, 2]
        layers:
          - {type: conv2d, name: conv1, filters: 10, kernel_size: [2, 2], activation: relu}
          - {type: max_pool2d, name: pool1, pool_size: [2, 2]}
          - {type: flatten, name: flatten}
          - {type: dense, name: output, units: 3}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {generate: {samples: 2}}
        """

    static let trace: Trace = {
        let spec = try! ModelSpec.parse(Self.spec, file: "wide-conv.yaml")
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        run.run(record: .ops) { steps.append($0.trace) }
        return Trace(model: spec.name, architecture: run.trainer.model.architecture(optimizer: spec.optimizer.type), steps: steps)
    }()

    @Test func convPoolingFlattenAndDenseGetTheirFigures() throws {
        #expect(Self.trace.architecture.layers.map(\.outputShape) == [[3, 3, 10], [1, 1, 10], [10], [3]])
        let groups = ReportFigurePlan().figures(trace: Self.trace, step: Self.trace.steps[0])
        #expect(groups.map(\.heading) == ["conv1 · Conv2D", "pool1 · MaxPooling2D", "output · Dense"])
        let figures = groups.flatMap(\.figures)
        #expect(figures.map(\.name) == ["step1-1-conv1-feature-maps", "step1-1-conv1-update", "step1-2-pool1-pooling",
                                        "step1-4-output-output", "step1-4-output-update"])
        for figure in figures {
            #expect(throws: Never.self, "\(figure.name)") { _ = try figure.figure.get() }
        }
        #expect(figures[0].sampled == "example 1 of 2, filters 1–8 of 10")
        #expect(figures[1].sampled == nil)  // kernel [2, 2, 2, 10] shown as 8 × 10
        #expect(figures[2].sampled == "example 1 of 2, channel 1 of 10")
        #expect(try figures[0].figure.get().kind == "feature-maps")
        #expect(try figures[2].figure.get().kind == "pooling")
        #expect(try figures[0].figure.get().caption.contains("for 8 of 10 filters"))
        // A conv layer reading more channels than are drawn says so too.
        var plan = ReportFigurePlan()
        plan.maxInputChannels = 1
        let narrow = plan.figures(trace: Self.trace, step: Self.trace.steps[0])[0].figures[0]
        #expect(narrow.sampled == "example 1 of 2, input channel 1 of 2, filters 1–8 of 10")
        #expect(try narrow.figure.get().caption.contains("example 1: input channel 1 of 2, each 4×4, then"))
        #expect(ModelSummary(model: "m", architecture: Self.trace.architecture, parameterShapes: Self.trace.steps[0].params.mapValues(\.before.shape))
            .rows.map(\.parameters) == [90, 0, 0, 33])
    }
}
