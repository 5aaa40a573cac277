/// Running a model forward only: for decision boundaries, accuracy, and the state of a model at
/// a traced step.
extension Model {
    /// The model's output for `inputs [n, …input_shape]`: `[n, …output_shape]`.
    public func predict(_ inputs: Tensor) -> Tensor {
        let tape = Tape()
        return tape.value(forward(inputs, on: tape).output)
    }

    /// The same model with some parameters replaced (for example a traced step's `after`
    /// values, keyed `"<layer>/<param>"`). Shapes must match.
    public func replacingParameters(_ values: [String: Tensor]) -> Model {
        var copy = self
        for (name, value) in values {
            precondition(copy.parameters[name]?.shape == value.shape, "\(name): no parameter of shape \(value.shape)")
            copy.parameters[name] = value
        }
        return copy
    }
}
