import Foundation
import StepwiseLessons
import StepwiseRender
@testable import StepwiseReports
import StepwiseTrace
import Testing

/// The engine on this branch has no conv2d, pooling or flatten layers yet (branch cnn), so this
/// checks the report's choice of figures for them on a HAND-BUILT trace with the scope names of
/// docs/trace-format.md on that branch: conv1 (2×2, 10 filters, relu) → pool1 (2×2 max) →
/// flatten → output (dense, 3). Structure only; the CNN golden comes after the merge, from a
/// real engine trace.
@Suite struct ConvLayerTests {
    static func value(_ shape: [Int], _ seed: Double) -> TensorValue {
        let count = shape.reduce(1, *)
        return TensorValue(shape: shape, data: (0..<count).map { sin(Double($0) * 0.77 + seed) * 0.8 })
    }

    static let trace: Trace = {
        let (batch, size, filters) = (2, 4, 10)
        var ops: [OpRecord] = []
        func add(_ op: String, _ scope: String, _ inputs: [Int], _ value: TensorValue, grad: TensorValue? = nil,
                 attributes: [String: AttributeValue] = [:]) -> Int {
            ops.append(OpRecord(id: ops.count, op: op, scope: scope, inputs: inputs, attributes: attributes, value: value, grad: grad))
            return ops.count - 1
        }
        let input = add("input", "input", [], value([batch, size, size, 1], 0))
        let kernel = add("parameter", "conv1/kernel", [], value([2, 2, 1, filters], 1))
        let bias = add("parameter", "conv1/bias", [], value([filters], 2))
        let convolution = add("conv2d", "conv1/convolution", [input, kernel], value([batch, 3, 3, filters], 3))
        let biasAdd = add("add", "conv1/bias_add", [convolution, bias], value([batch, 3, 3, filters], 4))
        let activation = value([batch, 3, 3, filters], 4).data.map { max(0, $0) }
        let relu = add("relu", "conv1/activation", [biasAdd], TensorValue(shape: [batch, 3, 3, filters], data: activation),
                       grad: value([batch, 3, 3, filters], 5))
        // 2×2 max pooling of the 3×3 maps (valid): one output cell per sample and filter.
        var pooled: [Double] = []
        var argmax: [Int] = []
        for b in 0..<batch {
            for f in 0..<filters {
                let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { ((b * 3 + $0.0) * 3 + $0.1) * filters + f }
                let best = window.max { activation[$0] < activation[$1] }!
                pooled.append(activation[best])
                argmax.append(best - b * 9 * filters)
            }
        }
        let pool = add("max_pool2d", "pool1/max_pool", [relu], TensorValue(shape: [batch, 1, 1, filters], data: pooled),
                       grad: value([batch, 1, 1, filters], 6),
                       attributes: ["pool_size": .ints([2, 2]), "strides": .ints([2, 2]), "argmax": .ints(argmax)])
        let reshape = add("reshape", "flatten/reshape", [pool], TensorValue(shape: [batch, filters], data: pooled), grad: value([batch, filters], 6))
        let outputKernel = add("parameter", "output/kernel", [], value([filters, 3], 7))
        let outputBias = add("parameter", "output/bias", [], value([3], 8))
        let matmul = add("matmul", "output/matmul", [reshape, outputKernel], value([batch, 3], 9))
        let outputAdd = add("add", "output/bias_add", [matmul, outputBias], value([batch, 3], 9))
        _ = add("identity", "output/activation", [outputAdd], value([batch, 3], 9), grad: value([batch, 3], 10))
        var params: [String: ParamRecord] = [:]
        for (name, id) in [("conv1/kernel", kernel), ("conv1/bias", bias), ("output/kernel", outputKernel), ("output/bias", outputBias)] {
            let before = ops[id].value
            params[name] = ParamRecord(before: before, grad: value(before.shape, 11), after: value(before.shape, 1.01))
        }
        let outputs = ["conv1": ops[relu].value, "pool1": ops[pool].value, "flatten": ops[reshape].value, "output": ops.last!.value]
        let step = TraceStep(step: 1, loss: 0.5, outputs: outputs, params: params, inputGrad: nil, ops: ops)
        let layers = [
            LayerInfo(name: "conv1", type: "conv2d", outputShape: [3, 3, filters],
                      config: ["filters": .int(filters), "kernel_size": .ints([2, 2]), "activation": .string("relu")], params: ["kernel", "bias"]),
            LayerInfo(name: "pool1", type: "max_pool2d", outputShape: [1, 1, filters], config: ["pool_size": .ints([2, 2])], params: []),
            LayerInfo(name: "flatten", type: "flatten", outputShape: [filters], config: [:], params: []),
            LayerInfo(name: "output", type: "dense", outputShape: [3], config: ["units": .int(3), "activation": .string("linear")],
                      params: ["kernel", "bias"]),
        ]
        return Trace(model: "hand-built-cnn", architecture: Architecture(inputShape: [size, size, 1], integerInputs: false, layers: layers,
                                                                         loss: "mse", optimizer: "sgd"), steps: [step])
    }()

    @Test func convPoolingFlattenAndDenseGetTheirFigures() throws {
        let groups = ReportFigurePlan().figures(trace: Self.trace, step: Self.trace.steps[0])
        #expect(groups.map(\.heading) == ["conv1 · Conv2D", "pool1 · MaxPooling2D", "output · Dense"])
        let figures = groups.flatMap(\.figures)
        #expect(figures.map(\.name) == ["step1-1-conv1-feature-maps", "step1-1-conv1-update", "step1-2-pool1-pooling",
                                        "step1-4-output-output", "step1-4-output-update"])
        for figure in figures {
            #expect(throws: Never.self, "\(figure.name)") { _ = try figure.figure.get() }
        }
        #expect(figures[0].sampled == "sample 1 of 2, filters 1–8 of 10")
        #expect(figures[1].sampled == nil)  // kernel [2, 2, 1, 10] shown as 4 × 10
        #expect(figures[2].sampled == "sample 1 of 2, channel 1 of 10")
        #expect(try figures[0].figure.get().kind == "feature-maps")
        #expect(try figures[2].figure.get().kind == "pooling")
        #expect(ModelSummary(model: "m", architecture: Self.trace.architecture, parameterShapes: Self.trace.steps[0].params.mapValues(\.before.shape))
            .rows.map(\.parameters) == [50, 0, 0, 33])
    }
}
