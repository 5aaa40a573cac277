/// How a run walks through the data: `steps` optimizer steps on batches of `batchSize` samples,
/// epoch after epoch, reshuffled at the start of each epoch when `shuffle` is set. The last
/// batch of an epoch holds what is left (as Keras does).
public struct TrainingPlan: Equatable, Sendable {
    public var steps: Int
    /// nil means the whole data set as one batch.
    public var batchSize: Int?
    public var shuffle: Bool

    public init(steps: Int = 1, batchSize: Int? = nil, shuffle: Bool = false) {
        self.steps = steps
        self.batchSize = batchSize
        self.shuffle = shuffle
    }

    /// The sample indices of every step's batch, in order, made one at a time as a run asks for
    /// them (memory does not grow with `steps`). Shuffling draws from the stream `shuffle` of
    /// `seed`.
    public func batches(sampleCount: Int, seed: UInt64) -> Batches {
        Batches(plan: self, sampleCount: sampleCount, seed: seed)
    }

    /// The batches of a plan, lazily: one epoch's sample order is held at a time.
    public struct Batches: Sequence, IteratorProtocol {
        private let steps: Int
        private let shuffle: Bool
        private let sampleCount: Int
        private let size: Int
        private let perEpoch: Int
        private var random: SeededRandom
        private var order: [Int]
        private var step = 0

        init(plan: TrainingPlan, sampleCount: Int, seed: UInt64) {
            precondition(sampleCount > 0, "a plan needs at least one sample")
            steps = plan.steps
            shuffle = plan.shuffle
            self.sampleCount = sampleCount
            size = Swift.min(plan.batchSize ?? sampleCount, sampleCount)
            perEpoch = sampleCount / size + (sampleCount % size == 0 ? 0 : 1)
            random = SeededRandom(seed: seed, label: "shuffle")
            order = Array(0..<sampleCount)
        }

        public mutating func next() -> [Int]? {
            guard step < steps else { return nil }
            let batch = step % perEpoch
            step += 1
            if batch == 0 && shuffle { order = random.permutation(sampleCount) }
            return Array(order[(batch * size)..<Swift.min((batch + 1) * size, sampleCount)])
        }
    }
}
