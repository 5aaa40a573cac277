import Foundation

/// The sizes of a BERT encoder, from a Hugging Face `config.json`.
public struct BertConfig: Equatable, Sendable {
    public var vocabSize: Int
    /// d, the width of every token's vector.
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    /// The feed-forward block's inner width.
    public var intermediateSize: Int
    /// The most tokens (with [CLS] and [SEP]) the position table covers.
    public var maxPositions: Int
    public var typeVocabSize: Int
    public var layerNormEpsilon: Double

    /// d / heads: one head's query, key and value width.
    public var headSize: Int { hiddenSize / headCount }

    /// The keys read, each required (the contract takes LayerNorm's epsilon from the file).
    static let integerKeys = ["vocab_size", "hidden_size", "num_hidden_layers", "num_attention_heads",
                              "intermediate_size", "max_position_embeddings", "type_vocab_size"]

    /// Reads and checks `config.json`; `path` names it in errors.
    public static func read(_ data: Data, path: String) throws -> BertConfig {
        func fail(_ location: String, _ message: String) -> CheckpointError {
            CheckpointError(file: path, location: location, message: message)
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("", "expected a JSON object")
        }
        var numbers: [String: Int] = [:]
        for key in integerKeys {
            guard let value = object[key] else { throw fail(key, "missing (a BERT config needs it)") }
            guard let number = value as? NSNumber, !(value is Bool), number.doubleValue == number.doubleValue.rounded(),
                  number.doubleValue >= 1, number.doubleValue <= 1e9 else {
                throw fail(key, "expected a positive integer, found \(value)")
            }
            numbers[key] = number.intValue
        }
        guard let epsilonValue = object["layer_norm_eps"] else { throw fail("layer_norm_eps", "missing (a BERT config needs it)") }
        guard let epsilon = (epsilonValue as? NSNumber)?.doubleValue, !(epsilonValue is Bool), epsilon > 0, epsilon.isFinite else {
            throw fail("layer_norm_eps", "expected a positive number, found \(epsilonValue)")
        }
        if let activation = object["hidden_act"], (activation as? String) != "gelu" {
            throw fail("hidden_act", "expected \"gelu\" (BERT's erf form, the only one Stepwise runs), found \(activation)")
        }
        let config = BertConfig(
            vocabSize: numbers["vocab_size"]!, hiddenSize: numbers["hidden_size"]!, layerCount: numbers["num_hidden_layers"]!,
            headCount: numbers["num_attention_heads"]!, intermediateSize: numbers["intermediate_size"]!,
            maxPositions: numbers["max_position_embeddings"]!, typeVocabSize: numbers["type_vocab_size"]!,
            layerNormEpsilon: epsilon)
        guard config.hiddenSize % config.headCount == 0 else {
            throw fail("num_attention_heads", "hidden_size \(config.hiddenSize) is not a multiple of \(config.headCount) heads")
        }
        return config
    }
}
