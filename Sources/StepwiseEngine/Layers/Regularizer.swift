/// A kernel penalty added to the loss: `l1 · Σ|w| + l2 · Σw²` (Keras's `L1L2`).
public struct Regularizer: Equatable, Sendable {
    public var l1: Double
    public var l2: Double

    public init(l1: Double = 0, l2: Double = 0) {
        self.l1 = l1
        self.l2 = l2
    }

    /// Records the penalty of `kernel` under the current scope's `regularizer/…`:
    /// `abs`, `l1_sum`, `l1` and `square`, `l2_sum`, `l2`, then `total` when both are used.
    /// Returns nil when both factors are zero.
    public func penalty(of kernel: Variable, on tape: Tape) -> Variable? {
        tape.scoped("regularizer") {
            var terms: [Variable] = []
            if l1 != 0 {
                let magnitudes = tape.abs(kernel, "abs")
                terms.append(tape.scale(tape.sum(magnitudes, "l1_sum"), by: l1, "l1"))
            }
            if l2 != 0 {
                let squares = tape.square(kernel, "square")
                terms.append(tape.scale(tape.sum(squares, "l2_sum"), by: l2, "l2"))
            }
            guard let first = terms.first else { return nil }
            return terms.count == 1 ? first : tape.add(first, terms[1], "total")
        }
    }
}
