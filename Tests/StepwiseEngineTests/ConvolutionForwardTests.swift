import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// conv2d, the pools and reshape against numbers worked out by hand (in the comments).
@Suite struct ConvolutionForwardTests {
    /// The 3×3 image 1…9, one channel, batch 1.
    static let image = Tensor(shape: [1, 3, 3, 1], data: [1, 2, 3,
                                                          4, 5, 6,
                                                          7, 8, 9])
    /// The 2×2 kernel [[1, 2], [3, 4]], one input channel, one filter.
    static let kernel = Tensor(shape: [2, 2, 1, 1], data: [1, 2, 3, 4])

    /// Records `build` on a tape from leaves holding `inputs`, then runs backward with the given
    /// gradient of the output. Returns the output value, its record, and the inputs' gradients.
    func run(
        _ inputs: [Tensor], outputGrad: [Double]? = nil, _ build: (Tape, [Variable]) -> Variable
    ) -> (value: Tensor, record: OpRecord, grads: [Tensor]) {
        let tape = Tape()
        let leaves = inputs.enumerated().map { tape.parameter($0.element, name: "x\($0.offset)") }
        let output = build(tape, leaves)
        let value = tape.value(output)
        let weights = Tensor(shape: value.shape, data: outputGrad ?? Array(repeating: 1, count: value.count))
        let loss = tape.sum(tape.multiply(output, tape.constant(weights, name: "g")))
        let grads = tape.gradients(of: loss)
        let record = tape.records(gradients: grads)[output.id]
        return (value, record, leaves.map { grads[$0.id]! })
    }

