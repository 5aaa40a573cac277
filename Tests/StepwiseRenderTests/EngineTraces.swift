import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Small real traces made by the engine, shared by the figure tests.
enum EngineTraces {
    /// Matt Mazur's 2-2-2 network, one step, ops level.
    static let mazurSpec = """
        name: mazur-2-2-2
        seed: 1
        input_shape: [2]
        layers:
          - {type: dense, name: hidden, units: 2, activation: sigmoid,
             weights: {kernel: [[0.15, 0.25], [0.2, 0.3]], bias: [0.35, 0.35]}}
          - {type: dense, name: output, units: 2, activation: sigmoid,
             weights: {kernel: [[0.4, 0.5], [0.45, 0.55]], bias: [0.6, 0.6]}}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.5}
        data: {inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]]}
        """

    /// One sigmoid neuron on two inputs: a computation graph small enough to read.
    static let neuronSpec = """
        name: neuron
        seed: 1
        input_shape: [2]
        layers:
          - {type: dense, name: neuron, units: 1, activation: sigmoid,
             weights: {kernel: [[0.5], [-0.3]], bias: [0.1]}}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.5}
        data: {inputs: [[1.0, 2.0]], targets: [[1.0]]}
        """

    /// Four noisy XOR clusters of 12 points each in [0, 1]², labels 0/1.
    static let xorPoints: [LabeledPoint] = {
        var random = SeededRandom(seed: 11, label: "render-tests/xor")
        var points: [LabeledPoint] = []
        for (cx, cy, label) in [(0.2, 0.2, 0), (0.8, 0.8, 0), (0.2, 0.8, 1), (0.8, 0.2, 1)] {
            for _ in 0..<12 {
                points.append(LabeledPoint(x: cx + random.uniform(-0.15, 0.15), y: cy + random.uniform(-0.15, 0.15), label: label))
            }
        }
        return points
    }()

    static func xorSpec(optimizer: String, steps: Int, name: String = "xor-2-8-1") -> String {
        let inputs = xorPoints.map { "[\($0.x), \($0.y)]" }.joined(separator: ", ")
        let targets = xorPoints.map { "[\($0.label)]" }.joined(separator: ", ")
        return """
            name: \(name)
            seed: 5
            input_shape: [2]
            layers:
              - {type: dense, name: hidden, units: 8, activation: tanh}
              - {type: dense, name: output, units: 1, activation: sigmoid}
            loss: binary_crossentropy
            optimizer: \(optimizer)
            train: {steps: \(steps)}
            data:
              inputs: [\(inputs)]
              targets: [\(targets)]
            """
    }

    /// Runs a spec, keeping every `every`-th step at `record`; returns the trace and the trained model.
    static func run(_ text: String, record: RecordLevel = .ops, every: Int = 1) throws -> (trace: Trace, model: Model) {
        let spec = try ModelSpec.parse(text, file: "test.yaml")
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        try run.run(record: record, every: every) { steps.append($0.trace) }
        let trace = Trace(model: spec.name, architecture: run.trainer.model.architecture(optimizer: spec.optimizer.type), steps: steps)
        return (trace, run.trainer.model)
    }

    /// Two 6×6 images of 2 channels, row-major [sample][row][column][channel]: channel 1 a
    /// diagonal stroke (down-right in sample 1, down-left in sample 2), channel 2 a bright 3×3
    /// block (bottom left, top right), on a faint background that varies a little by position.
    static let images: [[[[Double]]]] = (0..<2).map { sample in
        (0..<6).map { row in
            (0..<6).map { column -> [Double] in
                let shade = Double((row + 2 * column) % 3)
                let stroke = sample == 0 ? row == column : row + column == 5
                let block = sample == 0 ? (row >= 3 && column <= 2) : (row <= 2 && column >= 3)
                return [stroke ? 0.9 : (2 + shade) / 20, block ? 0.8 : shade / 20]
            }
        }
    }

