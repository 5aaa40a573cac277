import StepwiseEngine

/// The specs `stepwise bench` times when none are given: small to medium dense networks, a
/// stacked LSTM, an attention block and the CIFAR-shaped CNN of `lessons/examples/cifar-cnn.yaml`.
enum BuiltinBenchmarks {
    /// A spec of the suite: its name on the command line (`builtin:…`), its row title in the
    /// README's table, and its text.
    struct Entry {
        let file: String
        let title: String
        let text: String
        init(_ file: String, _ title: String, _ text: String) { (self.file, self.title, self.text) = (file, title, text) }
    }

    /// The entry named `file` (`builtin:cifar-cnn-b4`, …), if any.
    static func entry(named file: String) -> Entry? { specs.first { $0.file == file } }

    static let specs: [Entry] = [
        Entry("builtin:xor-2-2-1", "2-2-1 XOR, 4 samples", """
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
        Entry("builtin:mazur-2-2-2", "2-2-2 Mazur, 1 sample", """
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
        Entry("builtin:mlp-64-32-10", "64-32-10, 32 samples", mlpSpec()),
        Entry("builtin:stacked-lstm-50", "stacked LSTM(50) → LSTM(50) → dense, T = 20, F = 10, batch 8", """
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
        Entry("builtin:attention-2x16", "2-head attention block, T = 16, d = 32, batch 8", """
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
        Entry("builtin:cifar-cnn-b4", "CIFAR-shaped CNN, batch 4", cifarCNNSpec(batch: 4)),
        Entry("builtin:cifar-cnn-b32", "CIFAR-shaped CNN, batch 32", cifarCNNSpec(batch: 32)),
        Entry("builtin:gan-2d", "2-D GAN step (one discriminator and one generator update), batch 64", ganSpec),
        Entry("builtin:gan-as-one-mlp", "the GAN's generator and discriminator stacked as one MLP, 64 samples", ganAsOneMLPSpec),
    ]

    /// A GAN on the plane as lesson 12 trains it: generator 2 → 16 → 16 → 2, discriminator
    /// 2 → 16 → 16 → 1, Adam, 64 real samples of a ring of Gaussians.
    private static let ganSpec = """
        name: gan-2d
        kind: gan
        seed: 1
        latent_dim: 2
        generator:
          layers:
            - {type: dense, name: hidden1, units: 16, activation: relu}
            - {type: dense, name: hidden2, units: 16, activation: relu}
            - {type: dense, name: sample, units: 2}
        discriminator:
          layers:
            - {type: dense, name: hidden1, units: 16, activation: relu}
            - {type: dense, name: hidden2, units: 16, activation: relu}
            - {type: dense, name: real, units: 1, activation: sigmoid}
        optimizer: {type: adam, learning_rate: 0.002}
        data: {generate: {samples: 64, kind: ring, modes: 8, radius: 2, spread: 0.1}}
        train: {batch_size: 64}
        """

    /// The same two networks as one MLP (2 → 16 → 16 → 2 → 16 → 16 → 1) on 64 samples: one step
    /// of it is what the GAN's generator update computes, the yardstick for a GAN step.
    private static let ganAsOneMLPSpec = """
        name: gan-as-one-mlp
        seed: 1
        input_shape: [2]
        layers:
          - {type: dense, name: g1, units: 16, activation: relu}
          - {type: dense, name: g2, units: 16, activation: relu}
          - {type: dense, name: g3, units: 2}
          - {type: dense, name: d1, units: 16, activation: relu}
          - {type: dense, name: d2, units: 16, activation: relu}
          - {type: dense, name: d3, units: 1, activation: sigmoid}
        loss: binary_crossentropy
        optimizer: {type: adam, learning_rate: 0.002}
        data: {generate: {samples: 64, kind: moons}}
        """

    /// The CIFAR-shaped CNN (as `lessons/examples/cifar-cnn.yaml`) on `batch` generated images.
    private static func cifarCNNSpec(batch: Int) -> String {
        """
        name: cifar-cnn-b\(batch)
        seed: 1
        input_shape: [32, 32, 3]
        layers:
          - {type: conv2d, name: conv1, filters: 32, kernel_size: [3, 3], activation: relu}
          - {type: max_pool2d, name: pool1, pool_size: [2, 2]}
          - {type: conv2d, name: conv2, filters: 64, kernel_size: [3, 3], activation: relu}
          - {type: max_pool2d, name: pool2, pool_size: [2, 2]}
          - {type: conv2d, name: conv3, filters: 64, kernel_size: [3, 3], activation: relu}
          - {type: flatten, name: flatten}
          - {type: dense, name: dense1, units: 64, activation: relu}
          - {type: dense, name: output, units: 10, activation: softmax}
        loss: sparse_categorical_crossentropy
        optimizer: {type: adam, learning_rate: 0.001}
        data: {generate: {samples: \(batch)}}
        """
    }

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
