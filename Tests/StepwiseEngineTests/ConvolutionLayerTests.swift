import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// A `Conv2D` layer computes its convolution, bias and ReLU image by image; its records must be
/// those of the three ops recorded one after another: the same values and gradients bit for
/// bit, and the same first op found NaN or infinite.
@Suite struct ConvolutionLayerTests {
    /// Runs `build` on a tape from an input, kernel and bias, then backward from a weighted sum
    /// of its output; returns every record and the tape's first non-finite scopes.
    func records(
        input: Tensor, kernel: Tensor, bias: Tensor, _ build: (Tape, Variable, Variable, Variable) -> Variable
    ) -> (records: [OpRecord], forward: String?, gradient: String?) {
        let tape = Tape()
        let x = tape.input(input)
        let (k, b) = (tape.parameter(kernel, name: "kernel"), tape.parameter(bias, name: "bias"))
        let output = build(tape, x, k, b)
        let value = tape.value(output)
        let weights = randomTensor(value.shape, seed: 7)
        let loss = tape.sum(tape.multiply(output, tape.constant(weights, name: "weights")))
        let grads = tape.gradients(of: loss)
        return (tape.records(gradients: grads), tape.firstNonFiniteForward, tape.firstNonFiniteGradient)
    }

    /// The layer against `conv2d`, `add` and the activation recorded op by op.
    func compare(_ layer: Conv2D, input: Tensor, kernel: Tensor, bias: Tensor) {
        let fused = records(input: input, kernel: kernel, bias: bias) { tape, x, k, b in
            layer(x, parameters: ["kernel": k, "bias": b], on: tape)
        }
        let opByOp = records(input: input, kernel: kernel, bias: bias) { tape, x, k, b in
            tape.scoped(layer.name) {
                let convolved = tape.conv2d(x, k, strides: layer.strides, padding: layer.padding, "convolution")
                return layer.activation.apply(tape.add(convolved, b, "bias_add"), on: tape)
            }
        }
        #expect(fused.records.count == opByOp.records.count)
        for (a, b) in zip(fused.records, opByOp.records) {
            #expect(a.op == b.op && a.scope == b.scope && a.inputs == b.inputs && a.attributes == b.attributes)
            #expect(a.value.shape == b.value.shape)
            #expect(a.value.data.map(\.bitPattern) == b.value.data.map(\.bitPattern), "value of \(a.scope)")
            #expect(a.grad?.data.map(\.bitPattern) == b.grad?.data.map(\.bitPattern), "gradient of \(a.scope)")
        }
        #expect(fused.forward == opByOp.forward)
        #expect(fused.gradient == opByOp.gradient)
    }

    static let layers = [
        Conv2D(name: "conv", filters: 19, kernelSize: [3, 3], activation: .relu),
        Conv2D(name: "conv", filters: 5, kernelSize: [2, 3], strides: [2, 1], padding: .same, activation: .relu),
        Conv2D(name: "conv", filters: 9, kernelSize: [3, 3], activation: .tanh),
        Conv2D(name: "conv", filters: 3, kernelSize: [1, 1], activation: .linear),
    ]

    @Test(arguments: 0..<4)
    func layerRecordsTheOpsOneByOneWould(index: Int) {
        let layer = Self.layers[index]
        let inputShape = [3, 7, 6, 4]
        let input = randomTensor(inputShape, seed: UInt64(10 + index))
        let kernel = randomTensor(layer.kernelSize + [4, layer.filters], seed: UInt64(20 + index))
        let bias = randomTensor([layer.filters], seed: UInt64(30 + index))
        compare(layer, input: input, kernel: kernel, bias: bias)
    }

    @Test func nonFiniteNumbersAreFoundInTheSameOp() {
        let layer = Self.layers[0]
        let bias = randomTensor([19], seed: 3)
        var positive = randomTensor([3, 3, 4, 19], seed: 2)  // filter 4's weights all positive, so its sums are too
        for index in stride(from: 4, to: positive.count, by: 19) { positive.data[index] = Swift.abs(positive.data[index]) }
        // The last image's numbers are all 10³⁰⁰.
        var large = randomTensor([3, 7, 6, 4], seed: 1)
        for index in (2 * 7 * 6 * 4)..<large.count { large.data[index] = 1e300 }
        func firstNonFinite(kernel: Tensor, bias: Tensor) -> String? {
            compare(layer, input: large, kernel: kernel, bias: bias)
            return records(input: large, kernel: kernel, bias: bias) { tape, x, k, b in
                layer(x, parameters: ["kernel": k, "bias": b], on: tape)
            }.forward
        }
        // A weight of 10¹⁰: the last image's convolution overflows.
        var overflowing = positive
        overflowing.data[4] = 1e10
        #expect(firstNonFinite(kernel: overflowing, bias: bias) == "conv/convolution")
        // A bias so large that the last image's sums overflow, though its convolution does not.
        var huge = bias
        huge.data[4] = .greatestFiniteMagnitude
        #expect(firstNonFinite(kernel: positive, bias: huge) == "conv/bias_add")
    }
}
