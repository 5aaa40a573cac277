import StepwiseTrace

/// Sums and means, over every element or over the last axis.
extension Tape {
    /// Which elements a reduction combines.
    public enum Reduction: Sendable {
        /// Every element: the result is a scalar, shape `[]`.
        case all
        /// The last axis: `[…, n]` → `[…]`.
        case lastAxis

        var attribute: AttributeValue { self == .all ? .string("all") : .int(-1) }

        /// `axis`, plus `keepdims: true` when the reduced axis is kept.
        func attributes(keepingAxis: Bool) -> [String: AttributeValue] {
            precondition(!keepingAxis || self == .lastAxis, "only a last-axis reduction can keep its axis")
            return keepingAxis ? ["axis": attribute, "keepdims": .bool(true)] : ["axis": attribute]
        }
    }

    /// Σ x over `reduction`.  d/dx = 1 for every element summed.
    /// `keepingAxis` (last axis only) keeps the reduced axis with length 1: `[…, n]` → `[…, 1]`.
    public func sum(_ x: Variable, over reduction: Reduction = .all, keepingAxis: Bool = false, _ name: String = "sum") -> Variable {
        record(.sum, name, inputs: [x], attributes: reduction.attributes(keepingAxis: keepingAxis),
               value: Tape.reduce(value(x), reduction, dividedBy: 1, keepingAxis: keepingAxis)) { grad, inputs, _ in
            [Tape.spread(grad, over: inputs[0].shape, reduction, dividedBy: 1)]
        }
    }

    /// (Σ x) / n over `reduction`, n the count of elements combined.  d/dx = 1/n.
    /// `keepingAxis` (last axis only) keeps the reduced axis with length 1: `[…, n]` → `[…, 1]`.
    public func mean(_ x: Variable, over reduction: Reduction = .all, keepingAxis: Bool = false, _ name: String = "mean") -> Variable {
        let input = value(x)
        let n = Double(reduction == .all ? input.count : (input.shape.last ?? 1))
        return record(.mean, name, inputs: [x], attributes: reduction.attributes(keepingAxis: keepingAxis),
                      value: Tape.reduce(input, reduction, dividedBy: n, keepingAxis: keepingAxis)) { grad, inputs, _ in
            [Tape.spread(grad, over: inputs[0].shape, reduction, dividedBy: n)]
        }
    }

    /// The sum of `input` over `reduction`, divided by `divisor` (summing first, as
    /// TensorFlow's `reduce_mean` does).
    static func reduce(_ input: Tensor, _ reduction: Reduction, dividedBy divisor: Double, keepingAxis: Bool = false) -> Tensor {
        switch reduction {
        case .all:
            return Tensor(scalar: input.data.reduce(0, +) / divisor)
        case .lastAxis:
            let width = input.shape.last ?? 1
            let rows = width == 0 ? 0 : input.count / width
            var result = [Double](repeating: 0, count: rows)
            for row in 0..<rows {
                var total = 0.0
                for column in 0..<width { total += input.data[row * width + column] }
                result[row] = total / divisor
            }
            return Tensor(shape: Array(input.shape.dropLast()) + (keepingAxis ? [1] : []), data: result)
        }
    }

    /// The backward of a reduction: every combined element gets its result's gradient / divisor.
    static func spread(_ grad: Tensor, over shape: [Int], _ reduction: Reduction, dividedBy divisor: Double) -> Tensor {
        switch reduction {
        case .all:
            return Tensor(shape: shape, repeating: grad.scalar / divisor)
        case .lastAxis:
            let width = shape.last ?? 1
            var result = [Double](repeating: 0, count: shape.reduce(1, *))
            for index in result.indices { result[index] = grad.data[index / width] / divisor }
            return Tensor(shape: shape, data: result)
        }
    }
}
