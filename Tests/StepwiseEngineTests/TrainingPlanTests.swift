import Testing
@testable import StepwiseEngine

@Suite struct TrainingPlanTests {
    @Test func fullBatchByDefault() {
        #expect(TrainingPlan(steps: 2).batches(sampleCount: 3, seed: 0).map { $0 } == [[0, 1, 2], [0, 1, 2]])
    }

    @Test func sequentialBatchesWithAPartialLastBatch() {
        // 5 samples in batches of 2: [0,1] [2,3] [4], then the next epoch starts again.
        #expect(TrainingPlan(steps: 4, batchSize: 2).batches(sampleCount: 5, seed: 0).map { $0 } == [[0, 1], [2, 3], [4], [0, 1]])
    }

    @Test func shuffleCoversEveryEpochAndRepeatsForASeed() {
        let plan = TrainingPlan(steps: 6, batchSize: 2, shuffle: true)
        let batches = Array(plan.batches(sampleCount: 4, seed: 9))
        #expect(batches == Array(plan.batches(sampleCount: 4, seed: 9)))
        #expect(Array(batches[0...1].joined()).sorted() == [0, 1, 2, 3])
        #expect(Array(batches[2...3].joined()).sorted() == [0, 1, 2, 3])
        #expect(batches != Array(TrainingPlan(steps: 6, batchSize: 2).batches(sampleCount: 4, seed: 9)))
    }

    @Test func everyKeepsFirstLastAndMultiples() {
        let kept = (1...10).filter { TrainingRun.keeps(step: $0, every: 4, lastStep: 10) }
        #expect(kept == [1, 4, 8, 10])
    }
}

/// Batches are made as a run asks for them: a plan of `Int.max` steps costs no more memory
/// than a plan of one, and its first steps run.
@Suite struct LazyBatchTests {
    @Test func aPlanOfIntMaxStepsGivesItsFirstBatches() {
        let plan = TrainingPlan(steps: Int.max, batchSize: 2, shuffle: true)
        let first = Array(plan.batches(sampleCount: 5, seed: 3).prefix(4))
        #expect(first == Array(TrainingPlan(steps: 4, batchSize: 2, shuffle: true).batches(sampleCount: 5, seed: 3)))
    }

    struct Enough: Error {}

    @Test func aRunOfIntMaxStepsTakesItsFirstStep() throws {
        let spec = try ModelSpec.parse("""
            input_shape: [2]
            layers: [{type: dense, units: 1}]
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.1}
            data: {generate: {samples: 4}}
            """, file: "spec.yaml")
        var run = spec.makeRun(steps: Int.max)
        var steps: [Int] = []
        #expect(throws: Enough.self) {
            try run.run(record: .summary) { result in
                steps.append(result.trace.step)
                if steps.count == 2 { throw Enough() }
            }
        }
        #expect(steps == [1, 2])
    }
}
