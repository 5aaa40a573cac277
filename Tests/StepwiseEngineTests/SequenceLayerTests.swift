import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The sequence layers: forward values worked out by hand (in the comments), whole layers
/// against finite differences, initialisation, and the scopes they record.
@Suite struct SequenceLayerTests {
    /// Runs `layer` on `input` with `parameters` on a fresh tape.
    func forward(_ layer: some Layer, _ input: Tensor, _ parameters: [String: Tensor] = [:]) -> (tape: Tape, output: Variable) {
        let tape = Tape()
        let x = tape.input(input)
        let leaves = parameters.mapValues { tape.parameter($0, name: "p") }
        return (tape, layer(x, parameters: leaves, on: tape))
    }

    func value(_ tape: Tape, _ scope: String) -> Tensor? {
        let records = tape.records(gradients: [Tensor?](repeating: nil, count: tape.nodes.count))
        return records.first { $0.scope == scope }.map { Tensor($0.value) }
    }

    // MARK: By hand

    @Test func lstmTwoStepsByHand() {
        // One unit, one feature, x = (1, −1). kernel (i, f, c, o) = (0.5, −0.5, 1, 0.25),
        // recurrent (0.1, 0.2, 0.3, 0.4), bias (0, 1, 0, 0).
        // t1: h0 = c0 = 0, z = x·W + b = (0.5, 0.5, 1, 0.25):
        //   i = f = σ(0.5) = 0.6224593312018546, c̃ = tanh 1 = 0.7615941559557649, o = σ(0.25) = 0.5621765008857981,
        //   c1 = f·0 + i·c̃ = 0.47406138896346633, h1 = o·tanh c1 = 0.24818686717764854.
        // t2: z = −W + h1·U + b = (−0.4751813132822351, 1.5496373734355298, −0.9255439398467055, −0.15072525312894058):
        //   i = 0.383390631703714, f = 0.8248613511233357, c̃ = −0.7285095638733008, o = 0.4623898623509439,
        //   c2 = f·c1 + i·c̃ = 0.11173117592022802, h2 = o·tanh c2 = 0.051449445209089915.
        let layer = LSTM(name: "lstm", units: 1, returnSequences: true)
        let (tape, output) = forward(layer, Tensor(shape: [1, 2, 1], data: [1, -1]), [
            "kernel": Tensor(rows: [[0.5, -0.5, 1, 0.25]]), "recurrent_kernel": Tensor(rows: [[0.1, 0.2, 0.3, 0.4]]),
            "bias": Tensor(vector: [0, 1, 0, 0]),
        ])
        let close = { (scope: String, expected: Double) in
            expectClose(self.value(tape, scope)?.data ?? [], [expected], relative: 1e-15, scope)
        }
        close("lstm/t1/input_gate", 0.6224593312018546)
        close("lstm/t1/forget_gate", 0.6224593312018546)
        close("lstm/t1/candidate", 0.7615941559557649)
        close("lstm/t1/output_gate", 0.5621765008857981)
        close("lstm/t1/cell", 0.47406138896346633)
        close("lstm/t1/hidden", 0.24818686717764854)
        close("lstm/t2/input_gate", 0.383390631703714)
        close("lstm/t2/forget_gate", 0.8248613511233357)
        close("lstm/t2/candidate", -0.7285095638733008)
        close("lstm/t2/output_gate", 0.4623898623509439)
        close("lstm/t2/cell", 0.11173117592022802)
        close("lstm/t2/hidden", 0.051449445209089915)
        #expect(tape.value(output).shape == [1, 2, 1])
        expectClose(tape.value(output).data, [0.24818686717764854, 0.051449445209089915], relative: 1e-15)
        // Without return_sequences the output is h_T alone.
        let last = LSTM(name: "lstm", units: 1)
        let (lastTape, lastOutput) = forward(last, Tensor(shape: [1, 2, 1], data: [1, -1]), [
            "kernel": Tensor(rows: [[0.5, -0.5, 1, 0.25]]), "recurrent_kernel": Tensor(rows: [[0.1, 0.2, 0.3, 0.4]]),
            "bias": Tensor(vector: [0, 1, 0, 0]),
        ])
        #expect(lastTape.value(lastOutput).shape == [1, 1])
        expectClose(lastTape.value(lastOutput).data, [0.051449445209089915], relative: 1e-15)
    }

