import StepwiseTrace

/// BERT's encoder on the tape, every value under a scope (batch of one sentence, T tokens, width d):
///
/// - `embeddings/word`, `position`, `type` (`lookup` of the three tables), `word_plus_type`,
///   `sum`, then `embeddings/layer_norm/…` (`mean` … `shift`, as the `layer_norm` layer) → `[1, T, d]`;
/// - per layer i (0-based, as in the checkpoint) `encoder/layer<i>/attention/query`, `key`,
///   `value` (`linear`, all heads), per head h (1-based) `…/attention/head<h>/query`, `key`,
///   `value` `[1, T, d/heads]`, `dot_products`, `scores` (× 1/√(d/heads)), `weights` (softmax over
///   keys) `[1, T, T]`, `context`; `…/attention/concat_heads`, `output_dense`, `residual`
///   (+ the layer's input), `attention/layer_norm/…`; then `encoder/layer<i>/feed_forward/
///   preactivation` `[1, T, intermediate]`, `gelu`, `output_dense`, `residual` (+ the attention
///   block's output), `feed_forward/layer_norm/…` (the layer's output);
/// - `pooler/first_token` ([CLS]'s vector), `pooler/dense`, `pooler/activation` (tanh) `[1, d]`;
/// - `sentence_embedding/mask` (ones `[1, 1, T]`), `token_sum`, `flat`, `token_count`, `mean`,
///   and with normalisation `squared`, `squared_sum`, `norm`, `normalized` `[1, d]`.
///
/// The leaves are `input_ids`, `position_ids`, `token_type_ids` `[1, T]` and each LayerNorm's
/// `gamma` and `beta` (constants); the large weights stay in the checkpoint (`linear`, `lookup`).
public struct BertEncoder {
    public let checkpoint: BertCheckpoint

    public init(checkpoint: BertCheckpoint) {
        self.checkpoint = checkpoint
    }

    /// The variables a run's trace `outputs` keep.
    public struct Outputs {
        public var embeddings: Variable
        /// One per encoder layer, in order.
        public var layers: [Variable]
        public var pooler: Variable?
        public var sentenceEmbedding: Variable?

        /// The trace's `outputs` keys with their variables, in order.
        public var named: [(String, Variable)] {
            [("embeddings", embeddings)] + layers.enumerated().map { ("encoder/layer\($0.offset)", $0.element) }
                + (pooler.map { [("pooler", $0)] } ?? []) + (sentenceEmbedding.map { [("sentence_embedding", $0)] } ?? [])
        }
    }

    /// Runs the encoder on token `ids` (with [CLS] and [SEP]; at most `max_position_embeddings`).
    public func callAsFunction(ids: [Int], on tape: Tape) -> Outputs {
        let config = checkpoint.config
        let count = ids.count
        precondition(count >= 1 && count <= config.maxPositions, "\(count) tokens for \(config.maxPositions) positions")
        let tokens = tape.input(Tensor(shape: [1, count], data: ids.map(Double.init)), name: "input_ids", differentiable: false)
        let positions = tape.constant(Tensor(shape: [1, count], data: (0..<count).map(Double.init)), name: "position_ids")
        let types = tape.constant(Tensor.zeros([1, count]), name: "token_type_ids")
        let embeddings = tape.scoped("embeddings") {
            let word = lookup(tokens, "embeddings.word_embeddings.weight", "word", on: tape)
            let position = lookup(positions, "embeddings.position_embeddings.weight", "position", on: tape)
            let type = lookup(types, "embeddings.token_type_embeddings.weight", "type", on: tape)
            let sum = tape.add(tape.add(word, type, "word_plus_type"), position, "sum")
            return layerNorm(sum, "embeddings.LayerNorm", on: tape)
        }
        var hidden = embeddings
        var layers: [Variable] = []
        tape.scoped("encoder") {
            for layer in 0..<config.layerCount {
                hidden = tape.scoped("layer\(layer)") { encoderLayer(hidden, layer, on: tape) }
                layers.append(hidden)
            }
        }
        var outputs = Outputs(embeddings: embeddings, layers: layers)
        if checkpoint.hasPooler {
            outputs.pooler = tape.scoped("pooler") {
                let first = tape.select(hidden, axis: 1, index: 0, "first_token")
                return tape.tanh(linear(first, "pooler.dense", "dense", on: tape), "activation")
            }
        }
        if let pooling = checkpoint.sentencePooling {
            outputs.sentenceEmbedding = tape.scoped("sentence_embedding") { meanPooled(hidden, pooling, on: tape) }
        }
        return outputs
    }

