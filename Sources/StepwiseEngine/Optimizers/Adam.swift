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
        // Taken out of the dictionary so the moments are updated in place, not copied.
        var (m, v) = moments.removeValue(forKey: name)
            ?? ([Double](repeating: 0, count: value.count), [Double](repeating: 0, count: value.count))
        precondition(m.count == value.count && gradient.count == value.count, "adam: \(name) changed size")
        let (keep1, keep2) = (1 - beta1, 1 - beta2)
        let epsilon = self.epsilon
        var updated = value.data
        let count = updated.count
        updated.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradient.data.withUnsafeBufferPointer { g in
                        let (w, m, v, g) = (w.baseAddress, m.baseAddress, v.baseAddress, g.baseAddress)
                        // Large tensors in blocks shared with the helper thread: each number's
                        // update is the same whoever computes it.
                        let blocks = Workers.ranges(count, blocks: count >= 16384 ? 4 : 1, multiple: 8)
                        Workers.forEachBlock(blocks.count) { block in
                            Adam.update(w: w!, m: m!, v: v!, g: g!, blocks[block],
                                        keep1: keep1, keep2: keep2, alpha: alpha, epsilon: epsilon)
                        }
                    }
                }
            }
        }
        moments[name] = (m, v)
        return Tensor(shape: value.shape, data: updated)
    }

    /// The update of the numbers in `range`, in chunks: the moments, then √v one number at a
    /// time (Swift's square root is scalar), then the weights; the loops without the square root
    /// vectorize. Each number gets exactly the operations of the formula above, in its order.
    private static func update(
        w: UnsafeMutablePointer<Double>, m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>,
        g: UnsafePointer<Double>, _ range: Range<Int>, keep1: Double, keep2: Double, alpha: Double, epsilon: Double
    ) {
        let chunk = 256
        withUnsafeTemporaryAllocation(of: Double.self, capacity: chunk) { roots in
            let roots = roots.baseAddress!
            for start in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
                let count = Swift.min(chunk, range.upperBound - start)
                let (w, m, v, g) = (w + start, m + start, v + start, g + start)
                for index in 0..<count {
                    m[index] += (g[index] - m[index]) * keep1
                    v[index] += (g[index] * g[index] - v[index]) * keep2
                }
                for index in 0..<count { roots[index] = v[index].squareRoot() }
                for index in 0..<count { w[index] -= m[index] * alpha / (roots[index] + epsilon) }
            }
        }
    }
}
