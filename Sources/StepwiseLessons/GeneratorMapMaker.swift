import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Builds the generator-map figure's input from a GAN trace: the generator rebuilt (dense
/// layers) with its parameters after step `step`'s generator update, run by the engine on a
/// grid of noise points over [−2, 2]² (nine lines each way, 41 points a line), and the real
/// samples of the step's last discriminator update (when the trace has its ops).
/// Needs a GAN with 2-D noise and 2-D samples.
public enum GeneratorMapMaker {
    public static func input(trace: Trace, step: Int?, lines: Int = 9, pointsPerLine: Int = 41) throws -> GeneratorMapInput {
        guard let networks = trace.architecture.networks, networks.count == 2 else {
            throw RenderError.invalidInput("generator-map needs the trace of a GAN spec (kind: gan); \(trace.model) is a single model")
        }
        guard networks[0].inputShape == [2], networks[1].inputShape == [2] else {
            throw RenderError.invalidInput("generator-map draws 2-D noise and 2-D samples; \(trace.model) has noise \(networks[0].inputShape) and samples \(networks[1].inputShape)")
        }
        let number = step ?? trace.steps.last?.step ?? 0
        guard let update = trace.steps.last(where: { $0.step == number && $0.phase == GANPhase.generator.rawValue }) else {
            throw RenderError.invalidInput("step \(number) of \(trace.model) has no recorded generator update")
        }
        let generator = try GANTraceNetwork.model(trace, network: 0, after: update, figure: "generator-map")
        // Rows (constant z₂) first, then columns (constant z₁).
        let levels = (0..<lines).map { -2 + 4 * Double($0) / Double(lines - 1) }
        let along = (0..<pointsPerLine).map { -2 + 4 * Double($0) / Double(pointsPerLine - 1) }
        var noiseLines: [[Point]] = []
        for level in levels { noiseLines.append(along.map { Point($0, level) }) }
        for level in levels { noiseLines.append(along.map { Point(level, $0) }) }
        let flat = noiseLines.flatMap { $0.flatMap { [$0.x, $0.y] } }
        let images = generator.predict(Tensor(shape: [flat.count / 2, 2], data: flat)).data
        let sampleLines = noiseLines.indices.map { line in
            (0..<pointsPerLine).map { k in
                let row = line * pointsPerLine + k
                return Point(images[2 * row], images[2 * row + 1])
            }
        }
        var real: [Point] = []
        if let judged = trace.steps.last(where: { $0.step == number && $0.phase == GANPhase.discriminator.rawValue }),
           let input = judged.op(scope: "discriminator/input")?.value {
            real = (0..<(input.shape[0] / 2)).map { Point(input.data[2 * $0], input.data[2 * $0 + 1]) }
        }
        return GeneratorMapInput(noiseLines: noiseLines, sampleLines: sampleLines, isRow: noiseLines.indices.map { $0 < lines },
                                 real: real, model: trace.model, step: number)
    }
}
