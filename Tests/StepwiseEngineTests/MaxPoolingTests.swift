import Testing
@testable import StepwiseEngine

/// `maxPool2d`'s eight-channels-at-a-time loops against the pool written out from its
/// definition: winners (ties to the first cell, NaN over numbers), values, and the input's
/// gradient as every output's gradient added onto its winner's from 0, bit for bit.
@Suite struct MaxPoolingTests {
    /// (height, width, pool, strides): windows that tile the image exactly, leave cells out,
    /// leave gaps between them, and overlap.
    static let geometries: [([Int], [Int], [Int])] = [
        ([4, 6], [2, 2], [2, 2]),
        ([5, 7], [2, 2], [2, 2]),
        ([7, 6], [2, 1], [3, 2]),
        ([5, 6], [3, 3], [2, 2]),
    ]

    @Test(arguments: 0..<4)
    func poolEqualsItsDefinition(geometry: Int) {
        let (size, pool, strides) = Self.geometries[geometry]
        let (batch, channels) = (2, 19)  // two blocks of eight channels and three on their own
        let shape = [batch, size[0], size[1], channels]
        // Few distinct values, so many windows have ties; one NaN, in a channel of the blocks.
        var image = randomTensor(shape, seed: UInt64(40 + geometry)).data.map { ($0 * 2).rounded() / 2 }
        image[3 * channels + 5] = .nan
        let tape = Tape()
        let input = tape.parameter(Tensor(shape: shape, data: image), name: "x")
        let pooled = tape.maxPool2d(input, poolSize: pool, strides: strides)
        let output = tape.value(pooled)
        // Output gradients with negative zeros among them (0 + −0 is +0).
        let weights = randomTensor(output.shape, seed: UInt64(60 + geometry)).data.enumerated().map { $0.offset % 5 == 0 ? -0.0 : $0.element }
        let loss = tape.sum(tape.multiply(pooled, tape.constant(Tensor(shape: output.shape, data: weights), name: "g")))
        let grads = tape.gradients(of: loss)
        let record = tape.records(gradients: grads)[pooled.id]

        let expected = reference(image, shape: shape, pool: pool, strides: strides, outputGrad: weights)
        #expect(output.shape == expected.shape)
        #expect(output.data.map(\.bitPattern) == expected.values.map(\.bitPattern))
        #expect(record.attributes["argmax"] == .ints(expected.winners))
        #expect(grads[input.id]!.data.map(\.bitPattern) == expected.inputGrad.map(\.bitPattern))
    }

    /// The pool as defined, one number at a time.
    func reference(
        _ x: [Double], shape: [Int], pool: [Int], strides: [Int], outputGrad: [Double]
    ) -> (shape: [Int], values: [Double], winners: [Int], inputGrad: [Double]) {
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        let rows = (height - pool[0]) / strides[0] + 1, columns = (width - pool[1]) / strides[1] + 1
        var values: [Double] = [], winners: [Int] = []
        for b in 0..<batch {
            for i in 0..<rows {
                for j in 0..<columns {
                    for c in 0..<channels {
                        var best = 0.0, winner = -1
                        for u in 0..<pool[0] {
                            for v in 0..<pool[1] {
                                let index = ((b * height + i * strides[0] + u) * width + j * strides[1] + v) * channels + c
                                if winner < 0 || x[index] > best || (x[index].isNaN && !best.isNaN) { (best, winner) = (x[index], index) }
                            }
                        }
                        values.append(best)
                        winners.append(winner)
                    }
                }
            }
        }
        var inputGrad = [Double](repeating: 0, count: x.count)
        for (output, winner) in winners.enumerated() { inputGrad[winner] += outputGrad[output] }
        return ([batch, rows, columns, channels], values, winners, inputGrad)
    }
}
