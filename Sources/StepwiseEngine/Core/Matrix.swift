import Foundation

/// Plain row-major matrix products on flat Double arrays, shared by every op that needs one.
///
/// Every element of a product is one fused multiply-add chain in order of k, starting from
/// zero: `c = fma(a[i, p], b[p, j], c)` for p = 0, 1, …, k − 1. The blocked, SIMD kernel
/// below and the scalar path for small products compute exactly that chain, so a product's
/// bytes never depend on its size, its blocking, or how many threads share it.
enum Matrix {
    /// C[m, n] = op(A) · op(B), where op(A) is `[m, k]` (stored `[k, m]` when `transposeA`) and
    /// op(B) is `[k, n]` (stored `[n, k]` when `transposeB`). Sums run in order of k.
    static func multiply(
        _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
        transposeA: Bool = false, transposeB: Bool = false
    ) -> [Double] {
        precondition(a.count == m * k && b.count == k * n, "matrix sizes do not match m=\(m) k=\(k) n=\(n)")
        return [Double](unsafeUninitializedCapacity: m * n) { c, initialized in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    multiply(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: m, k: k, n: n,
                             transposeA: transposeA, transposeB: transposeB)
                }
            }
            initialized = m * n
        }
    }

    /// The same product written into `c` (m·n numbers, overwritten), from raw storage. When
    /// `continuing`, c's numbers are instead where each chain starts: a product over the next
    /// rows of a k split in parts continues every chain exactly where the previous part left it.
    static func multiply(
        _ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, into c: UnsafeMutablePointer<Double>,
        m: Int, k: Int, n: Int, transposeA: Bool = false, transposeB: Bool = false, continuing: Bool = false
    ) {
        multiply(Operands(a: a, lda: transposeA ? m : k, transposeA: transposeA,
                          b: b, ldb: transposeB ? k : n, transposeB: transposeB,
                          c: c, ldc: n, m: m, n: n, k: k, continuing: continuing))
    }

    /// The product `product` describes (a whole product, or a block of rows or columns of one).
    static func multiply(_ product: Operands) {
        guard product.m > 0, product.n > 0 else { return }
        if product.k == 0 {
            if !product.continuing {
                for i in 0..<product.m { (product.c + i * product.ldc).update(repeating: 0, count: product.n) }
            }
        } else if product.m * product.n * product.k <= smallProduct {
            product.multiplyScalar()
        } else {
            MatrixWorkers.shared.run(product)
        }
    }

    /// Below this many multiply-adds a product is cheaper as plain loops than through the kernel.
    static let smallProduct = 4096

    /// Writes the transpose of `a [rows, columns]` into `into [columns, rows]`, in 8 × 8 blocks
    /// (each block's rows and columns stay in L1 whichever way the copy runs). Row i of a starts at
    /// `a + i · lda` (`lda` at least `columns`; `columns` when nil), row j of t at `t + j · ldt`
    /// (at least `rows`; `rows` when nil); the numbers between rows are neither read nor written.
    static func transpose(
        _ a: UnsafePointer<Double>, rows: Int, columns: Int, lda: Int? = nil,
        into t: UnsafeMutablePointer<Double>, ldt: Int? = nil
    ) {
        let (lda, ldt) = (lda ?? columns, ldt ?? rows)
        precondition(lda >= columns && ldt >= rows, "transpose with rows shorter than \(columns) or \(rows) numbers")
        // Unchecked index arithmetic: every index is below the size of a or t.
        for i0 in stride(from: 0, to: rows, by: 8) {
            let i1 = Swift.min(i0 &+ 8, rows)
            for j0 in stride(from: 0, to: columns, by: 8) {
                let j1 = Swift.min(j0 &+ 8, columns)
                var j = j0
                while j < j1 {
                    let (target, source) = (t + j &* ldt, a + j)
                    var i = i0
                    while i < i1 {
                        target[i] = source[i &* lda]
                        i &+= 1
                    }
                    j &+= 1
                }
            }
        }
    }

    /// The transpose of `a [rows, columns]`: `[columns, rows]`.
    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        precondition(a.count == rows * columns, "transpose of \(a.count) numbers as \(rows) × \(columns)")
        return [Double](unsafeUninitializedCapacity: a.count) { t, initialized in
            a.withUnsafeBufferPointer { a in
                if let source = a.baseAddress { transpose(source, rows: rows, columns: columns, into: t.baseAddress!) }
            }
            initialized = a.count
        }
    }
}

