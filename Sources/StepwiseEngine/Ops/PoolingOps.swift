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
        var winners = [Int](repeating: 0, count: Pooling.outputCount(input, window))
        var output = [Double](repeating: 0, count: winners.count)
        Pooling.forEachWindow(input, window) { outputIndex, cells in
            var best = cells[0]
            var bestValue = input.data[best]
            for cell in cells.dropFirst() {
                let candidate = input.data[cell]
                if candidate > bestValue || (candidate.isNaN && !bestValue.isNaN) {
                    (best, bestValue) = (cell, candidate)
                }
            }
            winners[outputIndex] = best
            output[outputIndex] = bestValue
        }
        var attributes = window.attributes(windowName: "pool_size")
        attributes["argmax"] = .ints(winners)
        return record(.maxPool2d, name, inputs: [x], attributes: attributes,
                      value: Tensor(shape: Pooling.outputShape(input, window), data: output)) { grad, inputs, _ in
            var gradInput = [Double](repeating: 0, count: inputs[0].count)
            for (outputIndex, winner) in winners.enumerated() { gradInput[winner] += grad.data[outputIndex] }
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
        var output = [Double](repeating: 0, count: Pooling.outputCount(input, window))
        Pooling.forEachWindow(input, window) { outputIndex, cells in
            var total = 0.0
            for cell in cells { total += input.data[cell] }
            output[outputIndex] = total / size
        }
        return record(.avgPool2d, name, inputs: [x], attributes: window.attributes(windowName: "pool_size"),
                      value: Tensor(shape: Pooling.outputShape(input, window), data: output)) { grad, inputs, _ in
            var gradInput = [Double](repeating: 0, count: inputs[0].count)
            Pooling.forEachWindow(inputs[0], window) { outputIndex, cells in
                let share = grad.data[outputIndex] / size
                for cell in cells { gradInput[cell] += share }
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

    /// Calls `body` for every output element in flat row-major order (b, i, j, c) with its flat
    /// index and the flat input indices of its window's cells in row-major order (u, v).
    static func forEachWindow(_ input: Tensor, _ window: Window2D, _ body: (_ outputIndex: Int, _ cells: [Int]) -> Void) {
        let (batch, height, width, channels) = (input.shape[0], input.shape[1], input.shape[2], input.shape[3])
        var cells = [Int](repeating: 0, count: window.windowHeight * window.windowWidth)
        var outputIndex = 0
        for b in 0..<batch {
            for i in 0..<window.outputHeight {
                for j in 0..<window.outputWidth {
                    for c in 0..<channels {
                        var position = 0
                        for u in 0..<window.windowHeight {
                            let rowStart = (b * height + i * window.strideHeight + u) * width + j * window.strideWidth
                            for v in 0..<window.windowWidth {
                                cells[position] = (rowStart + v) * channels + c
                                position += 1
                            }
                        }
                        body(outputIndex, cells)
                        outputIndex += 1
                    }
                }
            }
        }
    }
}
