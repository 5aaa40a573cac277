import StepwiseTrace

/// Max pooling, as Keras's `MaxPooling2D` with `valid` padding (channels-last):
/// `input [batch, H, W, C]` → `[batch, ⌊(H − ph) / sh⌋ + 1, ⌊(W − pw) / sw⌋ + 1, C]`.
/// Scope: `<name>/max_pool` (its record's `argmax` names each output's winning input cell).
public struct MaxPool2D: Layer {
    public let name: String
    /// `[ph, pw]`.
    public let poolSize: [Int]
    /// `[sh, sw]`; the pool size by default.
    public let strides: [Int]

    public init(name: String, poolSize: [Int], strides: [Int]? = nil) {
        precondition(poolSize.count == 2 && poolSize.allSatisfy { $0 > 0 }, "MaxPool2D poolSize must be two positive sizes")
        self.name = name
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        precondition(self.strides.count == 2 && self.strides.allSatisfy { $0 > 0 }, "MaxPool2D strides must be two positive steps")
    }

    public var type: String { "max_pool2d" }
    public var config: [String: AttributeValue] { poolingConfig(poolSize: poolSize, strides: strides) }
    public var regularizer: Regularizer? { nil }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        poolingOutputShape(inputShape, poolSize: poolSize, strides: strides)
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        preconditionFailure("MaxPool2D has no parameters")
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) { tape.maxPool2d(input, poolSize: poolSize, strides: strides, "max_pool") }
    }
}

/// Average pooling, as Keras's `AveragePooling2D` with `valid` padding (channels-last):
/// `input [batch, H, W, C]` → `[batch, ⌊(H − ph) / sh⌋ + 1, ⌊(W − pw) / sw⌋ + 1, C]`.
/// Scope: `<name>/avg_pool`.
public struct AvgPool2D: Layer {
    public let name: String
    /// `[ph, pw]`.
    public let poolSize: [Int]
    /// `[sh, sw]`; the pool size by default.
    public let strides: [Int]

    public init(name: String, poolSize: [Int], strides: [Int]? = nil) {
        precondition(poolSize.count == 2 && poolSize.allSatisfy { $0 > 0 }, "AvgPool2D poolSize must be two positive sizes")
        self.name = name
        self.poolSize = poolSize
        self.strides = strides ?? poolSize
        precondition(self.strides.count == 2 && self.strides.allSatisfy { $0 > 0 }, "AvgPool2D strides must be two positive steps")
    }

    public var type: String { "avg_pool2d" }
    public var config: [String: AttributeValue] { poolingConfig(poolSize: poolSize, strides: strides) }
    public var regularizer: Regularizer? { nil }

    public func outputShape(for inputShape: [Int]) -> [Int] {
        poolingOutputShape(inputShape, poolSize: poolSize, strides: strides)
    }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        preconditionFailure("AvgPool2D has no parameters")
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        tape.scoped(name) { tape.avgPool2d(input, poolSize: poolSize, strides: strides, "avg_pool") }
    }
}

private func poolingConfig(poolSize: [Int], strides: [Int]) -> [String: AttributeValue] {
    ["pool_size": .ints(poolSize), "strides": .ints(strides), "padding": .string(Padding.valid.rawValue)]
}

private func poolingOutputShape(_ inputShape: [Int], poolSize: [Int], strides: [Int]) -> [Int] {
    precondition(inputShape.count == 3, "pooling needs an input of shape [height, width, channels], found \(inputShape)")
    let window = Window2D(input: Array(inputShape.prefix(2)), window: poolSize, strides: strides, padding: .valid)
    return [window.outputHeight, window.outputWidth, inputShape[2]]
}
