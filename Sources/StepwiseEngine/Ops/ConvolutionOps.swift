import StepwiseTrace

extension Tape {
    /// 2-D convolution, channels-last, as Keras's `Conv2D` without its bias (cross-correlation:
    /// the kernel is not flipped):
    ///
    ///     y[b, i, j, f] = Σ_{u, v, c} x[b, i·sh − top + u, j·sw − left + v, c] · k[u, v, c, f]
    ///
    /// with x read as 0 outside the image. `input [batch, H, W, C]`, `kernel [kh, kw, C, F]` →
    /// `[batch, H', W', F]`, H' and W' as `Window2D` gives them.
    ///
    /// Computed as one matrix product: the patches of the input laid out as rows (im2col,
    /// `[batch·H'·W', kh·kw·C]`) times the kernel seen as `[kh·kw·C, F]`.
    /// Backward: dk = patchesᵀ · g; dpatches = g · kᵀ, each patch's gradient added back to the
    /// input cells it was read from (col2im).
    public func conv2d(
        _ input: Variable, _ kernel: Variable, strides: [Int] = [1, 1], padding: Padding = .valid,
        _ name: String = "conv2d"
    ) -> Variable {
        let (x, k) = (value(input), value(kernel))
        precondition(x.rank == 4 && k.rank == 4 && x.shape[3] == k.shape[2],
                     "conv2d of input \(x.shape) and kernel \(k.shape)")
        let window = Window2D(input: [x.shape[1], x.shape[2]], window: [k.shape[0], k.shape[1]],
                              strides: strides, padding: padding)
        let (batch, channels, filters) = (x.shape[0], x.shape[3], k.shape[3])
        let rows = batch * window.outputHeight * window.outputWidth
        let depth = window.windowHeight * window.windowWidth * channels
        let patches = Convolution.patches(of: x, window)
        let output = Matrix.multiply(patches, k.data, m: rows, k: depth, n: filters)
        var attributes = window.attributes(windowName: "kernel_size")
        attributes["padding"] = .string(padding.rawValue)
        let shape = [batch, window.outputHeight, window.outputWidth, filters]
        return record(.conv2d, name, inputs: [input, kernel], attributes: attributes,
                      value: Tensor(shape: shape, data: output)) { grad, inputs, _ in
            let gradKernel = Matrix.multiply(patches, grad.data, m: depth, k: rows, n: filters, transposeA: true)
            let gradPatches = Matrix.multiply(grad.data, inputs[1].data, m: rows, k: filters, n: depth, transposeB: true)
            let gradInput = Convolution.addPatches(gradPatches, window, batch: batch, channels: channels)
            return [Tensor(shape: inputs[0].shape, data: gradInput), Tensor(shape: inputs[1].shape, data: gradKernel)]
        }
    }
}

/// im2col and its adjoint for `conv2d`.
enum Convolution {
    /// The patches of `x [batch, H, W, C]` under `window`, one row per output position in
    /// row-major order (b, i, j), each row the window's cells in order (u, v, c), zeros where
    /// the window lies over padding: `[batch·H'·W', kh·kw·C]`.
    static func patches(of x: Tensor, _ window: Window2D) -> [Double] {
        let (batch, height, width, channels) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (outputHeight, outputWidth) = (window.outputHeight, window.outputWidth)
        let (kh, kw) = (window.windowHeight, window.windowWidth)
        let depth = kh * kw * channels
        let count = batch * outputHeight * outputWidth * depth
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            x.data.withUnsafeBufferPointer { source in
                let source = source.baseAddress!
                var row = out.baseAddress!
                for b in 0..<batch {
                    for i in 0..<outputHeight {
                        for j in 0..<outputWidth {
                            var cell = row
                            for u in 0..<kh {
                                let y = i * window.strideHeight - window.padTop + u
                                if y < 0 || y >= height {
                                    cell.update(repeating: 0, count: kw * channels)
                                    cell += kw * channels
                                    continue
                                }
                                for v in 0..<kw {
                                    let xPosition = j * window.strideWidth - window.padLeft + v
                                    if xPosition < 0 || xPosition >= width {
                                        cell.update(repeating: 0, count: channels)
                                    } else {
                                        let from = source + ((b * height + y) * width + xPosition) * channels
                                        // A plain loop beats a memmove call for a few channels.
                                        if channels <= 8 {
                                            for c in 0..<channels { cell[c] = from[c] }
                                        } else {
                                            cell.update(from: from, count: channels)
                                        }
                                    }
                                    cell += channels
                                }
                            }
                            row += depth
                        }
                    }
                }
            }
            initialized = count
        }
    }

    /// The adjoint of `patches`: each row's numbers added back onto the input cells they were
    /// read from (padding cells dropped), in row order → `[batch, H, W, C]`.
    static func addPatches(_ rows: [Double], _ window: Window2D, batch: Int, channels: Int) -> [Double] {
        let (height, width) = (window.inputHeight, window.inputWidth)
        let (outputHeight, outputWidth) = (window.outputHeight, window.outputWidth)
        let (kh, kw) = (window.windowHeight, window.windowWidth)
        let depth = kh * kw * channels
        var result = [Double](repeating: 0, count: batch * height * width * channels)
        result.withUnsafeMutableBufferPointer { target in
            rows.withUnsafeBufferPointer { rows in
                let target = target.baseAddress!
                var row = rows.baseAddress!
                for b in 0..<batch {
                    for i in 0..<outputHeight {
                        for j in 0..<outputWidth {
                            for u in 0..<kh {
                                let y = i * window.strideHeight - window.padTop + u
                                guard y >= 0 && y < height else { continue }
                                for v in 0..<kw {
                                    let xPosition = j * window.strideWidth - window.padLeft + v
                                    guard xPosition >= 0 && xPosition < width else { continue }
                                    let cell = target + ((b * height + y) * width + xPosition) * channels
                                    let source = row + (u * kw + v) * channels
                                    for c in 0..<channels { cell[c] += source[c] }
                                }
                            }
                            row += depth
                        }
                    }
                }
            }
        }
        return result
    }
}