    @Test func convolutionValidStrideOne() {
        // Each output is the window · kernel (no flip):
        // y00 = 1·1 + 2·2 + 4·3 + 5·4 = 37, y01 = 2 + 6 + 15 + 24 = 47,
        // y10 = 4 + 10 + 21 + 32 = 67, y11 = 5 + 12 + 24 + 36 = 77.
        let (y, record, grads) = run([Self.image, Self.kernel]) { $0.conv2d($1[0], $1[1]) }
        #expect(y.shape == [1, 2, 2, 1])
        #expect(y.data == [37, 47, 67, 77])
        #expect(record.op == "conv2d")
        #expect(record.attributes["strides"] == .ints([1, 1]))
        #expect(record.attributes["kernel_size"] == .ints([2, 2]))
        #expect(record.attributes["padding"] == .string("valid"))
        #expect(record.attributes["pads"] == .ints([0, 0, 0, 0]))
        // With every output gradient 1: dk[u, v] sums the image cells that k[u, v] touched:
        // dk00 = 1 + 2 + 4 + 5 = 12, dk01 = 2 + 3 + 5 + 6 = 16, dk10 = 24, dk11 = 28.
        #expect(grads[1].data == [12, 16, 24, 28])
        // dx sums the kernel cells that each image cell met: the corner (0, 0) only k00 = 1,
        // the centre all four (10), the middle of the top row k00 + k01 = 3, and so on.
        #expect(grads[0].data == [1, 3, 2,
                                  4, 10, 6,
                                  3, 7, 4])
    }

    @Test func convolutionStrideTwo() {
        // Valid: only the window at (0, 0) fits: 37.
        let valid = run([Self.image, Self.kernel]) { $0.conv2d($1[0], $1[1], strides: [2, 2]) }
        #expect(valid.value.shape == [1, 1, 1, 1] && valid.value.data == [37])
        // Same: output ⌈3/2⌉ = 2; total padding (2 − 1)·2 + 2 − 3 = 1, all of it bottom / right.
        // Windows start at rows 0, 2 and columns 0, 2:
        // y00 = 37; y01 = 3·1 + 0·2 + 6·3 + 0·4 = 21; y10 = 7·1 + 8·2 + 0 + 0 = 23; y11 = 9·1 = 9.
        let same = run([Self.image, Self.kernel]) { $0.conv2d($1[0], $1[1], strides: [2, 2], padding: .same) }
        #expect(same.value.shape == [1, 2, 2, 1])
        #expect(same.value.data == [37, 21, 23, 9])
        #expect(same.record.attributes["pads"] == .ints([0, 1, 0, 1]))
        #expect(same.record.attributes["padding"] == .string("same"))
        // Stride 2 with a 2×2 kernel: every image cell is read once (cells of row and column 3
        // are padding), so dx is the kernel tiled: x00 → k00, x01 → k01, x02 → k00, …
        #expect(same.grads[0].data == [1, 2, 1,
                                       3, 4, 3,
                                       1, 2, 1])
    }

    @Test func sameConvolutionStrideOneKeepsTheSize() {
        // Total padding 1 (bottom / right): y[i, j] = x[i, j]·1 + x[i, j+1]·2 + x[i+1, j]·3 + x[i+1, j+1]·4.
        // Last column: y02 = 3 + 6·3 = 21, y12 = 6 + 9·3 = 33; last row: y20 = 7 + 8·2 = 23, y21 = 8 + 18 = 26; y22 = 9.
        let (y, _, _) = run([Self.image, Self.kernel]) { $0.conv2d($1[0], $1[1], padding: .same) }
        #expect(y.shape == [1, 3, 3, 1])
        #expect(y.data == [37, 47, 21,
                           67, 77, 33,
                           23, 26, 9])
    }

    @Test func paddingOffsetsFollowTensorFlow() {
        // (input, window, stride) → (top, bottom, output): total = max((⌈in/s⌉ − 1)·s + k − in, 0),
        // the odd pixel at the bottom.
        let cases: [(Int, Int, Int, Int, Int, Int)] = [
            (3, 3, 1, 1, 1, 3),  // total 2
            (6, 4, 1, 1, 2, 6),  // total 3
            (7, 3, 2, 1, 1, 4),  // (4 − 1)·2 + 3 − 7 = 2
            (5, 2, 2, 0, 1, 3),  // (3 − 1)·2 + 2 − 5 = 1
            (7, 1, 3, 0, 0, 3),  // (3 − 1)·3 + 1 − 7 = 0
            (2, 5, 1, 2, 2, 2),  // a kernel larger than the image: (2 − 1) + 5 − 2 = 4
        ]
        for (size, window, stride, top, bottom, output) in cases {
            let geometry = Window2D(input: [size, 1], window: [window, 1], strides: [stride, 1], padding: .same)
            #expect((geometry.padTop, geometry.padBottom, geometry.outputHeight) == (top, bottom, output),
                    "in \(size), window \(window), stride \(stride)")
        }
        let valid = Window2D(input: [7, 5], window: [3, 2], strides: [2, 2], padding: .valid)
        #expect((valid.outputHeight, valid.outputWidth) == (3, 2))
    }

    @Test func channelsAndFilters() {
        // A 1×1 convolution is a matrix product per pixel: pixel (a, b) with kernel
        // [[1, 2], [3, 4]] (rows: input channels, columns: filters) gives (a + 3b, 2a + 4b).
        let x = Tensor(shape: [2, 1, 2, 2], data: [1, 0, 0, 1, 2, 1, -1, 3])
        let k = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        let (y, _, _) = run([x, k]) { $0.conv2d($1[0], $1[1]) }
        #expect(y.shape == [2, 1, 2, 2])
        #expect(y.data == [1, 2, 3, 4, 5, 8, 8, 10])
    }

    /// A 4×4 image with a tie in one window.
    static let poolImage = Tensor(shape: [1, 4, 4, 1], data: [1, 3, 2, 2,
                                                              4, 0, 2, 2,
                                                              5, 6, 9, 1,
                                                              6, 0, 1, 9])

    @Test func maxPoolWinners() {
        // Windows {1, 3, 4, 0} → 4 (flat 4); {2, 2, 2, 2} → the first, flat 2 (a tie);
        // {5, 6, 6, 0} → the first 6, flat 9; {9, 1, 1, 9} → the first 9, flat 10.
        let (y, record, grads) = run([Self.poolImage], outputGrad: [1, 2, 3, 4]) { $0.maxPool2d($1[0], poolSize: [2, 2]) }
        #expect(y.shape == [1, 2, 2, 1])
        #expect(y.data == [4, 2, 6, 9])
        #expect(record.op == "max_pool2d")
        #expect(record.attributes["argmax"] == .ints([4, 2, 9, 10]))
        #expect(record.attributes["pool_size"] == .ints([2, 2]))
        #expect(record.attributes["strides"] == .ints([2, 2]))
        // Each output's gradient goes to its winner only.
        #expect(grads[0].data == [0, 0, 2, 0,
                                  1, 0, 0, 0,
                                  0, 3, 4, 0,
                                  0, 0, 0, 0])
    }

    @Test func maxPoolOverlappingWindowsAndChannels() {
        // Stride 1 over the 3×3 image 1…9: every window's winner is its bottom-right cell, and
        // the centre (5) wins one window.
        let (y, record, grads) = run([Self.image]) { $0.maxPool2d($1[0], poolSize: [2, 2], strides: [1, 1]) }
        #expect(y.data == [5, 6, 8, 9])
        #expect(record.attributes["argmax"] == .ints([4, 5, 7, 8]))
        #expect(grads[0].data == [0, 0, 0, 0, 1, 1, 0, 1, 1])
        // Two channels, pixels (1, 8) (2, 7) (3, 6) (4, 5): channel 0 is won by pixel (1, 1)
        // at flat index 3·2 + 0 = 6, channel 1 by pixel (0, 0) at flat index 1.
        let channels = Tensor(shape: [1, 2, 2, 2], data: [1, 8, 2, 7, 3, 6, 4, 5])
        let pooled = run([channels]) { $0.maxPool2d($1[0], poolSize: [2, 2]) }
        #expect(pooled.value.data == [4, 8])
        #expect(pooled.record.attributes["argmax"] == .ints([6, 1]))
        // A window of one 2×2 pool over a 3×3 image: the last row and column are never read.
        let dropped = run([Self.image]) { $0.maxPool2d($1[0], poolSize: [2, 2]) }
        #expect(dropped.value.shape == [1, 1, 1, 1] && dropped.value.data == [5])
    }

    @Test func averagePool() {
        // (1 + 3 + 4 + 0)/4 = 2, (2 + 2 + 2 + 2)/4 = 2, (5 + 6 + 6 + 0)/4 = 4.25, (9 + 1 + 1 + 9)/4 = 5.
        let (y, record, grads) = run([Self.poolImage], outputGrad: [4, 8, 12, 16]) { $0.avgPool2d($1[0], poolSize: [2, 2]) }
        #expect(y.data == [2, 2, 4.25, 5])
        #expect(record.op == "avg_pool2d")
        #expect(record.attributes["argmax"] == nil)
        // Every cell of a window gets a quarter of its output's gradient.
        #expect(grads[0].data == [1, 1, 2, 2,
                                  1, 1, 2, 2,
                                  3, 3, 4, 4,
                                  3, 3, 4, 4])
        // A 1×3 window with stride [1, 1] over row 1…3 of the image: (1 + 2 + 3)/3 = 2, then 5, 8.
        let rows = run([Self.image]) { $0.avgPool2d($1[0], poolSize: [1, 3], strides: [1, 1]) }
        #expect(rows.value.shape == [1, 3, 1, 1] && rows.value.data == [2, 5, 8])
    }

    @Test func flattenKeepsRowMajorOrder() {
        // [1, 2, 2, 2] → [1, 8]: (h, w, c) with c fastest, the numbers unchanged.
        let x = Tensor(shape: [1, 2, 2, 2], data: [1, 2, 3, 4, 5, 6, 7, 8])
        let (y, record, grads) = run([x], outputGrad: [8, 7, 6, 5, 4, 3, 2, 1]) { tape, inputs in
            Flatten(name: "flat")(inputs[0], parameters: [:], on: tape)
        }
        #expect(y.shape == [1, 8] && y.data == x.data)
        #expect(record.scope == "flat/reshape" && record.op == "reshape")
        #expect(record.attributes["shape"] == .ints([1, 8]))
        #expect(grads[0].shape == [1, 2, 2, 2] && grads[0].data == [8, 7, 6, 5, 4, 3, 2, 1])
    }

    @Test func convLayerScopesAndShapes() {
        let layer = Conv2D(name: "conv", filters: 2, kernelSize: [2, 2], strides: [2, 2], padding: .same, activation: .relu)
        #expect(layer.outputShape(for: [3, 3, 1]) == [2, 2, 2])
        #expect(layer.parameterShapes(for: [3, 3, 1]).map(\.shape) == [[2, 2, 1, 2], [2]])
        let tape = Tape()
        let x = tape.input(Self.image)
        let kernel = tape.parameter(Tensor(shape: [2, 2, 1, 2], data: [1, -1, 2, -2, 3, -3, 4, -4]), name: "kernel")
        let bias = tape.parameter(Tensor(vector: [0.5, 100]), name: "bias")
        let y = layer(x, parameters: ["kernel": kernel, "bias": bias], on: tape)
        let records = tape.records(gradients: tape.gradients(of: tape.sum(y))).prefix(y.id + 1)
        #expect(records.map(\.scope).suffix(3) == ["conv/convolution", "conv/bias_add", "conv/activation"])
        // Filter 0 is the kernel of `convolutionStrideTwo`, filter 1 its negation.
        #expect(records[y.id - 2].value.data == [37, -37, 21, -21, 23, -23, 9, -9])
        #expect(tape.value(y).data == [37.5, 63, 21.5, 79, 23.5, 77, 9.5, 91])
        // Glorot limit √(6 / (fan_in + fan_out)) with fan_in = 2·2·1, fan_out = 2·2·2.
        var random = SeededRandom(seed: 1)
        let initial = layer.initialValue(for: "kernel", shape: [2, 2, 1, 2], random: &random)
        let limit = (6.0 / 12).squareRoot()
        #expect(initial.data.allSatisfy { Swift.abs($0) <= limit } && initial.data.contains { Swift.abs($0) > limit / 2 })
    }
}

