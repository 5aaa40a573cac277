import Foundation
import StepwiseTrace

/// Multi-head self-attention (Vaswani et al. 2017), as Keras's `MultiHeadAttention` called with
/// query = key = value = the input.
///
/// `input [batch, T, d_model]`; `wq`, `wk`, `wv [d_model, heads·keyDim]`, `bq`, `bk`, `bv
/// [heads·keyDim]`, `wo [heads·keyDim, d_model]`, `bo [d_model]`; head h (1-based) owns columns
/// (h−1)·keyDim ..< h·keyDim. Per head: scores = q·kᵀ / √keyDim `[batch, T, T]` (with `causal`,
/// query i sees keys j ≤ i: the others are masked to weight exactly 0), weights = softmax over
/// keys, context = weights·v `[batch, T, keyDim]`; the heads' contexts side by side times `wo`
/// plus `bo` → `[batch, T, d_model]`. heads·keyDim need not equal d_model.
///
/// Scopes: `<name>/query_matmul`, `query_bias_add` (and `key_…`, `value_…`), all heads'
/// columns; then per head `<name>/head<h>/query`, `key`, `value`, `dot_products`, `scores`,
/// `masked_scores` (causal only), `weights`, `context`; then `<name>/concat_heads`,
/// `<name>/output_matmul` and `<name>/output`.
public struct MultiHeadAttention: Layer {
    public let name: String
    public let numHeads: Int
    public let keyDim: Int
    public let causal: Bool

    public init(name: String, numHeads: Int, keyDim: Int, causal: Bool = false) {
        precondition(numHeads > 0 && keyDim > 0, "attention heads and key_dim must be positive")
        self.name = name
        self.numHeads = numHeads
        self.keyDim = keyDim
        self.causal = causal
    }

    public var type: String { "multi_head_attention" }
    public var regularizer: Regularizer? { nil }

    public var config: [String: AttributeValue] {
        ["num_heads": .int(numHeads), "key_dim": .int(keyDim), "causal": .bool(causal)]
    }

    public func outputShape(for inputShape: [Int]) -> [Int] { inputShape }

    public func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])] {
        let model = inputShape.last ?? 0, width = numHeads * keyDim
        return [("wq", [model, width]), ("bq", [width]), ("wk", [model, width]), ("bk", [width]),
                ("wv", [model, width]), ("bv", [width]), ("wo", [width, model]), ("bo", [model])]
    }

    /// Weights Glorot-uniform over their two axes (fan in = rows, fan out = columns); biases 0.
    /// (Keras computes its Glorot fans from its 3-axis head layout; the seeds differ anyway.)
    public func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor {
        shape.count == 2
            ? glorotUniform(shape: shape, fanIn: shape[0], fanOut: shape[1], random: &random)
            : Tensor.zeros(shape)
    }

    public func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable {
        let shape = tape.value(input).shape
        precondition(shape.count == 3, "\(name): attention input must be [batch, T, d_model], found \(shape)")
        let scale = 1 / Double(keyDim).squareRoot()
        return tape.scoped(name) {
            func project(_ role: String, _ weight: String, _ bias: String) -> Variable {
                tape.add(tape.matmul(input, parameters[weight]!, "\(role)_matmul"), parameters[bias]!, "\(role)_bias_add")
            }
            let queries = project("query", "wq", "bq")
            let keys = project("key", "wk", "bk")
            let values = project("value", "wv", "bv")
            var contexts: [Variable] = []
            for head in 0..<numHeads {
                let columns = (head * keyDim)..<((head + 1) * keyDim)
                contexts.append(tape.scoped("head\(head + 1)") {
                    tape.attentionHead(queries: queries, keys: keys, values: values, columns: columns, scale: scale, causal: causal)
                })
            }
            let joined = tape.concat(contexts, axis: -1, "concat_heads")
            return tape.add(tape.matmul(joined, parameters["wo"]!, "output_matmul"), parameters["bo"]!, "output")
        }
    }
}
