import StepwiseTrace

/// Layer normalization (Ba, Kiros and Hinton 2016) over the last axis, as Keras's
/// `LayerNormalization(axis=-1)`: for each row x of d numbers,
///
///     y = gamma ⊙ (x − mean) / √(variance + epsilon) + beta
///
/// with the biased variance (divided by d). `gamma [d]` starts at 1, `beta [d]` at 0.
/// Scopes: `<name>/mean`, `centered`, `squared`, `variance`, `epsilon` (a constant),
/// `variance_epsilon`, `std`, `normalized`, `scale` (⊙ gamma) and `shift` (+ beta, the output).
public struct LayerNorm: Layer {
    public let name: String
    public let epsilon: Double

    public init(name: String, epsilon: Double = 1e-3) {
        precondition(epsilon > 0, "layer norm epsilon must be positive")
        self.name = name
        self.epsilon = epsilon
    }

    public var type: String { "layer_norm" }
    public var regularizer: Regularizer? { nil }
    public var config: [String: AttributeValue] { ["epsilon": .double(epsilon)] }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        [("gamma", [inputShape.last ?? 0]), ("beta", [inputShape.last ?? 0])]
    }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        Tensor(shape: shape, repeating: name == "gamma" ? 1 : 0)
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) {
            let mean = tape.mean(input, over: .lastAxis, keepingAxis: true, "mean")
            let centered = tape.subtract(input, mean, "centered")
            let variance = tape.mean(tape.square(centered, "squared"), over: .lastAxis, keepingAxis: true, "variance")
            let shifted = tape.add(variance, tape.constant(Tensor(scalar: epsilon), name: "epsilon"), "variance_epsilon")
            let normalized = tape.divide(centered, tape.sqrt(shifted, "std"), "normalized")
            return tape.add(tape.multiply(normalized, parameters["gamma"]!, "scale"), parameters["beta"]!, "shift")
        }
    }
}
