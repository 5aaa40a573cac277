/// A tensor as the trace stores it: a shape and its numbers, flat and row-major.
///
/// `data.count` is the product of `shape` (1 for a scalar, whose shape is `[]`).
public struct TensorValue: Codable, Equatable, Sendable {
    public var shape: [Int]
    public var data: [Double]

    public init(shape: [Int], data: [Double]) {
        precondition(CheckedSize.product(shape) == data.count, "shape \(shape) does not hold \(data.count) numbers")
        self.shape = shape
        self.data = data
    }

    /// A scalar (shape `[]`).
    public init(scalar: Double) {
        self.init(shape: [], data: [scalar])
    }

    /// The first non-finite number's flat index, or nil when every number is finite.
    public var firstNonFiniteIndex: Int? {
        data.firstIndex { !$0.isFinite }
    }
}