/// One product C = op(A) · op(B) over raw storage with leading dimensions, so a block of
/// rows or columns is itself an `Operands`.
struct Operands: @unchecked Sendable {
    var a: UnsafePointer<Double>, lda: Int, transposeA: Bool
    var b: UnsafePointer<Double>, ldb: Int, transposeB: Bool
    var c: UnsafeMutablePointer<Double>, ldc: Int
    var m: Int, n: Int, k: Int
    /// Whether C's numbers start the chains (the product is added on) instead of zero.
    var continuing = false

    /// Rows `rows` of the product.
    func rows(_ rows: Range<Int>) -> Operands {
        var part = self
        part.a = transposeA ? a + rows.lowerBound : a + rows.lowerBound * lda
        part.c = c + rows.lowerBound * ldc
        part.m = rows.count
        return part
    }

    /// Columns `columns` of the product.
    func columns(_ columns: Range<Int>) -> Operands {
        var part = self
        part.b = transposeB ? b + columns.lowerBound * ldb : b + columns.lowerBound
        part.c = c + columns.lowerBound
        part.n = columns.count
        return part
    }

    /// Every element as a plain fused multiply-add chain in order of k.
    func multiplyScalar() {
        let (aRow, aColumn) = transposeA ? (1, lda) : (lda, 1)
        let (bRow, bColumn) = transposeB ? (1, ldb) : (ldb, 1)
        for i in 0..<m {
            for j in 0..<n {
                var total = continuing ? c[i * ldc + j] : 0.0
                var pa = a + i * aRow
                var pb = b + j * bColumn
                for _ in 0..<k {
                    total = total.addingProduct(pa.pointee, pb.pointee)
                    pa += aColumn
                    pb += bRow
                }
                c[i * ldc + j] = total
            }
        }
    }

    // MARK: The blocked kernel

    /// Rows and columns of one register tile: 6 rows of two vectors each, 12 accumulators, one
    /// register each: 6 × 16 with AVX-512 (SIMD8 halves), 6 × 8 otherwise (SIMD4 halves: AVX2
    /// has 16 registers, too few for 6 × 16). On this project's AVX-512 machine 6 × 8 tiles ran
    /// the CNN's products 15–20 % slower, 8 × 16 tiles 20 % slower.
    static let tileRows = 6
    static let tileColumns = BuildTarget.hasAVX512 ? 16 : 8
    /// Block sizes: a `blockM × blockK` block of A stays in L2 while the kernel sweeps the
    /// columns; a strip of `tileColumns` columns and `blockK` rows of B stays in L1 while it sweeps the rows.
    static let blockM = 96, blockK = 256, blockN = 512

    /// Numbers of packing space `multiplyBlocked` needs: one `blockK × blockN` panel of B.
    static var packingCount: Int { blockK * blockN }

    /// The product through the 6 × `tileColumns` register-tiled kernel. A is read where it lies. B
    /// is copied into `packing` (at least `packingCount` numbers) as contiguous strips of
    /// `tileColumns` when a strip is narrower, or when many row tiles will reuse it (rows of B far
    /// apart in memory evict each other from L1); otherwise it is read in place. B is not
    /// transposed here (`MatrixWorkers.run` transposes a transposed B once, beforehand).
    func multiplyBlocked(packing: UnsafeMutablePointer<Double>) {
        precondition(!transposeB, "the blocked kernel reads B as stored [k, n]")
        if Operands.tileColumns == 16 {
            multiplyBlocked(SIMD8<Double>.self, packing: packing)
        } else {
            multiplyBlocked(SIMD4<Double>.self, packing: packing)
        }
    }

