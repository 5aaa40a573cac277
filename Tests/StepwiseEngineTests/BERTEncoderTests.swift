import Foundation
import Testing
@testable import StepwiseEngine
import StepwiseTrace

/// The encoder against values computed independently (Tools/bert_reference.py).
@Suite struct BERTEncoderTests {
    @Test func geluMatchesTheNormalDistribution() {
        // Φ(1) = 0.841344746068543, Φ(−1) = 0.158655253931457 (tables of the normal CDF).
        let tape = Tape()
        let y = tape.gelu(tape.constant(Tensor(vector: [-1, 0, 1, 3]), name: "x"))
        expectClose(tape.value(y).data, [-0.158655253931457, 0, 0.841344746068543, 3 * 0.998650101968370], relative: 1e-14)
    }

    @Test func tinyCheckpointMatchesEveryReferenceValue() throws {
        let checkpoint = try BertCheckpoint(folder: BERTReference.tinyCheckpoint, shownAs: "tiny-bert")
        for reference in try BERTReference.cases("tiny-bert-expected.json") {
            let run = try BertRun(checkpoint: checkpoint, text: reference.text, file: "test")
            #expect(run.tokens == reference.tokens)
            #expect(run.ids == reference.input_ids)
            let (step, nonFinite) = run.traceStep(record: .ops)
            #expect(nonFinite == nil)
            let values = try #require(reference.values)
            #expect(values.count > 40)
            for (scope, expected) in values {
                let record = try #require(step.ops.first { $0.scope == scope }, "no op record \(scope)")
                #expect(record.value.shape == expected.shape, "\(scope)")
                let difference = BERTReference.scaledDifference(record.value.data, expected.data)
                #expect(difference <= 1e-12, "\(reference.text): \(scope): scaled difference \(difference)")
            }
            #expect(step.outputs["encoder/layer1"] == step.op(scope: "encoder/layer1/feed_forward/layer_norm/shift")?.value)
            #expect(step.outputs["sentence_embedding"] == step.op(scope: "sentence_embedding/normalized")?.value)
        }
    }

    @Test func recordLevelsKeepWhatTheySay() throws {
        let checkpoint = try BertCheckpoint(folder: BERTReference.tinyCheckpoint, shownAs: "tiny-bert")
        let run = try BertRun(checkpoint: checkpoint, text: "my dog", file: "test")
        let summary = run.traceStep(record: .summary).step
        #expect(summary.outputs.isEmpty && summary.ops.isEmpty)
        let layers = run.traceStep(record: .layers).step
        #expect(layers.ops.isEmpty)
        #expect(layers.outputs.keys.sorted() == ["embeddings", "encoder/layer0", "encoder/layer1", "pooler", "sentence_embedding"])
        #expect(layers.outputs["encoder/layer0"]?.shape == [1, 4, 6])
        #expect(layers.outputs["pooler"]?.shape == [1, 6])
        let ops = run.traceStep(record: .ops).step
        #expect(ops.outputs == layers.outputs)
        #expect(ops.op(scope: "encoder/layer1/attention/head2/weights")?.value.shape == [1, 4, 4])
    }

    @Test func theSameRunGivesTheSameBytes() throws {
        let checkpoint = try BertCheckpoint(folder: BERTReference.tinyCheckpoint, shownAs: "tiny-bert")
        let run = try BertRun(checkpoint: checkpoint, text: "Hello, my dog is cute", file: "test")
        let encoder = TraceJSON.makeEncoder()
        let first = try encoder.encode(run.traceStep(record: .ops).step)
        let second = try encoder.encode(run.traceStep(record: .ops).step)
        #expect(first == second)
    }

    /// The course's checkpoint, whenever `models/` holds it (scripts/test fetches it).
    @Test(.enabled(if: BERTReference.miniLM != nil))
    func miniLMMatchesTheReferenceHiddenStatesAndAttentions() throws {
        let checkpoint = try BertCheckpoint(folder: BERTReference.miniLM!, shownAs: "models/all-MiniLM-L6-v2")
        for reference in try BERTReference.cases("minilm-expected.json") {
            let run = try BertRun(checkpoint: checkpoint, text: reference.text, file: "test")
            #expect(run.tokens == reference.tokens)
            #expect(run.ids == reference.input_ids)
            let step = run.traceStep(record: .ops).step
            let count = run.ids.count
            let states = try #require(reference.hidden_states_every_8th_feature)
            for (index, expected) in states.enumerated() {
                let key = index == 0 ? "embeddings" : "encoder/layer\(index - 1)"
                let value = try #require(step.outputs[key])
                let strided = (0..<count).flatMap { token in stride(from: 0, to: 384, by: 8).map { value.data[token * 384 + $0] } }
                let difference = BERTReference.scaledDifference(strided, expected.data)
                #expect(difference <= 1e-12, "\(reference.text): \(key): scaled difference \(difference)")
            }
            for (layer, expected) in try #require(reference.attentions).enumerated() {
                #expect(expected.shape == [12, count, count])
                let heads = (1...12).flatMap { step.op(scope: "encoder/layer\(layer)/attention/head\($0)/weights")!.value.data }
                let difference = BERTReference.scaledDifference(heads, expected.data)
                #expect(difference <= 1e-12, "\(reference.text): layer \(layer) attentions: scaled difference \(difference)")
            }
            for (key, expected) in [("pooler", reference.pooler), ("sentence_embedding", reference.sentence_embedding)] {
                let difference = BERTReference.scaledDifference(try #require(step.outputs[key]).data, try #require(expected).data)
                #expect(difference <= 1e-12, "\(reference.text): \(key): scaled difference \(difference)")
            }
        }
    }
}
