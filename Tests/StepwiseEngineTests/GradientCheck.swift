import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// Checks an op's backward against central finite differences.
///
/// `build` records the op on a fresh tape from leaves holding `inputs`; the checked scalar is
/// f = Σ wᵢ yᵢ with fixed pseudo-random weights w, so every output element's gradient matters.
/// Each input element is moved by ±h and f recomputed from scratch. An element passes when
/// |analytic − numeric| ≤ 1e-6 · max(|analytic|, |numeric|, 1e-3) (relative error, with a floor
/// so gradients that are exactly zero do not divide by zero).
func expectGradientsMatchFiniteDifferences(
    _ name: String, inputs: [Tensor], h: Double = 1e-5,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ build: @escaping (Tape, [Variable]) -> Variable
) {
    func evaluate(_ values: [Tensor]) -> (tape: Tape, leaves: [Variable], f: Variable) {
        let tape = Tape()
        let leaves = values.enumerated().map { tape.parameter($0.element, name: "x\($0.offset)") }
        let output = build(tape, leaves)
        var random = SeededRandom(seed: 99, label: "gradient-check")
        let shape = tape.value(output).shape
        let weights = Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in random.uniform(0.5, 1.5) })
        let weighted = tape.multiply(output, tape.constant(weights, name: "w"))
        return (tape, leaves, tape.sum(weighted))
    }
    let (tape, leaves, f) = evaluate(inputs)
    let grads = tape.gradients(of: f)
    for (position, input) in inputs.enumerated() {
        guard let analytic = grads[leaves[position].id] else {
            Issue.record("\(name): no gradient for input \(position)", sourceLocation: sourceLocation)
            continue
        }
        for index in 0..<input.count {
            var plus = inputs, minus = inputs
            plus[position].data[index] += h
            minus[position].data[index] -= h
            let fPlus = evaluate(plus).tape.value(evaluate(plus).f).scalar
            let fMinus = evaluate(minus).tape.value(evaluate(minus).f).scalar
            let numeric = (fPlus - fMinus) / (2 * h)
            let a = analytic.data[index]
            let scale = max(Swift.abs(a), Swift.abs(numeric), 1e-3)
            #expect(Swift.abs(a - numeric) <= 1e-6 * scale,
                    "\(name): input \(position)[\(index)]: analytic \(a), numeric \(numeric)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// A tensor of `shape` with pseudo-random values in [low, high), kept at least `margin` away
/// from zero (so kinks such as relu's and |x|'s at 0 are never straddled).
func randomTensor(_ shape: [Int], seed: UInt64, low: Double = -1, high: Double = 1, margin: Double = 0.05) -> Tensor {
    var random = SeededRandom(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in
        var value = random.uniform(low, high)
        while Swift.abs(value) < margin { value = random.uniform(low, high) }
        return value
    })
}

/// A reference tensor matched: `actual` is present, has `expected`'s shape, and its numbers are
/// close as `expectClose` says.
func expectTensor(
    _ actual: TensorValue?, _ expected: TensorValue, _ what: String, relative: Double, absolute: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let actual else {
        Issue.record("\(what): missing", sourceLocation: sourceLocation)
        return
    }
    #expect(actual.shape == expected.shape, "\(what): shape", sourceLocation: sourceLocation)
    expectClose(actual.data, expected.data, relative: relative, absolute: absolute, what, sourceLocation: sourceLocation)
}

/// Element-wise closeness with a relative tolerance.
func expectClose(
    _ actual: [Double], _ expected: [Double], relative: Double, absolute: Double = 0,
    _ what: String = "", sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(what): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let allowed = max(relative * Swift.abs(e), absolute)
        #expect(Swift.abs(a - e) <= allowed, "\(what)[\(index)]: \(a), expected \(e)", sourceLocation: sourceLocation)
    }
}
