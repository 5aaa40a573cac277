import Foundation
import StepwiseTrace
import Testing

/// `stepwise trace` on convolutional networks, through the built binary.
@Suite struct CNNTraceTests {
    /// `lessons/examples/cifar-cnn.yaml` in this checkout.
    static let cifarCNN = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("lessons/examples/cifar-cnn.yaml").path

    @Test func cifarCNNTracesAndDoesNotDependOnThreads() throws {
        let result = try StepwiseBinary.run(["trace", Self.cifarCNN, "--record", "summary"])
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        let trace = try TraceReader.read(result.stdoutData, file: "stdout")
        #expect(trace.model == "cifar-cnn")
        #expect(trace.architecture.layers.map(\.outputShape)
                == [[30, 30, 32], [15, 15, 32], [13, 13, 64], [6, 6, 64], [4, 4, 64], [1024], [64], [10]])
        let step = try #require(trace.steps.first)
        #expect(trace.steps.count == 1 && step.loss.isFinite)
        let shapes = step.params.mapValues(\.grad.shape)
        #expect(shapes == [
            "conv1/kernel": [3, 3, 3, 32], "conv1/bias": [32],
            "conv2/kernel": [3, 3, 32, 64], "conv2/bias": [64],
            "conv3/kernel": [3, 3, 64, 64], "conv3/bias": [64],
            "dense1/kernel": [1024, 64], "dense1/bias": [64],
            "output/kernel": [64, 10], "output/bias": [10],
        ])
        #expect(step.params.values.allSatisfy { $0.before.shape == $0.after.shape && $0.before != $0.after })
        // The large products are shared with a helper thread; one thread gives the same bytes.
        let alone = try StepwiseBinary.run(["trace", Self.cifarCNN, "--record", "summary"], environment: ["STEPWISE_THREADS": "1"])
        #expect(alone.status == 0)
        #expect(alone.stdoutData == result.stdoutData)
    }

    @Test func smallCNNRecordsEveryImageOp() throws {
        let result = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("small-cnn.yaml")])
        #expect(result.status == 0)
        let trace = try TraceReader.read(result.stdoutData, file: "stdout")
        #expect(trace.steps.count == 2)
        let step = try #require(trace.steps.first)
        func op(_ scope: String) throws -> OpRecord { try #require(step.op(scope: scope), "no op \(scope)") }

        let convolution = try op("conv1/convolution")
        #expect(convolution.op == "conv2d")
        #expect(convolution.value.shape == [3, 6, 6, 3])
        #expect(convolution.attributes["padding"] == .string("same"))
        #expect(convolution.attributes["pads"] == .ints([1, 1, 1, 1]))
        #expect(convolution.inputs.map { step.ops[$0].scope } == ["input", "conv1/kernel"])
        #expect(try op("conv1/bias_add").op == "add")
        #expect(try op("conv1/activation").op == "relu")
        #expect(try op("conv1/kernel").grad == step.params["conv1/kernel"]?.grad)
        #expect(try op("conv1/regularizer/l2").op == "scale")

        let pool = try op("pool1/max_pool")
        #expect(pool.op == "max_pool2d" && pool.value.shape == [3, 3, 3, 3])
        guard case .ints(let winners) = pool.attributes["argmax"] else {
            Issue.record("max_pool has no argmax")
            return
        }
        // Each winner is a cell of the pooled input holding the output's value.
        let pooled = try op("conv1/activation").value.data
        #expect(winners.count == pool.value.data.count)
        #expect(zip(winners, pool.value.data).allSatisfy { pooled[$0.0] == $0.1 })

        #expect(try op("conv2/convolution").value.shape == [3, 2, 2, 2])
        #expect(try op("pool2/avg_pool").op == "avg_pool2d")
        let flat = try op("flatten/reshape")
        #expect(flat.op == "reshape" && flat.value.shape == [3, 2])
        #expect(trace.architecture.layers.map(\.type) == ["conv2d", "max_pool2d", "conv2d", "avg_pool2d", "flatten", "dense"])
        #expect(step.inputGrad?.shape == [3, 6, 6, 2])
    }

    @Test func resolvedCNNSpecReproducesTheTrace() throws {
        let folder = StepwiseBinary.temporaryFolder()
        let (first, resolved, second) = (folder.appendingPathComponent("first.json").path,
                                         folder.appendingPathComponent("resolved.json").path,
                                         folder.appendingPathComponent("second.json").path)
        let run1 = try StepwiseBinary.run(["trace", StepwiseBinary.fixture("small-cnn.yaml"), "--out", first, "--resolved-spec", resolved])
        #expect(run1.status == 0)
        let run2 = try StepwiseBinary.run(["trace", resolved, "--out", second])
        #expect(run2.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == (try Data(contentsOf: URL(fileURLWithPath: second))))
    }
}
