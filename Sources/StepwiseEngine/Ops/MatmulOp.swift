extension Tape {
    /// Matrix product over the last axis of `a` and the first of `b`:
    /// `a [..., k]` · `b [k, n]` → `[..., n]` (leading axes of `a` act as rows).
    /// Backward: da = g · bᵀ, db = aᵀ · g (with `a`'s leading axes flattened into rows), each
    /// only when that input needs a gradient.
    public func matmul(_ a: Variable, _ b: Variable, _ name: String = "matmul") -> Variable {
        let (left, right) = (value(a), value(b))
        precondition(left.rank >= 1 && right.rank == 2 && left.shape.last == right.shape[0],
                     "matmul of shapes \(left.shape) and \(right.shape)")
        let k = right.shape[0], n = right.shape[1], m = left.count / Swift.max(k, 1)
        let product = Matrix.multiply(left.data, right.data, m: m, k: k, n: n)
        return recordSelective(.matmul, name, inputs: [a, b], value: Tensor(shape: left.shape.dropLast() + [n], data: product)) {
            grad, inputs, _, needed in
            let gradA = needed[0] ? Tensor(shape: inputs[0].shape, data: Matrix.multiply(grad.data, inputs[1].data, m: m, k: n, n: k, transposeB: true)) : nil
            let gradB = needed[1] ? Tensor(shape: inputs[1].shape, data: Matrix.multiply(inputs[0].data, grad.data, m: k, k: m, n: n, transposeA: true)) : nil
            return [gradA, gradB]
        }
    }
}