    /// A small CNN: the two images → conv1 (3 filters 3×3, same, relu) → pool1 (2×2 max) →
    /// flatten → output (2 classes, softmax); one Adam step on both images.
    static var cnnSpec: String {
        func list(_ value: Any) -> String {
            if let numbers = value as? [Double] { return "[" + numbers.map { "\($0)" }.joined(separator: ", ") + "]" }
            return "[" + (value as! [Any]).map(list).joined(separator: ", ") + "]"
        }
        return """
            name: small-cnn
            seed: 2
            input_shape: [6, 6, 2]
            layers:
              - {type: conv2d, name: conv1, filters: 3, kernel_size: [3, 3], padding: same, activation: relu}
              - {type: max_pool2d, name: pool1, pool_size: [2, 2]}
              - {type: flatten, name: flatten}
              - {type: dense, name: output, units: 2, activation: softmax}
            loss: sparse_categorical_crossentropy
            optimizer: {type: adam, learning_rate: 0.01}
            data:
              inputs: \(list(images))
              targets: [0, 1]
            """
    }

    /// An LSTM of 3 units over T = 5 steps of 2 features, then one linear unit on its last
    /// hidden state; one SGD step on two generated sequences.
    static let lstmSpec = """
        name: small-lstm
        seed: 4
        input_shape: [5, 2]
        layers:
          - {type: lstm, name: lstm1, units: 3}
          - {type: dense, name: output, units: 1}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {generate: {samples: 2}}
        """

    /// Positional encoding, then causal attention with 2 heads of key_dim 2 over T = 5
    /// positions of 4 features, then one linear unit per position; one Adam step.
    static let attentionSpec = """
        name: small-attention
        seed: 5
        input_shape: [5, 4]
        layers:
          - {type: positional_encoding, name: pos}
          - {type: multi_head_attention, name: attn, num_heads: 2, key_dim: 2, causal: true}
          - {type: dense, name: output, units: 1}
        loss: mse
        optimizer: {type: adam, learning_rate: 0.01}
        data: {generate: {samples: 2}}
        """

    /// The small LSTM of the gradient-through-time figures, its forget gate's bias at `bias`.
    static func forgetBiasLSTM(_ bias: Int) throws -> Trace {
        try run("""
            name: lstm-forget-\(bias)
            seed: 4
            input_shape: [10, 1]
            layers: [{type: lstm, name: lstm, units: 2, weights: {bias: [0, 0, \(bias), \(bias), 0, 0, 0, 0]}}, {type: dense, units: 1}]
            loss: mse
            optimizer: {type: sgd}
            data: {generate: {samples: 1, kind: sine}}
            """).trace
    }

    static let mazur: Trace = try! run(mazurSpec).trace
    static let neuron: Trace = try! run(neuronSpec).trace
    static let cnn: Trace = try! run(cnnSpec).trace
    static let lstm: Trace = try! run(lstmSpec).trace
    static let attention: Trace = try! run(attentionSpec).trace

    /// XOR trained 400 steps with Adam (every 10th step kept) and its trained model.
    static let xorAdam: (trace: Trace, model: Model) = try! run(xorSpec(optimizer: "{type: adam, learning_rate: 0.05}", steps: 400), record: .summary, every: 10)
    static let xorSGD: Trace = try! run(xorSpec(optimizer: "{type: sgd, learning_rate: 0.5}", steps: 400, name: "xor-sgd"), record: .summary, every: 10).trace

    /// The trained model's P(class 1) on a grid over [−0.1, 1.1]², one forward pass for all centres.
    static func decisionGrid(_ model: Model, columns: Int = 50, rows: Int = 50) -> DecisionGrid {
        var grid = DecisionGrid(xRange: -0.1...1.1, yRange: -0.1...1.1, columns: columns, rows: rows,
                                values: [Double](repeating: 0, count: columns * rows))
        let centers = grid.centers
        let input = Tensor(shape: [centers.count, 2], data: centers.flatMap { [$0.x, $0.y] })
        let tape = Tape()
        let forward = model.forward(input, on: tape)
        grid.values = tape.value(forward.output).data
        return grid
    }
}

extension EngineTraces {
    /// A conv layer with more input channels (6) and filters (10) than the feature-maps figure
    /// draws (4 and 8), so the figure says which it shows.
    static func deepConv() throws -> Trace {
        try run("""
            name: deep-conv
            seed: 2
            input_shape: [6, 6, 6]
            layers: [{type: conv2d, name: conv, filters: 10, kernel_size: [3, 3], activation: relu}, {type: flatten}, {type: dense, units: 2, activation: softmax}]
            loss: sparse_categorical_crossentropy
            optimizer: {type: sgd}
            data: {generate: {samples: 1}}
            """).trace
    }
}
