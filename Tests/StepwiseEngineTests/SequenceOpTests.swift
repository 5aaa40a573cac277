import Foundation
import Testing
@testable import StepwiseEngine

/// The sequence and attention ops: forward values worked out by hand (in the comments), and
/// finite-difference checks of the shapes and axes the table in `OpGradientTests` leaves out.
@Suite struct SequenceOpTests {
    func run(_ inputs: [Tensor], _ build: (Tape, [Variable]) -> Variable) -> Tensor {
        let tape = Tape()
        let leaves = inputs.enumerated().map { tape.parameter($0.element, name: "x\($0.offset)") }
        return tape.value(build(tape, leaves))
    }

    /// [[[1, 2, 3], [4, 5, 6]], [[7, 8, 9], [10, 11, 12]]], shape [2, 2, 3].
    let cube = Tensor(shape: [2, 2, 3], data: (1...12).map(Double.init))

    @Test func sliceAndConcat() {
        // Columns 1..<3 of every row: (2, 3), (5, 6), (8, 9), (11, 12).
        let columns = run([cube]) { $0.slice($1[0], axis: -1, 1..<3) }
        #expect(columns.shape == [2, 2, 2] && columns.data == [2, 3, 5, 6, 8, 9, 11, 12])
        // Index 1 of the middle axis, kept: (4, 5, 6) and (10, 11, 12).
        let middle = run([cube]) { $0.slice($1[0], axis: 1, 1..<2) }
        #expect(middle.shape == [2, 1, 3] && middle.data == [4, 5, 6, 10, 11, 12])
        // [[1, 2]] beside [[3]] and [[4, 5, 6]] → [[1, 2, 3, 4, 5, 6]].
        let joined = run([Tensor(rows: [[1, 2]]), Tensor(rows: [[3]]), Tensor(rows: [[4, 5, 6]])]) {
            $0.concat($1, axis: -1)
        }
        #expect(joined.shape == [1, 6] && joined.data == [1, 2, 3, 4, 5, 6])
        // Along the first axis: rows one after the other.
        let rows = run([Tensor(rows: [[1, 2]]), Tensor(rows: [[3, 4], [5, 6]])]) { $0.concat($1, axis: 0) }
        #expect(rows.shape == [3, 2] && rows.data == [1, 2, 3, 4, 5, 6])
    }

    @Test func selectAndStack() {
        // Time step 2 (index 1) of each sample: (4, 5, 6) and (10, 11, 12).
        let step = run([cube]) { $0.select($1[0], axis: 1, index: 1) }
        #expect(step.shape == [2, 3] && step.data == [4, 5, 6, 10, 11, 12])
        let last = run([cube]) { $0.select($1[0], axis: -1, index: 2) }
        #expect(last.shape == [2, 2] && last.data == [3, 6, 9, 12])
        // Stacking the two time steps back along axis 1 rebuilds the cube.
        let rebuilt = run([cube]) { tape, x in
            tape.stack([tape.select(x[0], axis: 1, index: 0), tape.select(x[0], axis: 1, index: 1)], axis: 1)
        }
        #expect(rebuilt == cube)
        // Along a new first axis and a new last axis.
        let a = Tensor(rows: [[1, 2]]), b = Tensor(rows: [[3, 4]])
        let front = run([a, b]) { $0.stack($1, axis: 0) }
        #expect(front.shape == [2, 1, 2] && front.data == [1, 2, 3, 4])
        let back = run([a, b]) { $0.stack($1, axis: -1) }
        #expect(back.shape == [1, 2, 2] && back.data == [1, 3, 2, 4])
    }

    @Test func batchMatmul() {
        // Sample 1: [[1, 2], [3, 4]] · [[1, 0], [0, 1]] = itself; sample 2: [[1, 1]] rows · [[2, 3], [4, 5]].
        let a = Tensor(shape: [2, 2, 2], data: [1, 2, 3, 4, 1, 1, 0, 1])
        let b = Tensor(shape: [2, 2, 2], data: [1, 0, 0, 1, 2, 3, 4, 5])
        // Sample 2: [[1, 1], [0, 1]] · [[2, 3], [4, 5]] = [[6, 8], [4, 5]].
        #expect(run([a, b]) { $0.batchMatmul($1[0], $1[1]) }.data == [1, 2, 3, 4, 6, 8, 4, 5])
        // Transposed: sample 2: [[1, 1], [0, 1]] · [[2, 4], [3, 5]] = [[5, 9], [3, 5]].
        #expect(run([a, b]) { $0.batchMatmul($1[0], $1[1], transposeB: true) }.data == [1, 2, 3, 4, 5, 9, 3, 5])
        // [1, 3, 2] · [1, 2, 3]ᵀ-shaped: the product of a 3×2 and a 2×4 → [1, 3, 4].
        #expect(run([randomTensor([1, 3, 2], seed: 1), randomTensor([1, 2, 4], seed: 2)]) { $0.batchMatmul($1[0], $1[1]) }.shape == [1, 3, 4])
    }

