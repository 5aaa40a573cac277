import Foundation
import StepwiseEngine
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// Lesson 12's GAN runs through the lesson pipeline (`GANLessonRun`), its walkthroughs, and the
/// claims its text makes about the runs (which blobs of the ring the generated samples reach),
/// checked on the traces themselves.
@Suite struct GANLessonTests {
    static let folder = CurriculumTests.lessons.appendingPathComponent("gan")
    static let library = TraceLibrary()

    /// The blob (0 … 7, counterclockwise from (2, 0)) each generated sample of `record` lies
    /// within 0.5 of, or nil when it is near none.
    static func blobs(of record: TraceStep) throws -> [Int?] {
        let samples = try #require(record.op(scope: "generator/sample/activation")).value
        return (0..<samples.shape[0]).map { k in
            let (x, y) = (samples.data[2 * k], samples.data[2 * k + 1])
            return (0..<8).first { m in
                let angle = 2 * Double.pi * Double(m) / 8
                return ((x - 2 * cos(angle)) * (x - 2 * cos(angle)) + (y - 2 * sin(angle)) * (y - 2 * sin(angle))).squareRoot() < 0.5
            }
        }
    }

    static func generatorUpdate(_ traced: TracedSpec, step: Int) throws -> TraceStep {
        try #require(traced.trace.steps.first { $0.step == step && $0.phase == "generator" })
    }

    @Test func everyKeepsBothUpdatesOfAKeptStepAndOpsOnlyWhereAsked() throws {
        let plan = RecordingPlan(every: 250, opsSteps: [1000])
        let traced = try Self.library.trace(of: Self.folder.appendingPathComponent("collapse.yaml"), plan: plan)
        #expect(traced.gan != nil)
        let kept = [1, 250, 500, 750, 1000]
        #expect(traced.trace.steps.map(\.step) == kept.flatMap { [$0, $0] })
        #expect(traced.trace.steps.map(\.phase) == kept.flatMap { _ in ["discriminator", "generator"] })
        #expect(traced.trace.steps.filter { !$0.ops.isEmpty }.map(\.step) == [1000, 1000])
        // The run is the one `stepwise trace` makes: the same losses as a fresh run of the spec.
        guard case .gan(let spec) = try SpecFile.load(contentsOf: Self.folder.appendingPathComponent("collapse.yaml")) else {
            Issue.record("collapse.yaml is not a GAN spec"); return
        }
        var run = spec.makeRun(steps: 250)
        var losses: [Double] = []
        run.run(record: .summary, every: 250) { losses.append($0.trace.loss) }
        #expect(losses == Array(traced.trace.steps.prefix(4).map(\.loss)))
    }

    /// The lesson says the faster generator's 64 samples all sit beside the top blob (0, 2) at
    /// step 1000, and that the ring run's samples reach most blobs at step 2000.
    @Test func theLessonsClaimsAboutWhichBlobsAreCovered() throws {
        let collapse = try Self.library.trace(of: Self.folder.appendingPathComponent("collapse.yaml"), plan: RecordingPlan(every: 250, opsSteps: [1000]))
        let collapsed = try Self.blobs(of: Self.generatorUpdate(collapse, step: 1000))
        #expect(collapsed.count == 64 && collapsed.allSatisfy { $0 == 2 })
        let ring = try Self.library.trace(of: Self.folder.appendingPathComponent("ring.yaml"), plan: RecordingPlan(every: 250, opsSteps: [2000]))
        let spread = try Self.blobs(of: Self.generatorUpdate(ring, step: 2000))
        #expect(Set(spread.compactMap { $0 }).count >= 6)
    }

    /// The tiny GAN's walkthroughs: the generator weight's gradient is the sum over the batch of
    /// noise × the push on each sample, both read from the trace, and the page shows it.
    @Test func theGeneratorWeightsGradientIsTheBatchSumOfNoiseTimesPush() throws {
        let traced = try Self.library.trace(of: Self.folder.appendingPathComponent("tiny.yaml"), plan: RecordingPlan(opsSteps: [1]))
        let update = try Self.generatorUpdate(traced, step: 1)
        let noise = try #require(update.op(scope: "generator/input")).value.data
        let push = try #require(update.op(scope: "generator/sample/activation")?.grad).data
        let gradient = try #require(update.params["generator/sample/kernel"]).grad.data
        for unit in 0..<2 {
            let sum = noise[0] * push[unit] + noise[1] * push[2 + unit]
            #expect(abs(sum - gradient[unit]) <= 1e-15 * max(1, abs(sum)))
        }
        let page = try CurriculumTests.page("gan")
        let shown = CurriculumTests.numbers(in: page)
        for value in [gradient[0], push[0], push[1]] {
            #expect(shown.contains { abs($0 - value) <= 1e-5 * abs(value) }, "the page shows \(value)")
        }
    }
}
