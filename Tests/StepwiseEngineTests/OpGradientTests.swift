import Testing
@testable import StepwiseEngine

/// Every op kind's backward against central finite differences.
@Suite struct OpGradientTests {
    /// How to check each op: its inputs and how to record it. Every non-leaf `OpKind` must be here.
    static let cases: [OpKind: (inputs: [Tensor], build: @Sendable (Tape, [Variable]) -> Variable)] = [
        .identity: ([randomTensor([2, 3], seed: 1)], { $0.identity($1[0]) }),
        .negate: ([randomTensor([2, 3], seed: 2)], { $0.negate($1[0]) }),
        .scale: ([randomTensor([3], seed: 3)], { $0.scale($1[0], by: -2.5) }),
        .square: ([randomTensor([2, 2], seed: 4)], { $0.square($1[0]) }),
        .abs: ([randomTensor([2, 3], seed: 5)], { $0.abs($1[0]) }),
        .log: ([randomTensor([2, 3], seed: 6, low: 0.2, high: 3)], { $0.log($1[0]) }),
        .exp: ([randomTensor([2, 3], seed: 7)], { $0.exp($1[0]) }),
        .sigmoid: ([randomTensor([2, 3], seed: 8, low: -4, high: 4)], { $0.sigmoid($1[0]) }),
        .tanh: ([randomTensor([2, 3], seed: 9, low: -2, high: 2)], { $0.tanh($1[0]) }),
        .relu: ([randomTensor([3, 3], seed: 10)], { $0.relu($1[0]) }),
        // Values on both sides of the clip range, none within h of a bound.
        .clip: ([Tensor(vector: [-0.7, -0.2, 0.1, 0.45, 0.8, 1.3])], { $0.clip($1[0], low: -0.5, high: 0.6) }),
        .add: ([randomTensor([2, 3], seed: 11), randomTensor([3], seed: 12)], { $0.add($1[0], $1[1]) }),
        .subtract: ([randomTensor([2, 1], seed: 13), randomTensor([2, 3], seed: 14)], { $0.subtract($1[0], $1[1]) }),
        .multiply: ([randomTensor([2, 3], seed: 15), randomTensor([1, 3], seed: 16)], { $0.multiply($1[0], $1[1]) }),
        .divide: ([randomTensor([2, 3], seed: 17), randomTensor([3], seed: 18, low: 0.5, high: 2)], { $0.divide($1[0], $1[1]) }),
        .sum: ([randomTensor([2, 4], seed: 19)], { $0.sum($1[0], over: .lastAxis) }),
        .mean: ([randomTensor([3, 2], seed: 20)], { $0.mean($1[0]) }),
        .softmax: ([randomTensor([2, 4], seed: 21, low: -2, high: 2)], { $0.softmax($1[0]) }),
        .matmul: ([randomTensor([3, 2], seed: 22), randomTensor([2, 4], seed: 23)], { $0.matmul($1[0], $1[1]) }),
        // Sequences and attention; more shapes and axes in SequenceOpTests.
        .sqrt: ([randomTensor([2, 3], seed: 40, low: 0.3, high: 2)], { $0.sqrt($1[0]) }),
        .slice: ([randomTensor([2, 3, 5], seed: 41)], { $0.slice($1[0], axis: -1, 1..<4) }),
        .concat: ([randomTensor([2, 2], seed: 42), randomTensor([2, 3], seed: 43)], { $0.concat([$1[0], $1[1]], axis: -1) }),
        .select: ([randomTensor([2, 3, 2], seed: 44)], { $0.select($1[0], axis: 1, index: 1) }),
        .stack: ([randomTensor([2, 3], seed: 45), randomTensor([2, 3], seed: 46)], { $0.stack([$1[0], $1[1]], axis: 1) }),
        // Repeated ids: their rows' gradients add up.
        .gather: ([randomTensor([4, 3], seed: 47)], {
            $0.gather($1[0], indices: $0.constant(Tensor(shape: [2, 3], data: [0, 2, 2, 3, 1, 0]), name: "ids"))
        }),
        .batchMatmul: ([randomTensor([2, 3, 4], seed: 48), randomTensor([2, 2, 4], seed: 49)], { $0.batchMatmul($1[0], $1[1], transposeB: true) }),
        // Followed by the softmax it always feeds: the −1e9 fill would swamp a finite difference
        // of the weighted sum (f ≈ 1e9, so rounding is ≈ 1e-7 per h).
        .causalMask: ([randomTensor([2, 3, 3], seed: 50)], { $0.softmax($0.causalMask($1[0])) }),
        // Odd sizes, stride 2 and same padding, so padding cells and uneven windows are crossed.
        .conv2d: ([randomTensor([2, 5, 4, 3], seed: 24), randomTensor([3, 2, 3, 2], seed: 25)],
                  { $0.conv2d($1[0], $1[1], strides: [2, 1], padding: .same) }),
        // Overlapping windows (3×3, stride 2); random values are never within h of a tie.
        .maxPool2d: ([randomTensor([2, 5, 5, 2], seed: 26)], { $0.maxPool2d($1[0], poolSize: [3, 3], strides: [2, 2]) }),
        .avgPool2d: ([randomTensor([2, 5, 4, 2], seed: 27)], { $0.avgPool2d($1[0], poolSize: [2, 3], strides: [2, 1]) }),
        .reshape: ([randomTensor([2, 3, 2], seed: 28)], { $0.reshape($1[0], to: [2, 6]) }),
        // Pretrained encoders: x on both sides of 0 and in GELU's bend; the linear's weight and
        // bias are fixed (they stay in the checkpoint), so only dx is checked; the lookup's ids
        // get no gradient, so its rows are checked through a product with x.
        .gelu: ([randomTensor([3, 4], seed: 51, low: -3, high: 3)], { $0.gelu($1[0]) }),
        .linear: ([randomTensor([2, 3, 4], seed: 52)], {
            $0.linear($1[0], weight: randomTensor([5, 4], seed: 53), bias: randomTensor([5], seed: 54),
                      weightName: "w", biasName: "b")
        }),
        .lookup: ([randomTensor([2, 3], seed: 55)], { tape, x in
            let ids = tape.constant(Tensor(shape: [2], data: [3, 1]), name: "ids")
            return tape.multiply(tape.lookup(ids, table: randomTensor([4, 3], seed: 56), tableName: "table"), x[0])
        }),
    ]

