import Foundation
import Plot
import StepwiseTrace

/// A network of two dense layers in matrix form, with the trace's matrices: the forward pass
/// H = f(XW⁽¹⁾ + b⁽¹⁾), Ŷ = g(HW⁽²⁾ + b⁽²⁾), and the backward pass δ⁽¹⁾ = (δ⁽²⁾W⁽²⁾ᵀ) ⊙ f′(Z⁽¹⁾),
/// ∂L/∂W⁽²⁾ = Hᵀδ⁽²⁾, ∂L/∂W⁽¹⁾ = Xᵀδ⁽¹⁾, ∂L/∂b = δ summed over the examples. Rows are examples.
/// δ⁽²⁾ = ∂L/∂Z⁽²⁾ is the trace's; every product computed here is checked against the trace's
/// net inputs and gradients to within 1e-12, so the box cannot disagree with the walkthrough.
extension Walkthrough {
    /// A rows × columns matrix stored row-major.
    private struct Grid {
        let rows: Int, columns: Int
        let values: [Double]
        subscript(r: Int, c: Int) -> Double { values[r * columns + c] }
        var transposed: Grid { Grid(rows: columns, columns: rows, values: (0..<columns).flatMap { c in (0..<rows).map { r in self[r, c] } }) }
        func times(_ other: Grid) -> Grid {
            Grid(rows: rows, columns: other.columns, values: (0..<rows).flatMap { r in
                (0..<other.columns).map { c in (0..<columns).reduce(0.0) { $0 + self[r, $1] * other[$1, c] } }
            })
        }
        init(rows: Int, columns: Int, values: [Double]) {
            self.rows = rows
            self.columns = columns
            self.values = values
        }
        init(_ tensor: TensorValue) {
            let shape = tensor.shape.count == 1 ? [1, tensor.shape[0]] : tensor.shape
            self.init(rows: shape[0], columns: shape[1], values: tensor.data)
        }
    }

    private func shown(_ grid: Grid) -> Node {
        MathML.matrix((0..<grid.rows).map { r in (0..<grid.columns).map { c in MathML.value(grid[r, c], digits: digits) } })
    }

    private func checkMatrix(_ computed: Grid, _ traced: Grid, _ what: String) throws {
        for (a, b) in zip(computed.values, traced.values) where abs(a - b) > 1e-12 * max(1, abs(b)) {
            throw directive.source.error("matrix-form: \(what) written out is \(a), the trace has \(b)")
        }
    }

    /// `name` with the layer number as a superscript: W⁽¹⁾.
    private func layered(_ name: String, _ layer: Int, transposed: Bool = false) -> Node {
        let mark = MathML.row([MathML.fence("("), MathML.number(String(layer)), MathML.fence(")")] + (transposed ? [MathML.identifier("T")] : []))
        return MathML.power(MathML.identifier(name), mark)
    }

