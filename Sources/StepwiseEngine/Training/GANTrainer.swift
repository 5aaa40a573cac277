import StepwiseTrace

/// Which network a GAN update trains.
public enum GANPhase: String, Sendable, CaseIterable {
    case discriminator, generator
}

/// Where a NaN or infinity first appeared in a GAN run: the update's phase, and the op or
/// parameter as `NonFiniteValue` names it (`step` is the GAN step).
public struct GANNonFiniteValue: Equatable, Sendable, CustomStringConvertible {
    public let phase: GANPhase
    public let value: NonFiniteValue

    public var step: Int { value.step }

    /// `step 3, discriminator update: first non-finite value in the forward value of discriminator/dense0/matmul`.
    public var description: String {
        "step \(value.step), \(phase.rawValue) update: " + String(value.description.dropFirst("step \(value.step): ".count))
    }
}

/// The outcome of one GAN update: its trace record (with its `phase`), and where values first
/// became non-finite, if they did.
public struct GANUpdateResult: Sendable {
    public let trace: TraceStep
    public let nonFinite: GANNonFiniteValue?
}

/// Trains a GAN one update at a time, as the contract's "GAN specs" section fixes it: a
/// discriminator update on real rows followed by generated rows (held constant), targets 1
/// then 0; a generator update through the current discriminator, targets 1 (the
/// non-saturating loss −mean log D(G(z))). Each network has its own optimizer and its own
/// update count (Adam's t).
///
/// Scopes: the generator's ops under `generator/` (its noise leaf `generator/input`), the
/// discriminator's under `discriminator/` (its input leaf `discriminator/input` in a
/// discriminator update), the loss under the updated network's scope (`discriminator/loss/mean`,
/// `generator/loss/mean`). The gradient that reaches each generated sample, dL_G/dG(z), is the
/// gradient of the generator's last op in a generator update.
public struct GANTrainer: Sendable {
    public private(set) var generator: Model
    public private(set) var discriminator: Model
    public private(set) var generatorOptimizer: any Optimizer
    public private(set) var discriminatorOptimizer: any Optimizer
    /// Updates each network has had so far.
    public private(set) var generatorUpdates = 0
    public private(set) var discriminatorUpdates = 0

    public init(generator: Model, discriminator: Model, generatorOptimizer: any Optimizer, discriminatorOptimizer: any Optimizer) {
        precondition(discriminator.outputShape == [1], "the discriminator must output one probability")
        precondition(generator.outputShape == discriminator.inputShape, "the generator's samples must fit the discriminator")
        self.generator = generator
        self.discriminator = discriminator
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
    }

    /// One discriminator update on `real [batch, …sample]` and the generated `G(noise)`
    /// (`noise [batch, latent_dim]`), recorded at `record` as GAN step `step`.
    public mutating func discriminatorUpdate(real: Tensor, noise: Tensor, step: Int, record: RecordLevel) -> GANUpdateResult {
        precondition(real.shape[0] == noise.shape[0], "a discriminator update takes as many generated rows as real ones")
        discriminatorUpdates += 1
        let tape = Tape()
        let generated = tape.scoped(GANSpec.generatorName) { generator.forward(noise, on: tape) }
        let fake = tape.value(generated.output)
        let rows = real.shape[0]
        let input = Tensor(shape: [2 * rows] + real.shape.dropFirst(), data: real.data + fake.data)
        let targets = Tensor(shape: [2 * rows, 1], data: Array(repeating: 1, count: rows) + Array(repeating: 0, count: rows))
        let (judged, loss) = tape.scoped(GANSpec.discriminatorName) {
            let judged = discriminator.forward(from: tape.input(input), on: tape)
            return (judged, discriminator.totalLoss(of: judged, targets: targets, on: tape))
        }
        return finish(.discriminator, tape: tape, loss: loss, step: step, record: record,
                      trained: judged, forwards: [generated, judged])
    }

    /// One generator update on `noise [batch, latent_dim]` through the current discriminator,
    /// recorded at `record` as GAN step `step`.
    public mutating func generatorUpdate(noise: Tensor, step: Int, record: RecordLevel) -> GANUpdateResult {
        generatorUpdates += 1
        let tape = Tape()
        let generated = tape.scoped(GANSpec.generatorName) { generator.forward(noise, on: tape) }
        // Frozen: only the generator changes, so the discriminator's parameter gradients (and
        // their matrix products) are never computed.
        let judged = tape.scoped(GANSpec.discriminatorName) { discriminator.forward(from: generated.output, on: tape, frozen: true) }
        // The generator's loss on the discriminator's output, with the generator's regularizers.
        let asOneModel = Model.Forward(input: generated.input, output: judged.output, layerOutputs: [],
                                       parameters: generated.parameters)
        let targets = Tensor(shape: [noise.shape[0], 1], repeating: 1)
        let loss = tape.scoped(GANSpec.generatorName) { generator.totalLoss(of: asOneModel, targets: targets, on: tape) }
        return finish(.generator, tape: tape, loss: loss, step: step, record: record,
                      trained: generated, forwards: [generated, judged])
    }

    /// Backward, the trained network's update, and the trace record. `trained` is the trained
    /// network's forward pass (its parameters and input leaf); `forwards` both networks', in
    /// order, for `outputs`.
    private mutating func finish(
        _ phase: GANPhase, tape: Tape, loss: Variable, step: Int, record: RecordLevel,
        trained: Model.Forward, forwards: [Model.Forward]
    ) -> GANUpdateResult {
        let grads = tape.gradients(of: loss)
        let network = phase == .generator ? GANSpec.generatorName : GANSpec.discriminatorName
        var model = phase == .generator ? generator : discriminator
        var optimizer = phase == .generator ? generatorOptimizer : discriminatorOptimizer
        let updates = phase == .generator ? generatorUpdates : discriminatorUpdates
        let updated = ParameterUpdate.apply(to: &model, forward: trained, gradients: grads, optimizer: &optimizer,
                                            update: updates, step: step, prefix: "\(network)/", recording: true)
        let nonFinite = ParameterUpdate.firstNonFinite(on: tape, step: step) ?? updated.nonFinite
        let params = updated.params
        if phase == .generator {
            (generator, generatorOptimizer) = (model, optimizer)
        } else {
            (discriminator, discriminatorOptimizer) = (model, optimizer)
        }

        var outputs: [String: TensorValue] = [:]
        var inputGrad: TensorValue?
        if record.keepsOutputs {
            for (prefix, forward) in zip([GANSpec.generatorName, GANSpec.discriminatorName], forwards) {
                for (layer, variable) in forward.layerOutputs { outputs["\(prefix)/\(layer)"] = tape.value(variable).traceValue }
            }
            inputGrad = (grads[trained.input.id] ?? Tensor.zeros(tape.value(trained.input).shape)).traceValue
        }
        let trace = TraceStep(step: step, loss: tape.value(loss).scalar, outputs: outputs, params: params, inputGrad: inputGrad,
                              ops: record.keepsOps ? tape.records(gradients: grads) : [], phase: phase.rawValue)
        return GANUpdateResult(trace: trace, nonFinite: nonFinite.map { GANNonFiniteValue(phase: phase, value: $0) })
    }
}
