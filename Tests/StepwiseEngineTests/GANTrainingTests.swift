import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// A GAN run as the contract fixes it: phases in order, each network trained by its own
/// update only, gradients of both phases against central finite differences, kept steps,
/// divergence, determinism, and the ring and grid data.
@Suite struct GANTrainingTests {
    static let text = """
        name: ring-gan
        kind: gan
        seed: 7
        latent_dim: 2
        generator:
          layers:
            - {type: dense, name: hidden, units: 5, activation: tanh}
            - {type: dense, name: sample, units: 2}
        discriminator:
          layers:
            - {type: dense, name: hidden, units: 4, activation: tanh}
            - {type: dense, name: real, units: 1, activation: sigmoid}
        optimizer: {type: adam, learning_rate: 0.01}
        discriminator_optimizer: {type: sgd, learning_rate: 0.1, momentum: 0.5}
        data: {generate: {samples: 10, kind: ring, modes: 5}}
        train: {steps: 4, batch_size: 4, discriminator_steps: 2}
        """

    static func spec(_ text: String = text) throws -> GANSpec {
        guard case .gan(let spec) = try SpecFile.parse(text, file: "ring-gan.yaml") else {
            Issue.record("not a GAN spec")
            throw CancellationError()
        }
        return spec
    }

    @Test func phasesComeInOrderAndTrainOnlyTheirNetwork() throws {
        let spec = try Self.spec()
        var run = spec.makeRun()
        var updates: [TraceStep] = []
        #expect(run.run(record: .ops) { updates.append($0.trace) } == nil)
        #expect(updates.map(\.phase) == Array(repeating: ["discriminator", "discriminator", "generator"], count: 4).flatMap { $0 })
        #expect(updates.map(\.step) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
        for update in updates {
            let network = update.phase!
            #expect(!update.params.isEmpty && update.params.keys.allSatisfy { $0.hasPrefix("\(network)/") })
            #expect(Set(update.outputs.keys) == ["generator/hidden", "generator/sample", "discriminator/hidden", "discriminator/real"])
            // Real rows first, then as many generated ones: 2 · batch rows in a discriminator update.
            let batch = try #require(update.outputs["generator/sample"]?.shape.first)
            let rows = network == "discriminator" ? 2 * batch : batch
            #expect(update.outputs["discriminator/real"]?.shape == [rows, 1])
            #expect(update.inputGrad?.shape == [rows, 2])
            #expect(update.op(scope: "\(network)/loss/mean") != nil)
        }
        // The generator update reads the discriminator as its last update left it, and the
        // next discriminator update reads the generator as the generator update left it.
        for index in updates.indices.dropLast() {
            let (this, next) = (updates[index], updates[index + 1])
            for (name, record) in this.params {
                if let later = next.params[name] { #expect(later.before == record.after, "\(name)") }
            }
        }
        // The gradient that reaches each generated sample, dL_G/dG(z), is in the generator update's ops.
        let generatorUpdate = updates[2]
        let pushed = try #require(generatorUpdate.op(scope: "generator/sample/activation")?.grad)
        #expect(pushed.shape == [4, 2] && pushed.data.contains { $0 != 0 })
        // The discriminator update holds G(z) constant: no gradient reaches the generator's ops.
        #expect(updates[0].op(scope: "generator/sample/activation")?.grad == nil)
        // The generator update freezes the discriminator: its parameters get no gradient, while
        // the generator's do and the discriminator's ops pass the gradient on.
        #expect(generatorUpdate.op(scope: "discriminator/real/kernel")?.grad == nil)
        #expect(generatorUpdate.op(scope: "discriminator/real/matmul")?.grad != nil)
        #expect(generatorUpdate.op(scope: "generator/sample/kernel")?.grad != nil)
        #expect(updates[0].op(scope: "discriminator/real/kernel")?.grad != nil)
    }

    @Test func theGeneratorUpdateReusesTheLastNoiseAndRealBatchesWrapAround() throws {
        var spec = try Self.spec()
        spec.noise = Tensor(shape: [8, 4, 2], data: (0..<64).map { Double($0) / 64 })
        var run = spec.makeRun()
        var updates: [TraceStep] = []
        run.run(record: .ops) { updates.append($0.trace) }
        for (index, update) in updates.enumerated() {
            let noise = try #require(update.op(scope: "generator/input")?.value)
            // Updates 0, 1 use noise batches 0, 1; the generator reuses batch 1; and so on.
            let batch = update.phase == "generator" ? 2 * (index / 3) + 1 : 2 * (index / 3) + index % 3
            // 10 samples in batches of 4: rows 0-3, 4-7, 8-9 (2 rows), then again from 0.
            let realRows = [4, 4, 2][batch % 3]
            #expect(noise.shape == [realRows, 2], "update \(index)")
            #expect(Array(noise.data) == Array(spec.noise!.data[(batch * 8)..<(batch * 8 + realRows * 2)]), "update \(index)")
        }
    }

    @Test func everyKKeepsBothPhasesOfAKeptStep() throws {
        var run = try Self.spec().makeRun(steps: 7)
        var kept: [(Int, String)] = []
        run.run(record: .summary, every: 3) { kept.append(($0.trace.step, $0.trace.phase!)) }
        let expected = [1, 3, 6, 7].flatMap { [($0, "discriminator"), ($0, "discriminator"), ($0, "generator")] }
        #expect(kept.map(\.0) == expected.map(\.0) && kept.map(\.1) == expected.map(\.1))
    }

    @Test func theSameSpecGivesTheSameTraceBytes() throws {
        func bytes() throws -> Data {
            let spec = try Self.spec()
            var run = spec.makeRun()
            var data = Data()
            let writer = try TraceWriter(model: spec.name, architecture: spec.architecture()) { data.append($0) }
            try run.run(record: .ops) { try writer.append($0.trace) }
            try writer.finish()
            return data
        }
        let first = try bytes()
        #expect(first == (try bytes()))
        let trace = try TraceReader.read(first, file: "gan.json")
        #expect(trace.architecture.networks?.map(\.name) == ["generator", "discriminator"])
        #expect(trace.architecture.layers.map(\.name) == ["generator/hidden", "generator/sample", "discriminator/hidden", "discriminator/real"])
        #expect(trace.architecture.optimizer == "generator: adam, discriminator: sgd")
        #expect(trace.steps.count == 12)
    }

    @Test func aDivergingGANStopsAndNamesThePhaseAndTheOp() throws {
        // A linear hidden layer and a huge learning rate: the discriminator's logit overflows.
        let text = Self.text.replacingOccurrences(of: "discriminator_optimizer: {type: sgd, learning_rate: 0.1, momentum: 0.5}",
                                                  with: "discriminator_optimizer: {type: sgd, learning_rate: 1e300}")
            .replacingOccurrences(of: "units: 4, activation: tanh", with: "units: 4, activation: linear")
            .replacingOccurrences(of: "steps: 4,", with: "steps: 50,")
        var run = try Self.spec(text).makeRun()
        var updates: [GANUpdateResult] = []
        let found = try #require(run.run(record: .summary, every: 10) { updates.append($0) })
        #expect(updates.last?.nonFinite == found)
        #expect(found.phase == .discriminator || found.phase == .generator)
        #expect(updates.last?.trace.phase == found.phase.rawValue && updates.last?.trace.step == found.step)
        #expect(found.description.hasPrefix("step \(found.step), \(found.phase.rawValue) update: first non-finite value in "))
        #expect(found.value.scope.hasPrefix("generator/") || found.value.scope.hasPrefix("discriminator/"))
    }

    // MARK: Finite differences

    /// The loss of one update from fresh copies of the networks (the update's loss is computed
    /// before its parameters change).
    func loss(_ phase: GANPhase, generator: Model, discriminator: Model, real: Tensor, noise: Tensor) -> Double {
        var trainer = GANTrainer(generator: generator, discriminator: discriminator,
                                 generatorOptimizer: SGD(learningRate: 0.1), discriminatorOptimizer: SGD(learningRate: 0.1))
        return phase == .discriminator
            ? trainer.discriminatorUpdate(real: real, noise: noise, step: 1, record: .summary).trace.loss
            : trainer.generatorUpdate(noise: noise, step: 1, record: .summary).trace.loss
    }

    @Test(arguments: GANPhase.allCases)
    func gradientsMatchFiniteDifferences(phase: GANPhase) throws {
        let spec = try Self.spec()
        let (generator, discriminator) = (spec.makeGenerator(), spec.makeDiscriminator())
        let real = spec.realSamples.rows(0..<3)
        let noise = randomTensor([3, 2], seed: 11)
        var trainer = GANTrainer(generator: generator, discriminator: discriminator,
                                 generatorOptimizer: SGD(learningRate: 0.1), discriminatorOptimizer: SGD(learningRate: 0.1))
        let update = phase == .discriminator
            ? trainer.discriminatorUpdate(real: real, noise: noise, step: 1, record: .layers)
            : trainer.generatorUpdate(noise: noise, step: 1, record: .layers)
        let h = 1e-6
        func check(_ analytic: Double, _ plus: Double, _ minus: Double, _ what: String) {
            let numeric = (plus - minus) / (2 * h)
            #expect(Swift.abs(analytic - numeric) <= 1e-6 * max(Swift.abs(analytic), Swift.abs(numeric), 1e-3),
                    "\(phase) \(what): analytic \(analytic), numeric \(numeric)")
        }
        // Every parameter of the trained network.
        let trained = phase == .generator ? generator : discriminator
        #expect(update.trace.params.count == trained.parameterNames.count)
        for name in trained.parameterNames {
            let grad = try #require(update.trace.params["\(phase.rawValue)/\(name)"]?.grad)
            for index in 0..<grad.data.count {
                func moved(_ delta: Double) -> Double {
                    var value = trained.parameters[name]!
                    value.data[index] += delta
                    let changed = trained.replacingParameters([name: value])
                    return phase == .generator
                        ? loss(phase, generator: changed, discriminator: discriminator, real: real, noise: noise)
                        : loss(phase, generator: generator, discriminator: changed, real: real, noise: noise)
                }
                check(grad.data[index], moved(h), moved(-h), "\(name)[\(index)]")
            }
        }
        // The input gradient: dL/dz for the generator; for the discriminator, its real rows.
        let inputGrad = try #require(update.trace.inputGrad)
        let moving = phase == .generator ? noise : real
        for index in 0..<moving.count {
            func moved(_ delta: Double) -> Double {
                var value = moving
                value.data[index] += delta
                return phase == .generator
                    ? loss(phase, generator: generator, discriminator: discriminator, real: real, noise: value)
                    : loss(phase, generator: generator, discriminator: discriminator, real: value, noise: noise)
            }
            check(inputGrad.data[index], moved(h), moved(-h), "input[\(index)]")
        }
    }