    /// One encoder layer: self-attention block, then feed-forward block, each with residual and
    /// LayerNorm. `input [1, T, d]` → `[1, T, d]`.
    private func encoderLayer(_ input: Variable, _ layer: Int, on tape: Tape) -> Variable {
        let at = "encoder.layer.\(layer)."
        let config = checkpoint.config
        let attended = tape.scoped("attention") {
            let queries = linear(input, at + "attention.self.query", "query", on: tape)
            let keys = linear(input, at + "attention.self.key", "key", on: tape)
            let values = linear(input, at + "attention.self.value", "value", on: tape)
            let width = config.headSize
            let scale = 1 / Double(width).squareRoot()
            var contexts: [Variable] = []
            for head in 0..<config.headCount {
                let columns = (head * width)..<((head + 1) * width)
                contexts.append(tape.scoped("head\(head + 1)") {
                    tape.attentionHead(queries: queries, keys: keys, values: values, columns: columns, scale: scale)
                })
            }
            let joined = tape.concat(contexts, axis: -1, "concat_heads")
            let projected = linear(joined, at + "attention.output.dense", "output_dense", on: tape)
            return layerNorm(tape.add(projected, input, "residual"), at + "attention.output.LayerNorm", on: tape)
        }
        return tape.scoped("feed_forward") {
            let inner = linear(attended, at + "intermediate.dense", "preactivation", on: tape)
            let activated = tape.gelu(inner, "gelu")
            let projected = linear(activated, at + "output.dense", "output_dense", on: tape)
            return layerNorm(tape.add(projected, attended, "residual"), at + "output.LayerNorm", on: tape)
        }
    }

    /// sentence-transformers' mean pooling (attention mask all ones): Σ tokens / T, then
    /// x / ‖x‖ when `normalize`. `hidden [1, T, d]` → `[1, d]`.
    private func meanPooled(_ hidden: Variable, _ pooling: BertCheckpoint.SentencePooling, on tape: Tape) -> Variable {
        let shape = tape.value(hidden).shape
        let (count, width) = (shape[1], shape[2])
        let mask = tape.constant(Tensor(shape: [1, 1, count], repeating: 1), name: "mask")
        let summed = tape.reshape(tape.batchMatmul(mask, hidden, "token_sum"), to: [1, width], "flat")
        let mean = tape.divide(summed, tape.constant(Tensor(scalar: Double(count)), name: "token_count"), "mean")
        guard pooling.normalize else { return mean }
        let squaredSum = tape.sum(tape.square(mean, "squared"), over: .lastAxis, keepingAxis: true, "squared_sum")
        return tape.divide(mean, tape.sqrt(squaredSum, "norm"), "normalized")
    }

    private func lookup(_ ids: Variable, _ table: String, _ name: String, on tape: Tape) -> Variable {
        tape.lookup(ids, table: checkpoint.weight(table), tableName: checkpoint.prefix + table, name)
    }

    /// The checkpoint's dense layer `module` (`module.weight [out, in]`, `module.bias [out]`).
    private func linear(_ x: Variable, _ module: String, _ name: String, on tape: Tape) -> Variable {
        tape.linear(x, weight: checkpoint.weight(module + ".weight"), bias: checkpoint.weight(module + ".bias"),
                    weightName: checkpoint.prefix + module + ".weight", biasName: checkpoint.prefix + module + ".bias", name)
    }

    /// LayerNorm over the last axis with the checkpoint's `module.weight` (γ) and `module.bias` (β)
    /// as constants `layer_norm/gamma`, `layer_norm/beta`, and the config's epsilon.
    private func layerNorm(_ x: Variable, _ module: String, on tape: Tape) -> Variable {
        let parameters = tape.scoped("layer_norm") {
            ["gamma": tape.constant(checkpoint.weight(module + ".weight"), name: "gamma"),
             "beta": tape.constant(checkpoint.weight(module + ".bias"), name: "beta")]
        }
        return LayerNorm(name: "layer_norm", epsilon: checkpoint.config.layerNormEpsilon)(x, parameters: parameters, on: tape)
    }
}
