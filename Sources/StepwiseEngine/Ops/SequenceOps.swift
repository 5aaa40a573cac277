import StepwiseTrace

/// Ops for attention and embeddings: a matrix product per batch element, the causal mask, and
/// the embedding table lookup.
extension Tape {
    /// One matrix product per leading index: `a [..., m, k]` · `b [..., k, n]` → `[..., m, n]`,
    /// or with `transposeB` `a [..., m, k]` · `b [..., n, k]`ᵀ → `[..., m, n]` (an attention
    /// head's scores q·kᵀ). The leading axes of `a` and `b` must be equal.
    /// Backward: da = g·bᵀ, db = aᵀ·g (with `transposeB`: da = g·b, db = gᵀ·a), per leading index.
    public func batchMatmul(_ a: Variable, _ b: Variable, transposeB: Bool = false, _ name: String = "batch_matmul") -> Variable {
        let (left, right) = (value(a), value(b))
        precondition(left.rank >= 2 && right.rank == left.rank && left.shape.dropLast(2) == right.shape.dropLast(2),
                     "batch_matmul of shapes \(left.shape) and \(right.shape)")
        let m = left.shape[left.rank - 2], k = left.shape[left.rank - 1]
        let n = transposeB ? right.shape[right.rank - 2] : right.shape[right.rank - 1]
        precondition((transposeB ? right.shape[right.rank - 1] : right.shape[right.rank - 2]) == k,
                     "batch_matmul of shapes \(left.shape) and \(right.shape)\(transposeB ? " (b transposed)" : "")")
        let batches = left.shape.dropLast(2).reduce(1, *)
        let product = Tape.perBatch(batches, left.data, m * k, right.data, k * n, resultSize: m * n) { a, b in
            Matrix.multiply(a, b, m: m, k: k, n: n, transposeB: transposeB)
        }
        let shape = Array(left.shape.dropLast()) + [n]
        return record(.batchMatmul, name, inputs: [a, b], attributes: ["transpose_b": .bool(transposeB)],
                      value: Tensor(shape: shape, data: product)) { grad, inputs, _ in
            let gradA = Tape.perBatch(batches, grad.data, m * n, inputs[1].data, k * n, resultSize: m * k) { g, b in
                // g [m, n] · b: b is [n, k] when transposed (so g·b), else [k, n] (so g·bᵀ).
                Matrix.multiply(g, b, m: m, k: n, n: k, transposeB: !transposeB)
            }
            let gradB = Tape.perBatch(batches, inputs[0].data, m * k, grad.data, m * n, resultSize: k * n) { a, g in
                transposeB
                    ? Matrix.multiply(g, a, m: n, k: m, n: k, transposeA: true)  // gᵀ·a → [n, k]
                    : Matrix.multiply(a, g, m: k, k: m, n: n, transposeA: true)  // aᵀ·g → [k, n]
            }
            return [Tensor(shape: inputs[0].shape, data: gradA), Tensor(shape: inputs[1].shape, data: gradB)]
        }
    }

    /// Runs `product` on each batch element's blocks of `a` and `b` and lays the results end to end.
    private static func perBatch(
        _ batches: Int, _ a: [Double], _ aSize: Int, _ b: [Double], _ bSize: Int, resultSize: Int,
        _ product: ([Double], [Double]) -> [Double]
    ) -> [Double] {
        if batches == 1 { return product(a, b) }
        var result = [Double]()
        result.reserveCapacity(batches * resultSize)
        for batch in 0..<batches {
            result.append(contentsOf: product(Array(a[(batch * aSize)..<((batch + 1) * aSize)]),
                                              Array(b[(batch * bSize)..<((batch + 1) * bSize)])))
        }
        return result
    }

    /// The value a causal mask puts in place of a score a query may not see.
    public static let maskedScore = -1e9

    /// The causal mask over the last two axes `[..., queries, keys]`: query i keeps the scores of
    /// keys j ≤ i; the others become −1e9, so a softmax after it gives them weight exactly 0 in
    /// float64 (e^(−1e9) underflows to 0). Keras adds −1e9 instead of replacing: the weights
    /// are the same. Backward: g where j ≤ i, else 0.
    public func causalMask(_ x: Variable, _ name: String = "causal_mask") -> Variable {
        let input = value(x)
        precondition(input.rank >= 2, "causal_mask of shape \(input.shape)")
        let queries = input.shape[input.rank - 2], keys = input.shape[input.rank - 1]
        func masked(_ data: [Double], fill: Double) -> [Double] {
            var result = data
            for start in stride(from: 0, to: result.count, by: Swift.max(queries * keys, 1)) {
                for i in 0..<queries where i + 1 < keys {
                    for j in (i + 1)..<keys { result[start + i * keys + j] = fill }
                }
            }
            return result
        }
        return record(.causalMask, name, inputs: [x], attributes: ["fill": .double(Tape.maskedScore)],
                      value: Tensor(shape: input.shape, data: masked(input.data, fill: Tape.maskedScore))) { grad, _, _ in
            [Tensor(shape: grad.shape, data: masked(grad.data, fill: 0))]
        }
    }

    /// Rows of `table [V, D]` picked by the integer ids in `indices [...]` → `[..., D]` (an
    /// embedding lookup). Every id must be an integer in 0..<V.
    /// Backward: each row of the table gets the sum of the gradients of the places that picked
    /// it; the ids get no gradient (zeros).
    public func gather(_ table: Variable, indices: Variable, _ name: String = "gather") -> Variable {
        let (rows, ids) = (value(table), value(indices))
        precondition(rows.rank == 2, "gather from a table of shape \(rows.shape)")
        let (count, width) = (rows.shape[0], rows.shape[1])
        let positions = ids.data.map { id -> Int in
            precondition(id == id.rounded() && id >= 0 && id < Double(count), "gather index \(id) outside 0..<\(count)")
            return Int(id)
        }
        var result = [Double](repeating: 0, count: positions.count * width)
        for (place, row) in positions.enumerated() {
            for column in 0..<width { result[place * width + column] = rows.data[row * width + column] }
        }
        return record(.gather, name, inputs: [table, indices], value: Tensor(shape: ids.shape + [width], data: result)) {
            grad, inputs, _ in
            var tableGrad = [Double](repeating: 0, count: count * width)
            for (place, row) in positions.enumerated() {
                for column in 0..<width { tableGrad[row * width + column] += grad.data[place * width + column] }
            }
            return [Tensor(shape: inputs[0].shape, data: tableGrad), Tensor.zeros(inputs[1].shape)]
        }
    }
}
