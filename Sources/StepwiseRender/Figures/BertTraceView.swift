import StepwiseTrace
import StepwiseWords

/// What the BERT figures read from a forward trace (docs/trace-format.md, "BERT"): the tokens,
/// the numbers of layers and heads, and every value by scope, each shape checked before use so a
/// damaged trace is refused in one line. Layers are counted from 1 here (`layer 1` is the
/// checkpoint's `encoder/layer0`), heads from 1 as in the scopes.
public struct BertTraceView: Sendable {
    public let model: String
    public let step: Int
    /// The WordPiece tokens, `[CLS]` … `[SEP]` (T of them).
    public let tokens: [String]
    public let layerCount: Int
    public let headCount: Int
    private let values: [String: TensorValue]

    public init(_ trace: ForwardTrace) throws {
        try self.init(trace, edition: .en)
    }

    /// `edition`: the words of the token labels when the trace names no tokens ("token 3").
    public init(_ trace: ForwardTrace, edition: Edition) throws {
        guard let step = trace.steps.last else { throw RenderError.invalidInput("the trace has no steps") }
        model = trace.model
        self.step = step.step
        let architecture = trace.architecture
        let count = architecture.inputShape.first ?? 0
        let layers = architecture.layers.filter { $0.type == "bert_layer" }
        guard let embeddings = architecture.layers.first(where: { $0.type == "bert_embeddings" }), !layers.isEmpty, count > 0 else {
            throw RenderError.invalidInput("not a BERT encoder's trace (architecture: expected bert_embeddings and bert_layer layers)")
        }
        if case .strings(let pieces)? = embeddings.config["tokens"] {
            guard pieces.count == count else {
                throw RenderError.invalidInput("architecture: \(pieces.count) tokens for an input of \(count)")
            }
            tokens = pieces
        } else {
            tokens = (1...count).map { BertWords.tokenNumber(edition, ["n": String($0)]) }
        }
        layerCount = layers.count
        guard case .int(let heads)? = layers[0].config["num_heads"], heads >= 1, heads <= 1024 else {
            throw RenderError.invalidInput("architecture: \(layers[0].name): expected num_heads, a number from 1")
        }
        headCount = heads
        var values = step.outputs
        for op in step.ops where values[op.scope] == nil { values[op.scope] = op.value }
        self.values = values
    }

    /// The value named `scope` (an op scope or an `outputs` key).
    public func tensor(_ scope: String) throws -> TensorValue {
        guard let value = values[scope] else {
            throw RenderError.invalidInput("the trace has no \(scope) (record it with stepwise trace --record ops)")
        }
        return value
    }

    /// A `[1, T, n]` value as T rows of n numbers.
    public func tokenRows(_ scope: String) throws -> [[Double]] {
        let value = try tensor(scope)
        guard value.shape.count == 3, value.shape[0] == 1, value.shape[1] == tokens.count else {
            throw RenderError.invalidInput("\(scope): expected [1, \(tokens.count), n], found \(value.shape)")
        }
        let width = value.shape[2]
        return (0..<tokens.count).map { Array(value.data[($0 * width)..<(($0 + 1) * width)]) }
    }

    /// The attention weights of `head` in `layer` (both from 1): T query rows of T keys.
    public func attention(layer: Int, head: Int) throws -> [[Double]] {
        let scope = Self.weightsScope(layer: layer, head: head)
        let rows = try tokenRows(scope)
        guard rows.first?.count == tokens.count else { throw RenderError.invalidInput("\(scope): expected [1, T, T] with T = \(tokens.count)") }
        return rows
    }

    /// Each token's vector after `layer` (from 1), or after the embeddings for 0: T rows of d.
    public func hiddenStates(after layer: Int) throws -> [[Double]] {
        try tokenRows(layer == 0 ? "embeddings" : "encoder/layer\(layer - 1)")
    }

    /// The trace's sentence embedding `[1, d]` (mean-pooled; a checkpoint with
    /// sentence-transformers pooling), as d numbers.
    public func sentenceEmbedding() throws -> [Double] {
        let value = try tensor("sentence_embedding")
        guard value.shape.count == 2, value.shape[0] == 1 else {
            throw RenderError.invalidInput("sentence_embedding: expected [1, d], found \(value.shape)")
        }
        return value.data
    }

    /// The sentence the tokens spell, without `[CLS]`/`[SEP]` and with `##` pieces joined to
    /// the piece before (lower-cased, as the tokenizer left it).
    public var sentence: String {
        var text = ""
        for token in tokens where token != "[CLS]" && token != "[SEP]" {
            if token.hasPrefix("##") {
                text += token.dropFirst(2)
            } else if token.count == 1, let scalar = token.unicodeScalars.first, scalar.properties.generalCategory.closesText, !text.isEmpty {
                text += token
            } else {
                text += text.isEmpty ? token : " " + token
            }
        }
        return text
    }

    /// `encoder/layer<layer − 1>/attention/head<head>/weights`.
    public static func weightsScope(layer: Int, head: Int) -> String {
        "encoder/layer\(layer - 1)/attention/head\(head)/weights"
    }

    /// Checks that `layer` and `heads` (from 1) exist; `heads` empty means all.
    func checked(layer: Int, heads: [Int]) throws -> [Int] {
        guard layer >= 1 && layer <= layerCount else {
            throw RenderError.invalidInput("layer \(layer): the encoder has layers 1 to \(layerCount)")
        }
        for head in heads where head < 1 || head > headCount {
            throw RenderError.invalidInput("head \(head): each layer has heads 1 to \(headCount)")
        }
        return heads.isEmpty ? Array(1...headCount) : heads
    }
}

extension Unicode.GeneralCategory {
    /// Punctuation written against the word before it (`,` `.` `)` `!`).
    var closesText: Bool {
        switch self {
        case .closePunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }
}
