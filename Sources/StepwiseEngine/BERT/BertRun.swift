import Foundation
import StepwiseTrace

/// One forward pass of a pretrained BERT on a text, recorded as a trace step.
public struct BertRun {
    public let checkpoint: BertCheckpoint
    public let tokens: [String]
    public let ids: [Int]

    /// Tokenises `text` (refusing empty text and more tokens than positions; `file` and
    /// `field` name the text in errors).
    public init(checkpoint: BertCheckpoint, text: String, file: String, field: String = "text") throws {
        self.checkpoint = checkpoint
        (tokens, ids) = try BertCheckpoint.encode(text, tokenizer: checkpoint.tokenizer, config: checkpoint.config,
                                                  file: file, field: field)
    }

    /// The forward pass on a fresh tape.
    public func forward() -> (tape: Tape, outputs: BertEncoder.Outputs) {
        let tape = Tape()
        return (tape, BertEncoder(checkpoint: checkpoint)(ids: ids, on: tape))
    }

    /// The trace step at `record`: `outputs` from `layers` on, `ops` (without gradients) at `ops`;
    /// and the scope of the first non-finite value, if any.
    public func traceStep(record: RecordLevel) -> (step: ForwardTraceStep, nonFinite: String?) {
        let (tape, outputs) = forward()
        var values: [String: TensorValue] = [:]
        if record.keepsOutputs {
            for (name, variable) in outputs.named { values[name] = tape.value(variable).traceValue }
        }
        let ops = record.keepsOps ? tape.records(gradients: [Tensor?](repeating: nil, count: tape.nodes.count)) : []
        return (ForwardTraceStep(step: 1, outputs: values, ops: ops), tape.firstNonFiniteForward)
    }

    /// The trace's `architecture`: the input is T token ids (their WordPiece `tokens` in the
    /// embeddings' `config`, for labels); "layers" are the embeddings, each
    /// encoder layer, the pooler and the sentence embedding, with their output shapes; no loss
    /// and no optimizer (`"none"`).
    public var architecture: Architecture {
        let config = checkpoint.config
        let (count, width) = (ids.count, config.hiddenSize)
        var layers = [LayerInfo(name: "embeddings", type: "bert_embeddings", outputShape: [count, width],
                                config: ["vocab_size": .int(config.vocabSize), "max_position_embeddings": .int(config.maxPositions),
                                         "tokens": .strings(tokens)],
                                params: [])]
        for layer in 0..<config.layerCount {
            layers.append(LayerInfo(name: "encoder/layer\(layer)", type: "bert_layer", outputShape: [count, width],
                                    config: ["num_heads": .int(config.headCount), "head_size": .int(config.headSize),
                                             "intermediate_size": .int(config.intermediateSize),
                                             "layer_norm_eps": .double(config.layerNormEpsilon)],
                                    params: []))
        }
        if checkpoint.hasPooler {
            layers.append(LayerInfo(name: "pooler", type: "bert_pooler", outputShape: [width], config: [:], params: []))
        }
        if let pooling = checkpoint.sentencePooling {
            layers.append(LayerInfo(name: "sentence_embedding", type: "mean_pooling", outputShape: [width],
                                    config: ["normalize": .bool(pooling.normalize)], params: []))
        }
        return Architecture(inputShape: [count], integerInputs: true, layers: layers, loss: "none", optimizer: "none")
    }
}
