import StepwiseTrace

/// A fully connected layer: `activation(input · kernel + bias)`.
///
/// `input [batch, in]` (or `[batch, …, in]`: the last axis is transformed), `kernel [in, units]`,
/// `bias [units]` → `[batch, units]`. Scopes: `<name>/matmul`, `<name>/bias_add`,
/// `<name>/activation`; parameters `<name>/kernel`, `<name>/bias`.
public struct Dense: Layer {
    public let name: String
    public let units: Int
    public let activation: Activation
    public let regularizer: Regularizer?

    public init(name: String, units: Int, activation: Activation = .linear, regularizer: Regularizer? = nil) {
        precondition(units > 0, "Dense units must be positive")
        self.name = name
        self.units = units
        self.activation = activation
        self.regularizer = regularizer
    }

    public var type: String { "dense" }

    public var config: [String: AttributeValue] {
        ["units": .int(units), "activation": .string(activation.rawValue)]
    }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        Array(inputShape.dropLast()) + [units]
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        [("kernel", [inputShape.last ?? 0, units]), ("bias", [units])]
    }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        name == "kernel"
            ? glorotUniform(shape: shape, fanIn: shape[0], fanOut: shape[1], random: &random)
            : Tensor.zeros(shape)
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) {
            let product = tape.matmul(input, parameters["kernel"]!, "matmul")
            let shifted = tape.add(product, parameters["bias"]!, "bias_add")
            return activation.apply(shifted, on: tape)
        }
    }
}
