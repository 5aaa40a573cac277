extension Tape {
    /// One attention head over the columns `columns` of all heads' projections `queries`,
    /// `keys`, `values [batch, T, heads·keyDim]`: `query`, `key`, `value` (the head's columns),
    /// `dot_products` q·kᵀ, `scores` (× `scale`), `masked_scores` (only when `causal`), `weights`
    /// (softmax over keys) `[batch, T, T]`, and `context` = weights·v `[batch, T, keyDim]`, the
    /// value returned. Scopes are relative to the caller's (`…/head<h>/weights`).
    func attentionHead(
        queries: Variable, keys: Variable, values: Variable, columns: Range<Int>, scale: Double, causal: Bool = false
    ) -> Variable {
        let query = slice(queries, axis: -1, columns, "query")
        let key = slice(keys, axis: -1, columns, "key")
        let value = slice(values, axis: -1, columns, "value")
        let products = batchMatmul(query, key, transposeB: true, "dot_products")
        var scores = self.scale(products, by: scale, "scores")
        if causal { scores = causalMask(scores, "masked_scores") }
        let weights = softmax(scores, "weights")
        return batchMatmul(weights, value, "context")
    }
}
