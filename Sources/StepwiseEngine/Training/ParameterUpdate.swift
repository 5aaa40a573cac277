import StepwiseTrace

/// One optimizer update of every parameter of a model from a tape's gradients, shared by
/// `Trainer` and `GANTrainer` so both check, update and record in the same order.
enum ParameterUpdate {
    /// The first non-finite value the tape met: in a forward value, else in a gradient.
    static func firstNonFinite(on tape: Tape, step: Int) -> NonFiniteValue? {
        if let scope = tape.firstNonFiniteForward { return NonFiniteValue(step: step, scope: scope, phase: .forward) }
        if let scope = tape.firstNonFiniteGradient { return NonFiniteValue(step: step, scope: scope, phase: .backward) }
        return nil
    }

    /// Updates `model`'s parameters in order with `optimizer` at its update number `update`;
    /// a parameter without a gradient gets zeros. `prefix` (`generator/`) names the parameters in
    /// the records and in the non-finite report. Returns the records (none unless `recording`)
    /// and the first updated parameter holding a non-finite value.
    static func apply(
        to model: inout Model, forward: Model.Forward, gradients: [Tensor?], optimizer: inout any Optimizer,
        update: Int, step: Int, prefix: String = "", recording: Bool
    ) -> (params: [String: ParamRecord], nonFinite: NonFiniteValue?) {
        var params: [String: ParamRecord] = [:]
        var nonFinite: NonFiniteValue?
        for name in model.parameterNames {
            let fullName = prefix + name
            let before = model.parameters[name]!
            let gradient = gradients[forward.parameters[name]!.id] ?? Tensor.zeros(before.shape)
            let after = optimizer.update(fullName, value: before, gradient: gradient, step: update)
            if nonFinite == nil, after.firstNonFiniteIndex != nil {
                nonFinite = NonFiniteValue(step: step, scope: fullName, phase: .update)
            }
            model.parameters[name] = after
            if recording {
                params[fullName] = ParamRecord(before: before.traceValue, grad: gradient.traceValue, after: after.traceValue)
            }
        }
        return (params, nonFinite)
    }
}
