import StepwiseEngine
import StepwiseTrace

/// A GAN spec's run as a lesson keeps it: the GAN steps of the plan's `every` (1, K, 2K, …, the
/// last) with both phases of each, every op of the steps its directives name, the losses and
/// parameters only of the others.
enum GANLessonRun {
    static func traced(_ gan: GANSpec, plan: RecordingPlan) -> TracedSpec {
        var run = gan.makeRun()
        var steps: [TraceStep] = []
        let lastStep = gan.plan.steps
        let nonFinite = run.run(levels: { plan.level(step: $0, lastStep: lastStep) }) { steps.append($0.trace) }
        let trace = Trace(model: gan.name, architecture: gan.architecture(), steps: steps)
        return TracedSpec(trace: trace, gan: gan, nonFinite: nonFinite)
    }
}

extension GANLessonRun {
    /// Why `figure` cannot draw a GAN spec's run, or nil: a GAN's loss chart is its two losses
    /// per GAN step, without validation or data-loss curves; accuracy is a classifier's.
    static func figureProblem(_ figure: FigureDirective, traced: TracedSpec) -> String? {
        guard traced.gan != nil, FigureDirective.curveKinds.contains(figure.kind) else { return nil }
        if figure.kind != "loss" { return "\(figure.kind) figures compare classifiers' runs; a GAN spec draws figure: loss (both its losses)" }
        if figure.validation != nil || figure.loss != .traced { return "a GAN's loss figure draws its two traced losses; it takes no validation and no loss: data" }
        return nil
    }
}

/// Where a run's values became NaN or infinite: a model spec's step, or a GAN's step and phase.
protocol NonFiniteStop: CustomStringConvertible, Sendable {
    var step: Int { get }
}

extension NonFiniteValue: NonFiniteStop {}
extension GANNonFiniteValue: NonFiniteStop {}
