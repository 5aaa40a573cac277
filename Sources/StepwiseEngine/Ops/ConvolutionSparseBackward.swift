/// The backward products of `conv2d` over the nonzero numbers of its output's gradient alone.
///
/// A convolution followed by a ReLU and a max pool gets a gradient that is mostly zeros (about
/// four in five in the CIFAR CNN). Its kernel gradient and its patches' gradient then add up only
/// the nonzero terms of each chain, in the same order: `SparseRows` says why the numbers are the
/// same, bit for bit, and checks the condition.
extension Convolution {
    /// The gradients with respect to the input `[batch, H, W, C]` and the kernel `[kh, kw, C, F]`
    /// from the output's gradient `grad [batch·H'·W', F]`: over grad's nonzero numbers alone when
    /// few enough of them are nonzero and they, the input's and the kernel's numbers skip exactly
    /// (see `SparseRows`), else as whole products. The same numbers either way.
    static func gradients(
        _ grad: [Double], input x: Tensor, kernel k: Tensor, _ window: Window2D
    ) -> (input: [Double], kernel: [Double]) {
        let (batch, channels, filters) = (x.shape[0], x.shape[3], k.shape[3])
        let sparse = sparseGradient(grad, filters: filters)
        let kernel = kernelGradient(of: x, grad, window, filters: filters,
                                    sparse: sparse.flatMap { SparseRows.skipsExactly(x.data) ? $0 : nil })
        let input = inputGradient(grad, kernel: k.data, window, batch: batch, channels: channels, filters: filters,
                                  sparse: sparse.flatMap { SparseRows.skipsExactly(k.data) ? $0 : nil })
        return (input, kernel)
    }

    /// The nonzero numbers of a convolution's output gradient `grad [rows, filters]`, when at most
    /// a third are nonzero (more, and the dense products are as fast) and they skip exactly.
    static func sparseGradient(_ grad: [Double], filters: Int) -> SparseRows? {
        guard filters > 0, grad.count >= filters else { return nil }
        return grad.withUnsafeBufferPointer { grad in
            SparseRows(grad.baseAddress!, rows: grad.count / filters, columns: filters,
                       maximumCount: grad.count / 3)
        }
    }

    /// The transpose of `a [rows, columns]`, each of its `columns` rows padded with zeros to
    /// `SparseRows.paddedWidth(rows)` numbers, in cache-line-aligned memory the caller frees.
    static func paddedTranspose(_ a: [Double], rows: Int, columns: Int) -> UnsafeMutablePointer<Double> {
        let width = SparseRows.paddedWidth(rows)
        let t = CacheLineAligned.allocate(columns * width)
        t.initialize(repeating: 0, count: columns * width)
        a.withUnsafeBufferPointer { a in
            if let a = a.baseAddress { Matrix.transpose(a, rows: rows, columns: columns, into: t, ldt: width) }
        }
        return t
    }

    /// `kernelGradient` over the nonzero numbers `grad` of the output's gradient: the patches are
    /// made again a few samples at a time (at most `partNumbers` numbers, or one sample's), and
    /// each part's nonzero terms added onto the transposed gradient, continuing every chain.
    static func sparseKernelGradient(
        of x: Tensor, _ grad: SparseRows, _ window: Window2D, filters: Int, partNumbers: Int
    ) -> [Double] {
        let (batch, channels) = (x.shape[0], x.shape[3])
        let depth = window.windowHeight * window.windowWidth * channels
        let positions = window.outputHeight * window.outputWidth
        let perSample = positions * depth
        let part = Swift.max(1, Swift.min(batch, partNumbers / perSample))
        let width = SparseRows.paddedWidth(depth)
        // [filters, width]: each chain starts from +0, as in `Matrix`.
        let transposed = CacheLineAligned.allocate(filters * width)
        defer { transposed.deallocate() }
        transposed.initialize(repeating: 0, count: filters * width)
        // Zeros past the last patch, which the products read and drop.
        let patches = CacheLineAligned.allocate(part * perSample + SparseRows.readPast)
        defer { patches.deallocate() }
        (patches + part * perSample).initialize(repeating: 0, count: SparseRows.readPast)
        x.data.withUnsafeBufferPointer { source in
            let source = source.baseAddress!
            for first in stride(from: 0, to: batch, by: part) {
                let samples = first..<Swift.min(first + part, batch)
                Workers.forEachBlock(samples.count) { index in
                    writePatches(of: source, sample: first + index, window, channels: channels,
                                 into: patches + index * perSample)
                }
                // Chunks of 32 columns, shared with the helper thread (each writes its own
                // columns of the sums). A part shorter than `part` leaves old patches after its
                // own: finite numbers, read and dropped.
                let rows = samples.lowerBound * positions..<samples.upperBound * positions
                Workers.forEachBlock(width / 32, shared: samples.count * perSample >= sharingThreshold) { chunk in
                    grad.addTransposedProduct(rows: rows, with: patches, lda: depth,
                                              columns: chunk * 32..<Swift.min(chunk * 32 + 32, depth),
                                              into: transposed, ldt: width)
                }
            }
        }
        return [Double](unsafeUninitializedCapacity: depth * filters) { result, initialized in
            Matrix.transpose(transposed, rows: filters, columns: depth, lda: width, into: result.baseAddress!)
            initialized = depth * filters
        }
    }
}
