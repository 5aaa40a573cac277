import StepwiseTrace

extension Tape {
    /// The same numbers, in the same row-major order, under `shape` (same element count).
    /// Backward: the gradient reshaped back to the input's shape.
    public func reshape(_ x: Variable, to shape: [Int], _ name: String = "reshape") -> Variable {
        let input = value(x)
        precondition(shape.reduce(1, *) == input.count, "reshape of \(input.shape) to \(shape)")
        return record(.reshape, name, inputs: [x], attributes: ["shape": .ints(shape)], value: input.reshaped(shape)) {
            grad, inputs, _ in
            [grad.reshaped(inputs[0].shape)]
        }
    }
}
