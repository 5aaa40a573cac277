import CVectorMath

/// The nonzero numbers of a matrix `[rows, columns]`, row by row (compressed sparse rows), and
/// the two products a convolution's backward pass needs, computed over them alone.
///
/// A ReLU followed by a max pool leaves most of a convolution's output gradient zero (in the
/// CIFAR CNN about four in five: a pool passes one number of each window on, and the ReLU zeroes
/// those whose input was negative). Skipping a zero term of a fused multiply-add chain leaves the
/// chain's result exactly as it was, on one condition, which `init` checks: every nonzero number
/// of both factors lies between 2⁻⁴⁵² and the largest finite Double. Then every term and every
/// partial sum is a multiple of 2⁻¹⁰⁰⁸ (a normal number), so a nonzero sum never rounds to zero;
/// a chain starting from +0 is therefore never −0, and adding a product of ±0 to a sum that is not
/// −0 gives that sum, bit for bit. The products below are each `Matrix`'s chain with the zero
/// terms left out: the same numbers in the same order.
struct SparseRows {
    let rows: Int, columns: Int
    /// Row r's entries are `starts[r] ..< starts[r + 1]` of `columnIndices` and `values` (which
    /// hold one more: a last entry of column 0 and value 0, past every row's).
    let starts: [Int]
    let columnIndices: [Int32]
    let values: [Double]

    /// The nonzero numbers of `matrix [rows, columns]`, or nil when more than `maximumCount` of
    /// them are nonzero or one is NaN, infinite, or smaller in magnitude than 2⁻⁴⁵².
    ///
    /// Counted, checked and gathered in one pass (`stepwise_gather_nonzeros`: eight numbers at a
    /// time with AVX-512's compress instructions where the build's CPU target has them), which
    /// stops as soon as too many are nonzero.
    init?(_ matrix: UnsafePointer<Double>, rows: Int, columns: Int, maximumCount: Int) {
        guard rows > 0, columns > 0, columns <= Int(Int32.max), maximumCount >= 0 else { return nil }
        var starts = [Int](repeating: 0, count: rows + 1)
        var indices: [Int32] = []
        var count = -1
        // Room for whole vectors of eight written from the last entry on; the entry after the
        // last is then set to column 0, value 0 (so the storage is never empty).
        let capacity = maximumCount + 8
        let values = [Double](unsafeUninitializedCapacity: capacity) { values, valueCount in
            indices = [Int32](unsafeUninitializedCapacity: capacity) { indices, indexCount in
                count = starts.withUnsafeMutableBufferPointer { starts in
                    stepwise_gather_nonzeros(matrix, rows, columns, maximumCount,
                                             starts.baseAddress!, indices.baseAddress!, values.baseAddress!)
                }
                guard count >= 0 else { indexCount = 0; return }
                indices[count] = 0
                indexCount = count + 1
            }
            guard count >= 0 else { valueCount = 0; return }
            values[count] = 0
            valueCount = count + 1
        }
        guard count >= 0 else { return nil }
        (self.rows, self.columns, self.starts, self.columnIndices, self.values) = (rows, columns, starts, indices, values)
    }

    /// The smallest magnitude a nonzero factor may have for zero terms to be skipped exactly.
    static let smallestFactor = STEPWISE_SMALLEST_SKIPPED_FACTOR

    /// Whether `number` is 0 or a finite number of magnitude at least 2⁻⁴⁵² (the rule the
    /// gathering applies, written once in `nonzeros.h`).
    @inline(__always)
    static func skipsExactly(_ number: Double) -> Bool {
        stepwise_skips_exactly(number) != 0
    }

    /// Whether every number of `numbers` is 0 or a finite number of magnitude at least 2⁻⁴⁵²
    /// (the condition on the other factor of a product that skips this matrix's zeros).
    static func skipsExactly(_ numbers: UnsafeBufferPointer<Double>) -> Bool {
        guard let start = numbers.baseAddress else { return true }
        let count = numbers.count
        var fine = SIMDMask<SIMD8<Double>.MaskStorage>(repeating: true)
        var index = 0
        while index &+ 8 <= count {
            let v = UnsafeRawPointer(start + index).loadUnaligned(as: SIMD8<Double>.self)
            let magnitude = v.replacing(with: -v, where: v .< 0)
            fine .&= (v .== 0) .| ((magnitude .>= smallestFactor) .& (magnitude .<= .greatestFiniteMagnitude))
            index &+= 8
        }
        while index < count {
            if !skipsExactly(start[index]) { return false }
            index &+= 1
        }
        return all(fine)
    }

    /// `skipsExactly` of every number of `numbers`.
    static func skipsExactly(_ numbers: [Double]) -> Bool {
        numbers.withUnsafeBufferPointer { skipsExactly($0) }
    }

    /// `width` rounded up to a multiple of 32: the row length the products below read and write
    /// in whole chunks.
    static func paddedWidth(_ width: Int) -> Int { (width + 31) / 32 * 32 }

    /// Numbers `addTransposedProduct` reads past the last row of A's `width` (a whole chunk of 32
    /// columns; the numbers past `width` are dropped).
    static let readPast = 32