    /// Two heads of key_dim 1 over d_model 2 with every weight the identity and biases zero, so
    /// head 1 sees feature 1 and head 2 feature 2: x = [[1, 2], [3, 4]] (token 1, token 2).
    func identityAttention(causal: Bool) -> (tape: Tape, output: Variable) {
        let identity = Tensor(rows: [[1, 0], [0, 1]]), zero = Tensor(vector: [0, 0])
        let layer = MultiHeadAttention(name: "attn", numHeads: 2, keyDim: 1, causal: causal)
        return forward(layer, Tensor(shape: [1, 2, 2], data: [1, 2, 3, 4]), [
            "wq": identity, "wk": identity, "wv": identity, "wo": identity, "bq": zero, "bk": zero, "bv": zero, "bo": zero,
        ])
    }

    @Test func twoTokenAttentionByHand() {
        // Head 1: q = k = v = (1, 3); scores q·kᵀ/√1 = [[1, 3], [3, 9]];
        //   weights row 1 = softmax(1, 3) = (1/(1+e²), e²/(1+e²)), row 2 = softmax(3, 9) = (1/(1+e⁶), e⁶/(1+e⁶));
        //   context = weights·v: row 1 = 1·w + 3·(1 − w) with w = 1/(1+e²) = 0.11920292202211757.
        // Head 2: q = k = v = (2, 4); scores [[4, 8], [8, 16]]: w = 1/(1+e⁴), then 1/(1+e⁸).
        let (tape, output) = identityAttention(causal: false)
        #expect(value(tape, "attn/head1/scores")?.data == [1, 3, 3, 9])
        #expect(value(tape, "attn/head2/scores")?.data == [4, 8, 8, 16])
        let (w1, w2) = (0.11920292202211757, 0.002472623156634775)
        let (w3, w4) = (0.017986209962091562, 0.00033535013046647827)
        expectClose(value(tape, "attn/head1/weights")?.data ?? [], [w1, 1 - w1, w2, 1 - w2], relative: 1e-15)
        expectClose(value(tape, "attn/head2/weights")?.data ?? [], [w3, 1 - w3, w4, 1 - w4], relative: 1e-15)
        // wo = I, bo = 0: the output is the two contexts side by side.
        let expected = [w1 * 1 + (1 - w1) * 3, w3 * 2 + (1 - w3) * 4, w2 * 1 + (1 - w2) * 3, w4 * 2 + (1 - w4) * 4]
        expectClose(tape.value(output).data, expected, relative: 1e-14)
        #expect(tape.value(output).shape == [1, 2, 2])
    }

    @Test func causalTwoTokenAttentionByHand() {
        // Token 1 sees only itself: weights (1, 0) exactly, context = its own value (1 | 2).
        // Token 2 sees both, as without the mask.
        let (tape, output) = identityAttention(causal: true)
        #expect(value(tape, "attn/head1/masked_scores")?.data == [1, -1e9, 3, 9])
        let weights = value(tape, "attn/head1/weights")?.data ?? []
        #expect(weights[0] == 1 && weights[1] == 0)
        let (w2, w4) = (0.002472623156634775, 0.00033535013046647827)
        expectClose(tape.value(output).data, [1, 2, w2 * 1 + (1 - w2) * 3, w4 * 2 + (1 - w4) * 4], relative: 1e-14)
    }

    @Test func attentionScalesByKeyDim() {
        // key_dim 2, one head: q = k = x = [[1, 1]]: q·kᵀ = 2, scaled by 1/√2 → √2.
        let identity = Tensor(rows: [[1, 0], [0, 1]])
        let layer = MultiHeadAttention(name: "attn", numHeads: 1, keyDim: 2)
        let (tape, _) = forward(layer, Tensor(shape: [1, 1, 2], data: [1, 1]), [
            "wq": identity, "wk": identity, "wv": identity, "wo": identity,
            "bq": .zeros([2]), "bk": .zeros([2]), "bv": .zeros([2]), "bo": .zeros([2]),
        ])
        expectClose(value(tape, "attn/head1/scores")?.data ?? [], [Double(2).squareRoot()], relative: 1e-15)
    }

