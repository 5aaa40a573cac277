/// NumPy-style broadcasting: shapes are aligned at their last axis; a dimension of 1 (or a
/// missing leading one) stretches to match the other.
enum Broadcasting {
    /// The broadcast result shape, or nil when the shapes are incompatible.
    static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let da = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let db = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard da == db || da == 1 || db == 1 else { return nil }
            result[axis] = max(da, db)
        }
        return result
    }

    /// For each flat index of `resultShape`, the flat index of the element of a tensor of
    /// `sourceShape` that broadcasting places there.
    static func sourceIndices(of sourceShape: [Int], in resultShape: [Int]) -> [Int] {
        let count = resultShape.reduce(1, *)
        if sourceShape == resultShape { return Array(0..<count) }
        let rank = resultShape.count
        let padded = [Int](repeating: 1, count: rank - sourceShape.count) + sourceShape
        // Strides of the source, zero along stretched axes.
        var strides = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : step
            step *= padded[axis]
        }
        var indices = [Int](repeating: 0, count: count)
        var coordinate = [Int](repeating: 0, count: rank)
        var source = 0
        for flat in 0..<count {
            indices[flat] = source
            // Advance the coordinate like an odometer, keeping `source` in step.
            var axis = rank - 1
            while axis >= 0 {
                coordinate[axis] += 1
                source += strides[axis]
                if coordinate[axis] < resultShape[axis] { break }
                source -= strides[axis] * coordinate[axis]
                coordinate[axis] = 0
                axis -= 1
            }
        }
        return indices
    }

    /// True when broadcasting `sourceShape` to `resultShape` only repeats the whole source
    /// (as a bias `[n]` against `[batch, …, n]`): its shape, leading 1s dropped, ends `resultShape`.
    static func isTiling(_ sourceShape: [Int], _ resultShape: [Int]) -> Bool {
        let trimmed = sourceShape.drop { $0 == 1 }
        return trimmed.count <= resultShape.count && resultShape.suffix(trimmed.count).elementsEqual(trimmed)
    }

    /// `combine(a, b)` for every element of `a` and `b` broadcast to `resultShape`; without
    /// copies when `a` already has that shape and `b` tiles it (a bias).
    static func combine(
        _ a: Tensor, _ b: Tensor, to resultShape: [Int], _ combine: (Double, Double) -> Double,
        lanes: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double>
    ) -> Tensor {
        guard a.shape == resultShape, a.count > 0, b.count > 0, isTiling(b.shape, resultShape) else {
            return expand(a, to: resultShape).zip(expand(b, to: resultShape), combine)
        }
        let result = [Double](unsafeUninitializedCapacity: a.count) { result, initialized in
            a.data.withUnsafeBufferPointer { a in
                b.data.withUnsafeBufferPointer { b in
                    combineTiled(a.baseAddress!, count: a.count, b.baseAddress!, width: b.count,
                                 into: result.baseAddress!, combine, lanes: lanes)
                }
            }
            initialized = a.count
        }
        return Tensor(shape: resultShape, data: result)
    }

    /// `combine(left[i], right[i mod width])` for the `count` numbers of `left` (rows of `width`)
    /// into `out`: eight at a time (`lanes` is `combine` on each of eight pairs), then one by one.
    @inline(__always)
    static func combineTiled(
        _ left: UnsafePointer<Double>, count: Int, _ right: UnsafePointer<Double>, width: Int,
        into out: UnsafeMutablePointer<Double>, _ combine: (Double, Double) -> Double,
        lanes: (SIMD8<Double>, SIMD8<Double>) -> SIMD8<Double>
    ) {
        typealias Eight = SIMD8<Double>
        for start in stride(from: 0, to: count, by: width) {
            var index = 0
            while index + 8 <= width {
                let x = UnsafeRawPointer(left + (start &+ index)).loadUnaligned(as: Eight.self)
                let y = UnsafeRawPointer(right + index).loadUnaligned(as: Eight.self)
                UnsafeMutableRawPointer(out + (start &+ index)).storeBytes(of: lanes(x, y), as: Eight.self)
                index &+= 8
            }
            while index < width {
                out[start &+ index] = combine(left[start &+ index], right[index])
                index &+= 1
            }
        }
    }

    /// Gathers `tensor` broadcast up to `resultShape`.
    static func expand(_ tensor: Tensor, to resultShape: [Int]) -> Tensor {
        if tensor.shape == resultShape { return tensor }
        if isTiling(tensor.shape, resultShape), tensor.count > 0 {
            let copies = resultShape.reduce(1, *) / tensor.count
            var data = [Double]()
            data.reserveCapacity(copies * tensor.count)
            for _ in 0..<copies { data.append(contentsOf: tensor.data) }
            return Tensor(shape: resultShape, data: data)
        }
        let indices = sourceIndices(of: tensor.shape, in: resultShape)
        return Tensor(shape: resultShape, data: indices.map { tensor.data[$0] })
    }

    /// Sums a gradient of the broadcast shape back onto the source shape: every element that
    /// was stretched receives the sum of the gradients of all its copies.
    static func reduce(_ gradient: Tensor, to sourceShape: [Int]) -> Tensor {
        if gradient.shape == sourceShape { return gradient }
        let count = sourceShape.reduce(1, *)
        if isTiling(sourceShape, gradient.shape), count > 0 {
            // The same sums in the same order as below (copy after copy, from 0), without the
            // index table: 32 or 8 columns at a time, their sums held in registers down all copies.
            let result = [Double](unsafeUninitializedCapacity: count) { result, initialized in
                gradient.data.withUnsafeBufferPointer { gradient in
                    let (out, copies) = (result.baseAddress!, gradient.count / count)
                    let raw = UnsafeRawPointer(gradient.baseAddress!)
                    typealias Eight = SIMD8<Double>
                    /// Columns `column ..< column + 8` of copy `copy`.
                    @inline(__always) func eight(_ copy: Int, _ column: Int) -> Eight {
                        raw.loadUnaligned(fromByteOffset: (copy &* count &+ column) &* 8, as: Eight.self)
                    }
                    @inline(__always) func store(_ sum: Eight, _ column: Int) {
                        UnsafeMutableRawPointer(out + column).storeBytes(of: sum, as: Eight.self)
                    }
                    var column = 0
                    while column + 32 <= count {
                        var (sum0, sum1, sum2, sum3) = (Eight(), Eight(), Eight(), Eight())
                        for copy in 0..<copies {
                            sum0 += eight(copy, column)
                            sum1 += eight(copy, column &+ 8)
                            sum2 += eight(copy, column &+ 16)
                            sum3 += eight(copy, column &+ 24)
                        }
                        store(sum0, column); store(sum1, column + 8); store(sum2, column + 16); store(sum3, column + 24)
                        column += 32
                    }
                    while column + 8 <= count {
                        var sum = Eight()
                        for copy in 0..<copies { sum += eight(copy, column) }
                        store(sum, column)
                        column += 8
                    }
                    while column < count {
                        var sum = 0.0
                        for copy in 0..<copies { sum += gradient[copy &* count &+ column] }
                        out[column] = sum
                        column += 1
                    }
                }
                initialized = count
            }
            return Tensor(shape: sourceShape, data: result)
        }
        let indices = sourceIndices(of: sourceShape, in: gradient.shape)
        var result = [Double](repeating: 0, count: sourceShape.reduce(1, *))
        for (flat, source) in indices.enumerated() { result[source] += gradient.data[flat] }
        return Tensor(shape: sourceShape, data: result)
    }
}
