import Foundation
import Testing
@testable import StepwiseEngine

/// Forward values of every op against numbers worked out by hand (in the comments).
@Suite struct OpForwardTests {
    func run(_ inputs: [Tensor], _ build: (Tape, [Variable]) -> Variable) -> Tensor {
        let tape = Tape()
        let leaves = inputs.enumerated().map { tape.parameter($0.element, name: "x\($0.offset)") }
        return tape.value(build(tape, leaves))
    }

    @Test func elementwise() {
        let x = Tensor(vector: [-2, 0, 3])
        #expect(run([x]) { $0.identity($1[0]) }.data == [-2, 0, 3])
        #expect(run([x]) { $0.negate($1[0]) }.data == [2, -0.0, -3])
        #expect(run([x]) { $0.scale($1[0], by: 0.5) }.data == [-1, 0, 1.5])
        #expect(run([x]) { $0.square($1[0]) }.data == [4, 0, 9])
        #expect(run([x]) { $0.abs($1[0]) }.data == [2, 0, 3])
        #expect(run([x]) { $0.relu($1[0]) }.data == [0, 0, 3])
        #expect(run([x]) { $0.clip($1[0], low: -1, high: 2) }.data == [-1, 0, 2])
        // σ(0) = 1/2; σ(−2) = 1/(1 + e²) = 0.11920292202211755; tanh(3) = 0.9950547536867305.
        expectClose(run([x]) { $0.sigmoid($1[0]) }.data, [0.11920292202211755, 0.5, 0.9525741268224334], relative: 1e-15)
        expectClose(run([x]) { $0.tanh($1[0]) }.data, [-0.9640275800758169, 0, 0.9950547536867305], relative: 1e-15)
        // ln e = 1, ln 1 = 0; e⁰ = 1.
        expectClose(run([Tensor(vector: [M_E, 1])]) { $0.log($1[0]) }.data, [1, 0], relative: 1e-15)
        expectClose(run([Tensor(vector: [0, 1])]) { $0.exp($1[0]) }.data, [1, M_E], relative: 1e-15)
    }

    @Test func broadcastingArithmetic() {
        let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let b = Tensor(vector: [10, 20, 30])
        #expect(run([a, b]) { $0.add($1[0], $1[1]) }.data == [11, 22, 33, 14, 25, 36])
        #expect(run([a, b]) { $0.subtract($1[0], $1[1]) }.data == [-9, -18, -27, -6, -15, -24])
        #expect(run([a, Tensor(rows: [[2], [10]])]) { $0.multiply($1[0], $1[1]) }.data == [2, 4, 6, 40, 50, 60])
        #expect(run([a, Tensor(scalar: 2)]) { $0.divide($1[0], $1[1]) }.data == [0.5, 1, 1.5, 2, 2.5, 3])
        #expect(run([a, b]) { $0.add($1[0], $1[1]) }.shape == [2, 3])
    }

    @Test(arguments: [1, 7, 8, 9, 32, 40, 70])
    func broadcastRowsAndTheirSumsAreElementwiseInOrder(width: Int) {
        // A bias-like row against 5 rows of `width` (8 and 32 at a time with a one-by-one
        // tail): each number is the scalar op; the gradient's sum per column runs row after row.
        let rows = 5
        let a = randomTensor([rows, width], seed: UInt64(width))
        let b = randomTensor([width], seed: UInt64(width + 100))
        let ops: [(String, (Tape, Variable, Variable) -> Variable, (Double, Double) -> Double)] = [
            ("add", { $0.add($1, $2) }, +), ("subtract", { $0.subtract($1, $2) }, -),
            ("multiply", { $0.multiply($1, $2) }, *), ("divide", { $0.divide($1, $2) }, /),
        ]
        for (name, op, scalar) in ops {
            let expected = (0..<rows * width).map { scalar(a.data[$0], b.data[$0 % width]) }
            #expect(run([a, b]) { op($0, $1[0], $1[1]) }.data == expected, "\(name), width \(width)")
        }
        let sums = Broadcasting.reduce(a, to: [width])
        let expectedSums = (0..<width).map { column in (0..<rows).reduce(0.0) { $0 + a.data[$1 * width + column] } }
        #expect(sums.data == expectedSums, "sums, width \(width)")
    }