    @Test func positionalTableFirstEntries() {
        // t = 0: sin 0 = 0 on even columns, cos 0 = 1 on odd ones.
        // t = 1, d = 4: sin(1), cos(1), sin(1/10000^(2/4)) = sin(0.01), cos(0.01).
        let table = PositionalEncoding.table(steps: 2, width: 4)
        #expect(Array(table.data[0..<4]) == [0, 1, 0, 1])
        expectClose(Array(table.data[4..<8]), [0.8414709848078965, 0.5403023058681398, 0.009999833334166664, 0.9999500004166653],
                    relative: 1e-15)
        // An odd width: the last column is a sine, sin(1/10000^(2/3)).
        let odd = PositionalEncoding.table(steps: 2, width: 3)
        expectClose([odd.data[5]], [0.0021544330233656045], relative: 1e-15)
        // The layer adds it: x = 0 gives the table itself.
        let (tape, output) = forward(PositionalEncoding(name: "pos"), .zeros([2, 2, 4]))
        #expect(tape.value(output).data == table.data + table.data)
        #expect(value(tape, "pos/table")?.shape == [2, 4])
    }

    @Test func layerNormOfOneTwoThree() {
        // mean 2, biased variance (1 + 0 + 1)/3 = 2/3; y = (x − 2)/√(2/3 + 0.001) = (−1, 0, 1)·1.2238273448265007.
        // With gamma (2, 1, 1) and beta (0, 0.5, 0): (−2·1.2238…, 0.5, 1.2238…).
        let (tape, output) = forward(LayerNorm(name: "norm"), Tensor(shape: [1, 3], data: [1, 2, 3]),
                                     ["gamma": Tensor(vector: [2, 1, 1]), "beta": Tensor(vector: [0, 0.5, 0])])
        let s = 1.2238273448265007
        #expect(value(tape, "norm/mean")?.data == [2])
        expectClose(value(tape, "norm/variance")?.data ?? [], [2.0 / 3], relative: 1e-15)
        expectClose(value(tape, "norm/normalized")?.data ?? [], [-s, 0, s], relative: 1e-15)
        expectClose(tape.value(output).data, [-2 * s, 0.5, s], relative: 1e-15)
    }

    @Test func embeddingLookup() {
        let tape = Tape()
        let ids = tape.input(Tensor(rows: [[2, 0, 2]]), differentiable: false)
        let table = tape.parameter(Tensor(rows: [[1, 2], [3, 4], [5, 6]]), name: "embeddings")
        let rows = Embedding(name: "tokens", inputDim: 3, outputDim: 2)(ids, parameters: ["embeddings": table], on: tape)
        #expect(tape.value(rows).shape == [1, 3, 2] && tape.value(rows).data == [5, 6, 1, 2, 5, 6])
        // Loss = Σ rows: row 2 was picked twice, row 0 once, row 1 never.
        let grads = tape.gradients(of: tape.sum(rows))
        #expect(grads[table.id]?.data == [1, 1, 0, 0, 2, 2])
        #expect(grads[ids.id] == nil)
    }

    // MARK: Whole layers against finite differences

    @Test func wholeLSTMLayerMatchesFiniteDifferences() {
        for returnSequences in [false, true] {
            let layer = LSTM(name: "lstm", units: 2, returnSequences: returnSequences)
            expectGradientsMatchFiniteDifferences("lstm return_sequences=\(returnSequences)", inputs: [
                randomTensor([2, 3, 2], seed: 80), randomTensor([2, 8], seed: 81), randomTensor([2, 8], seed: 82), randomTensor([8], seed: 83),
            ]) { tape, v in
                layer(v[0], parameters: ["kernel": v[1], "recurrent_kernel": v[2], "bias": v[3]], on: tape)
            }
        }
    }

    @Test func wholeCausalAttentionLayerMatchesFiniteDifferences() {
        // heads·key_dim = 6 ≠ d_model = 4, as a reference spec does.
        let layer = MultiHeadAttention(name: "attn", numHeads: 3, keyDim: 2, causal: true)
        let names = ["wq", "bq", "wk", "bk", "wv", "bv", "wo", "bo"]
        let shapes = layer.parameterShapes(for: [3, 4])
        #expect(shapes.map(\.name) == names)
        let inputs = [randomTensor([2, 3, 4], seed: 90)] + shapes.enumerated().map { randomTensor($0.element.shape, seed: 91 + UInt64($0.offset)) }
        expectGradientsMatchFiniteDifferences("causal attention", inputs: inputs) { tape, v in
            layer(v[0], parameters: Dictionary(uniqueKeysWithValues: zip(names, v.dropFirst())), on: tape)
        }
        let open = MultiHeadAttention(name: "attn", numHeads: 2, keyDim: 3)
        let openShapes = open.parameterShapes(for: [3, 4])
        let openInputs = [randomTensor([2, 3, 4], seed: 100)] + openShapes.enumerated().map { randomTensor($0.element.shape, seed: 101 + UInt64($0.offset)) }
        expectGradientsMatchFiniteDifferences("attention", inputs: openInputs) { tape, v in
            open(v[0], parameters: Dictionary(uniqueKeysWithValues: zip(names, v.dropFirst())), on: tape)
        }
    }

