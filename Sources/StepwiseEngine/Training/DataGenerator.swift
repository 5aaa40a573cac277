import Foundation

/// Data a spec asks for instead of listing it (`data: {generate: {samples: 8, kind: random}}`),
/// drawn from the spec's seed (stream `data`), so the same spec always gets the same data.
public enum DataGenerator: String, CaseIterable, Sendable {
    /// Inputs uniform in [0, 1), or token ids uniform in 0..<input_dim for a model whose first
    /// layer is an `embedding`. Targets fit the loss: class indices for the sparse loss, one-hot
    /// rows for cross-entropy, 0/1 for binary cross-entropy, uniform [0, 1) for mse.
    case random
    /// Windows of sine waves for sequence regression: input `[T, 1]` holds sin(φ + 2πt/16) for
    /// t = 0..<T with a random phase φ, the target `[1]` the next value sin(φ + 2πT/16).
    case sine

    /// Why this generator cannot make data for these shapes, or nil when it can.
    /// `tokenCount` is the embedding's `input_dim` when the inputs are token ids.
    public func problem(inputShape: [Int], outputShape: [Int], loss: Loss, tokenCount: Int? = nil) -> String? {
        switch self {
        case .random:
            return nil
        case .sine:
            if tokenCount != nil { return "sine data needs real-valued inputs, but an embedding model reads token ids" }
            if inputShape.count != 2 || inputShape[1] != 1 { return "sine data needs input_shape [T, 1], found \(inputShape)" }
            if outputShape != [1] || loss.usesClassIndices { return "sine data needs a model output of shape [1], found \(outputShape)" }
            return nil
        }
    }

    /// `samples` samples for a model with these shapes and loss.
    /// `tokenCount` is the embedding's `input_dim` when the inputs are token ids.
    public func make(samples: Int, inputShape: [Int], outputShape: [Int], loss: Loss, tokenCount: Int? = nil, seed: UInt64) -> Dataset {
        var random = SeededRandom(seed: seed, label: "data")
        switch self {
        case .random:
            let inputCount = samples * inputShape.reduce(1, *)
            let inputs = Tensor(shape: [samples] + inputShape, data: (0..<inputCount).map { _ in
                tokenCount.map { Double(random.index(below: $0)) } ?? random.nextUnit()
            })
            let classes = outputShape.last ?? 1
            let targets: Tensor
            switch loss {
            case .sparseCategoricalCrossentropy:
                let shape = [samples] + outputShape.dropLast()
                targets = Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double(random.index(below: classes)) })
            case .crossEntropy:
                let indices = Tensor(shape: [samples] + outputShape.dropLast(),
                                     data: (0..<(samples * outputShape.dropLast().reduce(1, *))).map { _ in Double(random.index(below: classes)) })
                targets = Loss.oneHot(indices, classes: classes)
            case .binaryCrossentropy:
                let count = samples * outputShape.reduce(1, *)
                targets = Tensor(shape: [samples] + outputShape, data: (0..<count).map { _ in Double(random.index(below: 2)) })
            case .mse:
                let count = samples * outputShape.reduce(1, *)
                targets = Tensor(shape: [samples] + outputShape, data: (0..<count).map { _ in random.nextUnit() })
            }
            return Dataset(inputs: inputs, targets: targets)
        case .sine:
            let steps = inputShape[0]
            var inputs: [Double] = []
            var targets: [Double] = []
            for _ in 0..<samples {
                let phase = random.uniform(0, 2 * Double.pi)
                for t in 0..<steps { inputs.append(sin(phase + 2 * Double.pi * Double(t) / 16)) }
                targets.append(sin(phase + 2 * Double.pi * Double(steps) / 16))
            }
            return Dataset(inputs: Tensor(shape: [samples, steps, 1], data: inputs), targets: Tensor(shape: [samples, 1], data: targets))
        }
    }
}