    @Test func reductions() {
        let a = Tensor(rows: [[1, 2, 3], [4, 5, 6]])
        let all = run([a]) { $0.sum($1[0]) }
        #expect(all.shape == [] && all.data == [21])
        #expect(run([a]) { $0.sum($1[0], over: .lastAxis) }.data == [6, 15])
        #expect(run([a]) { $0.mean($1[0]) }.data == [3.5])
        #expect(run([a]) { $0.mean($1[0], over: .lastAxis) }.data == [2, 5])
    }

    @Test func softmaxIsStableAndNormalised() {
        // softmax(1, 2, 3) = (e⁻², e⁻¹, 1) / (e⁻² + e⁻¹ + 1).
        let denominator = exp(-2.0) + exp(-1.0) + 1
        let y = run([Tensor(rows: [[1, 2, 3], [1000, 1000, 1000]])]) { $0.softmax($1[0]) }
        expectClose(Array(y.data[0..<3]), [exp(-2.0) / denominator, exp(-1.0) / denominator, 1 / denominator], relative: 1e-15)
        // Huge equal logits: no overflow, a uniform distribution.
        expectClose(Array(y.data[3..<6]), [1.0 / 3, 1.0 / 3, 1.0 / 3], relative: 1e-15)
    }

    @Test func matmul() {
        // [[1, 2], [3, 4]] · [[5, 6, 7], [8, 9, 10]] = [[21, 24, 27], [47, 54, 61]].
        let y = run([Tensor(rows: [[1, 2], [3, 4]]), Tensor(rows: [[5, 6, 7], [8, 9, 10]])]) { $0.matmul($1[0], $1[1]) }
        #expect(y.shape == [2, 3])
        #expect(y.data == [21, 24, 27, 47, 54, 61])
    }

    @Test func lossesByHand() {
        let tape = Tape()
        // mse of y = (0.5, 0.2) against t = (1, 0): ((0.5)² + (0.2)²) / 2 = 0.145.
        let mse = Loss.mse.apply(prediction: tape.parameter(Tensor(rows: [[0.5, 0.2]]), name: "y"),
                                 targets: Tensor(rows: [[1, 0]]), on: tape)
        expectClose([tape.value(mse).scalar], [0.145], relative: 1e-15)
        // bce of y = 0.8 against t = 1 and y = 0.4 against t = 0: −(ln 0.8 + ln 0.6) / 2.
        let bce = Loss.binaryCrossentropy.apply(prediction: tape.parameter(Tensor(rows: [[0.8], [0.4]]), name: "y"),
                                                targets: Tensor(rows: [[1], [0]]), on: tape)
        expectClose([tape.value(bce).scalar], [-(log(0.8) + log(0.6)) / 2], relative: 1e-15)
        // cross-entropy of rows (0.7, 0.2, 0.1) and (0.1, 0.3, 0.6) with classes 0 and 2: −(ln 0.7 + ln 0.6) / 2.
        let probabilities = Tensor(rows: [[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
        let sparse = Loss.sparseCategoricalCrossentropy.apply(prediction: tape.parameter(probabilities, name: "y"),
                                                              targets: Tensor(vector: [0, 2]), on: tape)
        let dense = Loss.crossEntropy.apply(prediction: tape.parameter(probabilities, name: "y"),
                                            targets: Tensor(rows: [[1, 0, 0], [0, 0, 1]]), on: tape)
        expectClose([tape.value(sparse).scalar, tape.value(dense).scalar], [-(log(0.7) + log(0.6)) / 2, -(log(0.7) + log(0.6)) / 2], relative: 1e-15)
        // A probability of exactly 0 is clipped to 1e-7: −ln(1e-7) = 16.11809565095832.
        let clipped = Loss.crossEntropy.apply(prediction: tape.parameter(Tensor(rows: [[0, 1]]), name: "y"),
                                              targets: Tensor(rows: [[1, 0]]), on: tape)
        expectClose([tape.value(clipped).scalar], [16.11809565095832], relative: 1e-12)
    }

    @Test func regularizerByHand() {
        // w = (1, −2, 0.5): l1 Σ|w| = 0.1 · 3.5 = 0.35, l2 Σw² = 0.01 · 5.25 = 0.0525.
        let tape = Tape()
        let penalty = Regularizer(l1: 0.1, l2: 0.01).penalty(of: tape.parameter(Tensor(vector: [1, -2, 0.5]), name: "w"), on: tape)!
        expectClose([tape.value(penalty).scalar], [0.4025], relative: 1e-15)
        #expect(Regularizer().penalty(of: tape.parameter(Tensor(vector: [1]), name: "w"), on: tape) == nil)
    }
}
