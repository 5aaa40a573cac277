import StepwiseTrace

import Foundation

/// Elementwise ops of one input. Each: forward value, then its local derivative. Any shape.
extension Tape {
    /// y = x. The output of a `linear` activation.
    public func identity(_ x: Variable, _ name: String = "identity") -> Variable {
        record(.identity, name, inputs: [x], value: value(x)) { grad, _, _ in [grad] }
    }

    /// y = −x.
    public func negate(_ x: Variable, _ name: String = "negate") -> Variable {
        record(.negate, name, inputs: [x], value: value(x).map { -$0 }) { grad, _, _ in
            [grad.map { -$0 }]
        }
    }

    /// y = factor · x, with `factor` a fixed number (an attribute, not an input).
    public func scale(_ x: Variable, by factor: Double, _ name: String = "scale") -> Variable {
        record(.scale, name, inputs: [x], attributes: ["factor": .double(factor)],
               value: value(x).map { factor * $0 }) { grad, _, _ in
            [grad.map { factor * $0 }]
        }
    }

    /// y = x².  dy/dx = 2x.
    public func square(_ x: Variable, _ name: String = "square") -> Variable {
        record(.square, name, inputs: [x], value: value(x).map { $0 * $0 }) { grad, inputs, _ in
            [grad.zip(inputs[0]) { g, x in g * 2 * x }]
        }
    }

    /// y = |x|.  dy/dx = sign(x), taken as 0 at x = 0 (as TensorFlow does).
    public func abs(_ x: Variable, _ name: String = "abs") -> Variable {
        record(.abs, name, inputs: [x], value: value(x).map { Swift.abs($0) }) { grad, inputs, _ in
            [grad.zip(inputs[0]) { g, x in x > 0 ? g : (x < 0 ? -g : 0) }]
        }
    }

    /// y = ln x.  dy/dx = 1/x.
    public func log(_ x: Variable, _ name: String = "log") -> Variable {
        record(.log, name, inputs: [x], value: value(x).map { Foundation.log($0) }) { grad, inputs, _ in
            [grad.zip(inputs[0]) { g, x in g / x }]
        }
    }

    /// y = eˣ.  dy/dx = y.
    public func exp(_ x: Variable, _ name: String = "exp") -> Variable {
        record(.exp, name, inputs: [x], value: value(x).map { Foundation.exp($0) }) { grad, _, y in
            [grad.zip(y) { g, y in g * y }]
        }
    }

    /// y = √x.  dy/dx = 1 / (2√x) = 1 / (2y). Layer norm's standard deviation.
    public func sqrt(_ x: Variable, _ name: String = "sqrt") -> Variable {
        record(.sqrt, name, inputs: [x], value: value(x).map { $0.squareRoot() }) { grad, _, y in
            [grad.zip(y) { g, y in g / (2 * y) }]
        }
    }

    /// σ(x) = 1 / (1 + e⁻ˣ).  dσ/dx = σ(1 − σ).
    public func sigmoid(_ x: Variable, _ name: String = "sigmoid") -> Variable {
        record(.sigmoid, name, inputs: [x], value: value(x).map(Activation.sigmoid)) { grad, _, y in
            [grad.zip(y) { g, y in g * y * (1 - y) }]
        }
    }

    /// tanh(x).  d/dx = 1 − tanh².
    public func tanh(_ x: Variable, _ name: String = "tanh") -> Variable {
        record(.tanh, name, inputs: [x], value: value(x).map { Foundation.tanh($0) }) { grad, _, y in
            [grad.zip(y) { g, y in g * (1 - y * y) }]
        }
    }

    /// max(0, x).  d/dx = 1 for x > 0, else 0 (0 at x = 0, as TensorFlow does).
    public func relu(_ x: Variable, _ name: String = "relu") -> Variable {
        relu(x, name, computed: nil)
    }

    /// max(0, x), its value `computed` already (as `Activation.relu` of each number), or computed
    /// here when nil.
    func relu(_ x: Variable, _ name: String, computed: Tensor?) -> Variable {
        record(.relu, name, inputs: [x], value: computed ?? value(x).map(Activation.relu), picksGradients: true) { grad, inputs, _ in
            [grad.keeping(wherePositive: inputs[0])]
        }
    }

    /// min(max(x, low), high).  d/dx = 1 inside [low, high], else 0 (TensorFlow's
    /// `clip_by_value`). The cross-entropy losses clip probabilities this way before the log.
    public func clip(_ x: Variable, low: Double, high: Double, _ name: String = "clip") -> Variable {
        record(.clip, name, inputs: [x], attributes: ["min": .double(low), "max": .double(high)],
               value: value(x).map { Swift.min(Swift.max($0, low), high) }) { grad, inputs, _ in
            [grad.zip(inputs[0]) { g, x in (x >= low && x <= high) ? g : 0 }]
        }
    }
}

extension Tensor {
    /// Each number of this tensor where `other`'s number at the same place is above 0, else +0
    /// (a ReLU's backward: `x > 0 ? g : 0`; NaN is not above 0). Eight at a time: each number is
    /// picked, never computed, so the same bytes as one at a time.
    func keeping(wherePositive other: Tensor) -> Tensor {
        precondition(shape == other.shape, "keeping(wherePositive:) of shapes \(shape) and \(other.shape)")
        typealias Eight = SIMD8<Double>
        let result = [Double](unsafeUninitializedCapacity: data.count) { result, initialized in
            data.withUnsafeBufferPointer { g in
                other.data.withUnsafeBufferPointer { x in
                    guard let g = g.baseAddress, let x = x.baseAddress, let out = result.baseAddress else { return }
                    var index = 0
                    while index &+ 8 <= data.count {
                        let picked = Eight().replacing(with: UnsafeRawPointer(g + index).loadUnaligned(as: Eight.self),
                                                       where: UnsafeRawPointer(x + index).loadUnaligned(as: Eight.self) .> 0)
                        UnsafeMutableRawPointer(out + index).storeBytes(of: picked, as: Eight.self)
                        index &+= 8
                    }
                    while index < data.count {
                        out[index] = x[index] > 0 ? g[index] : 0
                        index &+= 1
                    }
                }
            }
            initialized = data.count
        }
        return Tensor(shape: shape, data: result)
    }
}
