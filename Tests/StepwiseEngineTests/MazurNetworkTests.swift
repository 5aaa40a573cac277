import Testing
@testable import StepwiseEngine

/// The 2-2-2 sigmoid network worked by hand in Matt Mazur's "A Step by Step Backpropagation
/// Example" (2015). Expected values are the article's published numbers (9 significant digits),
/// not the engine's output. Mazur's E = Σ ½(t − o)² over two outputs equals our mean squared error.
@Suite struct MazurNetworkTests {
    static let spec = """
        name: mazur
        input_shape: [2]
        layers:
          - {type: dense, name: hidden, units: 2, activation: sigmoid,
             weights: {kernel: [[0.15, 0.25], [0.20, 0.30]], bias: [0.35, 0.35]}}
          - {type: dense, name: output, units: 2, activation: sigmoid,
             weights: {kernel: [[0.40, 0.50], [0.45, 0.55]], bias: [0.60, 0.60]}}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.5}
        data: {inputs: [[0.05, 0.10]], targets: [[0.01, 0.99]]}
        """

    func traceStep() throws -> StepResult {
        let spec = try ModelSpec.parse(Self.spec, file: "mazur.yaml")
        var trainer = Trainer(model: spec.makeModel(), optimizer: spec.optimizer.make())
        return trainer.step(inputs: spec.dataset.inputs, targets: spec.dataset.targets)
    }

    @Test func forwardPassMatchesTheArticle() throws {
        let step = try traceStep().trace
        expectClose(step.outputs["hidden"]!.data, [0.593269992, 0.596884378], relative: 1e-9, "out_h")
        expectClose(step.outputs["output"]!.data, [0.75136507, 0.772928465], relative: 1e-8, "out_o")
        expectClose([step.loss], [0.298371109], relative: 1e-9, "E_total")
        // net_h1 = 0.15·0.05 + 0.2·0.1 + 0.35 = 0.3775 (the article's first line).
        expectClose(step.op(scope: "hidden/bias_add")!.value.data, [0.3775, 0.3925], relative: 1e-12, "net_h")
    }

    @Test func backwardPassAndUpdateMatchTheArticle() throws {
        let step = try traceStep().trace
        // ∂E/∂w5 = 0.082167041 (the article's chain-rule product).
        expectClose([step.params["output/kernel"]!.grad.data[0]], [0.082167041], relative: 1e-8, "dE/dw5")
        // Kernel layout is [in, units]: w5 = k[0][0], w6 = k[1][0], w7 = k[0][1], w8 = k[1][1].
        expectClose(step.params["output/kernel"]!.after.data, [0.35891648, 0.511301270, 0.408666186, 0.561370121],
                    relative: 1e-8, "w5…w8 after")
        // ∂E_total/∂w1 = 0.000438568; w1…w4 after the update.
        expectClose([step.params["hidden/kernel"]!.grad.data[0]], [0.000438568], relative: 1e-6, "dE/dw1")
        // (w2…w4 are published to 8 significant digits.)
        expectClose(step.params["hidden/kernel"]!.after.data, [0.149780716, 0.24975114, 0.19956143, 0.29950229],
                    relative: 2e-8, "w1…w4 after")
    }
}

@Suite struct PredictionTests {
    @Test func predictionAfterTheStepUsesTheUpdatedWeights() throws {
        let spec = try ModelSpec.parse(MazurNetworkTests.spec, file: "mazur.yaml")
        let model = spec.makeModel()
        // Before the step: the article's forward pass, out_o1 = 0.75136507.
        expectClose([model.predict(spec.dataset.inputs).data[0]], [0.75136507], relative: 1e-8)
        var trainer = Trainer(model: model, optimizer: spec.optimizer.make())
        let step = trainer.step(inputs: spec.dataset.inputs, targets: spec.dataset.targets).trace
        let after = model.replacingParameters(step.params.mapValues { Tensor($0.after) })
        #expect(after.predict(spec.dataset.inputs) == trainer.model.predict(spec.dataset.inputs))
        #expect(after.predict(spec.dataset.inputs) != model.predict(spec.dataset.inputs))
    }
}