    @Test func causalMask() {
        // Query i keeps keys j ≤ i; the rest become −1e9.
        let scores = Tensor(shape: [1, 3, 3], data: (1...9).map(Double.init))
        let masked = run([scores]) { $0.causalMask($1[0]) }
        #expect(masked.data == [1, -1e9, -1e9, 4, 5, -1e9, 7, 8, 9])
        // After a softmax the masked weights are exactly 0 and the first query attends to itself only.
        let weights = run([scores]) { $0.softmax($0.causalMask($1[0])) }
        #expect(weights.data[0] == 1 && weights.data[1] == 0 && weights.data[2] == 0 && weights.data[5] == 0)
    }

    @Test func gatherAndSqrt() {
        // Rows 2 and 0 of [[1, 2], [3, 4], [5, 6]].
        let tape = Tape()
        let table = tape.parameter(Tensor(rows: [[1, 2], [3, 4], [5, 6]]), name: "table")
        let rows = tape.gather(table, indices: tape.input(Tensor(rows: [[2, 0]]), differentiable: false))
        #expect(tape.value(rows).shape == [1, 2, 2] && tape.value(rows).data == [5, 6, 1, 2])
        #expect(run([Tensor(vector: [4, 0.25, 2])]) { $0.sqrt($1[0]) }.data == [2, 0.5, Double(2).squareRoot()])
    }

    @Test func meanKeepingTheAxis() {
        let y = run([Tensor(rows: [[1, 2, 3], [4, 5, 9]])]) { $0.mean($1[0], over: .lastAxis, keepingAxis: true) }
        #expect(y.shape == [2, 1] && y.data == [2, 6])
    }

    @Test func moreShapesMatchFiniteDifferences() {
        expectGradientsMatchFiniteDifferences("slice axis 1", inputs: [randomTensor([2, 4, 3], seed: 60)]) {
            $0.slice($1[0], axis: 1, 1..<3)
        }
        expectGradientsMatchFiniteDifferences("concat axis 0, three parts", inputs: [randomTensor([1, 3], seed: 61), randomTensor([2, 3], seed: 62), randomTensor([1, 3], seed: 63)]) {
            $0.concat($1, axis: 0)
        }
        expectGradientsMatchFiniteDifferences("select last axis", inputs: [randomTensor([2, 3, 4], seed: 64)]) {
            $0.select($1[0], axis: -1, index: 3)
        }
        expectGradientsMatchFiniteDifferences("stack axis 0", inputs: [randomTensor([3, 2], seed: 65), randomTensor([3, 2], seed: 66), randomTensor([3, 2], seed: 67)]) {
            $0.stack($1, axis: 0)
        }
        expectGradientsMatchFiniteDifferences("batch_matmul", inputs: [randomTensor([2, 3, 4], seed: 68), randomTensor([2, 4, 2], seed: 69)]) {
            $0.batchMatmul($1[0], $1[1])
        }
        expectGradientsMatchFiniteDifferences("batch_matmul rank 4", inputs: [randomTensor([2, 2, 3, 2], seed: 70), randomTensor([2, 2, 3, 2], seed: 71)]) {
            $0.batchMatmul($1[0], $1[1], transposeB: true)
        }
        expectGradientsMatchFiniteDifferences("mean keepdims", inputs: [randomTensor([2, 3, 4], seed: 72)]) {
            $0.mean($1[0], over: .lastAxis, keepingAxis: true)
        }
        expectGradientsMatchFiniteDifferences("sum keepdims", inputs: [randomTensor([3, 4], seed: 73)]) {
            $0.sum($1[0], over: .lastAxis, keepingAxis: true)
        }
        // A keepdims mean broadcast back against its input (layer norm's centring).
        expectGradientsMatchFiniteDifferences("x − mean(x)", inputs: [randomTensor([2, 4], seed: 74)]) { tape, x in
            tape.subtract(x[0], tape.mean(x[0], over: .lastAxis, keepingAxis: true))
        }
    }
}
