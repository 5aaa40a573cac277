import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The same spec gives the same bytes; a trace survives a round trip through Codable.
@Suite struct TraceDeterminismTests {
    static let spec = """
        name: det
        seed: 42
        input_shape: [3]
        layers:
          - {type: dense, units: 4, activation: relu, regularizer: {l1: 0.01, l2: 0.02}}
          - {type: dense, units: 2, activation: softmax}
        loss: cross_entropy
        optimizer: {type: adam, learning_rate: 0.05}
        train: {steps: 4, batch_size: 2, shuffle: true}
        data:
          inputs: [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9], [1.0, 1.1, 1.2]]
          targets: [[1, 0], [0, 1], [1, 0], [0, 1]]
        """

    func traceBytes(record: RecordLevel = .ops) throws -> Data {
        let spec = try ModelSpec.parse(Self.spec, file: "det.yaml")
        var run = spec.makeRun()
        var bytes = Data()
        let writer = try TraceWriter(model: spec.name, architecture: run.trainer.model.architecture(optimizer: "adam")) {
            bytes.append($0)
        }
        try run.run(record: record) { try writer.append($0.trace) }
        try writer.finish()
        return bytes
    }

    @Test func sameSpecSameBytes() throws {
        let first = try traceBytes()
        #expect(first == (try traceBytes()))
        #expect(first.count > 1000)
    }

    @Test func roundTripThroughCodable() throws {
        let bytes = try traceBytes()
        let trace = try TraceReader.read(bytes, file: "det.json")
        #expect(trace.steps.count == 4)
        #expect(trace.steps[0].ops.contains { $0.scope == "dense0/regularizer/l1" })
        let reencoded = try TraceJSON.makeEncoder().encode(trace)
        #expect(try TraceReader.read(reencoded, file: "again.json") == trace)
    }

    @Test func recordLevelsKeepWhatTheySay() throws {
        let summary = try TraceReader.read(try traceBytes(record: .summary), file: "s.json").steps[0]
        #expect(summary.outputs.isEmpty && summary.ops.isEmpty && summary.inputGrad == nil && summary.params.count == 4)
        let layers = try TraceReader.read(try traceBytes(record: .layers), file: "l.json").steps[0]
        #expect(layers.outputs.count == 2 && layers.ops.isEmpty && layers.inputGrad?.shape == [2, 3])
        let ops = try TraceReader.read(try traceBytes(record: .ops), file: "o.json").steps[0]
        #expect(ops.outputs.count == 2 && !ops.ops.isEmpty)
        // Every op's inputs name earlier records; the last op is the loss.
        for record in ops.ops { #expect(record.inputs.allSatisfy { $0 < record.id }) }
        #expect(ops.ops.last?.scope == "loss/total")
        #expect(ops.ops.last?.value.data == [ops.loss])
    }

    @Test func givenWeightsDoNotShiftOtherLayersInitialisation() throws {
        let base = try ModelSpec.parse(Self.spec, file: "a.yaml").makeModel()
        let withWeights = Self.spec.replacingOccurrences(
            of: "{type: dense, units: 2, activation: softmax}",
            with: "{type: dense, units: 2, activation: softmax, weights: {bias: [1, 2]}}")
        let other = try ModelSpec.parse(withWeights, file: "b.yaml").makeModel()
        #expect(base.parameters["dense0/kernel"] == other.parameters["dense0/kernel"])
        #expect(base.parameters["dense1/kernel"] == other.parameters["dense1/kernel"])
        #expect(other.parameters["dense1/bias"]?.data == [1, 2])
        // Glorot-uniform kernel of a 3→4 layer: every value within ±√(6/7).
        let limit = (6.0 / 7).squareRoot()
        #expect(base.parameters["dense0/kernel"]!.data.allSatisfy { Swift.abs($0) <= limit })
        #expect(base.parameters["dense0/bias"]!.data == [0, 0, 0, 0])
    }
}
