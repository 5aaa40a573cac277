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
    /// Computed as a matrix product: the patches of the input laid out as rows (im2col,
    /// `[batch·H'·W', kh·kw·C]`) times the kernel seen as `[kh·kw·C, F]`, one sample's rows at a time.
    /// Backward: dk = patchesᵀ · g; dpatches = g · kᵀ, each patch's gradient added back to the
    /// input cells it was read from (col2im), one sample at a time.
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
        let (patches, output) = Convolution.patchesAndProduct(of: x, kernel: k.data, window, filters: filters)
        var attributes = window.attributes(windowName: "kernel_size")
        attributes["padding"] = .string(padding.rawValue)
        let shape = [batch, window.outputHeight, window.outputWidth, filters]
        return record(.conv2d, name, inputs: [input, kernel], attributes: attributes,
                      value: Tensor(shape: shape, data: output)) { grad, inputs, _ in
            let gradKernel = Matrix.multiply(patches, grad.data, m: depth, k: rows, n: filters, transposeA: true)
            let gradInput = Convolution.inputGradient(grad.data, kernel: inputs[1].data, window,
                                                      batch: batch, channels: channels, filters: filters)
            return [Tensor(shape: inputs[0].shape, data: gradInput), Tensor(shape: inputs[1].shape, data: gradKernel)]
        }
    }
}

/// im2col and its adjoint for `conv2d`.
enum Convolution {
    /// The patches of `x [batch, H, W, C]` under `window` (im2col), one row per output position
    /// in row-major order (b, i, j), each row the window's cells in order (u, v, c), zeros where
    /// the window lies over padding: `[batch·H'·W', kh·kw·C]`; and their product with
    /// `kernel [kh·kw·C, F]`: `[batch·H'·W', F]`.
    ///
    /// One sample at a time (blocks shared with the helper thread): a sample's rows are
    /// multiplied while they are still in cache. Every element of the product is the same fused
    /// multiply-add chain as in one product of all rows.
    static func patchesAndProduct(
        of x: Tensor, kernel: [Double], _ window: Window2D, filters: Int
    ) -> (patches: [Double], product: [Double]) {
        let (batch, channels) = (x.shape[0], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        let positions = window.outputHeight * window.outputWidth
        let count = batch * positions * depth
        let outputs = batch * positions * filters
        guard count > 0 else { return ([], [Double](repeating: 0, count: outputs)) }
        var patches: [Double] = []
        let product = [Double](unsafeUninitializedCapacity: outputs) { product, productInitialized in
            patches = [Double](unsafeUninitializedCapacity: count) { out, initialized in
                x.data.withUnsafeBufferPointer { source in
                    kernel.withUnsafeBufferPointer { kernel in
                        let (source, kernel, out, product) = (source.baseAddress!, kernel.baseAddress!, out.baseAddress!, product.baseAddress!)
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
                            // This sample's rows times the kernel (a product of its own; shared
                            // with the helper only when the samples are not).
                            Matrix.multiply(out + sample * positions * depth, kernel, into: product + sample * positions * filters,
                                            m: positions, k: depth, n: filters)
                        }
                    }
                }
                initialized = count
            }
            productInitialized = outputs
        }
        return (patches, product)
    }

    /// The gradient with respect to the input `[batch, H, W, C]`, from the output's gradient
    /// `grad [batch·H'·W', F]` and `kernel [kh·kw·C, F]`: the patches' gradient g · kᵀ, each
    /// row's numbers added back onto the input cells they were read from (padding cells
    /// dropped), in row order (the adjoint of `patches`).
    ///
    /// One sample at a time (blocks shared with the helper thread): its rows of g · kᵀ go into a
    /// scratch buffer that stays in cache and are added back at once, instead of writing the
    /// whole batch's patch gradient to memory and reading it again. The same products and sums
    /// in the same order, so the same numbers.
    static func inputGradient(
        _ grad: [Double], kernel: [Double], _ window: Window2D, batch: Int, channels: Int, filters: Int
    ) -> [Double] {
        let positions = window.outputHeight * window.outputWidth
        let depth = window.windowHeight * window.windowWidth * channels
        let image = window.inputHeight * window.inputWidth * channels
        guard batch * image > 0, positions * depth * filters > 0 else { return [Double](repeating: 0, count: batch * image) }
        return [Double](unsafeUninitializedCapacity: batch * image) { target, initialized in
            // kᵀ [F, kh·kw·C] once, so no sample's product transposes it again.
            let kernelT = Matrix.transpose(kernel, rows: depth, columns: filters)
            grad.withUnsafeBufferPointer { grad in
                kernelT.withUnsafeBufferPointer { kernelT in
                    let (target, grad, kernelT) = (target.baseAddress!, grad.baseAddress!, kernelT.baseAddress!)
                    Workers.forEachBlock(batch, shared: batch * positions * depth >= sharingThreshold) { sample in
                        let rows = UnsafeMutablePointer<Double>.allocate(capacity: positions * depth)
                        defer { rows.deallocate() }
                        // Sample `sample`'s rows of g · kᵀ (a product of its own; shared with the
                        // helper only when the samples are not).
                        Matrix.multiply(grad + sample * positions * filters, kernelT, into: rows,
                                        m: positions, k: filters, n: depth)
                        let first = sample * positions * depth
                        (target + sample * image).initialize(repeating: 0, count: image)
                        forEachSegment(window, sample: sample, channels: channels) { row, input, before, length, _ in
                            guard let input else { return }
                            let (to, from) = (target + input, rows + (row - first) + before)
                            for index in 0..<length { to[index] += from[index] }
                        }
                    }
                }
            }
            initialized = batch * image
        }
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