    @Test func everyOpKindHasAGradientCheck() {
        let missing = OpKind.allCases.filter { !$0.isLeaf && Self.cases[$0] == nil }
        #expect(missing.isEmpty, "op kinds without a gradient check: \(missing)")
    }

    @Test(arguments: OpKind.allCases.filter { !$0.isLeaf })
    func gradientMatchesFiniteDifferences(kind: OpKind) throws {
        let check = try #require(Self.cases[kind])
        expectGradientsMatchFiniteDifferences(kind.rawValue, inputs: check.inputs, check.build)
    }

    @Test func reductionsOverEveryElementAndRankThreeMatmul() {
        expectGradientsMatchFiniteDifferences("sum all", inputs: [randomTensor([2, 3], seed: 30)]) { $0.sum($1[0]) }
        expectGradientsMatchFiniteDifferences("mean last axis", inputs: [randomTensor([2, 3], seed: 31)]) {
            $0.mean($1[0], over: .lastAxis)
        }
        expectGradientsMatchFiniteDifferences("matmul [2,3,2]x[2,2]", inputs: [randomTensor([2, 3, 2], seed: 32), randomTensor([2, 2], seed: 33)]) {
            $0.matmul($1[0], $1[1])
        }
    }

    /// A ReLU's backward over 21 numbers (two vectors of eight and a tail): g where x > 0, else +0,
    /// bit for bit, with x NaN, ±0, ±∞ and tiny, and g −0, NaN and ∞ among them.
    @Test func reluBackwardKeepsTheGradientWhereTheInputIsPositive() {
        let x: [Double] = [1, -1, 0, -0.0, .nan, .infinity, -.infinity, 5e-324, 2, 3, -2, .nan, 4, 0, 1, 1, -1, 7, -0.0, .nan, 0.5]
        let g: [Double] = [-0.0, 2, 3, 4, 5, .nan, 7, .infinity, -0.0, .nan, 1, 2, -3, 4, 5, 6, 7, -8, 9, 10, 11]
        let kept = Tensor(shape: [3, 7], data: g).keeping(wherePositive: Tensor(shape: [3, 7], data: x))
        let expected = zip(g, x).map { g, x in x > 0 ? g : 0 }
        #expect(kept.shape == [3, 7])
        #expect(kept.data.map(\.bitPattern) == expected.map(\.bitPattern))
    }

    @Test func aValueUsedTwiceAccumulatesBothGradients() {
        // f = x·x + x, so df/dx = 2x + 1 — checked numerically.
        expectGradientsMatchFiniteDifferences("reuse", inputs: [randomTensor([3], seed: 34)]) { tape, x in
            tape.add(tape.multiply(x[0], x[0]), x[0])
        }
    }

    @Test func everyLossAndRegularizerMatchesFiniteDifferences() {
        let probabilities = Tensor(rows: [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]])
        for loss in Loss.allCases {
            let targets = loss.usesClassIndices ? Tensor(vector: [1, 0]) : Tensor(rows: [[0, 1, 0], [0.25, 0.25, 0.5]])
            expectGradientsMatchFiniteDifferences(loss.rawValue, inputs: [probabilities]) { tape, y in
                loss.apply(prediction: y[0], targets: targets, on: tape)
            }
        }
        expectGradientsMatchFiniteDifferences("l1l2", inputs: [randomTensor([3, 2], seed: 35)]) { tape, w in
            Regularizer(l1: 0.3, l2: 0.7).penalty(of: w[0], on: tape)!
        }
    }
}
