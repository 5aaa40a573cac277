import StepwiseTrace

/// Max or average pooling, as Keras's `MaxPooling2D` / `AveragePooling2D` with `valid` padding
/// (channels-last): `input [batch, H, W, C]` → `[batch, ⌊(H − ph) / sh⌋ + 1, ⌊(W − pw) / sw⌋ + 1, C]`.
/// Scope: `<name>/max_pool` (its record's `argmax` names each output's winning input cell) or
/// `<name>/avg_pool`.
public struct Pool2D: Layer {
    public enum Kind: String, Sendable {
        case max = "max_pool2d"
        case average = "avg_pool2d"
    }

    public let name: String
    public let kind: Kind
    /// `[ph, pw]`.
    public let poolSize: [Int]
    /// `[sh, sw]`; the pool size by default.
    public let strides: [Int]

    public init(_ kind: Kind, name: String, poolSize: [Int], strides: [Int]? = nil) {
        precondition(poolSize.count == 2 && poolSize.allSatisfy { $0 > 0 }, "\(kind.rawValue) poolSize must be two positive sizes")
        self.kind = kind
        self.name = name
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        precondition(self.strides.count == 2 && self.strides.allSatisfy { $0 > 0 }, "\(kind.rawValue) strides must be two positive steps")
    }

    public var type: String { kind.rawValue }
    public var config: [String: AttributeValue] {
        ["pool_size": .ints(poolSize), "strides": .ints(strides), "padding": .string(Padding.valid.rawValue)]
    }
    public var regularizer: Regularizer? { nil }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        precondition(inputShape.count == 3, "pooling needs an input of shape [height, width, channels], found \(inputShape)")
        let window = Window2D(input: Array(inputShape.prefix(2)), window: poolSize, strides: strides, padding: .valid)
        return [window.outputHeight, window.outputWidth, inputShape[2]]
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        preconditionFailure("\(kind.rawValue) has no parameters")
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) {
            switch kind {
            case .max: return tape.maxPool2d(input, poolSize: poolSize, strides: strides, "max_pool")
            case .average: return tape.avgPool2d(input, poolSize: poolSize, strides: strides, "avg_pool")
            }
        }
    }
}
