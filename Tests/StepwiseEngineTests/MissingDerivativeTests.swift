import Testing
@testable import StepwiseEngine

/// An op recorded without a derivative stops the backward pass loudly, naming the op.
@Suite struct MissingDerivativeTests {
    @Test func backwardThroughAnOpWithoutDerivativeFails() async {
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let x = tape.parameter(Tensor(vector: [1, 2]), name: "x")
            let y = tape.record(.relu, "no_rule", inputs: [x], value: Tensor(vector: [1, 2]), backward: nil)
            _ = tape.gradients(of: tape.sum(y))
        }
    }
}