    // MARK: Ring and grid data

    @Test func ringAndGridSamplesSitAroundTheirModes() {
        let settings = DataGenerator.Settings(modes: 4, radius: 3, spread: 0.01)
        let ring = DataGenerator.ring.make(samples: 400, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 2,
                                           settings: settings).inputs
        let grid = DataGenerator.grid.make(samples: 400, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 2,
                                           settings: settings).inputs
        // Ring of 4 on radius 3: (3, 0), (0, 3), (−3, 0), (0, −3). Grid 2 × 2 over [−3, 3]:
        // (−3, −3), (3, −3), (−3, 3), (3, 3). Sample k belongs to mode k mod 4.
        let ringCentres = [(3.0, 0.0), (0.0, 3.0), (-3.0, 0.0), (0.0, -3.0)]
        let gridCentres = [(-3.0, -3.0), (3.0, -3.0), (-3.0, 3.0), (3.0, 3.0)]
        for (data, centres) in [(ring, ringCentres), (grid, gridCentres)] {
            #expect(data.shape == [400, 2])
            var meanSquare = 0.0
            for k in 0..<400 {
                let (dx, dy) = (data.data[2 * k] - centres[k % 4].0, data.data[2 * k + 1] - centres[k % 4].1)
                #expect(Swift.abs(dx) < 0.06 && Swift.abs(dy) < 0.06, "sample \(k)")
                meanSquare += (dx * dx + dy * dy) / 800
            }
            // Each coordinate's spread is 0.01: the mean square offset per coordinate is about 1e-4.
            #expect(meanSquare > 0.7e-4 && meanSquare < 1.3e-4)
        }
        // Seeded: the same seed gives the same samples, another seed others.
        let again = DataGenerator.ring.make(samples: 400, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 2,
                                            settings: settings).inputs
        let other = DataGenerator.ring.make(samples: 400, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 3,
                                            settings: settings).inputs
        #expect(again == ring && other != ring)
    }

    @Test func theDefaultRingAndGrid() {
        let ring = DataGenerator.ring.make(samples: 8, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 1,
                                           settings: DataGenerator.Settings(spread: 0)).inputs
        // Eight modes on radius 2: mode 1 at 45°, mode 2 straight up.
        #expect(Swift.abs(ring.data[2] - 2 * (0.5).squareRoot()) < 1e-12 && Swift.abs(ring.data[5] - 2) < 1e-12)
        let grid = DataGenerator.grid.make(samples: 9, inputShape: [2], outputShape: [1], loss: .binaryCrossentropy, seed: 1,
                                           settings: DataGenerator.Settings(spread: 0)).inputs
        #expect(grid.data == [-2, -2, 0, -2, 2, -2, -2, 0, 0, 0, 2, 0, -2, 2, 0, 2, 2, 2])
    }
}
