import Testing
import StepwiseEngine

/// The README's Swift example, verbatim, so it keeps compiling and meaning what it says.
@Suite struct ReadmeExampleTests {
    @Test func readmeExampleTracesAStep() {
        let model = Model(
            name: "tiny", inputShape: [2],
            layers: [Dense(name: "hidden", units: 2, activation: .sigmoid),
                     Dense(name: "output", units: 1, activation: .sigmoid)],
            loss: .mse, seed: 1)
        var trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.5))
        let result = trainer.step(inputs: Tensor(rows: [[0.05, 0.10]]), targets: Tensor(rows: [[0.01]]))
        #expect(result.trace.loss > 0)
        #expect(result.trace.op(scope: "hidden/activation")!.value.shape == [1, 2])
        #expect(result.trace.params["output/kernel"]!.grad.shape == [2, 1])
        // The update went downhill: the same input now has a smaller loss.
        let again = trainer.step(inputs: Tensor(rows: [[0.05, 0.10]]), targets: Tensor(rows: [[0.01]]))
        #expect(again.trace.loss < result.trace.loss)
    }
}
