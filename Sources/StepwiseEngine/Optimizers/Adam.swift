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
        // Eight numbers at a time, then one at a time: the same operations, element by element.
        typealias Vector = SIMD8<Double>
        updated.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    gradient.data.withUnsafeBufferPointer { g in
                        let count = w.count
                        var index = 0
                        if count >= 8 {
                            let (wp, mp, vp) = (UnsafeMutableRawPointer(w.baseAddress!), UnsafeMutableRawPointer(m.baseAddress!),
                                                UnsafeMutableRawPointer(v.baseAddress!))
                            let gp = UnsafeRawPointer(g.baseAddress!)
                            while index + 8 <= count {
                                let offset = index * 8
                                let gv = gp.loadUnaligned(fromByteOffset: offset, as: Vector.self)
                                var mv = mp.loadUnaligned(fromByteOffset: offset, as: Vector.self)
                                var vv = vp.loadUnaligned(fromByteOffset: offset, as: Vector.self)
                                mv += (gv - mv) * keep1
                                vv += (gv * gv - vv) * keep2
                                let wv = wp.loadUnaligned(fromByteOffset: offset, as: Vector.self) - mv * alpha / (vv.squareRoot() + epsilon)
                                mp.storeBytes(of: mv, toByteOffset: offset, as: Vector.self)
                                vp.storeBytes(of: vv, toByteOffset: offset, as: Vector.self)
                                wp.storeBytes(of: wv, toByteOffset: offset, as: Vector.self)
                                index += 8
                            }
                        }
                        while index < count {
                            let g = g[index]
                            m[index] += (g - m[index]) * keep1
                            v[index] += (g * g - v[index]) * keep2
                            w[index] -= m[index] * alpha / (v[index].squareRoot() + epsilon)
                            index += 1
                        }
                    }
                }
            }
        }
        moments[name] = (m, v)
        return Tensor(shape: value.shape, data: updated)
    }
}
