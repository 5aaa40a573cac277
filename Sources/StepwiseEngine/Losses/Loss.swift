import StepwiseTrace

/// The data loss, a mean over the batch with Keras's semantics. Every op is recorded under
/// the scope `loss/`; the targets are the constant `loss/targets`.
public enum Loss: String, CaseIterable, Sendable {
    /// mean over every element of (y − t)²: `loss/error`, `loss/squared_error`, `loss/mean`.
    case mse
    /// mean over every element of −(t log y + (1 − t) log(1 − y)), y clipped to [ε, 1 − ε].
    case binaryCrossentropy = "binary_crossentropy"
    /// mean over the batch of −Σ t log y (last axis), y clipped to [ε, 1 − ε].
    case crossEntropy = "cross_entropy"
    /// As `cross_entropy` with integer class targets `[batch]`, one-hot encoded first.
    case sparseCategoricalCrossentropy = "sparse_categorical_crossentropy"

    /// Keras's `epsilon()`, the clip applied to probabilities before a log.
    public static let epsilon = 1e-7

    /// True when targets are class indices rather than values shaped like the output.
    public var usesClassIndices: Bool { self == .sparseCategoricalCrossentropy }

    /// Records the loss of `prediction [batch, …]` against `targets` and returns the scalar.
    /// `targets` has the prediction's shape, or `[batch, …]` class indices for the sparse loss.
    public func apply(prediction: Variable, targets: Tensor, on tape: Tape) -> Variable {
        tape.scoped("loss") {
            switch self {
            case .mse:
                let target = tape.constant(targets, name: "targets")
                let error = tape.subtract(prediction, target, "error")
                return tape.mean(tape.square(error, "squared_error"), "mean")
            case .binaryCrossentropy:
                let target = tape.constant(targets, name: "targets")
                let one = tape.constant(Tensor(scalar: 1), name: "one")
                let y = tape.clip(prediction, low: Loss.epsilon, high: 1 - Loss.epsilon, "clipped")
                let positive = tape.multiply(target, tape.log(y, "log_y"), "t_log_y")
                let oneMinusY = tape.subtract(one, y, "one_minus_y")
                let oneMinusT = tape.subtract(one, target, "one_minus_t")
                let negative = tape.multiply(oneMinusT, tape.log(oneMinusY, "log_one_minus_y"), "one_minus_t_log_one_minus_y")
                let perElement = tape.negate(tape.add(positive, negative, "log_likelihood"), "per_element")
                return tape.mean(perElement, "mean")
            case .crossEntropy, .sparseCategoricalCrossentropy:
                let classes = tape.value(prediction).shape.last ?? 1
                let probabilities = usesClassIndices ? Loss.oneHot(targets, classes: classes) : targets
                let target = tape.constant(probabilities, name: "targets")
                let y = tape.clip(prediction, low: Loss.epsilon, high: 1 - Loss.epsilon, "clipped")
                let weighted = tape.multiply(target, tape.log(y, "log_y"), "t_log_y")
                let perSample = tape.negate(tape.sum(weighted, over: .lastAxis, "sum_t_log_y"), "per_sample")
                return tape.mean(perSample, "mean")
            }
        }
    }

    /// Class indices `[…]` → one-hot rows `[…, classes]`.
    static func oneHot(_ indices: Tensor, classes: Int) -> Tensor {
        var data = [Double](repeating: 0, count: indices.count * classes)
        for (row, index) in indices.data.enumerated() { data[row * classes + Int(index)] = 1 }
        return Tensor(shape: indices.shape + [classes], data: data)
    }
}
