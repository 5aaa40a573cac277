import StepwiseTrace

/// Flattens each sample, as Keras's `Flatten`: `input [batch, …]` → `[batch, product of …]`,
/// keeping row-major order (for an image, over (H, W, C) with C fastest). Scope: `<name>/reshape`.
public struct Flatten: Layer {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public var type: String { "flatten" }
    public var config: [String: AttributeValue] { [:] }
    public var regularizer: Regularizer? { nil }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        [inputShape.reduce(1, *)]
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        preconditionFailure("Flatten has no parameters")
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        let shape = tape.value(input).shape
        return tape.scoped(name) {
            tape.reshape(input, to: [shape.first ?? 1, shape.dropFirst().reduce(1, *)], "reshape")
        }
    }
}