    /// `multiplyBlocked` with tiles of 6 × (2 · Half.scalarCount).
    @inline(__always)
    private func multiplyBlocked<Half: SIMD>(_: Half.Type, packing: UnsafeMutablePointer<Double>) where Half.Scalar == Double {
        let (tileRows, tileColumns) = (Operands.tileRows, 2 * Half.scalarCount)
        // Where op(A)[i + r, p] lies relative to op(A)[i, p], and the step from p to p + 1.
        let (aRowStep, aDepthStep) = transposeA ? (1, lda) : (lda, 1)
        for jc in stride(from: 0, to: n, by: Operands.blockN) {
            let nc = Swift.min(Operands.blockN, n - jc)
            for pc in stride(from: 0, to: k, by: Operands.blockK) {
                let kc = Swift.min(Operands.blockK, k - pc)
                let packed = packB(into: packing, rows: pc, count: kc, columns: jc, count: nc)
                for ic in stride(from: 0, to: m, by: Operands.blockM) {
                    let mc = Swift.min(Operands.blockM, m - ic)
                    for jr in stride(from: 0, to: nc, by: tileColumns) {
                        let columns = Swift.min(tileColumns, nc - jr)
                        let (bStrip, bStep) = packed
                            ? (UnsafePointer(packing + jr * kc), tileColumns)
                            : (b + pc * ldb + jc + jr, ldb)
                        for ir in stride(from: 0, to: mc, by: tileRows) {
                            let rows = Swift.min(tileRows, mc - ir)
                            let i = ic + ir
                            Operands.kernel(
                                Half.self, kc: kc, a: a + i * aRowStep + pc * aDepthStep, aRowStep: aRowStep,
                                aDepthStep: aDepthStep, b: bStrip, bStep: bStep, c: c + i * ldc + jc + jr, ldc: ldc,
                                rows: rows, columns: columns, accumulate: pc > 0 || continuing)
                        }
                    }
                }
            }
        }
    }

    /// Copies op(B)[rows ..< rows+kc, columns ..< columns+nc] into `packed` as strips of
    /// `tileColumns` (strip s holds, for each p, its numbers; zeros past the last column), when
    /// that pays (see `multiplyBlocked`). Returns whether it did.
    private func packB(into packed: UnsafeMutablePointer<Double>, rows p0: Int, count kc: Int, columns j0: Int, count nc: Int) -> Bool {
        let tile = Operands.tileColumns
        guard nc % tile != 0 || m > Operands.blockM else { return false }
        for strip in stride(from: 0, to: nc, by: tile) {
            let width = Swift.min(tile, nc - strip)
            let out = packed + strip * kc
            for p in 0..<kc {
                let source = b + (p0 + p) * ldb + j0 + strip
                let target = out + p * tile
                for column in 0..<width { target[column] = source[column] }
                for column in width..<tile { target[column] = 0 }
            }
        }
        return true
    }

