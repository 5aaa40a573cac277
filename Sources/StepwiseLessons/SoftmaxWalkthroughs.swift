import Foundation
import Plot
import StepwiseTrace

/// The softmax of one sample written out: each output as e^z over the sum of all e^z, and its
/// Jacobian ∂y_k/∂z_j = y_k(δ_kj − y_j) — why the outputs are coupled — carried on to ∂L/∂z.
/// Every result is checked against the trace (the layer's softmax output and the gradient at
/// its net input) to within 1e-12; a mismatch stops the build.
extension Walkthrough {
    /// The softmax layer's net inputs z, outputs y and ∂L/∂y, ∂L/∂z of the directive's sample.
    private struct SoftmaxRecords {
        let z, y, dLdy, dLdz: [Double]
    }

    private func softmaxRecords(_ step: TraceStep) throws -> SoftmaxRecords {
        let reference = directive.source
        let layer = directive.layer!
        let activation = try traced.op("\(layer)/activation", in: step, reference)
        guard activation.op == "softmax" else {
            throw reference.error("show: \(directive.show.rawValue) needs a softmax layer; \(layer)'s activation is \(activation.op)")
        }
        let preactivation = step.ops[activation.inputs[0]]
        let shape = activation.value.shape
        guard shape.count == 2, let classes = shape.last, classes <= 10 else {
            throw reference.error("show: \(directive.show.rawValue) writes out one sample of at most 10 classes; \(layer)'s output has shape \(shape)")
        }
        let sample = directive.sample
        guard sample >= 1 && sample <= shape[0] else {
            throw reference.error("sample \(sample) is not in this step's batch of \(shape[0]) (samples count from 1)")
        }
        let range = (sample - 1) * classes..<sample * classes
        guard let dLdy = activation.grad, let dLdz = preactivation.grad else { throw reference.error("\(layer)/activation has no gradient") }
        return SoftmaxRecords(z: Array(preactivation.value.data[range]), y: Array(activation.value.data[range]),
                              dLdy: Array(dLdy.data[range]), dLdz: Array(dLdz.data[range]))
    }

    private func checkSoftmax(_ computed: Double, _ traced: Double, _ what: String) throws {
        guard abs(computed - traced) <= 1e-12 * max(1, abs(traced)) else {
            throw directive.source.error("\(what): written out it is \(computed), the trace has \(traced)")
        }
    }

    private func sub(_ name: String, _ index: Int) -> Node { MathML.sub(MathML.identifier(name), MathML.number(String(index + 1))) }
    private func exponential(_ exponent: Node) -> Node { MathML.power(MathML.identifier("e"), exponent) }

    /// y_k = e^{z_k} / Σ_j e^{z_j} for every class k of one sample, each with its numbers.
    func softmax(_ step: TraceStep) throws -> Node {
        let records = try softmaxRecords(step)
        let exponentials = records.z.map { exp($0) }
        let sum = exponentials.reduce(0, +)
        var sumOfPowers: [Node] = [], sumOfValues: [Node] = []
        for (j, z) in records.z.enumerated() {
            if j > 0 { sumOfPowers.append(MathML.op("+")); sumOfValues.append(MathML.op("+")) }
            sumOfPowers.append(exponential(number(z, parenthesized: false)))
            sumOfValues.append(number(exponentials[j], parenthesized: false))
        }
        var lines: [[Node]] = [[MathML.sub(MathML.identifier("y"), MathML.identifier("k")), MathML.op("="),
                                MathML.fraction(exponential(MathML.sub(MathML.identifier("z"), MathML.identifier("k"))),
                                                MathML.row([MathML.under(MathML.op("∑"), MathML.identifier("j")),
                                                            exponential(MathML.sub(MathML.identifier("z"), MathML.identifier("j")))]))]]
        for (k, y) in records.y.enumerated() {
            let value = exponentials[k] / sum
            try checkSoftmax(value, y, "softmax output \(k + 1)")
            lines.append([sub("y", k), MathML.op("="), MathML.fraction(exponential(number(records.z[k], parenthesized: false)), MathML.row(sumOfPowers)),
                          MathML.op("="), MathML.fraction(number(exponentials[k], parenthesized: false), MathML.row(sumOfValues)),
                          MathML.op("="), number(value, parenthesized: false)])
        }
        let total = records.y.reduce(0, +)
        var sumLine: [Node] = []
        for (k, y) in records.y.enumerated() {
            if k > 0 { sumLine.append(MathML.op("+")) }
            sumLine.append(number(y, parenthesized: false))
        }
        lines.append([MathML.text(say(.sumColon)), MathML.space(0.3)] + sumLine + [MathML.op("="), number(total, parenthesized: false)])
        return MathML.lines(lines, label: say(.softmaxOf, ["layer": labels.layer(directive.layer!), "n": "\(directive.sample)"]))
    }

    /// The Jacobian ∂y_k/∂z_j = y_k(δ_kj − y_j) as a matrix of the sample's numbers, then
    /// ∂L/∂z_j = Σ_k ∂L/∂y_k · ∂y_k/∂z_j with the trace's ∂L/∂y, checked against its ∂L/∂z.
    func softmaxJacobian(_ step: TraceStep) throws -> Node {
        let records = try softmaxRecords(step)
        let y = records.y, n = y.count
        let jacobian = (0..<n).map { k in (0..<n).map { j in y[k] * ((k == j ? 1 : 0) - y[j]) } }
        let dLdz = (0..<n).map { j in (0..<n).reduce(0.0) { $0 + records.dLdy[$1] * jacobian[$1][j] } }
        for j in 0..<n { try checkSoftmax(dLdz[j], records.dLdz[j], "∂L/∂z of class \(j + 1)") }
        let (k, j) = (MathML.identifier("k"), MathML.identifier("j"))
        let yk = MathML.sub(MathML.identifier("y"), k), yj = MathML.sub(MathML.identifier("y"), j), zj = MathML.sub(MathML.identifier("z"), j)
        let L = MathML.identifier("L")
        let matrix = MathML.matrix(jacobian.map { row in row.map { MathML.value($0, digits: digits) } })
        var sumTerms: [Node] = []
        for index in 0..<n {
            if index > 0 { sumTerms.append(MathML.op("+")) }
            sumTerms += [MathML.partial(L, sub("y", index)), MathML.partial(sub("y", index), zj)]
        }
        let rowOf: ([Double]) -> Node = { values in MathML.matrix([values.map { MathML.value($0, digits: self.digits) }]) }
        let lines: [[Node]] = [
            [MathML.partial(yk, zj), MathML.op("="), yk, MathML.fence("("), MathML.sub(MathML.identifier("δ"), MathML.row([k, j])), MathML.op("−"), yj, MathML.fence(")"),
             MathML.space(1), MathML.text(say(.openParenthesis)), MathML.sub(MathML.identifier("δ"), MathML.row([k, j])), MathML.text(say(.kroneckerDelta))],
            [MathML.text(say(.rowsAndColumns)), MathML.space(0.3), MathML.partial(MathML.identifier("y"), MathML.identifier("z")), MathML.op("="), matrix],
            [MathML.partial(L, zj), MathML.op("=")] + sumTerms,
            [MathML.partial(L, MathML.identifier("z")), MathML.op("="), rowOf(records.dLdy), matrix],
            [MathML.op("="), rowOf(dLdz)],
        ]
        return MathML.lines(lines, label: say(.softmaxJacobianOf, ["layer": labels.layer(directive.layer!), "n": "\(directive.sample)"]))
    }
}
