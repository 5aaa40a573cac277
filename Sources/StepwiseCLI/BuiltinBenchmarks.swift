import StepwiseEngine

/// The specs `stepwise bench` times when none are given: small to medium dense networks, a
/// stacked LSTM and an attention block.
enum BuiltinBenchmarks {
    static let specs: [(file: String, text: String)] = [
        ("builtin:xor-2-2-1", """
            name: xor-2-2-1
            seed: 1
            input_shape: [2]
            layers:
              - {type: dense, name: hidden, units: 2, activation: tanh}
              - {type: dense, name: output, units: 1, activation: sigmoid}
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.5}
            data:
              inputs: [[0, 0], [0, 1], [1, 0], [1, 1]]
              targets: [[0], [1], [1], [0]]
            """),
        ("builtin:mazur-2-2-2", """
            name: mazur-2-2-2
            seed: 1
            input_shape: [2]
            layers:
              - {type: dense, name: hidden, units: 2, activation: sigmoid}
              - {type: dense, name: output, units: 2, activation: sigmoid}
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.5}
            data: {inputs: [[0.05, 0.1]], targets: [[0.01, 0.99]]}
            """),
        ("builtin:mlp-64-32-10", mlpSpec()),
        ("builtin:stacked-lstm-50", """
            name: stacked-lstm-50
            seed: 1
            input_shape: [20, 10]
            layers:
              - {type: lstm, name: lstm1, units: 50, return_sequences: true}
              - {type: lstm, name: lstm2, units: 50}
              - {type: dense, name: output, units: 1}
            loss: mse
            optimizer: {type: adam, learning_rate: 0.001}
            data: {generate: {samples: 8}}
            """),
        // Per-position output (dense on the last axis) until flatten is available.
        ("builtin:attention-2x16", """
            name: attention-2x16
            seed: 1
            input_shape: [16, 32]
            layers:
              - {type: positional_encoding, name: pos}
              - {type: multi_head_attention, name: attn, num_heads: 2, key_dim: 16}
              - {type: layer_norm, name: norm}
              - {type: dense, name: output, units: 1}
            loss: mse
            optimizer: {type: adam, learning_rate: 0.001}
            data: {generate: {samples: 8}}
            """),
    ]

    /// A 64-32-10 classifier on 32 deterministic pseudo-random samples.
    private static func mlpSpec() -> String {
        var random = SeededRandom(seed: 7, label: "bench/mlp")
        let inputs = (0..<32).map { _ in
            "[" + (0..<64).map { _ in String(random.nextUnit()) }.joined(separator: ", ") + "]"
        }
        let targets = (0..<32).map { String($0 % 10) }
        return """
            name: mlp-64-32-10
            seed: 3
            input_shape: [64]
            layers:
              - {type: dense, name: hidden, units: 32, activation: relu}
              - {type: dense, name: output, units: 10, activation: softmax}
            loss: sparse_categorical_crossentropy
            optimizer: {type: adam, learning_rate: 0.001}
            data:
              inputs: [\(inputs.joined(separator: ", "))]
              targets: [\(targets.joined(separator: ", "))]
            """
    }
}