    /// C tile (rows × columns, at most 6 × `tileColumns`) = C tile (when `accumulate`, else 0)
    /// + Σₚ op(A)[·, p] ⊗ op(B)[p, ·], one fused multiply-add per p in order.
    ///
    /// op(A)[r, p] is `a[r * aRowStep + p * aDepthStep]`; row p of the B strip is the
    /// `2 · Half.scalarCount` numbers at `b + p * bStep`, held as two halves (`left`, `right`), so
    /// each row of the tile has two accumulators (`cR`, `dR`). Rows past `rows` repeat the last
    /// row (their results are dropped); columns past `columns` are computed and dropped.
    @inline(__always)
    private static func kernel<Half: SIMD>(
        _: Half.Type, kc: Int, a: UnsafePointer<Double>, aRowStep: Int, aDepthStep: Int,
        b: UnsafePointer<Double>, bStep: Int, c: UnsafeMutablePointer<Double>, ldc: Int,
        rows: Int, columns: Int, accumulate: Bool
    ) where Half.Scalar == Double {
        let half = Half.scalarCount
        // Offsets of the six rows of A, clamped to the last real row.
        let o1 = Swift.min(1, rows - 1) * aRowStep, o2 = Swift.min(2, rows - 1) * aRowStep
        let o3 = Swift.min(3, rows - 1) * aRowStep, o4 = Swift.min(4, rows - 1) * aRowStep
        let o5 = Swift.min(5, rows - 1) * aRowStep
        var c0 = Half(), c1 = Half(), c2 = Half(), c3 = Half(), c4 = Half(), c5 = Half()
        var d0 = Half(), d1 = Half(), d2 = Half(), d3 = Half(), d4 = Half(), d5 = Half()
        /// Row r of the C tile, `half` columns from column `first` (zeros past `columns`).
        @inline(__always) func load(_ r: Int, _ first: Int) -> Half {
            guard r < rows else { return Half() }
            // Whole when the row has `half` numbers from `first` (the first half of a partial tile too).
            if columns == 2 * half || (first == 0 && columns >= half) {
                return UnsafeRawPointer(c + r * ldc + first).loadUnaligned(as: Half.self)
            }
            var v = Half()
            for j in 0..<Swift.max(0, Swift.min(half, columns - first)) { v[j] = c[r * ldc + first + j] }
            return v
        }
        if accumulate {
            (c0, c1, c2, c3, c4, c5) = (load(0, 0), load(1, 0), load(2, 0), load(3, 0), load(4, 0), load(5, 0))
            (d0, d1, d2, d3, d4, d5) = (load(0, half), load(1, half), load(2, half), load(3, half), load(4, half), load(5, half))
        }
        var pa = a, pb = b
        for _ in 0..<kc {
            let left = UnsafeRawPointer(pb).loadUnaligned(as: Half.self)
            let right = UnsafeRawPointer(pb + half).loadUnaligned(as: Half.self)
            let a0 = pa[0], a1 = pa[o1], a2 = pa[o2], a3 = pa[o3], a4 = pa[o4], a5 = pa[o5]
            c0 = c0.addingProduct(a0, left); d0 = d0.addingProduct(a0, right)
            c1 = c1.addingProduct(a1, left); d1 = d1.addingProduct(a1, right)
            c2 = c2.addingProduct(a2, left); d2 = d2.addingProduct(a2, right)
            c3 = c3.addingProduct(a3, left); d3 = d3.addingProduct(a3, right)
            c4 = c4.addingProduct(a4, left); d4 = d4.addingProduct(a4, right)
            c5 = c5.addingProduct(a5, left); d5 = d5.addingProduct(a5, right)
            pa += aDepthStep
            pb += bStep
        }
        /// Row r of the C tile, from its two halves.
        @inline(__always) func store(_ v: Half, _ w: Half, _ r: Int) {
            guard r < rows else { return }
            let row = c + r * ldc
            if columns == 2 * half {
                UnsafeMutableRawPointer(row).storeBytes(of: v, as: Half.self)
                UnsafeMutableRawPointer(row + half).storeBytes(of: w, as: Half.self)
            } else if columns >= half {
                // A partial tile (the last strip of a product whose width is not a whole number
                // of tiles): the first half whole, the rest of the second number by number.
                UnsafeMutableRawPointer(row).storeBytes(of: v, as: Half.self)
                for j in half..<columns { row[j] = w[j - half] }
            } else {
                for j in 0..<columns { row[j] = v[j] }
            }
        }
        store(c0, d0, 0); store(c1, d1, 1); store(c2, d2, 2); store(c3, d3, 3); store(c4, d4, 4); store(c5, d5, 5)
    }
}