    @Test func layerNormPositionalEncodingAndEmbeddingMatchFiniteDifferences() {
        let norm = LayerNorm(name: "norm", epsilon: 1e-3)
        expectGradientsMatchFiniteDifferences("layer norm", inputs: [randomTensor([2, 3, 4], seed: 110), randomTensor([4], seed: 111), randomTensor([4], seed: 112)]) {
            tape, v in norm(v[0], parameters: ["gamma": v[1], "beta": v[2]], on: tape)
        }
        expectGradientsMatchFiniteDifferences("positional encoding", inputs: [randomTensor([2, 3, 5], seed: 113)]) { tape, v in
            PositionalEncoding(name: "pos")(v[0], parameters: [:], on: tape)
        }
        let ids = Tensor(rows: [[0, 3, 3], [1, 0, 2]])
        expectGradientsMatchFiniteDifferences("embedding", inputs: [randomTensor([4, 3], seed: 114)]) { tape, v in
            Embedding(name: "tokens", inputDim: 4, outputDim: 3)(tape.input(ids, differentiable: false), parameters: ["embeddings": v[0]], on: tape)
        }
    }

    // MARK: Traces

    /// Every documented scope of every sequence layer, in one model.
    @Test func scopesOfEveryLayer() throws {
        let spec = try ModelSpec.parse("""
            name: every-scope
            seed: 4
            input_shape: [3]
            layers:
              - {type: embedding, name: tokens, input_dim: 7, output_dim: 4}
              - {type: positional_encoding, name: pos}
              - {type: multi_head_attention, name: attn, num_heads: 2, key_dim: 2, causal: true}
              - {type: layer_norm, name: norm}
              - {type: lstm, name: lstm1, units: 3, return_sequences: true, regularizer: {l2: 0.01}}
              - {type: lstm, name: lstm2, units: 2}
              - {type: dense, name: out, units: 1}
            loss: mse
            optimizer: {type: adam}
            data: {inputs: [[1, 6, 0], [2, 2, 5]], targets: [[0.5], [-0.5]]}
            """, file: "scopes.yaml")
        var run = spec.makeRun()
        var steps: [TraceStep] = []
        run.run(record: .ops) { steps.append($0.trace) }
        let step = try #require(steps.first)
        // No gradient for token ids.
        #expect(step.inputGrad == nil)
        #expect(step.op(scope: "input")?.grad == nil)
        #expect(run.trainer.model.architecture(optimizer: "adam").integerInputs)

        var withGradient = ["tokens/lookup", "pos/add", "attn/query_matmul", "attn/query_bias_add", "attn/key_bias_add",
                            "attn/value_bias_add", "attn/concat_heads", "attn/output_matmul", "attn/output",
                            "norm/mean", "norm/centered", "norm/squared", "norm/variance", "norm/variance_epsilon", "norm/std",
                            "norm/normalized", "norm/scale", "norm/shift", "lstm1/sequence", "lstm1/regularizer/l2"]
        for head in 1...2 {
            withGradient += ["query", "key", "value", "dot_products", "scores", "masked_scores", "weights", "context"].map { "attn/head\(head)/\($0)" }
        }
        for layer in ["lstm1", "lstm2"] {
            for t in 1...3 {
                withGradient += ["input", "input_projection", "recurrent_projection", "projections", "preactivation",
                                 "input_gate_preactivation", "forget_gate_preactivation", "candidate_preactivation", "output_gate_preactivation",
                                 "input_gate", "forget_gate", "candidate", "output_gate", "kept_cell", "written_cell", "cell", "cell_tanh", "hidden",
                ].map { "\(layer)/t\(t)/\($0)" }
            }
        }
        for scope in withGradient {
            let record = step.op(scope: scope)
            #expect(record != nil, "\(scope) recorded")
            #expect(record?.grad != nil, "\(scope) has a gradient")
        }
        for scope in ["pos/table", "norm/epsilon", "lstm1/initial_hidden", "lstm1/initial_cell"] {
            #expect(step.op(scope: scope)?.op == "constant", "\(scope) is a constant")
        }
        // Shapes: per-head values [batch, T, key_dim], scores and weights [batch, T, T].
        #expect(step.op(scope: "attn/head2/value")?.value.shape == [2, 3, 2])
        #expect(step.op(scope: "attn/head1/weights")?.value.shape == [2, 3, 3])
        #expect(step.op(scope: "pos/table")?.value.shape == [3, 4])
        #expect(step.op(scope: "lstm1/sequence")?.value.shape == [2, 3, 3])
        #expect(step.op(scope: "lstm2/t3/hidden")?.value.shape == [2, 2])
        #expect(step.outputs["lstm2"] == step.op(scope: "lstm2/t3/hidden")?.value)
        // The causal weights above the diagonal are exactly 0.
        let weights = try #require(step.op(scope: "attn/head1/weights")?.value.data)
        #expect([1, 2, 5, 10, 11, 14].allSatisfy { weights[$0] == 0 })
        // No scope is recorded twice.
        let scopes = step.ops.map(\.scope)
        #expect(Set(scopes).count == scopes.count)
    }

