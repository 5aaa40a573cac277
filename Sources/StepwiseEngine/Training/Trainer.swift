import StepwiseTrace

/// Where a NaN or infinity first appeared in a step.
public struct NonFiniteValue: Equatable, Sendable, CustomStringConvertible {
    public enum Phase: String, Sendable { case forward, backward, update }
    public let step: Int
    /// The op's scope (`hidden/matmul`), or the parameter's name for an update.
    public let scope: String
    public let phase: Phase

    public var description: String {
        switch phase {
        case .forward: return "step \(step): first non-finite value in the forward value of \(scope)"
        case .backward: return "step \(step): first non-finite value in the gradient of \(scope)"
        case .update: return "step \(step): first non-finite value in the update of \(scope)"
        }
    }
}

/// The outcome of one training step.
public struct StepResult: Sendable {
    public let trace: TraceStep
    /// Set when some value of this step was NaN or infinite.
    public let nonFinite: NonFiniteValue?
}

/// Trains a model one step at a time: forward, loss, backward, update, recorded as a trace step.
public struct Trainer: Sendable {
    public private(set) var model: Model
    public private(set) var optimizer: any Optimizer
    /// Steps taken so far.
    public private(set) var stepsTaken = 0

    public init(model: Model, optimizer: any Optimizer) {
        self.model = model
        self.optimizer = optimizer
    }

    /// One step on the batch `inputs [batch, …]` with `targets` (shaped like the output, or class
    /// indices `[batch]` for the sparse loss), keeping what `record` asks for.
    public mutating func step(inputs: Tensor, targets: Tensor, record: RecordLevel = .ops) -> StepResult {
        let (trace, nonFinite, _) = advance(inputs: inputs, targets: targets, record: record)
        return StepResult(trace: trace!, nonFinite: nonFinite)
    }

    /// The same step without building a trace: the loss and where values first became non-finite.
    public mutating func stepUntraced(inputs: Tensor, targets: Tensor) -> (loss: Double, nonFinite: NonFiniteValue?) {
        let (_, nonFinite, loss) = advance(inputs: inputs, targets: targets, record: nil)
        return (loss, nonFinite)
    }

    /// Forward, loss, backward and update; a trace step only when `record` is set.
    private mutating func advance(
        inputs: Tensor, targets: Tensor, record: RecordLevel?
    ) -> (TraceStep?, NonFiniteValue?, Double) {
        stepsTaken += 1
        let tape = Tape()
        let forward = model.forward(inputs, on: tape)
        let loss = model.totalLoss(of: forward, targets: targets, on: tape)
        let grads = tape.gradients(of: loss)
        let lossValue = tape.value(loss).scalar

        let updated = ParameterUpdate.apply(to: &model, forward: forward, gradients: grads, optimizer: &optimizer,
                                            update: stepsTaken, step: stepsTaken, recording: record != nil)
        let nonFinite = ParameterUpdate.firstNonFinite(on: tape, step: stepsTaken) ?? updated.nonFinite
        let params = updated.params
        guard let record else { return (nil, nonFinite, lossValue) }

        var outputs: [String: TensorValue] = [:]
        var inputGrad: TensorValue?
        if record.keepsOutputs {
            for (layer, variable) in forward.layerOutputs { outputs[layer] = tape.value(variable).traceValue }
            inputGrad = model.integerInputs ? nil : (grads[forward.input.id] ?? Tensor.zeros(inputs.shape)).traceValue
        }
        let trace = TraceStep(step: stepsTaken, loss: lossValue, outputs: outputs, params: params,
                              inputGrad: inputGrad, ops: record.keepsOps ? tape.records(gradients: grads) : [])
        return (trace, nonFinite, lossValue)
    }
}
