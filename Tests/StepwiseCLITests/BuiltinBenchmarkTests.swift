import StepwiseEngine
import Testing
@testable import StepwiseCLI

/// The built-in `stepwise bench` suite is made of valid specs of the sizes it promises.
@Suite struct BuiltinBenchmarkTests {
    @Test func everyBuiltinSpecReads() throws {
        for builtin in BuiltinBenchmarks.specs {
            let spec = try ModelSpec.parse(builtin.text, file: builtin.file)
            #expect(builtin.file == "builtin:\(spec.name)")
        }
    }

    @Test func sequenceBenchmarksHaveTheirSizes() throws {
        let specs = try BuiltinBenchmarks.specs.map { try ModelSpec.parse($0.text, file: $0.file) }
        let lstm = try #require(specs.first { $0.name == "stacked-lstm-50" })
        #expect(lstm.inputShape == [20, 10] && lstm.dataset.sampleCount == 8)
        #expect(lstm.layers.compactMap { ($0 as? LSTM)?.units } == [50, 50])
        let attention = try #require(specs.first { $0.name == "attention-2x16" })
        #expect(attention.inputShape == [16, 32] && attention.dataset.sampleCount == 8)
        let block = try #require(attention.layers.compactMap { $0 as? MultiHeadAttention }.first)
        #expect(block.numHeads == 2 && block.keyDim == 16)
    }
}
