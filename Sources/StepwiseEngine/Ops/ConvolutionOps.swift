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
        let (batch, channels) = (x.shape[0], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        let count = batch * window.outputHeight * window.outputWidth * depth
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            x.data.withUnsafeBufferPointer { source in
                let (source, out) = (source.baseAddress!, out.baseAddress!)
                // Samples in blocks shared with the helper thread; each writes its own rows.
                Workers.forEachBlock(batch, shared: count >= sharingThreshold) { sample in
                    forEachSegment(window, sample: sample, channels: channels) { row, input, before, length, after in
                        let target = out + row
                        if before > 0 { target.update(repeating: 0, count: before) }
                        if let input {
                            let (to, from) = (target + before, source + input)
                            if length > 16 {
                                to.update(from: from, count: length)
                            } else {
                                for index in 0..<length { to[index] = from[index] }
                            }
                        }
                        if after > 0 { (target + before + length).update(repeating: 0, count: after) }
                    }
                }
            }
            initialized = count
        }
    }

    /// The adjoint of `patches`: each row's numbers added back onto the input cells they were
    /// read from (padding cells dropped), in row order → `[batch, H, W, C]`.
    static func addPatches(_ rows: [Double], _ window: Window2D, batch: Int, channels: Int) -> [Double] {
        var result = [Double](repeating: 0, count: batch * window.inputHeight * window.inputWidth * channels)
        let shared = rows.count >= sharingThreshold
        result.withUnsafeMutableBufferPointer { target in
            rows.withUnsafeBufferPointer { rows in
                let (target, rows) = (target.baseAddress!, rows.baseAddress!)
                // Samples in blocks shared with the helper thread; each adds into its own image.
                Workers.forEachBlock(batch, shared: shared) { sample in
                    forEachSegment(window, sample: sample, channels: channels) { row, input, before, length, _ in
                        guard let input else { return }
                        let (to, from) = (target + input, rows + row + before)
                        for index in 0..<length { to[index] += from[index] }
                    }
                }
            }
        }
        return result
    }

    /// Patch matrices with fewer numbers than this are not shared with the helper thread.
    static let sharingThreshold = 32768

    /// Walks the patches of one sample row by row (i, j) and, within a row, the window's rows u: each
    /// (row, u) covers `kw·C` numbers of the patch starting at flat index `row`, of which
    /// `before` lie over left padding, then `length` are the contiguous input cells starting at
    /// flat index `input` (nil when the whole window row lies over top or bottom padding, with
    /// `before` then covering it all), then `after` over right padding.
    @inline(__always)
    private static func forEachSegment(
        _ window: Window2D, sample b: Int, channels: Int,
        _ body: (_ row: Int, _ input: Int?, _ before: Int, _ length: Int, _ after: Int) -> Void
    ) {
        let (height, width) = (window.inputHeight, window.inputWidth)
        let (kh, kw) = (window.windowHeight, window.windowWidth)
        let segment = kw * channels
        var row = b * window.outputHeight * window.outputWidth * kh * segment
        for i in 0..<window.outputHeight {
            for j in 0..<window.outputWidth {
                let left = j * window.strideWidth - window.padLeft
                let first = Swift.max(0, -left), last = Swift.min(kw, width - left)
                for u in 0..<kh {
                    let y = i * window.strideHeight - window.padTop + u
                    if y < 0 || y >= height || first >= last {
                        body(row, nil, segment, 0, 0)
                    } else {
                        body(row, ((b * height + y) * width + left + first) * channels,
                             first * channels, (last - first) * channels, (kw - last) * channels)
                    }
                    row += segment
                }
            }
        }
    }
}
