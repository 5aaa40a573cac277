import Testing
@testable import StepwiseEngine

@Suite struct TrainingPlanTests {
    @Test func fullBatchByDefault() {
        #expect(TrainingPlan(steps: 2).batches(sampleCount: 3, seed: 0) == [[0, 1, 2], [0, 1, 2]])
    }

    @Test func sequentialBatchesWithAPartialLastBatch() {
        // 5 samples in batches of 2: [0,1] [2,3] [4], then the next epoch starts again.
        #expect(TrainingPlan(steps: 4, batchSize: 2).batches(sampleCount: 5, seed: 0) == [[0, 1], [2, 3], [4], [0, 1]])
    }

    @Test func shuffleCoversEveryEpochAndRepeatsForASeed() {
        let plan = TrainingPlan(steps: 6, batchSize: 2, shuffle: true)
        let batches = plan.batches(sampleCount: 4, seed: 9)
        #expect(batches == plan.batches(sampleCount: 4, seed: 9))
        #expect(Array(batches[0...1].joined()).sorted() == [0, 1, 2, 3])
        #expect(Array(batches[2...3].joined()).sorted() == [0, 1, 2, 3])
        #expect(batches != TrainingPlan(steps: 6, batchSize: 2).batches(sampleCount: 4, seed: 9))
    }

    @Test func everyKeepsFirstLastAndMultiples() {
        let kept = (1...10).filter { TrainingRun.keeps(step: $0, every: 4, lastStep: 10) }
        #expect(kept == [1, 4, 8, 10])
    }
}
