import Foundation

/// Adam (Kingma and Ba 2015) exactly as Keras 3 computes it, in Double:
///
///     α ← lr · √(1 − β₂ᵗ) / (1 − β₁ᵗ)
///     m ← m + (g − m)(1 − β₁)
///     v ← v + (g² − v)(1 − β₂)
///     w ← w − α·m / (√v + ε)
public struct Adam: Optimizer {
    public let learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    private var moments: [String: (m: [Double], v: [Double])] = [:]

    public init(learningRate: Double = 0.001, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var type: String { "adam" }

    public mutating func update(_ name: String, value: Tensor, gradient: Tensor, step: Int) -> Tensor {
        let t = Double(step)
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        let zeros = [Double](repeating: 0, count: value.count)
        var (m, v) = moments[name] ?? (zeros, zeros)
        var updated = value.data
        for index in updated.indices {
            let g = gradient.data[index]
            m[index] += (g - m[index]) * (1 - beta1)
            v[index] += (g * g - v[index]) * (1 - beta2)
            updated[index] -= m[index] * alpha / (v[index].squareRoot() + epsilon)
        }
        moments[name] = (m, v)
        return Tensor(shape: value.shape, data: updated)
    }
}
