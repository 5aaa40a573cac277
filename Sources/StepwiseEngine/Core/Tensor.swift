import StepwiseTrace

/// A dense array of Doubles with a shape, row-major (the last axis varies fastest).
///
/// A value type: copies share storage until one is mutated. A scalar has shape `[]`.
public struct Tensor: Equatable, Sendable {
    public private(set) var shape: [Int]
    public var data: [Double]

    public init(shape: [Int], data: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(CheckedSize.product(shape) == data.count, "shape \(shape) does not hold \(data.count) numbers")
        self.shape = shape
        self.data = data
    }

    /// A tensor of `shape` filled with `value`.
    public init(shape: [Int], repeating value: Double) {
        guard let count = CheckedSize.product(shape) else { preconditionFailure("shape \(shape) does not fit in memory") }
        self.init(shape: shape, data: Array(repeating: value, count: count))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(shape: shape, repeating: 0) }

    /// A scalar (shape `[]`).
    public init(scalar: Double) {
        self.init(shape: [], data: [scalar])
    }

    /// A matrix from rows of equal length: shape `[rows.count, rows[0].count]`.
    public init(rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(shape: [rows.count, columns], data: rows.flatMap { $0 })
    }

    /// A vector: shape `[values.count]`.
    public init(vector values: [Double]) {
        self.init(shape: [values.count], data: values)
    }

    public var rank: Int { shape.count }
    public var count: Int { data.count }

    /// The only number of a one-element tensor.
    public var scalar: Double {
        precondition(data.count == 1, "scalar of a tensor with shape \(shape)")
        return data[0]
    }

    /// The same numbers under another shape with the same element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        Tensor(shape: newShape, data: data)
    }

    /// Applies `transform` to every element.
    public func map(_ transform: (Double) -> Double) -> Tensor {
        // Written straight into fresh storage (Array.map appends one element at a time).
        let result = [Double](unsafeUninitializedCapacity: data.count) { result, initialized in
            data.withUnsafeBufferPointer { a in
                for index in 0..<a.count { result[index] = transform(a[index]) }
            }
            initialized = data.count
        }
        return Tensor(shape: shape, data: result)
    }

    /// Combines two tensors of the same shape element by element.
    public func zip(_ other: Tensor, _ combine: (Double, Double) -> Double) -> Tensor {
        precondition(shape == other.shape, "zip of shapes \(shape) and \(other.shape)")
        let result = [Double](unsafeUninitializedCapacity: data.count) { result, initialized in
            data.withUnsafeBufferPointer { a in
                other.data.withUnsafeBufferPointer { b in
                    for index in 0..<a.count { result[index] = combine(a[index], b[index]) }
                }
            }
            initialized = data.count
        }
        return Tensor(shape: shape, data: result)
    }

    /// The first non-finite element's flat index, or nil.
    public var firstNonFiniteIndex: Int? {
        let allFinite = data.withUnsafeBufferPointer { Tensor.allFinite($0) }
        return allFinite ? nil : data.firstIndex { !$0.isFinite }
    }

    /// Whether every one of `numbers` is finite (neither NaN nor infinite).
    ///
    /// x − x is 0 for every finite x and NaN for NaN and ±∞, and a NaN stays in a sum, whatever
    /// the order of the sums. Every op's value and gradient goes through here: 32 numbers at a
    /// time into four sums, so no addition waits for the one before it (one sum made the pass
    /// wait on the adder's latency).
    static func allFinite(_ numbers: UnsafeBufferPointer<Double>) -> Bool {
        typealias Eight = SIMD8<Double>
        var (sum0, sum1, sum2, sum3) = (Eight(), Eight(), Eight(), Eight())
        var index = 0
        if let start = numbers.baseAddress {
            let raw = UnsafeRawPointer(start)
            @inline(__always) func difference(_ offset: Int) -> Eight {
                let chunk = raw.loadUnaligned(fromByteOffset: (index + offset) * 8, as: Eight.self)
                return chunk - chunk
            }
            while index + 32 <= numbers.count {
                sum0 += difference(0)
                sum1 += difference(8)
                sum2 += difference(16)
                sum3 += difference(24)
                index += 32
            }
            while index + 8 <= numbers.count {
                sum0 += difference(0)
                index += 8
            }
        }
        var rest = 0.0
        while index < numbers.count {
            rest += numbers[index] - numbers[index]
            index += 1
        }
        return ((sum0 + sum1) + (sum2 + sum3)).sum() + rest == 0
    }

    /// Whether this tensor's numbers are the same storage as `other`'s, all of it (a reshape, or
    /// a gradient passed through unchanged).
    func sharesNumbers(with other: Tensor) -> Bool {
        guard data.count == other.data.count, !data.isEmpty else { return false }
        return data.withUnsafeBufferPointer { a in other.data.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// The rows `range` of the leading (batch) axis.
    public func rows(_ range: Range<Int>) -> Tensor {
        precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0])
        let stride = shape.dropFirst().reduce(1, *)
        return Tensor(
            shape: [range.count] + shape.dropFirst(),
            data: Array(data[(range.lowerBound * stride)..<(range.upperBound * stride)]))
    }

    /// The rows at `indices` of the leading (batch) axis, in that order.
    public func rows(at indices: [Int]) -> Tensor {
        let stride = shape.dropFirst().reduce(1, *)
        var result = [Double]()
        result.reserveCapacity(indices.count * stride)
        for index in indices { result.append(contentsOf: data[(index * stride)..<((index + 1) * stride)]) }
        return Tensor(shape: [indices.count] + shape.dropFirst(), data: result)
    }

    /// This tensor as the trace stores it (shares storage).
    public var traceValue: TensorValue { TensorValue(shape: shape, data: data) }

    /// A tensor from a trace value.
    public init(_ value: TensorValue) {
        self.init(shape: value.shape, data: value.data)
    }
}
