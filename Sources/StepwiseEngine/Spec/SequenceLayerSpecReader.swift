import StepwiseTrace
/// Reads the sequence layers of a spec's `layers`: `lstm`, `multi_head_attention`,
/// `positional_encoding`, `layer_norm` and `embedding`, each checked against its input shape.
enum SequenceLayerSpecReader {
    static func read(_ field: SpecField, type: String, index: Int, defaultName: String, inputShape: [Int]) throws -> any Layer {
        func name(_ object: SpecObject) throws -> String { try object.optional("name")?.string() ?? defaultName }
        /// `[time, features]`, as LSTMs and attention need.
        func requireSequence() throws {
            guard inputShape.count == 2 else {
                throw field.error("\(type) needs an input of shape [time, features], found \(inputShape)")
            }
        }
        switch type {
        case "lstm":
            let object = try field.object(allowed: ["type", "name", "units", "return_sequences", "regularizer", "weights"])
            try requireSequence()
            let unitsField = try object.required("units")
            let units = try unitsField.positiveInteger()
            guard CheckedSize.product([4, units]) != nil else { throw unitsField.error("4 × \(units) values do not fit") }
            return LSTM(name: try name(object), units: units,
                        returnSequences: try object.optional("return_sequences")?.boolean() ?? false,
                        regularizer: try LayerSpecReader.regularizer(object.optional("regularizer")))
        case "multi_head_attention":
            let object = try field.object(allowed: ["type", "name", "num_heads", "key_dim", "causal", "weights"])
            try requireSequence()
            let numHeads = try object.required("num_heads").positiveInteger()
            let keyDimField = try object.required("key_dim")
            let keyDim = try keyDimField.positiveInteger()
            guard CheckedSize.product([numHeads, keyDim]) != nil else {
                throw keyDimField.error("\(numHeads) × \(keyDim) values do not fit")
            }
            return MultiHeadAttention(name: try name(object), numHeads: numHeads, keyDim: keyDim,
                                      causal: try object.optional("causal")?.boolean() ?? false)
        case "positional_encoding":
            let object = try field.object(allowed: ["type", "name"])
            try requireSequence()
            return PositionalEncoding(name: try name(object))
        case "layer_norm":
            let object = try field.object(allowed: ["type", "name", "epsilon", "weights"])
            var epsilon = 1e-3
            if let epsilonField = object.optional("epsilon") {
                epsilon = try epsilonField.number()
                guard epsilon > 0 else { throw epsilonField.error("expected a positive number, found \(epsilonField.shown)") }
            }
            return LayerNorm(name: try name(object), epsilon: epsilon)
        default:
            let object = try field.object(allowed: ["type", "name", "input_dim", "output_dim", "weights"])
            guard index == 0 else {
                throw field.error("embedding must be the first layer (it reads the model's integer token ids)")
            }
            return Embedding(name: try name(object), inputDim: try object.required("input_dim").positiveInteger(),
                             outputDim: try object.required("output_dim").positiveInteger())
        }
    }
}
