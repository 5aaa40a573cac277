import StepwiseTrace

/// A lookup table of learned vectors, as Keras's `Embedding`: integer token ids
/// `input [batch, …]` (each in 0..<inputDim) → their rows of `embeddings [inputDim, outputDim]`,
/// `[batch, …, outputDim]`. Only as a model's first layer: the model's inputs are then token ids
/// and get no gradient. `embeddings` starts uniform in [−0.05, 0.05), as Keras's default.
/// Scope: `<name>/lookup`.
public struct Embedding: Layer {
    public let name: String
    public let inputDim: Int
    public let outputDim: Int

    public init(name: String, inputDim: Int, outputDim: Int) {
        precondition(inputDim > 0 && outputDim > 0, "embedding dimensions must be positive")
        self.name = name
        self.inputDim = inputDim
        self.outputDim = outputDim
    }

    public var type: String { "embedding" }
    public var regularizer: Regularizer? { nil }
    public var config: [String: AttributeValue] { ["input_dim": .int(inputDim), "output_dim": .int(outputDim)] }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape + [outputDim] }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        [("embeddings", [inputDim, outputDim])]
    }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in random.uniform(-0.05, 0.05) })
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) { tape.gather(parameters["embeddings"]!, indices: input, "lookup") }
    }
}