    @Test func resolvedSpecOfASequenceModelReadsBackTheSame() throws {
        let text = """
            name: resolved
            seed: 9
            input_shape: [4]
            layers:
              - {type: embedding, input_dim: 5, output_dim: 3}
              - {type: positional_encoding}
              - {type: multi_head_attention, num_heads: 3, key_dim: 2, causal: true}
              - {type: layer_norm, epsilon: 0.01}
              - {type: lstm, units: 2, return_sequences: true}
              - {type: lstm, units: 2, regularizer: {l1: 0.001}}
              - {type: dense, units: 2, activation: softmax}
            loss: sparse_categorical_crossentropy
            optimizer: {type: adam}
            data: {generate: {samples: 3}}
            """
        let spec = try ModelSpec.parse(text, file: "r.yaml")
        let model = spec.makeModel()
        let json = try ResolvedSpecWriter.json(for: spec, model: model)
        let again = try ModelSpec.parse(String(decoding: json, as: UTF8.self), file: "resolved.json")
        #expect(again.makeModel().parameters == model.parameters)
        #expect(again.dataset.inputs == spec.dataset.inputs)
        #expect(again.makeModel().architecture(optimizer: "adam") == model.architecture(optimizer: "adam"))
    }

    // MARK: Initialisation

    @Test func initialValues() {
        var random = SeededRandom(seed: 3)
        let lstm = LSTM(name: "lstm", units: 3)
        // Forget block (columns 3..<6) of the bias is 1, the rest 0 (unit_forget_bias).
        #expect(lstm.initialValue(for: "bias", shape: [12], random: &random).data == [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0])
        // Recurrent kernel [3, 12]: orthonormal rows, U·Uᵀ = I.
        let u = lstm.initialValue(for: "recurrent_kernel", shape: [3, 12], random: &random)
        let product = Matrix.multiply(u.data, u.data, m: 3, k: 12, n: 3, transposeB: true)
        expectClose(product, [1, 0, 0, 0, 1, 0, 0, 0, 1], relative: 0, absolute: 1e-14, "U·Uᵀ")
        // A tall one: orthonormal columns.
        let tall = orthogonal(rows: 5, columns: 2, random: &random)
        expectClose(Matrix.multiply(tall.data, tall.data, m: 2, k: 5, n: 2, transposeA: true), [1, 0, 0, 1], relative: 0, absolute: 1e-14)
        // Kernel Glorot-uniform over [features, 4·units]: within ±√(6/(2 + 12)).
        let kernel = lstm.initialValue(for: "kernel", shape: [2, 12], random: &random)
        #expect(kernel.data.allSatisfy { Swift.abs($0) <= (6.0 / 14).squareRoot() })
        let embeddings = Embedding(name: "e", inputDim: 10, outputDim: 4).initialValue(for: "embeddings", shape: [10, 4], random: &random)
        #expect(embeddings.data.allSatisfy { Swift.abs($0) <= 0.05 } && Set(embeddings.data).count == 40)
        let norm = LayerNorm(name: "n")
        #expect(norm.initialValue(for: "gamma", shape: [3], random: &random).data == [1, 1, 1])
        #expect(norm.initialValue(for: "beta", shape: [3], random: &random).data == [0, 0, 0])
        let attention = MultiHeadAttention(name: "a", numHeads: 2, keyDim: 3)
        #expect(attention.initialValue(for: "bq", shape: [6], random: &random).data == [0, 0, 0, 0, 0, 0])
        #expect(attention.initialValue(for: "wq", shape: [4, 6], random: &random).data.allSatisfy { Swift.abs($0) <= (6.0 / 10).squareRoot() })
    }
}
