import StepwiseTrace

/// Max and average pooling over `[batch, H, W, C]`, channels-last, valid windows only (every
/// window lies wholly inside the image), each channel on its own.
extension Tape {
    /// y[b, i, j, c] = max over the window at (i·sh, j·sw) of x[b, ·, ·, c] → `[batch, H', W', C]`.
    ///
    /// The record's attribute `argmax` lists, for each output element in flat row-major order,
    /// the flat index into `x` of the cell that won; on a tie the first cell of the window in
    /// row-major order wins (TensorFlow's choice), and a NaN wins over numbers.
    /// Backward: each output's gradient goes to its winner only (added up where windows overlap).
    public func maxPool2d(_ x: Variable, poolSize: [Int], strides: [Int]? = nil, _ name: String = "max_pool") -> Variable {
        let input = value(x)
        let window = Pooling.window(input, poolSize: poolSize, strides: strides, kind: .maxPool2d)
        let count = Pooling.outputCount(input, window)
        var winners = [Int](repeating: 0, count: count)
        var output = [Double](repeating: 0, count: count)
        let channels = input.shape[3]
        input.data.withUnsafeBufferPointer { x in
            winners.withUnsafeMutableBufferPointer { winners in
                output.withUnsafeMutableBufferPointer { output in
                    Pooling.forEachCell(input.shape, window) { outputStart, cellStart, first in
                        if first {
                            for c in 0..<channels {
                                output[outputStart + c] = x[cellStart + c]
                                winners[outputStart + c] = cellStart + c
                            }
                            return
                        }
                        // Branch-free, four channels at a time: which cell wins is data, not control flow.
                        var c = 0
                        while c + 4 <= channels {
                            let candidate = SIMD4<Double>(x[cellStart + c], x[cellStart + c + 1], x[cellStart + c + 2], x[cellStart + c + 3])
                            let outputRaw = UnsafeMutableRawPointer(output.baseAddress! + outputStart + c)
                            let winnersRaw = UnsafeMutableRawPointer(winners.baseAddress! + outputStart + c)
                            var best = outputRaw.loadUnaligned(as: SIMD4<Double>.self)
                            var winner = winnersRaw.loadUnaligned(as: SIMD4<Int64>.self)
                            let wins = (candidate .> best) .| ((candidate .!= candidate) .& (best .== best))
                            best.replace(with: candidate, where: wins)
                            winner.replace(with: SIMD4<Int64>(0, 1, 2, 3) &+ Int64(cellStart + c), where: wins)
                            outputRaw.storeBytes(of: best, as: SIMD4<Double>.self)
                            winnersRaw.storeBytes(of: winner, as: SIMD4<Int64>.self)
                            c += 4
                        }
                        while c < channels {
                            let (candidate, best) = (x[cellStart + c], output[outputStart + c])
                            if candidate > best || (candidate.isNaN && !best.isNaN) {
                                output[outputStart + c] = candidate
                                winners[outputStart + c] = cellStart + c
                            }
                            c += 1
                        }
                    }
                }
            }
        }
        var attributes = window.attributes(windowName: "pool_size")
        attributes["argmax"] = .ints(winners)
        return record(.maxPool2d, name, inputs: [x], attributes: attributes,
                      value: Tensor(shape: Pooling.outputShape(input, window), data: output)) { grad, inputs, _ in
            var gradInput = [Double](repeating: 0, count: inputs[0].count)
            gradInput.withUnsafeMutableBufferPointer { gradInput in
                grad.data.withUnsafeBufferPointer { grad in
                    for (outputIndex, winner) in winners.enumerated() { gradInput[winner] += grad[outputIndex] }
                }
            }
            return [Tensor(shape: inputs[0].shape, data: gradInput)]
        }
    }

    /// y[b, i, j, c] = mean over the window at (i·sh, j·sw) of x[b, ·, ·, c] → `[batch, H', W', C]`
    /// (the cells summed in row-major order, then divided by ph·pw).
    /// Backward: every cell of a window gets its output's gradient / (ph·pw).
    public func avgPool2d(_ x: Variable, poolSize: [Int], strides: [Int]? = nil, _ name: String = "avg_pool") -> Variable {
        let input = value(x)
        let window = Pooling.window(input, poolSize: poolSize, strides: strides, kind: .avgPool2d)
        let size = Double(window.windowHeight * window.windowWidth)
        let channels = input.shape[3]
        var output = [Double](repeating: 0, count: Pooling.outputCount(input, window))
        input.data.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { output in
                Pooling.forEachCell(input.shape, window) { outputStart, cellStart, _ in
                    for c in 0..<channels { output[outputStart + c] += x[cellStart + c] }
                }
                for index in 0..<output.count { output[index] /= size }
            }
        }
        return record(.avgPool2d, name, inputs: [x], attributes: window.attributes(windowName: "pool_size"),
                      value: Tensor(shape: Pooling.outputShape(input, window), data: output)) { grad, inputs, _ in
            let shares = grad.data.map { $0 / size }
            var gradInput = [Double](repeating: 0, count: inputs[0].count)
            gradInput.withUnsafeMutableBufferPointer { gradInput in
                Pooling.forEachCell(inputs[0].shape, window) { outputStart, cellStart, _ in
                    for c in 0..<channels { gradInput[cellStart + c] += shares[outputStart + c] }
                }
            }
            return [Tensor(shape: inputs[0].shape, data: gradInput)]
        }
    }
}

/// The window walk shared by the pools.
enum Pooling {
    static func window(_ input: Tensor, poolSize: [Int], strides: [Int]?, kind: OpKind) -> Window2D {
        precondition(input.rank == 4, "\(kind.rawValue) of an input of shape \(input.shape), expected [batch, height, width, channels]")
        return Window2D(input: [input.shape[1], input.shape[2]], window: poolSize, strides: strides ?? poolSize, padding: .valid)
    }

    static func outputShape(_ input: Tensor, _ window: Window2D) -> [Int] {
        [input.shape[0], window.outputHeight, window.outputWidth, input.shape[3]]
    }

    static func outputCount(_ input: Tensor, _ window: Window2D) -> Int {
        outputShape(input, window).reduce(1, *)
    }

    /// Walks every window in output order (b, i, j) and each window's cells in row-major order
    /// (u, v), calling `body` with the flat index of the output pixel's first channel, the flat
    /// index of the input cell's first channel, and whether the cell is the window's first.
    /// Channels are left to `body`, which handles them side by side.
    @inline(__always)
    static func forEachCell(_ shape: [Int], _ window: Window2D, _ body: (_ outputStart: Int, _ cellStart: Int, _ first: Bool) -> Void) {
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        var outputStart = 0
        for b in 0..<batch {
            for i in 0..<window.outputHeight {
                for j in 0..<window.outputWidth {
                    for u in 0..<window.windowHeight {
                        let rowStart = (b * height + i * window.strideHeight + u) * width + j * window.strideWidth
                        for v in 0..<window.windowWidth {
                            body(outputStart, (rowStart + v) * channels, u == 0 && v == 0)
                        }
                    }
                    outputStart += channels
                }
            }
        }
    }
}
