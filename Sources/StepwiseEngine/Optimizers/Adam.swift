import CVectorMath
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
        guard !value.data.isEmpty else { return value }
        let t = Double(step)
        let alpha = learningRate * (1 - pow(beta2, t)).squareRoot() / (1 - pow(beta1, t))
        // Taken out of the dictionary so the moments are updated in place, not copied.
        var (m, v) = moments.removeValue(forKey: name)
            ?? ([Double](repeating: 0, count: value.count), [Double](repeating: 0, count: value.count))
        precondition(m.count == value.count && gradient.count == value.count, "adam: \(name) changed size")
        let (keep1, keep2) = (1 - beta1, 1 - beta2)
        let epsilon = self.epsilon
        let count = value.count
        // The updated weights are written straight into fresh storage (the old ones stay as they are).
        let updated = [Double](unsafeUninitializedCapacity: count) { updated, initialized in
            value.data.withUnsafeBufferPointer { w in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        gradient.data.withUnsafeBufferPointer { g in
                            let (w, m, v, g, out) = (w.baseAddress, m.baseAddress, v.baseAddress, g.baseAddress, updated.baseAddress)
                            // Large tensors in blocks shared with the helper thread: each number's
                            // update is the same whoever computes it.
                            let blocks = Workers.ranges(count, blocks: count >= 16384 ? 4 : 1, multiple: 8)
                            Workers.forEachBlock(blocks.count) { block in
                                Adam.update(w: w!, into: out!, m: m!, v: v!, g: g!, blocks[block],
                                            keep1: keep1, keep2: keep2, alpha: alpha, epsilon: epsilon)
                            }
                        }
                    }
                }
            }
            initialized = count
        }
        moments[name] = (m, v)
        return Tensor(shape: value.shape, data: updated)
    }

    /// The update of the numbers in `range` (weights read from `w`, written to `out`), eight at a
    /// time, then one at a time for the rest.
    /// Each number gets exactly the operations of the formula above, in its order, so the eight-wide
    /// and the one-at-a-time paths give the same bytes (square root and division are correctly
    /// rounded in both).
    private static func update(
        w: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>,
        m: UnsafeMutablePointer<Double>, v: UnsafeMutablePointer<Double>, g: UnsafePointer<Double>, _ range: Range<Int>, keep1: Double, keep2: Double, alpha: Double, epsilon: Double
    ) {
        typealias Eight = SIMD8<Double>
        var index = range.lowerBound
        @inline(__always) func load(_ p: UnsafePointer<Double>) -> Eight {
            UnsafeRawPointer(p + index).loadUnaligned(as: Eight.self)
        }
        @inline(__always) func store(_ x: Eight, _ p: UnsafeMutablePointer<Double>) {
            UnsafeMutableRawPointer(p + index).storeBytes(of: x, as: Eight.self)
        }
        while index + 8 <= range.upperBound {
            let gradient = load(g)
            var (moment, square, weight) = (load(m), load(v), load(w))
            moment += (gradient - moment) * keep1
            square += (gradient * gradient - square) * keep2
            weight -= moment * alpha / (stepwise_square_root8(square) + epsilon)
            store(moment, m); store(square, v); store(weight, out)
            index += 8
        }
        while index < range.upperBound {
            m[index] += (g[index] - m[index]) * keep1
            v[index] += (g[index] * g[index] - v[index]) * keep2
            out[index] = w[index] - m[index] * alpha / (v[index].squareRoot() + epsilon)
            index += 1
        }
    }
}
