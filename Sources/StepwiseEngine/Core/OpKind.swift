/// The closed list of op kinds the tape can record. Each kind's forward and backward live side
/// by side in `Ops/`; the trace's `op` field is the raw value.
public enum OpKind: String, CaseIterable, Sendable {
    // Leaves: values that enter the step from outside. They have no inputs.
    case input, parameter, constant

    // Elementwise, one input.
    case identity, negate, scale, square, abs, log, exp, sigmoid, tanh, relu, clip

    // Elementwise with broadcasting, two inputs.
    case add, subtract, multiply, divide

    // Reductions and normalisations.
    case sum, mean, softmax

    // Linear algebra.
    case matmul

    // Sequences and attention (`Ops/ShapeOps.swift`, `Ops/SequenceOps.swift`).
    case sqrt, slice, concat, select, stack, gather
    case batchMatmul = "batch_matmul", causalMask = "causal_mask"

    // Images, channels-last `[batch, height, width, channels]`.
    case conv2d, maxPool2d = "max_pool2d", avgPool2d = "avg_pool2d"

    // Shapes (`Ops/ReshapeOp.swift`).
    case reshape

    // Pretrained encoders (`Ops/GeluOp.swift`, `Ops/CheckpointOps.swift`): BERT's GELU, and a
    // dense layer and an embedding lookup whose weights stay in the checkpoint.
    case gelu, linear, lookup

    /// True for leaves, which no op computes.
    public var isLeaf: Bool { self == .input || self == .parameter || self == .constant }

    /// True for ops whose value is made of their inputs' numbers alone (picked, moved, negated
    /// or replaced by 0), so finite inputs always give a finite value.
    var keepsNumbersFinite: Bool {
        switch self {
        case .identity, .negate, .relu, .maxPool2d, .reshape, .slice, .concat, .select, .stack, .gather:
            return true
        default:
            return false
        }
    }
}
