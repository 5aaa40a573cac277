import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The GAN field: the discriminator's D(x) over the plane, real and generated samples, and the
/// push −dL_G/dG(z) on each generated sample, from a GAN trace.
@Suite struct GANFieldTests {
    static let text = """
        name: ring-gan
        kind: gan
        seed: 3
        latent_dim: 2
        generator:
          layers:
            - {type: dense, units: 16, activation: tanh}
            - {type: dense, units: 2}
        discriminator:
          layers:
            - {type: dense, units: 16, activation: tanh}
            - {type: dense, units: 1, activation: sigmoid}
        optimizer: {type: adam, learning_rate: 0.01}
        data: {generate: {samples: 64, kind: ring, modes: 8, radius: 2, spread: 0.05}}
        train: {steps: 150, batch_size: 32}
        """

    /// The run, keeping every op of its first and last step (or with `every`, the losses and
    /// parameters of every `every`-th step).
    static func run(every: Int? = nil) throws -> (GANSpec, Trace) {
        guard case .gan(let spec) = try SpecFile.parse(text, file: "ring-gan.yaml") else { throw CancellationError() }
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        run.run(record: every == nil ? .ops : .summary, every: every ?? 1000) { steps.append($0.trace) }
        return (spec, Trace(model: spec.name, architecture: spec.architecture(), steps: steps))
    }

    @Test func theFieldOfTheLastStep() throws {
        let (spec, trace) = try Self.run()
        let input = try GANFieldMaker.input(trace: trace, step: nil)
        #expect(input.step == 150)
        #expect(input.points.filter { $0.label == 1 }.count == 32 && input.points.filter { $0.label == 0 }.count == 32)
        #expect(input.arrows.count == 32)
        // D(x) grows along every arrow: −∂L_G/∂x = ∂D/∂x / (batch · D(x)) points uphill.
        let judged = try #require(trace.steps.last { $0.phase == "discriminator" })
        var after: [String: Tensor] = [:]
        for (name, record) in judged.params { after[String(name.dropFirst("discriminator/".count))] = Tensor(record.after) }
        let discriminator = spec.makeDiscriminator().replacingParameters(after)
        for arrow in input.arrows {
            let ends = discriminator.predict(Tensor(rows: [[arrow.x, arrow.y], [arrow.x + 1e-4 * arrow.dx, arrow.y + 1e-4 * arrow.dy]]))
            #expect(ends.data[1] > ends.data[0], "at (\(arrow.x), \(arrow.y))")
        }
        // The grid is the discriminator's output at each cell centre.
        let centre = input.grid.center(row: 7, column: 11)
        let value = discriminator.predict(Tensor(rows: [[centre.x, centre.y]])).data[0]
        #expect(Swift.abs(input.grid.values[7 * input.grid.columns + 11] - value) < 1e-12)
        assertFigureGolden(DecisionBoundary.figure(input), named: "ring-gan")
    }

    @Test func bothLossesWithLnTwoMarked() throws {
        let (_, trace) = try Self.run(every: 5)
        // Steps 1, 5, 10, …, 150 were kept, one discriminator update and one generator update each.
        let figure = LineChart.lossCurve(trace: trace)
        #expect(figure.caption.contains("the discriminator's (mean over each step's discriminator updates) from \(NumberFormat.compact(trace.steps[0].loss, digits: 4)) at step 1"))
        #expect(figure.caption.contains("the generator's from \(NumberFormat.compact(trace.steps[1].loss, digits: 4)) at step 1"))
        #expect(figure.caption.contains("ln 2 ≈ 0.693"))
        assertFigureGolden(figure, named: "ring-gan-losses")
    }

    @Test func theDecisionBoundaryOfAGANTraceIsItsField() throws {
        let (_, trace) = try Self.run()
        let field = try GANFieldMaker.input(trace: trace, step: 150)
        let boundary = try DecisionGridMaker.input(trace: trace, step: 150)
        #expect(boundary.grid == field.grid && boundary.points == field.points && boundary.arrows == field.arrows)
        // A step's figures read its generator update, where G(z) and D(G(z)) share rows.
        #expect(try TraceLookup(trace, step: 1).step.phase == "generator")
    }

    @Test func whatTheDiscriminatorSays() throws {
        let (_, trace) = try Self.run()
        let figure = try FigureCatalog.figure(.discriminatorOutputs, of: trace, settings: FigureSettings(), decisionBoundary: { _, _ in
            throw CancellationError()
        })
        // Count the real and generated rows of the last discriminator update into tenths.
        let update = try #require(trace.steps.last { $0.phase == "discriminator" })
        let outputs = try #require(update.outputs["discriminator/dense1"]).data
        let realInLowestTenths = outputs[0..<32].filter { $0 < 0.1 }.count
        #expect(outputs.count == 64)
        #expect(figure.caption.hasPrefix("Histograms of the discriminator's output D(x) in step 150 of ring-gan"))
        #expect(realInLowestTenths > 0 ? figure.caption.contains("real samples \(realInLowestTenths) in 0–0.1") : !figure.caption.contains("real samples 0 in"))
        let bins = (0..<10).map { bin in outputs[32...].filter { min(9, Int($0 * 10)) == bin }.count }
        let spelled = bins.enumerated().filter { $0.element > 0 }.map { "\($0.element) in \(NumberFormat.compact(Double($0.offset) / 10))–\(NumberFormat.compact(Double($0.offset + 1) / 10))" }
        #expect(figure.caption.contains("generated samples \(spelled.joined(separator: ", "))."))
        assertFigureGolden(figure, named: "ring-gan-outputs")
    }

    @Test func whereTheGeneratorSendsTheNoise() throws {
        let (spec, trace) = try Self.run()
        let input = try GeneratorMapMaker.input(trace: trace, step: nil)
        #expect(input.noiseLines.count == 18 && input.isRow.filter { $0 }.count == 9)
        #expect(input.real.count == 32)
        // Every image is the generator (as the last generator update left it) at that noise point.
        let update = try #require(trace.steps.last { $0.phase == "generator" })
        var after: [String: Tensor] = [:]
        for (name, record) in update.params { after[String(name.dropFirst("generator/".count))] = Tensor(record.after) }
        let generator = spec.makeGenerator().replacingParameters(after)
        for (line, image) in zip(input.noiseLines, input.sampleLines) {
            for (z, x) in zip(line, image).enumerated().filter({ $0.offset % 10 == 0 }).map(\.element) {
                let value = generator.predict(Tensor(rows: [[z.x, z.y]])).data
                #expect(Swift.abs(value[0] - x.x) < 1e-12 && Swift.abs(value[1] - x.y) < 1e-12)
            }
        }
        let figure = try FigureCatalog.figure(.generatorMap, of: trace, settings: FigureSettings(), decisionBoundary: { _, _ in
            throw CancellationError()
        }, generatorMap: { try GeneratorMapMaker.input(trace: $0, step: $1.step) })
        assertFigureGolden(figure, named: "ring-gan-map")
    }

    @Test func refusalsAreOneLine() throws {
        let (_, trace) = try Self.run()
        #expect(throws: RenderError.self) { try GANFieldMaker.input(trace: trace, step: 2) }
        var summary = trace
        summary.steps = trace.steps.map { var step = $0; step.ops = []; return step }
        do {
            _ = try GANFieldMaker.input(trace: summary, step: nil)
            Issue.record("a trace without ops was drawn")
        } catch {
            #expect("\(error)".contains("needs a trace recorded at the ops level"))
        }
    }
}
