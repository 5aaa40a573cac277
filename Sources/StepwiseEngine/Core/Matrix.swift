/// Plain row-major matrix products on flat Double arrays, shared by every op that needs one.
enum Matrix {
    /// C[m, n] = op(A) · op(B), where op(A) is `[m, k]` (stored `[k, m]` when `transposeA`) and
    /// op(B) is `[k, n]` (stored `[n, k]` when `transposeB`). Sums run in order of k.
    static func multiply(
        _ a: [Double], _ b: [Double], m: Int, k: Int, n: Int,
        transposeA: Bool = false, transposeB: Bool = false
    ) -> [Double] {
        precondition(a.count == m * k && b.count == k * n, "matrix sizes do not match m=\(m) k=\(k) n=\(n)")
        var c = [Double](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for i in 0..<m {
                        for p in 0..<k {
                            let aValue = transposeA ? a[p * m + i] : a[i * k + p]
                            if transposeB {
                                for j in 0..<n { c[i * n + j] += aValue * b[j * k + p] }
                            } else {
                                let row = p * n
                                for j in 0..<n { c[i * n + j] += aValue * b[row + j] }
                            }
                        }
                    }
                }
            }
        }
        return c
    }
}
