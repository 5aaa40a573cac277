import Testing
@testable import StepwiseEngine

/// The blocked matrix product gives, bit for bit, the plain fused multiply-add chain in order of
/// k for every element, whatever the sizes, transposes and blocking.
@Suite struct MatrixTests {
    /// C[i, j] = fma chain over p of op(A)[i, p] · op(B)[p, j], written out plainly.
    func reference(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var total = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * m + i] : a[i * k + p]
                    let y = transposeB ? b[j * k + p] : b[p * n + j]
                    total = total.addingProduct(x, y)
                }
                c[i * n + j] = total
            }
        }
        return c
    }

    @Test(arguments: [
        (2, 3, 4),        // small: the scalar path
        (13, 37, 11),     // edge tiles in both directions
        (20, 30, 16),     // B read in place (whole strips, few row tiles)
        (20, 30, 40),     // B packed: the last strip is narrower than a tile (16 wide with AVX-512)
        (97, 20, 16),     // B packed for reuse by many row tiles
        (100, 300, 20),   // crosses the row block (96) and the depth block (256)
        (10, 300, 27),    // a last strip wider than half a tile, loaded again after the depth block
        (7, 5, 530),      // crosses the column block (512)
        (6, 300, 100),    // large enough to share with the helper thread: cut across columns
        (4, 64, 1024),    // fewer rows than a tile, B transposed: computed as Cᵀ = op(B)ᵀ · op(A)ᵀ
        (1, 40, 200),     // one row, the same
        (5, 30, 7),       // the same, with C's transpose narrower than a tile
        (3, 500, 5),      // B transposed but too narrow to swap (its transpose would have 5 rows)
    ])
    func blockedEqualsThePlainChain(m: Int, k: Int, n: Int) {
        let a = randomTensor([m * k], seed: UInt64(m)).data
        let b = randomTensor([k * n], seed: UInt64(n + 1000)).data
        for transposeA in [false, true] {
            for transposeB in [false, true] {
                let product = Matrix.multiply(a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB)
                let expected = reference(a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: transposeB)
                #expect(product == expected, "m=\(m) k=\(k) n=\(n) transposeA=\(transposeA) transposeB=\(transposeB)")
            }
        }
    }

    @Test(arguments: [(20, 30, 40), (100, 600, 40), (7, 300, 530)])
    func aProductInPartsOfKContinuesEveryChain(m: Int, k: Int, n: Int) {
        // Parts of k (cut inside and across the kernel's depth block of 256), each continuing
        // from the previous part's C: the same chains as one product, bit for bit; also for one
        // block of columns of C at a time, as `Convolution.kernelGradient` computes them.
        let a = randomTensor([m * k], seed: UInt64(m + 7)).data
        let b = randomTensor([k * n], seed: UInt64(n + 2000)).data
        let expected = reference(a, b, m: m, k: k, n: n, transposeA: true, transposeB: false)
        let cuts = [0, 1, k / 3, k / 3 + 257, k].filter { $0 <= k }.sorted()
        let columnBlocks = [0..<n, 0..<Swift.min(n, Operands.tileColumns), Swift.min(n, Operands.tileColumns)..<n]
        var c = [Double](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for columns in columnBlocks.dropFirst() where !columns.isEmpty {
                        for (first, last) in zip(cuts, cuts.dropFirst()) {
                            // Rows first..<last of the stored A [k, m] and of B [k, n].
                            let part = Operands(a: a.baseAddress! + first * m, lda: m, transposeA: true,
                                                b: b.baseAddress! + first * n, ldb: n, transposeB: false,
                                                c: c.baseAddress!, ldc: n, m: m, n: n, k: last - first,
                                                continuing: first > 0)
                            Matrix.multiply(part.columns(columns))
                        }
                    }
                }
            }
        }
        #expect(c == expected, "m=\(m) k=\(k) n=\(n)")
        // The whole product in two parts through the array-free entry point.
        var whole = [Double](repeating: .nan, count: m * n)
        let middle = k / 2
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                whole.withUnsafeMutableBufferPointer { c in
                    Matrix.multiply(a.baseAddress!, b.baseAddress!, into: c.baseAddress!, m: m, k: middle, n: n, transposeA: true)
                    Matrix.multiply(a.baseAddress! + middle * m, b.baseAddress! + middle * n, into: c.baseAddress!,
                                    m: m, k: k - middle, n: n, transposeA: true, continuing: true)
                }
            }
        }
        #expect(whole == expected, "m=\(m) k=\(k) n=\(n), two parts")
    }

    /// A product of few rows with both operands transposed (computed as its transpose) in two
    /// parts of k, the second continuing the first's chains, into C's rows of a wider stride.
    @Test func aSwappedProductContinuesEveryChain() {
        let (m, k, n, ldc, transposeA) = (4, 90, 300, 310, true)
        let a = randomTensor([m * k], seed: 91).data
        let b = randomTensor([k * n], seed: 92).data
        let expected = reference(a, b, m: m, k: k, n: n, transposeA: transposeA, transposeB: true)
        var c = [Double](repeating: .nan, count: m * ldc)
        let middle = 37
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    // A stored [k, m]: rows 0..<middle, then the rest; B stored [n, k]: those columns of each row.
                    for (first, count) in [(0, middle), (middle, k - middle)] {
                        let part = Operands(a: a.baseAddress! + first * m, lda: m,
                                            transposeA: transposeA, b: b.baseAddress! + first, ldb: k, transposeB: true,
                                            c: c.baseAddress!, ldc: ldc, m: m, n: n, k: count, continuing: first > 0)
                        Matrix.multiply(part)
                    }
                }
            }
        }
        let rows = (0..<m).flatMap { i in c[(i * ldc)..<(i * ldc + n)] }
        #expect(rows.map(\.bitPattern) == expected.map(\.bitPattern))
        let untouched = c[n..<ldc].allSatisfy { $0.isNaN }
        #expect(untouched, "C's numbers past each row's n are left alone")
    }

    @Test func sharedProductsAreCutAlongWholeTiles() {
        // The cut only moves pointers; it never reads them.
        let dummy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
        defer { dummy.deallocate() }
        func blocks(m: Int, n: Int, count: Int) -> [String] {
            let product = Operands(a: dummy, lda: 1, transposeA: false, b: dummy, ldb: n, transposeB: false,
                                   c: dummy, ldc: n, m: m, n: n, k: 1)
            return MatrixWorkers.blocks(of: product, count: count).map { "\($0.m)x\($0.n)" }
        }
        // 17 row tiles against 1 column tile: rows, whole tiles of 6, the last one short.
        #expect(blocks(m: 100, n: 8, count: 4) == ["24x8", "24x8", "24x8", "28x8"])
        // 5 row tiles against 8 column tiles (16 or 8 columns wide, as built): columns.
        let w = Operands.tileColumns
        #expect(blocks(m: 27, n: 8 * w, count: 3) == ["27x\(2 * w)", "27x\(3 * w)", "27x\(3 * w)"])
        // Never more blocks than tiles.
        #expect(blocks(m: 12, n: 8, count: 8) == ["6x8", "6x8"])
        #expect(blocks(m: 6, n: 8, count: 8) == ["6x8"])
    }

    @Test(arguments: [(1, 1), (8, 8), (13, 21), (64, 9)])
    func transposeMovesEveryNumber(rows: Int, columns: Int) {
        let a = randomTensor([rows * columns], seed: UInt64(rows * 31 + columns)).data
        let t = Matrix.transpose(a, rows: rows, columns: columns)
        let expected = (0..<columns).flatMap { j in (0..<rows).map { i in a[i * columns + j] } }
        #expect(t == expected, "\(rows) × \(columns)")
        // The same from rows of `columns + 3` numbers into rows of `rows + 5`, the gaps left alone.
        let (lda, ldt) = (columns + 3, rows + 5)
        let spaced = (0..<(rows * lda)).map { index in index % lda < columns ? a[index / lda * columns + index % lda] : .nan }
        var strided = [Double](repeating: -1, count: columns * ldt)
        spaced.withUnsafeBufferPointer { source in
            strided.withUnsafeMutableBufferPointer { target in
                Matrix.transpose(source.baseAddress!, rows: rows, columns: columns, lda: lda, into: target.baseAddress!, ldt: ldt)
            }
        }
        let expectedStrided = (0..<(columns * ldt)).map { index in index % ldt < rows ? expected[index / ldt * rows + index % ldt] : -1 }
        #expect(strided == expectedStrided, "\(rows) × \(columns), strided")
    }

    @Test func emptyDepthGivesZeros() {
        #expect(Matrix.multiply([], [], m: 2, k: 0, n: 3) == [0, 0, 0, 0, 0, 0])
        #expect(Matrix.multiply([1, 2], [3, 4], m: 2, k: 1, n: 2) == [3, 4, 6, 8])
    }
}
