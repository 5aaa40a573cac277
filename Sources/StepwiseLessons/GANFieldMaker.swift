import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Builds the GAN picture GAN Lab made famous from a GAN trace, as a decision-boundary input:
/// the discriminator's output D(x), the probability that a point is real, over the plane; the
/// real samples and the generated ones of a step; and on each generated sample an arrow along
/// −dL_G/dG(z), where the generator update pushes it.
///
/// It reads step `step`'s last discriminator update (the real rows of `discriminator/input` and
/// the discriminator's parameters after it, which the generator update then used) and the
/// step's generator update (the generator's last output G(z) and its gradient). The renderer
/// cannot run a model, so the engine runs the rebuilt discriminator (dense layers) on the grid.
/// Needs a trace of a 2-D GAN recorded at the `ops` level.
public enum GANFieldMaker {
    public static func input(trace: Trace, step: Int?, columns: Int = 60, rows: Int = 60, edition: Edition = .en) throws -> DecisionBoundaryInput {
        guard let networks = trace.architecture.networks, networks.count == 2 else {
            throw RenderError.invalidInput("the GAN field needs the trace of a GAN spec (kind: gan); \(trace.model) is a single model")
        }
        let (generator, discriminator) = (networks[0], networks[1])
        guard discriminator.inputShape == [2] else {
            throw RenderError.invalidInput("the GAN field draws samples in the plane; \(trace.model)'s samples have shape \(discriminator.inputShape)")
        }
        let stepNumber = step ?? trace.steps.last?.step ?? 0
        let records = trace.steps.filter { $0.step == stepNumber }
        guard let judged = records.last(where: { $0.phase == GANPhase.discriminator.rawValue }),
              let pushed = records.last(where: { $0.phase == GANPhase.generator.rawValue }) else {
            let steps = Array(Set(trace.steps.map(\.step))).sorted().map(String.init).joined(separator: ", ")
            throw RenderError.invalidInput("step \(stepNumber) of \(trace.model) was not recorded with both updates (recorded steps: \(steps))")
        }
        guard let lastGenerator = trace.architecture.layers.prefix(generator.layerCount).last?.name,
              let input = judged.op(scope: "discriminator/input")?.value,
              let samples = pushed.op(scope: "\(lastGenerator)/activation") else {
            throw RenderError.invalidInput("the GAN field needs a trace recorded at the ops level (stepwise trace --record ops)")
        }
        let realRows = input.shape[0] / 2

        // The discriminator as the generator update saw it.
        let model = try GANTraceNetwork.model(trace, network: 1, after: judged, figure: "the GAN field")

        var points: [LabeledPoint] = []
        for k in 0..<realRows { points.append(LabeledPoint(x: input.data[2 * k], y: input.data[2 * k + 1], label: 1)) }
        var generated: [(x: Double, y: Double)] = []
        for k in 0..<samples.value.shape[0] {
            generated.append((samples.value.data[2 * k], samples.value.data[2 * k + 1]))
            points.append(LabeledPoint(x: samples.value.data[2 * k], y: samples.value.data[2 * k + 1], label: 0))
        }
        func padded(_ values: [Double]) -> ClosedRange<Double> {
            let (low, high) = (values.min() ?? 0, values.max() ?? 1)
            let pad = max(0.15 * (high - low), 0.2)
            return (low - pad)...(high + pad)
        }
        var grid = DecisionGrid(xRange: padded(points.map(\.x)), yRange: padded(points.map(\.y)), columns: columns, rows: rows,
                                values: [Double](repeating: 0, count: columns * rows))
        let centers = grid.centers
        grid.values = model.predict(Tensor(shape: [centers.count, 2], data: centers.flatMap { [$0.x, $0.y] })).data

        // Arrows along −dL_G/dG(z), scaled together so the longest is a tenth of the plane's width.
        var arrows: [DataArrow] = []
        if let gradient = samples.grad {
            let g = gradient.data
            var longest = 0.0
            for k in generated.indices { longest = max(longest, (g[2 * k] * g[2 * k] + g[2 * k + 1] * g[2 * k + 1]).squareRoot()) }
            let width: Double = grid.xRange.upperBound - grid.xRange.lowerBound
            let scale: Double = longest > 0 && longest.isFinite ? 0.1 * width / longest : 0
            for (k, sample) in generated.enumerated() where scale > 0 {
                arrows.append(DataArrow(x: sample.x, y: sample.y, dx: -scale * g[2 * k], dy: -scale * g[2 * k + 1]))
            }
        }
        var result = DecisionBoundaryInput(grid: grid, points: points, model: trace.model, step: stepNumber)
        result.heading = GANWords.fieldHeading(edition)
        result.classNames = [GANWords.fieldGenerated(edition), GANWords.fieldReal(edition)]
        result.fieldName = GANWords.fieldName(edition)
        result.arrows = arrows
        result.arrowName = GANWords.pushName(edition)
        result.arrowCaption = GANWords.pushCaption(edition, ["gradient": "−dL_G/dG(z)"])
        result.smooth = true
        return result
    }
}
