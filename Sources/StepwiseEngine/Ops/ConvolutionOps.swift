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
    /// Backward: dk = patchesᵀ · g, the patches made again a few samples at a time (they are
    /// several times larger than the input, so they are not kept); dpatches = g · kᵀ, each
    /// patch's gradient added back to the input cells it was read from (col2im), one sample at a
    /// time. When most of g is zeros (after a ReLU and a max pool), both products add up its
    /// nonzero terms alone, with the same numbers (`Convolution.gradients`).
    public func conv2d(
        _ input: Variable, _ kernel: Variable, strides: [Int] = [1, 1], padding: Padding = .valid,
        _ name: String = "conv2d"
    ) -> Variable {
        let window = convolutionWindow(input, kernel, strides: strides, padding: padding)
        let (x, k) = (value(input), value(kernel))
        let output = Convolution.product(of: x, kernel: k.data, window, filters: k.shape[3])
        return recordConv2d(input, kernel, window, padding: padding, name, value: output, finite: nil)
    }

    /// The window of `kernel` over `input` (checking that their shapes fit together).
    func convolutionWindow(_ input: Variable, _ kernel: Variable, strides: [Int], padding: Padding) -> Window2D {
        let (x, k) = (value(input), value(kernel))
        precondition(x.rank == 4 && k.rank == 4 && x.shape[3] == k.shape[2],
                     "conv2d of input \(x.shape) and kernel \(k.shape)")
        return Window2D(input: [x.shape[1], x.shape[2]], window: [k.shape[0], k.shape[1]],
                        strides: strides, padding: padding)
    }

    /// Records `conv2d` of `input` and `kernel` under `window`, its numbers `output` computed
    /// already (`finite`: whether they all are, when known).
    func recordConv2d(
        _ input: Variable, _ kernel: Variable, _ window: Window2D, padding: Padding, _ name: String,
        value output: [Double], finite: Bool?
    ) -> Variable {
        let (x, k) = (value(input), value(kernel))
        let (batch, filters) = (x.shape[0], k.shape[3])
        var attributes = window.attributes(windowName: "kernel_size")
        attributes["padding"] = .string(padding.rawValue)
        let shape = [batch, window.outputHeight, window.outputWidth, filters]
        return record(.conv2d, name, inputs: [input, kernel], attributes: attributes,
                      value: Tensor(shape: shape, data: output), finite: finite) { grad, inputs, _ in
            let (gradInput, gradKernel) = Convolution.gradients(grad.data, input: inputs[0], kernel: inputs[1], window)
            return [Tensor(shape: inputs[0].shape, data: gradInput), Tensor(shape: inputs[1].shape, data: gradKernel)]
        }
    }
}

