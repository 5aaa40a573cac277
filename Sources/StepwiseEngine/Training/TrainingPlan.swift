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

    /// The sample indices of every step's batch, in order. Shuffling draws from the stream
    /// `shuffle` of `seed`.
    public func batches(sampleCount: Int, seed: UInt64) -> [[Int]] {
        let size = min(batchSize ?? sampleCount, sampleCount)
        let perEpoch = (sampleCount + size - 1) / size
        var random = SeededRandom(seed: seed, label: "shuffle")
        var order = Array(0..<sampleCount)
        var result: [[Int]] = []
        result.reserveCapacity(steps)
        for step in 0..<steps {
            let batch = step % perEpoch
            if batch == 0 && shuffle { order = random.permutation(sampleCount) }
            result.append(Array(order[(batch * size)..<min((batch + 1) * size, sampleCount)]))
        }
        return result
    }
}