/// Further finite-difference checks of the image ops beyond the table in `OpGradientTests`.
@Suite struct ConvolutionGradientTests {
    @Test func convolutionVariants() {
        expectGradientsMatchFiniteDifferences("conv2d valid stride 2", inputs: [randomTensor([1, 6, 5, 2], seed: 40), randomTensor([3, 3, 2, 3], seed: 41)]) {
            $0.conv2d($1[0], $1[1], strides: [2, 2])
        }
        expectGradientsMatchFiniteDifferences("conv2d same, kernel larger than the image", inputs: [randomTensor([2, 2, 3, 1], seed: 42), randomTensor([3, 4, 1, 2], seed: 43)]) {
            $0.conv2d($1[0], $1[1], strides: [1, 2], padding: .same)
        }
    }

    @Test func layersEndToEnd() {
        // conv → max pool → flatten → dense, through the layers' own scopes.
        let conv = Conv2D(name: "c", filters: 2, kernelSize: [2, 2], padding: .same, activation: .tanh)
        let pool = Pool2D(.max, name: "p", poolSize: [2, 2])
        let flatten = Flatten(name: "f")
        expectGradientsMatchFiniteDifferences("conv-pool-flatten", inputs: [randomTensor([2, 4, 4, 1], seed: 44), randomTensor([2, 2, 1, 2], seed: 45), randomTensor([2], seed: 46)]) { tape, leaves in
            let convolved = conv(leaves[0], parameters: ["kernel": leaves[1], "bias": leaves[2]], on: tape)
            return flatten(pool(convolved, parameters: [:], on: tape), parameters: [:], on: tape)
        }
    }
}