/// im2col and its adjoint for `conv2d`.
enum Convolution {
    /// The product of the patches of `x [batch, H, W, C]` under `window` (im2col: one row per
    /// output position in row-major order (b, i, j), each row the window's cells in order
    /// (u, v, c), zeros where the window lies over padding: `[batch·H'·W', kh·kw·C]`) with
    /// `kernel [kh·kw·C, F]`: `[batch·H'·W', F]`.
    ///
    /// One sample at a time (blocks shared with the helper thread): a sample's patches are made in
    /// a scratch buffer and multiplied while they are still in cache. Every element of the product
    /// is the same fused multiply-add chain as in one product of all rows.
    ///
    /// `afterEachSample`, when given, is called with each sample's index and its rows of the
    /// product (`H'·W'` rows of F) as soon as they are computed, while they are still in cache
    /// (on the helper thread for the samples it takes).
    static func product(
        of x: Tensor, kernel: [Double], _ window: Window2D, filters: Int,
        afterEachSample: ((_ sample: Int, _ rows: UnsafeMutablePointer<Double>) -> Void)? = nil
    ) -> [Double] {
        let (batch, channels) = (x.shape[0], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        let positions = window.outputHeight * window.outputWidth
        let outputs = batch * positions * filters
        guard outputs > 0, depth > 0 else { return [Double](repeating: 0, count: outputs) }
        return [Double](unsafeUninitializedCapacity: outputs) { product, initialized in
            x.data.withUnsafeBufferPointer { source in
                kernel.withUnsafeBufferPointer { kernel in
                    let (source, kernel, product) = (source.baseAddress!, kernel.baseAddress!, product.baseAddress!)
                    // Samples in blocks shared with the helper thread; each writes its own rows.
                    Workers.forEachBlock(batch, shared: batch * positions * depth >= sharingThreshold) { sample in
                        let patches = UnsafeMutablePointer<Double>.allocate(capacity: positions * depth)
                        defer { patches.deallocate() }
                        writePatches(of: source, sample: sample, window, channels: channels, into: patches)
                        // This sample's rows times the kernel (a product of its own; shared with
                        // the helper only when the samples are not).
                        Matrix.multiply(patches, kernel, into: product + sample * positions * filters,
                                        m: positions, k: depth, n: filters)
                        afterEachSample?(sample, product + sample * positions * filters)
                    }
                }
            }
            initialized = outputs
        }
    }

    /// The gradient with respect to the kernel `[kh·kw·C, F]`, patchesᵀ · g, from the input `x
    /// [batch, H, W, C]` and the output's gradient `grad [batch·H'·W', F]`.
    ///
    /// The patches are made again (the input is several times smaller than its patches, so only
    /// the input is kept). Alone, a few samples at a time into a scratch buffer that stays in
    /// cache, each part's product continuing the sums where the previous part left them. With
    /// the helper thread (`sharing`): for a large batch, each thread takes half of the filters
    /// and makes its own patches (one hand-over per convolution instead of one per part); for a
    /// small one, the two threads make all the patches and share one product. Every number is
    /// the same chain, in the same order, as one product over all rows, whichever way is taken.
    ///
    /// With `sparse` (grad's nonzero numbers, which must skip exactly against x's: see
    /// `SparseRows`), only the nonzero terms of each chain are added: the same numbers.
    static func kernelGradient(
        of x: Tensor, _ grad: [Double], _ window: Window2D, filters: Int,
        partNumbers: Int = partNumbers, sharing: Bool = Workers.hasHelper, sparse: SparseRows? = nil
    ) -> [Double] {
        let (batch, channels) = (x.shape[0], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        let positions = window.outputHeight * window.outputWidth
        guard depth * filters > 0 else { return [] }
        guard batch * positions > 0 else { return [Double](repeating: 0, count: depth * filters) }
        if let sparse {
            return sparseKernelGradient(of: x, sparse, window, filters: filters, partNumbers: partNumbers)
        }
        let perSample = positions * depth
        let small = batch * perSample < halvingNumbers
        let halves = sharing && !small && filters >= 2 * Operands.tileColumns ? 2 : 1
        // Never more patches at once than 2 MB or one sample's (the batch's are not kept).
        let part = sharing && small ? batch : Swift.max(1, Swift.min(batch, partNumbers / perSample))
        let filterRanges = Workers.ranges(filters, blocks: halves, multiple: Operands.tileColumns)
        return [Double](unsafeUninitializedCapacity: depth * filters) { result, initialized in
            x.data.withUnsafeBufferPointer { source in
                grad.withUnsafeBufferPointer { grad in
                    let (source, grad, result) = (source.baseAddress!, grad.baseAddress!, result.baseAddress!)
                    Workers.forEachBlock(filterRanges.count) { half in
                        let patches = UnsafeMutablePointer<Double>.allocate(capacity: part * perSample)
                        defer { patches.deallocate() }
                        for first in stride(from: 0, to: batch, by: part) {
                            let samples = first..<Swift.min(first + part, batch)
                            // Sample by sample, shared with the helper thread when it is free
                            // (not when it is computing the other half).
                            Workers.forEachBlock(samples.count) { index in
                                let sample = first + index
                                writePatches(of: source, sample: sample, window, channels: channels,
                                             into: patches + index * perSample)
                            }
                            let product = Operands(a: patches, lda: depth, transposeA: true,
                                                   b: grad + first * positions * filters, ldb: filters, transposeB: false,
                                                   c: result, ldc: filters, m: depth, n: filters,
                                                   k: samples.count * positions, continuing: first > 0)
                            Matrix.multiply(product.columns(filterRanges[half]))
                        }
                    }
                }
            }
            initialized = depth * filters
        }
    }

    /// Numbers of patches `kernelGradient` makes at a time, unless one sample has more: 256 KB,
    /// which stay in L2 while they are multiplied.
    static let partNumbers = 32768
    /// With fewer patches than this in the whole batch (2 MB), the kernel gradient is not split
    /// into two halves of filters: making every patch twice (once per thread) would cost more
    /// than the halves save (batch 4 of the CIFAR CNN ran 12 % slower with two threads), and so
    /// would a hand-over per part (20 % slower): the two threads share one product instead.
    static let halvingNumbers = 262144

    /// Writes the patches of sample `sample` of the input `source [batch, H, W, C]` into `target`
    /// (`H'·W'` rows of `kh·kw·C`).
    static func writePatches(
        of source: UnsafePointer<Double>, sample: Int, _ window: Window2D, channels: Int,
        into target: UnsafeMutablePointer<Double>
    ) {
        let first = sample * window.outputHeight * window.outputWidth * window.windowHeight * window.windowWidth * channels
        forEachSegment(window, sample: sample, channels: channels) { row, input, before, length, after in
            let out = target + (row - first)
            if before > 0 { out.update(repeating: 0, count: before) }
            if let input { copy(length, from: source + input, to: out + before) }
            if after > 0 { (out + before + length).update(repeating: 0, count: after) }
        }
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
    ///
    /// With `sparse` (grad's nonzero numbers, which must skip exactly against the kernel's: see
    /// `SparseRows`), only the nonzero terms of each chain are added: the same numbers.
    static func inputGradient(
        _ grad: [Double], kernel: [Double], _ window: Window2D, batch: Int, channels: Int, filters: Int,
        sparse: SparseRows? = nil
    ) -> [Double] {
        let positions = window.outputHeight * window.outputWidth
        let depth = window.windowHeight * window.windowWidth * channels
        let image = window.inputHeight * window.inputWidth * channels
        guard batch * image > 0, positions * depth * filters > 0 else { return [Double](repeating: 0, count: batch * image) }
        return [Double](unsafeUninitializedCapacity: batch * image) { target, initialized in
            // kᵀ [F, kh·kw·C] once, so no sample's product transposes it again (for the sparse
            // product, in rows padded to whole vectors).
            let kernelT = sparse == nil ? Matrix.transpose(kernel, rows: depth, columns: filters) : []
            let paddedKernelT = sparse == nil ? nil : paddedTranspose(kernel, rows: depth, columns: filters)
            defer { paddedKernelT?.deallocate() }
            grad.withUnsafeBufferPointer { grad in
                kernelT.withUnsafeBufferPointer { kernelT in
                    let (target, grad) = (target.baseAddress!, grad.baseAddress!)
                    Workers.forEachBlock(batch, shared: batch * positions * depth >= sharingThreshold) { sample in
                        let rows = CacheLineAligned.allocate(positions * depth)
                        defer { rows.deallocate() }
                        // Sample `sample`'s rows of g · kᵀ (a product of its own; shared with the
                        // helper only when the samples are not).
                        if let sparse, let paddedKernelT {
                            sparse.multiply(rows: sample * positions..<(sample + 1) * positions, by: paddedKernelT,
                                            ldb: SparseRows.paddedWidth(depth), width: depth, into: rows, ldc: depth)
                        } else {
                            Matrix.multiply(grad + sample * positions * filters, kernelT.baseAddress!, into: rows,
                                            m: positions, k: filters, n: depth)
                        }
                        let first = sample * positions * depth
                        (target + sample * image).initialize(repeating: 0, count: image)
                        forEachSegment(window, sample: sample, channels: channels) { row, input, before, length, _ in
                            guard let input else { return }
                            add(length, from: rows + (row - first) + before, to: target + input)
                        }
                    }
                }
            }
            initialized = batch * image
        }
    }

    /// Copies `count` numbers, eight at a time (a window row's cells are a few dozen numbers:
    /// inline vector moves instead of a call of `memmove` each).
    @inline(__always)
    private static func copy(_ count: Int, from source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>) {
        var index = 0
        while index + 8 <= count {
            let numbers = UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(target + index).storeBytes(of: numbers, as: SIMD8<Double>.self)
            index += 8
        }
        while index < count {
            target[index] = source[index]
            index += 1
        }
    }

    /// Adds `count` numbers onto `target`'s, eight at a time (each sum is the same single addition).
    @inline(__always)
    private static func add(_ count: Int, from source: UnsafePointer<Double>, to target: UnsafeMutablePointer<Double>) {
        var index = 0
        while index + 8 <= count {
            let sum = UnsafeRawPointer(target + index).loadUnaligned(as: SIMD8<Double>.self)
                + UnsafeRawPointer(source + index).loadUnaligned(as: SIMD8<Double>.self)
            UnsafeMutableRawPointer(target + index).storeBytes(of: sum, as: SIMD8<Double>.self)
            index += 8
        }
        while index < count {
            target[index] += source[index]
            index += 1
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
        if window.padTop + window.padBottom + window.padLeft + window.padRight == 0 {
            // No window lies over padding: every window row is `segment` numbers of one image
            // row, found by stepping (the general walk below, bounds and all, cost the first
            // convolution's nine-number window rows 5 % of a CIFAR CNN step).
            for i in 0..<window.outputHeight {
                for j in 0..<window.outputWidth {
                    var input = ((b * height + i * window.strideHeight) * width + j * window.strideWidth) * channels
                    for _ in 0..<kh {
                        body(row, input, 0, segment, 0)
                        input += width * channels
                        row += segment
                    }
                }
            }
            return
        }
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
