import StepwiseTrace

/// A whole run of a spec: the trainer, the data and the plan, stepping through every batch and
/// handing each kept step to the caller as soon as it is made.
public struct TrainingRun {
    public private(set) var trainer: Trainer
    public let dataset: Dataset
    public let plan: TrainingPlan
    public let seed: UInt64

    public init(trainer: Trainer, dataset: Dataset, plan: TrainingPlan, seed: UInt64) {
        self.trainer = trainer
        self.dataset = dataset
        self.plan = plan
        self.seed = seed
    }

    /// Which steps a trace keeps with `every`: every K-th step, plus the first and the last.
    public static func keeps(step: Int, every: Int, lastStep: Int) -> Bool {
        step == 1 || step == lastStep || step % every == 0
    }

    /// Runs every step of the plan, calling `onStep` with each kept step. Stops after a step
    /// whose values became NaN or infinite (that step is still handed over, whether kept or
    /// not) and returns where it happened.
    @discardableResult
    public mutating func run(
        record: RecordLevel, every: Int = 1, onStep: (StepResult) throws -> Void
    ) rethrows -> NonFiniteValue? {
        let lastStep = plan.steps
        return try run(levels: { TrainingRun.keeps(step: $0, every: every, lastStep: lastStep) ? record : nil }, onStep: onStep)
    }

    /// Runs every step of the plan, recording step n at `levels(n)`, and calling `onStep` with
    /// each step that has a level; a step without one (nil) is recorded at `summary` level and
    /// handed over only if its values became NaN or infinite. Stops after such a step and
    /// returns where it happened. Lets a caller keep every op of a few steps and only the loss
    /// and parameters of the rest.
    @discardableResult
    public mutating func run(
        levels: (Int) -> RecordLevel?, onStep: (StepResult) throws -> Void
    ) rethrows -> NonFiniteValue? {
        let batches = plan.batches(sampleCount: dataset.sampleCount, seed: seed)
        for (index, indices) in batches.enumerated() {
            let (inputs, targets) = dataset.batch(indices)
            let level = levels(index + 1)
            let result = trainer.step(inputs: inputs, targets: targets, record: level ?? .summary)
            if let nonFinite = result.nonFinite {
                try onStep(result)
                return nonFinite
            }
            if level != nil { try onStep(result) }
        }
        return nil
    }
}
