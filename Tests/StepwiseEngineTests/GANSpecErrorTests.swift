import Foundation
import Testing
@testable import StepwiseEngine

/// Bad GAN specs give one line naming the file, the field path, what was expected and what was found.
@Suite struct GANSpecErrorTests {
    /// A valid GAN spec, as a template to break one field at a time.
    static let valid = """
        name: tiny-gan
        kind: gan
        seed: 1
        latent_dim: 2
        generator:
          layers:
            - {type: dense, units: 3, activation: tanh}
            - {type: dense, units: 2}
        discriminator:
          layers:
            - {type: dense, units: 3, activation: tanh}
            - {type: dense, units: 1, activation: sigmoid}
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {inputs: [[2, 0], [0, 2]], noise: [[[0.1, -0.3], [1.2, 0.4]], [[0.5, 0.5], [-1, 0.2]]]}
        train: {steps: 2, batch_size: 2, discriminator_steps: 1}
        """

    func message(_ text: String) -> String? {
        do {
            _ = try SpecFile.parse(text, file: "gan.yaml")
            return nil
        } catch {
            return String(describing: error)
        }
    }

    func replacing(_ old: String, with new: String) -> String {
        precondition(Self.valid.contains(old), "template lacks \(old)")
        return Self.valid.replacingOccurrences(of: old, with: new)
    }

    @Test func theTemplateIsAGANSpec() throws {
        #expect(message(Self.valid) == nil)
        guard case .gan(let spec) = try SpecFile.parse(Self.valid, file: "gan.yaml") else {
            Issue.record("not read as a GAN")
            return
        }
        #expect(spec.latentDim == 2 && spec.sampleShape == [2] && spec.discriminatorSteps == 1)
        #expect(spec.noise?.shape == [2, 2, 2])
        #expect(spec.generatorOptimizer == .sgd(learningRate: 0.1, momentum: 0, nesterov: false))
    }

    @Test(arguments: [
        // A missing network.
        ("discriminator:\n  layers:\n    - {type: dense, units: 3, activation: tanh}\n    - {type: dense, units: 1, activation: sigmoid}\n", "",
         "gan.yaml: discriminator: missing required field"),
        ("generator:\n  layers:\n    - {type: dense, units: 3, activation: tanh}\n    - {type: dense, units: 2}\n", "",
         "gan.yaml: generator: missing required field"),
        // The discriminator's last layer is not one sigmoid unit.
        ("{type: dense, units: 1, activation: sigmoid}", "{type: dense, units: 1, activation: tanh}",
         "gan.yaml: discriminator.layers[1]: the discriminator's last layer must be one sigmoid unit (dense, units 1, activation sigmoid), found dense with output shape [1], activation tanh"),
        ("{type: dense, units: 1, activation: sigmoid}", "{type: dense, units: 2, activation: sigmoid}",
         "gan.yaml: discriminator.layers[1]: the discriminator's last layer must be one sigmoid unit (dense, units 1, activation sigmoid), found dense with output shape [2], activation sigmoid"),
        // The generator's samples differ from the data's.
        ("{type: dense, units: 2}", "{type: dense, units: 3}",
         "gan.yaml: generator: the generator makes samples of shape [3], but data.inputs holds samples of shape [2]"),
        // Noise of the wrong shape.
        ("noise: [[[0.1, -0.3], [1.2, 0.4]], [[0.5, 0.5], [-1, 0.2]]]", "noise: [[[0.1, -0.3], [1.2, 0.4]]]",
         "gan.yaml: data.noise: expected shape [2, 2, 2] (steps × discriminator_steps, batch_size, latent_dim), found [1, 2, 2]"),
        ("noise: [[[0.1, -0.3], [1.2, 0.4]], [[0.5, 0.5], [-1, 0.2]]]", "noise: [[[0.1], [1.2]], [[0.5], [-1]]]",
         "gan.yaml: data.noise: expected shape [2, 2, 2] (steps × discriminator_steps, batch_size, latent_dim), found [2, 2, 1]"),
        // latent_dim and discriminator_steps must be positive.
        ("latent_dim: 2", "latent_dim: 0", "gan.yaml: latent_dim: expected a positive integer, found 0"),
        ("latent_dim: 2", "latent_dim: -3", "gan.yaml: latent_dim: expected a positive integer, found -3"),
        ("discriminator_steps: 1", "discriminator_steps: 0", "gan.yaml: train.discriminator_steps: expected a positive integer, found 0"),
        ("discriminator_steps: 1", "discriminator_steps: -1", "gan.yaml: train.discriminator_steps: expected a positive integer, found -1"),
        // Other fields.
        ("latent_dim: 2\n", "", "gan.yaml: latent_dim: missing required field"),
        ("kind: gan", "kind: vae", "gan.yaml: kind: expected one of gan, found \"vae\""),
        ("optimizer: {type: sgd, learning_rate: 0.1}\n", "",
         "gan.yaml: optimizer: missing required field (or give both generator_optimizer and discriminator_optimizer)"),
        ("seed: 1", "seed: 1\nloss: mse", "gan.yaml: loss: unknown field (expected one of: name, kind, seed, latent_dim, generator, discriminator, optimizer, generator_optimizer, discriminator_optimizer, data, train)"),
        ("{type: dense, units: 3, activation: tanh}\n    - {type: dense, units: 2}", "{type: embedding, input_dim: 4, output_dim: 2}\n    - {type: dense, units: 2}",
         "gan.yaml: generator.layers[0]: a GAN's networks read real numbers (noise, samples), but embedding reads token ids"),
        ("data: {inputs: [[2, 0], [0, 2]],", "data: {generate: {samples: 8, kind: ring, modes: 0}, inputs: [[2, 0], [0, 2]],",
         "gan.yaml: data.inputs: not allowed together with data.generate"),
    ])
    func oneLineNamingTheField(old: String, new: String, expected: String) {
        let found = message(replacing(old, with: new)) ?? "no error"
        #expect(found == expected)
        #expect(!found.contains("\n"))
    }

