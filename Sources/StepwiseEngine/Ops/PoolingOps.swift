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
        let channels = input.shape[3]
        let cells = Pooling.cellOffsets(input.shape, window)
        var winners: [Int] = []
        let output = [Double](unsafeUninitializedCapacity: count) { output, initialized in
            winners = [Int](unsafeUninitializedCapacity: count) { winners, winnersInitialized in
                input.data.withUnsafeBufferPointer { x in
                    guard let x = x.baseAddress, let best = output.baseAddress, let winner = winners.baseAddress else { return }
                    Pooling.forEachWindow(input.shape, window) { outputStart, corner in
                        MaxPooling.winners(of: x, corner: corner, cells: cells, channels: channels,
                                           best: best + outputStart, winner: winner + outputStart)
                    }
                }
                winnersInitialized = count
            }
            initialized = count
        }
        var attributes = window.attributes(windowName: "pool_size")
        attributes["argmax"] = .ints(winners)
        // Without overlaps each cell's gradient is 0 or 0 + one output's; overlaps add up several.
        return record(.maxPool2d, name, inputs: [x], attributes: attributes,
                      value: Tensor(shape: Pooling.outputShape(input, window), data: output),
                      picksGradients: !MaxPooling.overlapping(window)) { grad, inputs, _ in
            [Tensor(shape: inputs[0].shape,
                    data: MaxPooling.inputGradient(grad.data, winners: winners, inputShape: inputs[0].shape, window, cells: cells))]
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

    /// The offsets, from a window's top-left cell, of its cells' first channels in row-major
    /// order (u, v) over an input of `shape [batch, H, W, C]`; the first is 0.
    static func cellOffsets(_ shape: [Int], _ window: Window2D) -> [Int] {
        let (width, channels) = (shape[2], shape[3])
        return (0..<window.windowHeight).flatMap { u in (0..<window.windowWidth).map { v in (u * width + v) * channels } }
    }

    /// Walks every window in output order (b, i, j), calling `body` with the flat index of the
    /// output pixel's first channel and that of the window's top-left cell's first channel.
    @inline(__always)
    static func forEachWindow(_ shape: [Int], _ window: Window2D, _ body: (_ outputStart: Int, _ corner: Int) -> Void) {
        let (batch, height, width, channels) = (shape[0], shape[1], shape[2], shape[3])
        var outputStart = 0
        for b in 0..<batch {
            for i in 0..<window.outputHeight {
                for j in 0..<window.outputWidth {
                    body(outputStart, ((b * height + i * window.strideHeight) * width + j * window.strideWidth) * channels)
                    outputStart += channels
                }
            }
        }
    }

    /// Walks every window in output order (b, i, j) and each window's cells in row-major order
    /// (u, v), calling `body` with the flat index of the output pixel's first channel, the flat
    /// index of the input cell's first channel, and whether the cell is the window's first.
    /// Channels are left to `body`, which handles them side by side.
    @inline(__always)
    static func forEachCell(_ shape: [Int], _ window: Window2D, _ body: (_ outputStart: Int, _ cellStart: Int, _ first: Bool) -> Void) {
        let cells = cellOffsets(shape, window)
        forEachWindow(shape, window) { outputStart, corner in
            for (index, offset) in cells.enumerated() { body(outputStart, corner + offset, index == 0) }
        }
    }
}
