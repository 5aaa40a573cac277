import Foundation
import StepwiseTrace

/// Adds the sinusoidal position table of Vaswani et al. (2017) to `input [batch, T, d_model]`:
///
///     pe[t, 2i] = sin(t / 10000^(2i / d_model))    pe[t, 2i+1] = cos(t / 10000^(2i / d_model))
///
/// for positions t = 0…T−1 (an odd d_model is fine: its last column is a sine). No weights.
/// Scopes: `<name>/table` (a constant `[T, d_model]`) and `<name>/add`.
public struct PositionalEncoding: Layer {
    public let name: String

    public init(name: String) {
        self.name = name
    }

    public var type: String { "positional_encoding" }
    public var regularizer: Regularizer? { nil }
    public var config: [String: AttributeValue] { [:] }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] { [] }

    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        preconditionFailure("positional_encoding has no parameters")
    }

    /// The table `[steps, width]`.
    public static func table(steps: Int, width: Int) -> Tensor {
        var data = [Double](repeating: 0, count: steps * width)
        for column in 0..<width {
            let frequency = Foundation.pow(10000.0, Double(2 * (column / 2)) / Double(width))
            for t in 0..<steps {
                let angle = Double(t) / frequency
                data[t * width + column] = column % 2 == 0 ? Foundation.sin(angle) : Foundation.cos(angle)
            }
        }
        return Tensor(shape: [steps, width], data: data)
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        let shape = tape.value(input).shape
        precondition(shape.count == 3, "\(name): positional encoding input must be [batch, T, d_model], found \(shape)")
        return tape.scoped(name) {
            tape.add(input, tape.constant(PositionalEncoding.table(steps: shape[1], width: shape[2]), name: "table"), "add")
        }
    }
}