    /// C[r] = Σ over row r's entries (j, g), in order, of g · B[j], for `range` of rows: `width`
    /// columns of each, B's row j at `b + j · ldb`, C's row r at `c + (r − range.lowerBound) · ldc`.
    /// B's rows must be readable up to `width` rounded up to a multiple of 32 (`ldb` at least
    /// that); C gets `width` numbers per row, no more.
    func multiply(
        rows range: Range<Int>, by b: UnsafePointer<Double>, ldb: Int, width: Int,
        into c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        precondition(ldb >= SparseRows.paddedWidth(width), "rows of B too short for whole chunks")
        withEntries { starts, indices, values in
            var first = 0
            while first < width {
                let columns = Swift.min(width - first, SparseRows.chunkWidth(remaining: width - first))
                if columns > 32 {
                    SparseRows.sums(Chunk64.self, rows: range, starts, indices, values, b: b + first, ldb: ldb,
                                    into: c + first, ldc: ldc, columns: columns)
                } else {
                    SparseRows.sums(Chunk32.self, rows: range, starts, indices, values, b: b + first, ldb: ldb,
                                    into: c + first, ldc: ldc, columns: columns)
                }
                first += columns
            }
        }
    }

    /// T[j] += g · A[r] for every entry (j, g) of every row r of `range`, rows in order: the
    /// transpose of Aᵀ · (these rows), each of T's chains continuing where it was, in `columns`
    /// (from a multiple of 32). A's row r at `a + (r − range.lowerBound) · lda`, T's row j at
    /// `t + j · ldt`. Whole chunks of 32 columns are read and written: A must have `readPast`
    /// readable numbers past its last row, and T's rows room up to `columns` rounded up to a
    /// multiple of 32 (the numbers past `columns` are left meaningless).
    ///
    /// 32 columns at a time, so that T's rows of those columns stay in L1 (64 columns of 64
    /// filters filled it) while A's rows go by; A's row is loaded once for all its entries.
    func addTransposedProduct(
        rows range: Range<Int>, with a: UnsafePointer<Double>, lda: Int, columns: Range<Int>,
        into t: UnsafeMutablePointer<Double>, ldt: Int
    ) {
        precondition(columns.lowerBound % 32 == 0 && ldt >= SparseRows.paddedWidth(columns.upperBound),
                     "columns not in whole chunks of T's rows")
        withEntries { starts, indices, values in
            for first in stride(from: columns.lowerBound, to: columns.upperBound, by: 32) {
                for r in range {
                    let entries = starts[r]..<starts[r &+ 1]
                    guard !entries.isEmpty else { continue }
                    let row = Chunk32(UnsafeRawPointer(a + ((r &- range.lowerBound) &* lda &+ first)))
                    for entry in entries {
                        let target = UnsafeMutableRawPointer(t + (Int(indices[entry]) &* ldt &+ first))
                        Chunk32(UnsafeRawPointer(target)).addingProduct(values[entry], row).store(to: target)
                    }
                }
            }
        }
    }

    /// Columns of the next chunk when `remaining` columns are left: 64 (eight vectors of eight:
    /// enough independent sums to keep the multiply-adds busy) while more than 32 are left, then
    /// 32. A row padded to a multiple of 32 holds every chunk whole.
    @inline(__always)
    private static func chunkWidth(remaining: Int) -> Int { remaining > 32 ? 64 : 32 }

    /// C[r] = Σ over row r's entries (j, g), in order, of g · B[j], for each row r of `rows`, in
    /// one chunk of columns (`Chunk.count` read, `columns` written); C's row r at
    /// `c + (r − rows.lowerBound) · ldc`.
    @inline(__always)
    private static func sums<Chunk: NumberChunk>(
        _: Chunk.Type, rows: Range<Int>, _ starts: UnsafePointer<Int>, _ indices: UnsafePointer<Int32>,
        _ values: UnsafePointer<Double>, b: UnsafePointer<Double>, ldb: Int,
        into c: UnsafeMutablePointer<Double>, ldc: Int, columns: Int
    ) {
        for r in rows {
            var sum = Chunk()
            for entry in starts[r]..<starts[r &+ 1] {
                sum = sum.addingProduct(values[entry], Chunk(UnsafeRawPointer(b + Int(indices[entry]) &* ldb)))
            }
            let target = c + (r &- rows.lowerBound) &* ldc
            if columns == Chunk.count {
                sum.store(to: UnsafeMutableRawPointer(target))
            } else {
                withUnsafeBytes(of: sum) { sum in
                    target.update(from: sum.baseAddress!.assumingMemoryBound(to: Double.self), count: columns)
                }
            }
        }
    }

    /// `body` with the storage of `starts`, `columnIndices` and `values`.
    @inline(__always)
    private func withEntries<Result>(
        _ body: (UnsafePointer<Int>, UnsafePointer<Int32>, UnsafePointer<Double>) -> Result
    ) -> Result {
        starts.withUnsafeBufferPointer { starts in
            columnIndices.withUnsafeBufferPointer { indices in
                values.withUnsafeBufferPointer { values in
                    body(starts.baseAddress!, indices.baseAddress!, values.baseAddress!)
                }
            }
        }
    }
}