/// The kernel gradient, computed from patches made again a few images at a time (and, with the
/// helper thread, in two halves of filters), is bit for bit the one fused multiply-add chain per
/// kernel number over all patch rows in order, as one product patchesᵀ · g gives it.
@Suite struct ConvolutionKernelGradientTests {
    /// patchesᵀ · g written out plainly from the definition: kernel[(u, v, c), f] = chain over
    /// (b, i, j) of x[b, i·sh − top + u, j·sw − left + v, c] (0 outside) · g[b, i, j, f].
    func reference(_ x: Tensor, _ grad: [Double], _ window: Window2D, filters: Int) -> [Double] {
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        var result = [Double](repeating: 0, count: depth * filters)
        for u in 0..<window.windowHeight {
            for v in 0..<window.windowWidth {
                for c in 0..<channels {
                    let d = (u * window.windowWidth + v) * channels + c
                    for f in 0..<filters {
                        var total = 0.0
                        for b in 0..<batch {
                            for i in 0..<window.outputHeight {
                                for j in 0..<window.outputWidth {
                                    let y = i * window.strideHeight - window.padTop + u
                                    let z = j * window.strideWidth - window.padLeft + v
                                    let cell = y >= 0 && y < height && z >= 0 && z < width
                                        ? x.data[((b * height + y) * width + z) * channels + c] : 0
                                    let row = (b * window.outputHeight + i) * window.outputWidth + j
                                    total = total.addingProduct(cell, grad[row * filters + f])
                                }
                            }
                        }
                        result[d * filters + f] = total
                    }
                }
            }
        }
        return result
    }

    @Test(arguments: [
        // (input [batch, H, W, C], kernel size, strides, padding, filters, patch numbers per part)
        ([5, 9, 8, 3], [3, 3], [1, 1], Padding.valid, 7, 1),        // one image per part, narrow filters
        ([6, 9, 9, 4], [3, 2], [2, 2], Padding.same, 20, 700),      // parts of several images, padding
        ([8, 18, 18, 16], [3, 3], [1, 1], Padding.valid, 32, 32768), // sharing: 2 halves of filters
        ([8, 18, 18, 16], [3, 3], [1, 1], Padding.valid, 20, 32768), // sharing: too few filters to halve, parts
    ])
    func kernelGradientIsTheOneChainOverAllRows(
        shape: [Int], kernelSize: [Int], strides: [Int], padding: Padding, filters: Int, partNumbers: Int
    ) {
        let x = randomTensor(shape, seed: UInt64(shape[0] * 100 + filters))
        let window = Window2D(input: [shape[1], shape[2]], window: kernelSize, strides: strides, padding: padding)
        let rows = shape[0] * window.outputHeight * window.outputWidth
        let grad = randomTensor([rows * filters], seed: UInt64(filters)).data
        let expected = reference(x, grad, window, filters: filters)
        // Alone (parts continuing each other), and as with the helper thread (all patches in one
        // product, or two halves of filters; side by side when the helper exists).
        for sharing in [false, true] {
            let gradient = Convolution.kernelGradient(of: x, grad, window, filters: filters,
                                                      partNumbers: partNumbers, sharing: sharing)
            let different = zip(gradient, expected).filter { $0.0.bitPattern != $0.1.bitPattern }.count
            #expect(gradient.count == expected.count && different == 0,
                    "input \(shape), \(filters) filters, sharing \(sharing): \(different) numbers differ")
        }
    }
}