    func generate(_ settings: String) -> String {
        replacing("data: {inputs: [[2, 0], [0, 2]], noise: [[[0.1, -0.3], [1.2, 0.4]], [[0.5, 0.5], [-1, 0.2]]]}",
                  with: "data: {generate: {\(settings)}}")
    }

    @Test func generatedRealData() throws {
        #expect(message(generate("samples: 16, kind: ring")) == nil)
        #expect(message(generate("samples: 16, kind: grid, modes: 16, radius: 3, spread: 0.1")) == nil)
        #expect(message(generate("samples: 16, kind: moons, noise: 0.05")) == nil)
        #expect(message(generate("samples: 16, kind: grid, modes: 8")) == "gan.yaml: data.generate.kind: grid data needs a square number of modes (4, 9, 16, …), found 8 (the generator's output shape is the samples' shape)")
        #expect(message(generate("samples: 16, kind: ring, noise: 0.1")) == "gan.yaml: data.generate.noise: ring data takes no noise (only blobs, moons, circles, spirals, xor and bars do)")
        #expect(message(generate("samples: 16, kind: moons, spread: 0.1")) == "gan.yaml: data.generate.spread: only ring and grid data take spread")
        #expect(message(generate("samples: 16, kind: ring, radius: 0")) == "gan.yaml: data.generate.radius: expected a positive number, found 0")
        #expect(message(generate("samples: 16, kind: ring, modes: 0")) == "gan.yaml: data.generate.modes: expected a positive integer, found 0")
        #expect(message(generate("samples: 16, kind: linear"))?.hasPrefix("gan.yaml: data.generate.kind: expected one of random, sine, blobs, moons, circles, spirals, xor, bars, ring, grid, found \"linear\"") == true)
        let wide = generate("samples: 16, kind: ring").replacingOccurrences(of: "{type: dense, units: 2}", with: "{type: dense, units: 3}")
        #expect(message(wide) == "gan.yaml: data.generate.kind: ring data is in the plane: samples of shape [2], found [3] (the generator's output shape is the samples' shape)")
    }

    @Test func aModelSpecReaderRefusesAGANSpecInOneLine() {
        do {
            _ = try ModelSpec.parse(Self.valid, file: "gan.yaml")
            Issue.record("a GAN spec was read as a model spec")
        } catch {
            #expect(String(describing: error) == "gan.yaml: kind: gan specs are read by stepwise trace, report and bench, not here (a model spec has no kind)")
        }
    }

    @Test func ringAndGridAreNotModelSpecData() {
        let text = SpecErrorTests.valid.replacingOccurrences(of: "data: {inputs: [[0.5, 0.1], [0.2, 0.3]], targets: [0, 1]}",
                                                             with: "data: {generate: {samples: 4, kind: ring}}")
        #expect(SpecErrorTests().message(text)?.hasPrefix("spec.yaml: data.generate.kind: expected one of random, sine, blobs, moons, circles, spirals, xor, linear, bars, reverse, found \"ring\"") == true)
    }

    @Test func stepsBeyondTheNoiseAreRefused() throws {
        guard case .gan(let spec) = try SpecFile.parse(Self.valid, file: "gan.yaml") else { return }
        #expect(spec.stepsProblem(2, allowLarge: false) == nil)
        #expect(spec.stepsProblem(3, allowLarge: false) == "data.noise holds 2 noise batches, enough for 2 steps of 1 discriminator update, not 3")
        #expect(spec.stepsProblem(0, allowLarge: false) == "expected at least 1 step, found 0")
    }

    @Test func aHugeNetworkIsRefusedBeforeAnythingIsAllocated() {
        let text = Self.valid.replacingOccurrences(
            of: "discriminator:\n  layers:\n    - {type: dense, units: 3, activation: tanh}",
            with: "discriminator:\n  layers:\n    - {type: dense, units: 2000, activation: tanh}\n    - {type: dense, units: 2000, activation: tanh}")
        // generator 2·3 + 3 + 3·2 + 2; discriminator 2·2000 + 2000 + 2000·2000 + 2000 + 2000 + 1
        let parameters = 17 + 6000 + 4_002_000 + 2001
        #expect(message(text) == "gan.yaml: (top level): the two networks have \(parameters) parameters, more than the limit of 1000000 (pass --allow-large to run them anyway)")
    }
}
