/// Running a model forward only: for decision boundaries, accuracy, and the state of a model at
/// a traced step.
extension Model {
    /// The model's output for `inputs [n, …input_shape]`: `[n, …output_shape]`.
    public func predict(_ inputs: Tensor) -> Tensor {
        let tape = Tape()
        return tape.value(forward(inputs, on: tape).output)
    }

    /// The loss of the model on `inputs [n, …input_shape]` and `targets` as a training step
    /// computes it before its update, without changing anything: `total` is the data loss plus
    /// every regularizer's penalty (the trace's `loss`), `data` the data loss alone.
    /// For validation curves: evaluate a traced step's `before` parameters on other data.
    public func evaluate(inputs: Tensor, targets: Tensor) -> (total: Double, data: Double) {
        let tape = Tape()
        let (total, data) = losses(of: forward(inputs, on: tape), targets: targets, on: tape)
        return (tape.value(total).scalar, tape.value(data).scalar)
    }

    /// The total loss (data loss plus regularization) on `inputs` and `targets`.
    public func loss(inputs: Tensor, targets: Tensor) -> Double {
        evaluate(inputs: inputs, targets: targets).total
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
