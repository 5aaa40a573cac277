import Testing
@testable import StepwiseEngine

/// A convolution's backward products over the nonzero numbers of its output's gradient alone
/// (`SparseRows`) give, bit for bit, the numbers of the whole products written out from their
/// definition, and are not used when skipping could change a number.
@Suite struct SparseConvolutionBackwardTests {
    /// The input gradient written out from its definition: each patch row's gradient (a fused
    /// multiply-add chain over the filters, from +0), added in row order onto the input cells
    /// the row was read from (each cell's sum from +0).
    func inputReference(_ grad: [Double], kernel: [Double], _ window: Window2D, batch: Int, channels: Int, filters: Int) -> [Double] {
        let (height, width) = (window.inputHeight, window.inputWidth)
        var result = [Double](repeating: 0, count: batch * height * width * channels)
        for b in 0..<batch {
            for i in 0..<window.outputHeight {
                for j in 0..<window.outputWidth {
                    let row = (b * window.outputHeight + i) * window.outputWidth + j
                    for u in 0..<window.windowHeight {
                        for v in 0..<window.windowWidth {
                            let y = i * window.strideHeight - window.padTop + u
                            let z = j * window.strideWidth - window.padLeft + v
                            guard y >= 0, y < height, z >= 0, z < width else { continue }
                            for c in 0..<channels {
                                let d = (u * window.windowWidth + v) * channels + c
                                var total = 0.0
                                for f in 0..<filters {
                                    total = total.addingProduct(grad[row * filters + f], kernel[d * filters + f])
                                }
                                result[((b * height + y) * width + z) * channels + c] += total
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// A gradient `[rows, filters]` with about `density` of its numbers nonzero; some of the
    /// zeros are −0, as a ReLU's backward writes them.
    func sparseGradient(rows: Int, filters: Int, density: Double, seed: UInt64) -> [Double] {
        var random = SeededRandom(seed: seed)
        return (0..<rows * filters).map { _ in
            random.uniform(0, 1) < density ? random.uniform(-1, 1) : (random.uniform(0, 1) < 0.2 ? -0.0 : 0)
        }
    }

    func differences(_ actual: [Double], _ expected: [Double]) -> Int {
        actual.count == expected.count ? zip(actual, expected).filter { $0.bitPattern != $1.bitPattern }.count : -1
    }

    @Test(arguments: [
        // (input [batch, H, W, C], kernel size, strides, padding, filters)
        ([4, 10, 10, 3], [3, 3], [1, 1], Padding.valid, 32),   // 27 patch columns: one partial chunk
        ([2, 9, 9, 32], [3, 3], [1, 1], Padding.valid, 64),    // 288 columns: four chunks of 64, one of 32
        ([3, 9, 8, 13], [3, 3], [2, 1], Padding.same, 20),     // 117 columns: chunks of 64 and 53; padding
        ([2, 7, 7, 5], [2, 3], [2, 2], Padding.same, 9),       // 30 columns, uneven padding
        ([5, 6, 6, 40], [1, 1], [1, 1], Padding.valid, 7),     // 40 columns: one chunk of 64 read for 40
    ])
    func sparseProductsEqualTheWholeChains(
        shape: [Int], kernelSize: [Int], strides: [Int], padding: Padding, filters: Int
    ) throws {
        // Inputs with zeros among them, as a ReLU's outputs have.
        let x = Tensor(shape: shape, data: randomTensor(shape, seed: UInt64(shape[3])).data.enumerated().map {
            $0.offset % 5 == 0 ? 0 : $0.element
        })
        let kernel = randomTensor(kernelSize + [shape[3], filters], seed: UInt64(filters))
        let window = Window2D(input: [shape[1], shape[2]], window: kernelSize, strides: strides, padding: padding)
        let rows = shape[0] * window.outputHeight * window.outputWidth
        let grad = sparseGradient(rows: rows, filters: filters, density: 0.12, seed: UInt64(rows))
        let expectedKernel = ConvolutionKernelGradientTests().reference(x, grad, window, filters: filters)
        let expectedInput = inputReference(grad, kernel: kernel.data, window, batch: shape[0], channels: shape[3], filters: filters)

        let sparse = try #require(Convolution.sparseGradient(grad, filters: filters), "a gradient of 12 % nonzeros is sparse")
        // Parts of one sample (chains continued part after part) and of all of them.
        for partNumbers in [1, Convolution.partNumbers] {
            let gradKernel = Convolution.kernelGradient(of: x, grad, window, filters: filters,
                                                        partNumbers: partNumbers, sparse: sparse)
            #expect(differences(gradKernel, expectedKernel) == 0, "kernel gradient, input \(shape), parts of \(partNumbers)")
        }
        let gradInput = Convolution.inputGradient(grad, kernel: kernel.data, window, batch: shape[0],
                                                  channels: shape[3], filters: filters, sparse: sparse)
        #expect(differences(gradInput, expectedInput) == 0, "input gradient, input \(shape)")
        // And as the op takes them.
        let (input, kernelGradient) = Convolution.gradients(grad, input: x, kernel: kernel, window)
        #expect(differences(input, expectedInput) == 0 && differences(kernelGradient, expectedKernel) == 0)
    }

    @Test func aGradientWithMoreNonzerosIsTakenWhole() {
        let x = randomTensor([2, 6, 6, 4], seed: 1), kernel = randomTensor([3, 3, 4, 8], seed: 2)
        let window = Window2D(input: [6, 6], window: [3, 3], strides: [1, 1], padding: .valid)
        let grad = sparseGradient(rows: 2 * 16, filters: 8, density: 0.5, seed: 3)
        #expect(Convolution.sparseGradient(grad, filters: 8) == nil)
        let (input, kernelGradient) = Convolution.gradients(grad, input: x, kernel: kernel, window)
        #expect(differences(kernelGradient, ConvolutionKernelGradientTests().reference(x, grad, window, filters: 8)) == 0)
        #expect(differences(input, inputReference(grad, kernel: kernel.data, window, batch: 2, channels: 4, filters: 8)) == 0)
    }

    @Test func sparseRowsHoldTheNonzeroNumbersInOrder() throws {
        let matrix: [Double] = [0, 2, -0.0, 0,
                                0, 0, 0, 0,
                                -3, 0, 0, 5.5,
                                0, 0, 7, 0]
        let rows = try #require(matrix.withUnsafeBufferPointer { SparseRows($0.baseAddress!, rows: 4, columns: 4, maximumCount: 5) })
        #expect(rows.starts == [0, 1, 1, 3, 4])
        #expect(Array(rows.columnIndices.prefix(4)) == [1, 0, 3, 2])
        #expect(Array(rows.values.prefix(4)) == [2, -3, 5.5, 7])
        // Four nonzero numbers: not three or fewer.
        #expect(matrix.withUnsafeBufferPointer { SparseRows($0.baseAddress!, rows: 4, columns: 4, maximumCount: 3) } == nil)
    }

    /// Rows of 37 numbers (four whole vectors of eight and five more), about one in four nonzero,
    /// with −0s: each row's entries are its nonzero numbers and their columns, in order, exactly as
    /// a plain walk over the row finds them; one more nonzero number than allowed is refused.
    @Test func wideRowsAreGatheredWholeAndInOrder() throws {
        let (rows, columns) = (9, 37)
        var random = SeededRandom(seed: 5, label: "sparse rows")
        let matrix: [Double] = (0..<(rows * columns)).map { _ in
            let u = random.uniform(-1, 1)
            return u < -0.9 ? -0.0 : u > 0.5 ? u : u < -0.75 ? u * 3 : 0
        }
        var starts = [0], columnIndices: [Int32] = [], values: [Double] = []
        for r in 0..<rows {
            for j in 0..<columns where matrix[r * columns + j] != 0 {
                columnIndices.append(Int32(j))
                values.append(matrix[r * columns + j])
            }
            starts.append(values.count)
        }
        #expect(values.count > 60 && values.count < 120)
        let gathered = try #require(matrix.withUnsafeBufferPointer {
            SparseRows($0.baseAddress!, rows: rows, columns: columns, maximumCount: values.count)
        })
        #expect(gathered.starts == starts)
        #expect(gathered.columnIndices == columnIndices + [0])
        #expect(gathered.values.map(\.bitPattern) == (values + [0]).map(\.bitPattern))
        #expect(matrix.withUnsafeBufferPointer {
            SparseRows($0.baseAddress!, rows: rows, columns: columns, maximumCount: values.count - 1)
        } == nil)
    }

    @Test(arguments: [Double.leastNonzeroMagnitude, 0x1p-453, -0x1p-460, .nan, .infinity, -.infinity])
    func aRefusedNumberInAWideRowRefusesTheRows(bad: Double) {
        // In the first vector, the fourth, and the tail of a row of 37.
        for index in [2, 30, 36, 37 + 35] {
            var matrix = [Double](repeating: 0, count: 2 * 37)
            matrix[index] = bad
            #expect(matrix.withUnsafeBufferPointer { SparseRows($0.baseAddress!, rows: 2, columns: 37, maximumCount: 10) } == nil,
                    "\(bad) at \(index)")
            matrix[index] = -0x1p-452
            #expect(matrix.withUnsafeBufferPointer { SparseRows($0.baseAddress!, rows: 2, columns: 37, maximumCount: 10) } != nil)
        }
    }

    @Test(arguments: [Double.leastNonzeroMagnitude, 0x1p-453, -0x1p-460, .nan, .infinity, -.infinity])
    func numbersThatCouldChangeASumAreRefused(bad: Double) {
        // In the vector part (index 3) and in the tail (index 17) of a check.
        for index in [3, 17] {
            var numbers = [Double](repeating: 0.5, count: 18)
            numbers[index] = bad
            #expect(!SparseRows.skipsExactly(numbers), "\(bad) at \(index)")
            numbers[index] = 0x1p-452
            #expect(SparseRows.skipsExactly(numbers))
        }
        var matrix = [Double](repeating: 0, count: 40)
        matrix[33] = bad
        #expect(matrix.withUnsafeBufferPointer { SparseRows($0.baseAddress!, rows: 10, columns: 4, maximumCount: 10) } == nil)
    }

    /// A 1 × 1 convolution over three cells, so that kernel number f's gradient is the chain over
    /// the cells of x · g[·, f]: the first term underflows to −0 (2⁻¹⁰⁷⁴ · −¼), and the second,
    /// 1 · +0, turns the whole chain's −0 into +0. Leaving that zero term out would keep −0.
    @Test func aTinyFactorKeepsTheWholeChains() throws {
        let window = Window2D(input: [1, 3], window: [1, 1], strides: [1, 1], padding: .valid)
        let kernel = Tensor(shape: [1, 1, 1, 4], data: [1, 1, 1, 1])
        // The tiny number in the input, then in the gradient.
        let cases: [(x: [Double], g0: Double)] = [([.leastNonzeroMagnitude, 1, 1], -0.25),
                                                  ([0.25, 1, 1], -.leastNonzeroMagnitude)]
        for (cells, g0) in cases {
            let x = Tensor(shape: [1, 1, 3, 1], data: cells)
            var grad = [Double](repeating: 0, count: 12)
            grad[0] = g0
            let expected = ConvolutionKernelGradientTests().reference(x, grad, window, filters: 4)
            #expect(expected[0].bitPattern == (0.0).bitPattern, "the whole chain ends at +0")
            let (_, kernelGradient) = Convolution.gradients(grad, input: x, kernel: kernel, window)
            #expect(differences(kernelGradient, expected) == 0, "x \(cells), g \(g0)")
        }
        // What the guard prevents: the same numbers skipped give −0.
        let x = Tensor(shape: [1, 1, 3, 1], data: [.leastNonzeroMagnitude, 1, 1])
        var grad = [Double](repeating: 0, count: 12)
        grad[0] = -0.25
        let skipped = try #require(Convolution.sparseGradient(grad, filters: 4))
        let unguarded = Convolution.kernelGradient(of: x, grad, window, filters: 4, sparse: skipped)
        #expect(unguarded[0].bitPattern == (-0.0).bitPattern)
    }

    /// An infinite kernel number times a zero of the gradient is NaN in the whole product; it is
    /// not skipped.
    @Test func anInfiniteKernelNumberIsNotSkipped() {
        let window = Window2D(input: [1, 3], window: [1, 1], strides: [1, 1], padding: .valid)
        let x = Tensor(shape: [1, 1, 3, 1], data: [1, 2, 3])
        let kernel = Tensor(shape: [1, 1, 1, 4], data: [1, .infinity, 1, 1])
        var grad = [Double](repeating: 0, count: 12)
        grad[0] = 0.5
        let (input, _) = Convolution.gradients(grad, input: x, kernel: kernel, window)
        #expect(input.allSatisfy { $0.isNaN })
    }
}
