import Testing
@testable import StepwiseEngine

/// A run whose numbers blow up stops after that step and says where it started.
@Suite struct NonFiniteTests {
    @Test func divergingRunNamesTheFirstNonFiniteOp() throws {
        // A linear network with a huge learning rate: the weights overflow within a few steps.
        let text = """
            name: diverge
            input_shape: [1]
            layers: [{type: dense, units: 1, weights: {kernel: [[1]], bias: [0]}}]
            loss: mse
            optimizer: {type: sgd, learning_rate: 1e150}
            train: {steps: 20}
            data: {inputs: [[1e10]], targets: [[0]]}
            """
        var run = try ModelSpec.parse(text, file: "diverge.yaml").makeRun()
        var steps: [StepResult] = []
        let nonFinite = run.run(record: .ops) { steps.append($0) }
        let found = try #require(nonFinite)
        #expect(steps.count == found.step)
        #expect(steps.count < 20)
        #expect(steps.last?.nonFinite == found)
        // Everything before that step was finite.
        #expect(steps.dropLast().allSatisfy { $0.nonFinite == nil && $0.trace.loss.isFinite })
        #expect(found.description.hasPrefix("step \(found.step): first non-finite value in"))
    }

    @Test func forwardOverflowIsReportedByScope() {
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [800]), name: "x")
        _ = tape.scoped("layer") { tape.exp(tape.identity(x, "copy"), "grow") }
        #expect(tape.firstNonFiniteForward == "layer/grow")
    }

    @Test func backwardOverflowIsReportedByScope() {
        // ln of a subnormal number is finite (≈ −737), its derivative 1/x is not.
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [1e-320]), name: "x")
        let y = tape.scoped("layer") { tape.sum(tape.log(x, "log"), "total") }
        _ = tape.gradients(of: y)
        #expect(tape.firstNonFiniteForward == nil)
        #expect(tape.firstNonFiniteGradient == "x")
    }
}
