import StepwiseTrace

/// A whole run of a GAN spec: each step's discriminator updates (each on the next real batch,
/// in data order or shuffled as a model spec's batches, wrapping around, and the next noise
/// batch), then its generator update (on the noise of the step's last discriminator update),
/// handing each kept update to the caller as soon as it is made.
///
/// A real batch shorter than `batch_size` (the last of an epoch) pairs with as many noise rows:
/// the first rows of its `data.noise` batch, or that many fresh draws.
public struct GANRun {
    public private(set) var trainer: GANTrainer
    public let realSamples: Tensor
    public let noise: Tensor?
    public let plan: TrainingPlan
    public let discriminatorSteps: Int
    public let seed: UInt64

    public init(trainer: GANTrainer, realSamples: Tensor, noise: Tensor?, plan: TrainingPlan, discriminatorSteps: Int, seed: UInt64) {
        self.trainer = trainer
        self.realSamples = realSamples
        self.noise = noise
        self.plan = plan
        self.discriminatorSteps = discriminatorSteps
        self.seed = seed
    }

    /// Runs every step, recording the updates of kept steps (every K-th, the first and the
    /// last, as `TrainingRun.keeps` says: a kept step keeps all its updates) at `record` and
    /// calling `onUpdate` with each. An update of a step not kept is recorded at `summary` level
    /// and handed over only if its values became NaN or infinite. Stops after such an update
    /// and returns where it happened.
    @discardableResult
    public mutating func run(
        record: RecordLevel, every: Int = 1, onUpdate: (GANUpdateResult) throws -> Void
    ) rethrows -> GANNonFiniteValue? {
        let lastStep = plan.steps
        return try run(levels: { TrainingRun.keeps(step: $0, every: every, lastStep: lastStep) ? record : nil }, onUpdate: onUpdate)
    }

    /// Runs every step, recording the updates of GAN step n at `levels(n)` and handing them to
    /// `onUpdate`; the updates of a step without a level (nil) are recorded at `summary` level
    /// and handed over only if their values became NaN or infinite. Lets a lesson keep every op
    /// of a few steps and the losses and parameters of the rest; a kept step keeps all its updates.
    @discardableResult
    public mutating func run(
        levels: (Int) -> RecordLevel?, onUpdate: (GANUpdateResult) throws -> Void
    ) rethrows -> GANNonFiniteValue? {
        var updatePlan = plan
        updatePlan.steps = plan.steps * discriminatorSteps
        var batches = updatePlan.batches(sampleCount: realSamples.shape[0], seed: seed)
        var random = SeededRandom(seed: seed, label: "noise")
        let latentDim = trainer.generator.inputShape[0]
        var update = 0
        for step in 1...plan.steps {
            let kept = levels(step) != nil
            let level = levels(step) ?? .summary
            var lastNoise = Tensor.zeros([0, latentDim])
            for _ in 0..<discriminatorSteps {
                let indices = batches.next()!
                let real = realSamples.rows(at: indices)
                lastNoise = noiseBatch(update, rows: indices.count, latentDim: latentDim, random: &random)
                update += 1
                let result = trainer.discriminatorUpdate(real: real, noise: lastNoise, step: step, record: level)
                if result.nonFinite != nil || kept { try onUpdate(result) }
                if let nonFinite = result.nonFinite { return nonFinite }
            }
            let result = trainer.generatorUpdate(noise: lastNoise, step: step, record: level)
            if result.nonFinite != nil || kept { try onUpdate(result) }
            if let nonFinite = result.nonFinite { return nonFinite }
        }
        return nil
    }

    /// The noise of discriminator update `update` (0-based), `[rows, latent_dim]`.
    private func noiseBatch(_ update: Int, rows: Int, latentDim: Int, random: inout SeededRandom) -> Tensor {
        if let noise {
            let batch = noise.shape[1]
            let start = (update * batch) * latentDim
            return Tensor(shape: [rows, latentDim], data: Array(noise.data[start..<(start + rows * latentDim)]))
        }
        return Tensor(shape: [rows, latentDim], data: (0..<(rows * latentDim)).map { _ in random.normal() })
    }
}
