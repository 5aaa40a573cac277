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
        let batches = plan.batches(sampleCount: dataset.sampleCount, seed: seed)
        for (index, indices) in batches.enumerated() {
            let (inputs, targets) = dataset.batch(indices)
            let result = trainer.step(inputs: inputs, targets: targets, record: record)
            if let nonFinite = result.nonFinite {
                try onStep(result)
                return nonFinite
            }
            if TrainingRun.keeps(step: index + 1, every: every, lastStep: batches.count) {
                try onStep(result)
            }
        }
        return nil
    }
}
