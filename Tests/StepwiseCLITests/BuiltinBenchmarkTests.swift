import StepwiseEngine
import Testing
@testable import StepwiseCLI

/// The built-in `stepwise bench` suite is made of valid specs of the sizes it promises.
@Suite struct BuiltinBenchmarkTests {
    @Test func everyBuiltinSpecReads() throws {
        for builtin in BuiltinBenchmarks.specs {
            let spec = try SpecFile.parse(builtin.text, file: builtin.file)
            #expect(builtin.file == "builtin:\(spec.name)")
        }
    }

    /// The GAN step and its yardstick, the same layers as one MLP on as many samples.
    @Test func theGANBenchmarkAndItsYardstickHaveTheSameLayers() throws {
        guard case .gan(let gan) = try SpecFile.parse(try #require(BuiltinBenchmarks.entry(named: "builtin:gan-2d")).text, file: "gan"),
              case .model(let mlp) = try SpecFile.parse(try #require(BuiltinBenchmarks.entry(named: "builtin:gan-as-one-mlp")).text, file: "mlp")
        else { Issue.record("builtin:gan-2d must be a GAN and builtin:gan-as-one-mlp a model"); return }
        let units = { (model: Model) in model.layers.compactMap { ($0 as? Dense)?.units } }
        #expect(units(mlp.makeModel()) == units(gan.makeRun().trainer.generator) + units(gan.makeRun().trainer.discriminator))
        #expect(gan.realSamples.shape[0] == 64 && mlp.dataset.sampleCount == 64 && gan.latentDim == 2)
    }

    @Test func sequenceBenchmarksHaveTheirSizes() throws {
        let specs = try BuiltinBenchmarks.specs.compactMap { builtin -> ModelSpec? in
            guard case .model(let spec) = try SpecFile.parse(builtin.text, file: builtin.file) else { return nil }
            return spec
        }
        let lstm = try #require(specs.first { $0.name == "stacked-lstm-50" })
        #expect(lstm.inputShape == [20, 10] && lstm.dataset.sampleCount == 8)
        #expect(lstm.layers.compactMap { ($0 as? LSTM)?.units } == [50, 50])
        let attention = try #require(specs.first { $0.name == "attention-2x16" })
        #expect(attention.inputShape == [16, 32] && attention.dataset.sampleCount == 8)
        let block = try #require(attention.layers.compactMap { $0 as? MultiHeadAttention }.first)
        #expect(block.numHeads == 2 && block.keyDim == 16)
    }
}