    func matrixForm(_ step: TraceStep) throws -> Node {
        let reference = directive.source
        let layers = traced.trace.architecture.layers
        guard let first = layers.firstIndex(where: { $0.name == directive.layer }), first + 1 < layers.count,
              layers[first].type == "dense", layers[first + 1].type == "dense" else {
            throw reference.error("show: matrix-form needs layer: the first of two dense layers in a row")
        }
        let names = [layers[first].name, layers[first + 1].name]
        func records(_ layer: String) throws -> (input: OpRecord, pre: OpRecord, activation: OpRecord) {
            let matmul = try traced.op("\(layer)/matmul", in: step, reference)
            return (step.ops[matmul.inputs[0]], try traced.op("\(layer)/bias_add", in: step, reference), try traced.op("\(layer)/activation", in: step, reference))
        }
        let (hidden, output) = (try records(names[0]), try records(names[1]))
        guard let params1 = step.params["\(names[0])/kernel"], let params2 = step.params["\(names[1])/kernel"],
              let bias1 = step.params["\(names[0])/bias"], let bias2 = step.params["\(names[1])/bias"],
              let delta2Record = output.pre.grad, let delta1Record = hidden.pre.grad else {
            throw reference.error("show: matrix-form needs both layers' kernels, biases and gradients in the trace")
        }
        let x = Grid(hidden.input.value), w1 = Grid(params1.before), w2 = Grid(params2.before)
        let b1 = Grid(bias1.before), b2 = Grid(bias2.before)
        let z1 = Grid(hidden.pre.value), h = Grid(hidden.activation.value), z2 = Grid(output.pre.value), yHat = Grid(output.activation.value)
        guard x.rows <= 4, [x.columns, w1.columns, w2.columns].allSatisfy({ $0 <= 6 }) else {
            throw reference.error("show: matrix-form writes every matrix out: at most 4 examples and 6 units per layer")
        }
        func plusBias(_ product: Grid, _ bias: Grid) -> Grid {
            Grid(rows: product.rows, columns: product.columns, values: product.values.enumerated().map { $0.element + bias.values[$0.offset % product.columns] })
        }
        try checkMatrix(plusBias(x.times(w1), b1), z1, "XW⁽¹⁾ + b⁽¹⁾")
        try checkMatrix(plusBias(h.times(w2), b2), z2, "HW⁽²⁾ + b⁽²⁾")
        let delta2 = Grid(delta2Record)
        let back = delta2.times(w2.transposed)
        let derivative = Grid(rows: z1.rows, columns: z1.columns, values: try z1.values.indices.map { index in
            try Self.activationDerivative(hidden.activation.op, a: h.values[index], z: z1.values[index], symbol: MathML.identifier("a"), reference: reference).1
        })
        let delta1 = Grid(rows: back.rows, columns: back.columns, values: zip(back.values, derivative.values).map(*))
        try checkMatrix(delta1, Grid(delta1Record), "δ⁽¹⁾")
        let gradW2 = h.transposed.times(delta2), gradW1 = x.transposed.times(delta1)
        try checkMatrix(gradW2, Grid(params2.grad), "∂L/∂W⁽²⁾")
        try checkMatrix(gradW1, Grid(params1.grad), "∂L/∂W⁽¹⁾")
        func columnSums(_ grid: Grid) -> Grid {
            Grid(rows: 1, columns: grid.columns, values: (0..<grid.columns).map { c in (0..<grid.rows).reduce(0.0) { $0 + grid[$1, c] } })
        }
        try checkMatrix(columnSums(delta2), Grid(bias2.grad), "∂L/∂b⁽²⁾")
        try checkMatrix(columnSums(delta1), Grid(bias1.grad), "∂L/∂b⁽¹⁾")

        let (f, g) = (Self.functionSymbol(hidden.activation.op), Self.functionSymbol(output.activation.op))
        let (X, H, L) = (MathML.identifier("X"), MathML.identifier("H"), MathML.identifier("L"))
        let yHatSymbol = MathML.identifier("Ŷ"), odot = MathML.op("⊙")
        func call(_ name: String, _ argument: [Node]) -> [Node] { [MathML.identifier(name), MathML.fence("(")] + argument + [MathML.fence(")")] }
        let equals = MathML.op("=")
        let lines: [[Node]] = [
            [H, equals] + call("f", [X, layered("W", 1), MathML.op("+"), layered("b", 1)]),
            [equals] + call(f, [shown(x), shown(w1), MathML.op("+"), shown(b1)]) + [equals] + call(f, [shown(z1)]) + [equals, shown(h)],
            [yHatSymbol, equals] + call("g", [H, layered("W", 2), MathML.op("+"), layered("b", 2)]),
            [equals] + call(g, [shown(h), shown(w2), MathML.op("+"), shown(b2)]) + [equals] + call(g, [shown(z2)]) + [equals, shown(yHat)],
            [layered("δ", 2), equals, MathML.partial(L, layered("Z", 2)), equals, shown(delta2), MathML.space(1), MathML.text(say(.fromTheLoss))],
            [layered("δ", 1), equals, MathML.fence("("), layered("δ", 2), layered("W", 2, transposed: true), MathML.fence(")"), odot] + call("f′", [layered("Z", 1)]),
            [equals, MathML.fence("("), shown(delta2), shown(w2.transposed), MathML.fence(")"), odot, shown(derivative),
             equals, shown(back), odot, shown(derivative), equals, shown(delta1)],
            [MathML.partial(L, layered("W", 2)), equals, MathML.power(H, MathML.identifier("T")), layered("δ", 2),
             equals, shown(h.transposed), shown(delta2), equals, shown(gradW2)],
            [MathML.partial(L, layered("W", 1)), equals, MathML.power(X, MathML.identifier("T")), layered("δ", 1),
             equals, shown(x.transposed), shown(delta1), equals, shown(gradW1)],
            [MathML.partial(L, layered("b", 2)), equals, shown(columnSums(delta2)), MathML.op(","), MathML.space(1),
             MathML.partial(L, layered("b", 1)), equals, shown(columnSums(delta1))],
            [MathML.text(say(x.rows == 1 ? .biasGradientOneExample : .biasGradientSummed))],
        ]
        return MathML.lines(lines, label: say(.matrixForm, ["first": labels.layer(names[0]), "second": labels.layer(names[1])]))
    }
}
