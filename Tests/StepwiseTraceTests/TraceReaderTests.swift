import Foundation
import Testing
import StepwiseTrace

@Suite struct TraceReaderTests {
    func bytes(format: String = "stepwise-trace", version: Int = 1) -> Data {
        Data("""
            {"format": "\(format)", "version": \(version), "model": "m",
             "architecture": {"input_shape": [1], "integer_inputs": false, "layers": [], "loss": "mse", "optimizer": "sgd"},
             "steps": [{"step": 1, "loss": "NaN", "outputs": {}, "params": {}, "input_grad": null, "ops": []}]}
            """.utf8)
    }

    @Test func readsATraceWithNonFiniteNumbers() throws {
        let trace = try TraceReader.read(bytes(), file: "t.json")
        #expect(trace.steps[0].loss.isNaN)
        #expect(trace.steps[0].inputGrad == nil)
    }

    @Test func rejectsOtherVersionsAndFormats() {
        #expect(throws: TraceReadError.unsupportedVersion(file: "t.json", found: 2)) {
            try TraceReader.read(bytes(version: 2), file: "t.json")
        }
        #expect(throws: TraceReadError.notATrace(file: "t.json", found: "\"other\"")) {
            try TraceReader.read(bytes(format: "other"), file: "t.json")
        }
        #expect((try? TraceReader.read(Data("{".utf8), file: "t.json")) == nil)
    }

    @Test func writerOutputIsTheTraceJSON() throws {
        let architecture = Architecture(inputShape: [2], integerInputs: false, layers: [], loss: "mse", optimizer: "sgd")
        let step = TraceStep(step: 1, loss: 0.5, outputs: [:], params: [:],
                             inputGrad: TensorValue(shape: [1, 2], data: [0.1, -.infinity]), ops: [])
        var bytes = Data()
        let writer = try TraceWriter(model: "a/b \"q\"", architecture: architecture) { bytes.append($0) }
        try writer.append(step)
        try writer.append(step)
        try writer.finish()
        let trace = try TraceReader.read(bytes, file: "w.json")
        #expect(trace == Trace(model: "a/b \"q\"", architecture: architecture, steps: [step, step]))
        // Keys the contract fixes are always present, null included.
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"input_grad\":{"))
    }
}
