import Foundation

/// A layer's activation function, applied as the op `<layer>/activation`.
public enum Activation: String, CaseIterable, Sendable {
    case linear, sigmoid, tanh, relu, softmax

    /// Records the activation of `x` on `tape` under the local name `activation`.
    public func apply(_ x: Variable, on tape: Tape) -> Variable {
        switch self {
        case .linear: return tape.identity(x, "activation")
        case .sigmoid: return tape.sigmoid(x, "activation")
        case .tanh: return tape.tanh(x, "activation")
        case .relu: return tape.relu(x, "activation")
        case .softmax: return tape.softmax(x, "activation")
        }
    }

    /// max(0, x) for one number.
    @inline(__always)
    public static func relu(_ x: Double) -> Double {
        Swift.max(0, x)
    }

    /// σ(x) = 1 / (1 + e⁻ˣ) for one number.
    public static func sigmoid(_ x: Double) -> Double {
        1 / (1 + Foundation.exp(-x))
    }
}
