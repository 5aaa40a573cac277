import Foundation
import StepwiseEngine
import StepwiseTrace

/// What a lesson keeps of a spec's run: the steps of `every` (1, K, 2K, …, the last), and every
/// op of the steps its directives name (`opsSteps`); the other kept steps hold their loss and
/// parameters only (`summary` level), which is all a loss curve or a validation curve needs.
struct RecordingPlan: Hashable, Sendable {
    var every = 1
    var opsSteps: Set<Int> = []

    /// The level step `step` of `lastStep` is recorded at, or nil when it is not kept.
    func level(step: Int, lastStep: Int) -> RecordLevel? {
        if opsSteps.contains(step) { return .ops }
        return TrainingRun.keeps(step: step, every: every, lastStep: lastStep) ? .summary : nil
    }
}

/// Runs each spec a build needs once per recording plan and hands out its trace; safe to use
/// from several lessons built at the same time.
final class TraceLibrary: @unchecked Sendable {
    private struct Key: Hashable {
        let url: URL
        let plan: RecordingPlan
    }

    private let lock = NSLock()
    /// The BERT specs' forward traces (`"kind": "bert"`).
    let bert = BertTraceLibrary()
    private var traces: [Key: Result<TracedSpec, LessonError>] = [:]
    private var specs: [URL: Result<SpecFile, LessonError>] = [:]

    /// The trace of the spec at `url`, recorded as `plan` says. A run that produces NaN or
    /// infinity stops there (that step is kept); `TracedSpec.nonFinite` says where.
    func trace(of url: URL, plan: RecordingPlan = RecordingPlan()) throws -> TracedSpec {
        let key = Key(url: url, plan: plan)
        lock.lock()
        if let cached = traces[key] {
            lock.unlock()
            return try cached.get()
        }
        lock.unlock()
        let result: Result<TracedSpec, LessonError>
        do {
            if case .gan(let gan) = try specFile(at: url) {
                result = .success(GANLessonRun.traced(gan, plan: plan))
            } else {
                result = .success(Self.run(try spec(at: url), plan: plan))
            }
        } catch let error as LessonError {
            result = .failure(error)
        } catch {
            result = .failure(LessonError(file: url.path, message: "\(error)"))
        }
        lock.lock()
        traces[key] = result
        lock.unlock()
        return try result.get()
    }

    /// The model spec at `url`, read and checked once (a validation spec's data is its `dataset`).
    func spec(at url: URL) throws -> ModelSpec {
        switch try specFile(at: url) {
        case .model(let spec): return spec
        case .gan, .bert: throw LessonError(file: url.path, message: "expected a model spec (no kind); this needs its labelled examples")
        }
    }

    /// The spec at `url` of any kind, read and checked once.
    func specFile(at url: URL) throws -> SpecFile {
        lock.lock()
        if let cached = specs[url] {
            lock.unlock()
            return try cached.get()
        }
        lock.unlock()
        let result: Result<SpecFile, LessonError>
        do {
            result = .success(try SpecFile.load(contentsOf: url))
        } catch {
            result = .failure(LessonError(file: url.path, message: "\(error)"))
        }
        lock.lock()
        specs[url] = result
        lock.unlock()
        return try result.get()
    }

    private static func run(_ spec: ModelSpec, plan: RecordingPlan) -> TracedSpec {
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        let lastStep = spec.plan.steps
        let nonFinite = run.run(levels: { plan.level(step: $0, lastStep: lastStep) }) { steps.append($0.trace) }
        let architecture = run.trainer.model.architecture(optimizer: spec.optimizer.type)
        return TracedSpec(trace: Trace(model: spec.name, architecture: architecture, steps: steps), spec: spec, nonFinite: nonFinite)
    }
}

/// A spec's trace, the spec itself (for its optimizer settings, its data and fresh models), and
/// where the run stopped being finite, if it did. A GAN spec's run has `gan` and no model spec:
/// code that needs `spec`, `initialModel` or the models checks `gan == nil` first.
struct TracedSpec: Sendable {
    let trace: Trace
    private let modelSpec: ModelSpec?
    /// The GAN spec, for a GAN spec's run.
    let gan: GANSpec?
    /// Where values became NaN or infinite (with the GAN phase, for a GAN), or nil.
    let nonFinite: (any NonFiniteStop)?
    private let initialModelOfSpec: Model?

    init(trace: Trace, spec: ModelSpec, nonFinite: NonFiniteValue?) {
        self.trace = trace
        self.modelSpec = spec
        self.gan = nil
        self.nonFinite = nonFinite
        self.initialModelOfSpec = spec.makeModel()
    }

    init(trace: Trace, gan: GANSpec, nonFinite: GANNonFiniteValue?) {
        self.trace = trace
        self.modelSpec = nil
        self.gan = gan
        self.nonFinite = nonFinite
        self.initialModelOfSpec = nil
    }

    /// The model spec (not for a GAN: check `gan` first).
    var spec: ModelSpec {
        guard let modelSpec else { preconditionFailure("a GAN spec's run has no model spec; check gan first") }
        return modelSpec
    }

    /// The spec's model before training (the base for a step's parameters; not for a GAN).
    var initialModel: Model {
        guard let initialModelOfSpec else { preconditionFailure("a GAN spec's run has no single model; check gan first") }
        return initialModelOfSpec
    }

    /// The model spec's optimizer (not for a GAN: see `optimizer(of:)`).
    var optimizer: OptimizerSpec { spec.optimizer }

    /// The steps the spec runs (GAN steps for a GAN).
    var plannedSteps: Int { gan?.plan.steps ?? spec.plan.steps }

    /// The optimizer that made `step`'s update (for a GAN, the updated network's).
    func optimizer(of step: TraceStep) -> OptimizerSpec {
        guard let gan else { return spec.optimizer }
        return step.phase == GANPhase.generator.rawValue ? gan.generatorOptimizer : gan.discriminatorOptimizer
    }

    /// The step a directive asks for, or an error at the directive's line.
    func step(_ reference: TraceReference) throws -> TraceStep {
        guard let step = trace.step(reference.step) else {
            let last = trace.steps.last?.step ?? 0
            let stopped = nonFinite.map { " (it stopped at step \($0.step), where values became non-finite)" } ?? " (it runs \(last))"
            throw reference.error("spec \"\(Excerpt(reference.spec))\" has no step \(reference.step)\(stopped)")
        }
        return step
    }

    /// The op record with `scope`, or an error naming the scopes that do exist nearby.
    func op(_ scope: String, in step: TraceStep, _ reference: TraceReference) throws -> OpRecord {
        guard let record = step.op(scope: scope) else {
            let prefix = scope.split(separator: "/").first.map(String.init) ?? ""
            let near = step.ops.map(\.scope).filter { $0.hasPrefix(prefix) }.prefix(8)
            throw reference.error("the trace of \"\(Excerpt(reference.spec))\" has no scope \"\(Excerpt(scope))\"\(near.isEmpty ? "" : " (it has: \(near.joined(separator: ", ")))")")
        }
        return record
    }

    /// The model at a kept step, with the parameters that step started from (`before`), the ones
    /// its loss was computed with.
    func model(before step: TraceStep) -> Model {
        initialModel.replacingParameters(step.params.mapValues { Tensor(shape: $0.before.shape, data: $0.before.data) })
    }

    /// The model after a kept step's update (the parameters a decision boundary of that step shows).
    func model(after step: TraceStep) -> Model {
        initialModel.replacingParameters(step.params.mapValues { Tensor(shape: $0.after.shape, data: $0.after.data) })
    }
}
