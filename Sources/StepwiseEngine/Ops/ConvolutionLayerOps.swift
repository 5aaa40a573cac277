extension Tape {
    /// A convolution layer's `conv2d(input, kernel) + bias`, and then `relu` when `relu` is true,
    /// computed image by image: as soon as an image's product is done, its bias is added, the
    /// ReLU taken and both sums checked for NaN and infinities while its numbers are still in
    /// cache, instead of in passes over the whole batch afterwards (the convolution's numbers only
    /// when some sum is not finite).
    ///
    /// Recorded as exactly the ops `conv2d`, `add` and `relu` record one after another (names
    /// `names`), with the same numbers, bit for bit, and the same backward rules. `input [batch,
    /// H, W, C]`, `kernel [kh, kw, C, F]`, `bias [F]` → `[batch, H', W', F]`; the last op recorded
    /// is returned.
    func conv2dAddingBias(
        _ input: Variable, _ kernel: Variable, _ bias: Variable, strides: [Int], padding: Padding, relu: Bool,
        names: (convolution: String, biasAdd: String, activation: String)
    ) -> Variable {
        let window = convolutionWindow(input, kernel, strides: strides, padding: padding)
        let (x, k, b) = (value(input), value(kernel), value(bias))
        let filters = k.shape[3]
        let batch = x.shape[0]
        let perSample = window.outputHeight * window.outputWidth * filters
        let shape = [batch, window.outputHeight, window.outputWidth, filters]
        guard b.shape == [filters], k.count > 0, batch * perSample > 0 else {
            // Nothing to gain (or a bias that is not one per filter): op by op.
            let convolved = conv2d(input, kernel, strides: strides, padding: padding, names.convolution)
            let shifted = add(convolved, bias, names.biasAdd)
            return relu ? self.relu(shifted, names.activation) : shifted
        }
        let count = batch * perSample
        // Each sample's verdicts: whether its convolution and its sums are all finite.
        let verdicts = UnsafeMutablePointer<Bool>.allocate(capacity: 2 * batch)
        defer { verdicts.deallocate() }
        verdicts.initialize(repeating: true, count: 2 * batch)
        var convolution: [Double] = [], activatedNumbers: [Double] = []
        // Written straight into the arrays the records keep.
        let shiftedNumbers = [Double](unsafeUninitializedCapacity: count) { shiftedBuffer, shiftedCount in
            activatedNumbers = [Double](unsafeUninitializedCapacity: relu ? count : 0) { activatedBuffer, activatedCount in
                let (shifted, activated) = (shiftedBuffer.baseAddress!, relu ? activatedBuffer.baseAddress : nil)
                convolution = b.data.withUnsafeBufferPointer { biases in
                    let biases = biases.baseAddress!
                    return Convolution.product(of: x, kernel: k.data, window, filters: filters) { sample, rows in
                        let start = shifted + sample * perSample
                        Broadcasting.combineTiled(rows, count: perSample, biases, width: filters, into: start, +, lanes: +)
                        let sumsFinite = Tensor.allFinite(UnsafeBufferPointer(start: start, count: perSample))
                        verdicts[2 * sample + 1] = sumsFinite
                        // y + b is finite only when y is (∞ + b is ±∞ or NaN): finite sums say the
                        // product's numbers are finite too, without reading them again.
                        verdicts[2 * sample] = sumsFinite || Tensor.allFinite(UnsafeBufferPointer(start: rows, count: perSample))
                        guard let activated else { return }
                        let target = activated + sample * perSample
                        for index in 0..<perSample { target[index] = Activation.relu(start[index]) }
                    }
                }
                activatedCount = relu ? count : 0
            }
            shiftedCount = count
        }
        let convolutionFinite = (0..<batch).allSatisfy { verdicts[2 * $0] }
        let sumsFinite = (0..<batch).allSatisfy { verdicts[2 * $0 + 1] }
        let convolved = recordConv2d(input, kernel, window, padding: padding, names.convolution,
                                     value: convolution, finite: convolutionFinite)
        let shifted = add(convolved, bias, names.biasAdd,
                          computed: (Tensor(shape: shape, data: shiftedNumbers), sumsFinite))
        guard relu else { return shifted }
        return self.relu(shifted, names.activation,
                         computed: Tensor(shape: shape, data: activatedNumbers))
    }
}
