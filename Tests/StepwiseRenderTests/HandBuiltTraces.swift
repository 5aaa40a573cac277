import Foundation
import StepwiseTrace

/// HAND-BUILT TRACES for the conv, pooling, LSTM, attention and positional-encoding figures.
///
/// The engine on this branch traces dense networks only; these steps use the scope names the
/// CNN and sequence branches emit (docs/trace-format.md and the renderer issue), with values
/// computed here by straightforward loops (valid convolution, 2×2 max pooling with argmax, an
/// LSTM forward pass with a simplified backward through the cell state, causal scaled
/// dot-product attention, the sinusoidal table). Swap each for a real engine trace once those
/// branches are merged; the figure tests only call the `trace` properties below.
enum HandBuiltTraces {
    // MARK: Helpers

    struct Recorder {
        var ops: [OpRecord] = []
        mutating func add(_ op: String, _ scope: String, inputs: [Int] = [], attributes: [String: AttributeValue] = [:],
                          value: TensorValue, grad: TensorValue? = nil) -> Int {
            ops.append(OpRecord(id: ops.count, op: op, scope: scope, inputs: inputs, attributes: attributes, value: value, grad: grad))
            return ops.count - 1
        }
    }

    static func wave(_ count: Int, seed: Double) -> [Double] {
        (0..<count).map { k -> Double in
            let a: Double = sin(Double(k) * 1.7 + seed) * 0.8
            let b: Double = cos(Double(k) * 0.61 + 2 * seed) * 0.35
            return a + b
        }
    }

    static func architecture(_ input: [Int], _ layers: [LayerInfo]) -> Architecture {
        Architecture(inputShape: input, integerInputs: false, layers: layers, loss: "mse", optimizer: "sgd")
    }

    // MARK: Conv and pooling

    /// conv1 (3×3, 1 → 2 filters, valid, relu) on a 6×6 image, then pool1 (2×2 max pooling).
    static let conv: Trace = {
        let (h, w, kh, kw, filters) = (6, 6, 3, 3, 2)
        let image: [Double] = (0..<(h * w)).map { k in
            let (y, x) = (Double(k / w), Double(k % w))
            return ((x - 2.5) * (y - 2.5) > 0 ? 0.9 : 0.1) + 0.05 * sin(Double(k))
        }
        // Filter 1: vertical edge; filter 2: diagonal. Kernel layout [kh, kw, in, filters].
        let edge: [Double] = [1, 0, -1, 1, 0, -1, 1, 0, -1]
        let diagonal: [Double] = [0.5, 0.1, -0.4, 0.1, 0.6, 0.1, -0.4, 0.1, 0.5]
        var kernel = [Double](repeating: 0, count: kh * kw * filters)
        for k in 0..<(kh * kw) {
            kernel[k * filters] = edge[k] * 0.5
            kernel[k * filters + 1] = diagonal[k]
        }
        let bias: [Double] = [0.05, -0.2]
        let (ho, wo) = (h - kh + 1, w - kw + 1)
        var convolution = [Double](repeating: 0, count: ho * wo * filters)
        for y in 0..<ho { for x in 0..<wo { for f in 0..<filters {
            var sum = 0.0
            for i in 0..<kh { for j in 0..<kw { sum += image[(y + i) * w + x + j] * kernel[(i * kw + j) * filters + f] } }
            convolution[(y * wo + x) * filters + f] = sum
        } } }
        let preActivation = convolution.enumerated().map { $0.element + bias[$0.offset % filters] }
        let activation = preActivation.map { max(0, $0) }
        // 2×2 max pooling, stride 2, of the 4×4×2 activation, with argmax into it.
        let (po, pw) = (ho / 2, wo / 2)
        var pooled = [Double](repeating: 0, count: po * pw * filters)
        var argmax = [Int](repeating: 0, count: po * pw * filters)
        for y in 0..<po { for x in 0..<pw { for f in 0..<filters {
            var best = -Double.infinity
            var bestIndex = 0
            for i in 0..<2 { for j in 0..<2 {
                let index = ((2 * y + i) * wo + 2 * x + j) * filters + f
                if activation[index] > best { (best, bestIndex) = (activation[index], index) }
            } }
            pooled[(y * pw + x) * filters + f] = best
            argmax[(y * pw + x) * filters + f] = bestIndex
        } } }
        // Gradients of L = Σ c·pooled with fixed c: ∂L/∂pooled = c, routed to the winners.
        let c = (0..<(po * pw * filters)).map { [0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.15, -0.35][$0 % 8] }
        var activationGrad = [Double](repeating: 0, count: activation.count)
        for (k, index) in argmax.enumerated() { activationGrad[index] += c[k] }

        var r = Recorder()
        let input = r.add("input", "input", value: TensorValue(shape: [1, h, w, 1], data: image))
        let kernelID = r.add("parameter", "conv1/kernel", value: TensorValue(shape: [kh, kw, 1, filters], data: kernel))
        let biasID = r.add("parameter", "conv1/bias", value: TensorValue(shape: [filters], data: bias))
        let convID = r.add("conv2d", "conv1/convolution", inputs: [input, kernelID], attributes: ["strides": .ints([1, 1]), "padding": .string("valid")],
                           value: TensorValue(shape: [1, ho, wo, filters], data: convolution))
        let addID = r.add("add", "conv1/bias_add", inputs: [convID, biasID], value: TensorValue(shape: [1, ho, wo, filters], data: preActivation))
        let reluID = r.add("relu", "conv1/activation", inputs: [addID], value: TensorValue(shape: [1, ho, wo, filters], data: activation),
                           grad: TensorValue(shape: [1, ho, wo, filters], data: activationGrad))
        _ = r.add("max_pool2d", "pool1/max_pool", inputs: [reluID],
                  attributes: ["pool_size": .ints([2, 2]), "strides": .ints([2, 2]), "argmax": .ints(argmax)],
                  value: TensorValue(shape: [1, po, pw, filters], data: pooled), grad: TensorValue(shape: [1, po, pw, filters], data: c))
        let params = [
            "conv1/kernel": ParamRecord(before: r.ops[kernelID].value, grad: TensorValue(shape: [kh, kw, 1, filters], data: kernel.map { $0 * 0.1 }), after: r.ops[kernelID].value),
            "conv1/bias": ParamRecord(before: r.ops[biasID].value, grad: TensorValue(shape: [filters], data: [0, 0]), after: r.ops[biasID].value),
        ]
        let step = TraceStep(step: 1, loss: zip(c, pooled).map { $0 * $1 }.reduce(0, +),
                             outputs: ["conv1": r.ops[reluID].value, "pool1": r.ops.last!.value], params: params, inputGrad: nil, ops: r.ops)
        return Trace(model: "hand-built-cnn", architecture: architecture([h, w, 1], [
            LayerInfo(name: "conv1", type: "conv2d", outputShape: [ho, wo, filters],
                      config: ["filters": .int(filters), "kernel_size": .ints([kh, kw]), "activation": .string("relu")], params: ["kernel", "bias"]),
            LayerInfo(name: "pool1", type: "max_pool2d", outputShape: [po, pw, filters], config: ["pool_size": .ints([2, 2])], params: []),
        ]), steps: [step])
    }()

    // MARK: LSTM

    /// lstm1: 3 units over 5 time steps of a 2-feature input, batch 1.
    static let lstm: Trace = {
        let (steps, features, units) = (5, 2, 3)
        let inputs = (0..<(steps * features)).map { k in sin(Double(k) * 0.9) }
        func sigmoid(_ x: Double) -> Double { 1 / (1 + exp(-x)) }
        // Gate blocks i, f, c, o; weights from a fixed pattern.
        let w = wave(features * 4 * units, seed: 0.3).map { $0 * 0.6 }
        let u = wave(units * 4 * units, seed: 1.1).map { $0 * 0.5 }
        let b = (0..<(4 * units)).map { $0 / units == 1 ? 1.0 : 0.0 }
        var h = [Double](repeating: 0, count: units)
        var c = [Double](repeating: 0, count: units)
        var records: [(i: [Double], f: [Double], g: [Double], o: [Double], c: [Double], h: [Double])] = []
        for t in 0..<steps {
            var z = b
            for j in 0..<(4 * units) {
                for k in 0..<features { z[j] += inputs[t * features + k] * w[k * 4 * units + j] }
                for k in 0..<units { z[j] += h[k] * u[k * 4 * units + j] }
            }
            let i = (0..<units).map { sigmoid(z[$0]) }
            let f = (0..<units).map { sigmoid(z[units + $0]) }
            let g = (0..<units).map { tanh(z[2 * units + $0]) }
            let o = (0..<units).map { sigmoid(z[3 * units + $0]) }
            c = (0..<units).map { f[$0] * c[$0] + i[$0] * g[$0] }
            h = (0..<units).map { o[$0] * tanh(c[$0]) }
            records.append((i, f, g, o, c, h))
        }
        // Loss on the last hidden state: ∂L/∂h_T given; back through the cell state only.
        var gradH = [[Double]](repeating: [Double](repeating: 0, count: units), count: steps)
        var gradC = gradH
        gradH[steps - 1] = [0.6, -0.4, 0.25]
        for t in stride(from: steps - 1, through: 0, by: -1) {
            let r = records[t]
            for k in 0..<units {
                let carried = t + 1 < steps ? records[t + 1].f[k] * gradC[t + 1][k] : 0
                gradC[t][k] = carried + gradH[t][k] * r.o[k] * (1 - pow(tanh(r.c[k]), 2))
            }
            if t > 0 { gradH[t - 1] = (0..<units).map { gradC[t][$0] * 0.3 * u[$0 * 4 * units + $0] } }
        }
        var rec = Recorder()
        _ = rec.add("input", "input", value: TensorValue(shape: [1, steps, features], data: inputs))
        func v(_ x: [Double]) -> TensorValue { TensorValue(shape: [1, units], data: x) }
        for t in 0..<steps {
            let r = records[t]
            let scope = "lstm1/t\(t + 1)"
            _ = rec.add("sigmoid", "\(scope)/input_gate", value: v(r.i), grad: v(r.i.map { _ in 0.01 }))
            _ = rec.add("sigmoid", "\(scope)/forget_gate", value: v(r.f), grad: v(r.f.map { _ in 0.01 }))
            _ = rec.add("tanh", "\(scope)/candidate", value: v(r.g), grad: v(r.g.map { _ in 0.01 }))
            _ = rec.add("sigmoid", "\(scope)/output_gate", value: v(r.o), grad: v(r.o.map { _ in 0.01 }))
            _ = rec.add("add", "\(scope)/cell", value: v(r.c), grad: v(gradC[t]))
            _ = rec.add("multiply", "\(scope)/hidden", value: v(r.h), grad: v(gradH[t]))
        }
        let step = TraceStep(step: 1, loss: 0.42, outputs: ["lstm1": v(records.last!.h)], params: [:], inputGrad: nil, ops: rec.ops)
        return Trace(model: "hand-built-lstm", architecture: architecture([steps, features], [
            LayerInfo(name: "lstm1", type: "lstm", outputShape: [units], config: ["units": .int(units)], params: ["kernel", "recurrent_kernel", "bias"]),
        ]), steps: [step])
    }()

    // MARK: Attention and positional encoding

    /// pos (sinusoidal table, 5 positions × 4 features) then attn: 2 causal heads, key_dim 2.
    static let attention: Trace = {
        let (t, d, heads, keyDim) = (5, 4, 2, 2)
        var table = [Double](repeating: 0, count: t * d)
        for p in 0..<t { for k in 0..<d {
            let angle = Double(p) / pow(10000, Double(2 * (k / 2)) / Double(d))
            table[p * d + k] = k % 2 == 0 ? sin(angle) : cos(angle)
        } }
        let embedded = zip(wave(t * d, seed: 0.7).map { $0 * 0.5 }, table).map { $0 + $1 }
        var rec = Recorder()
        _ = rec.add("input", "input", value: TensorValue(shape: [1, t, d], data: wave(t * d, seed: 0.7).map { $0 * 0.5 }))
        _ = rec.add("constant", "pos/table", value: TensorValue(shape: [t, d], data: table))
        _ = rec.add("add", "pos/output", inputs: [0, 1], value: TensorValue(shape: [1, t, d], data: embedded))
        func project(_ seed: Double) -> [Double] {
            let weights = wave(d * keyDim, seed: seed).map { $0 * 0.8 }
            var out = [Double](repeating: 0, count: t * keyDim)
            for p in 0..<t { for j in 0..<keyDim { for k in 0..<d { out[p * keyDim + j] += embedded[p * d + k] * weights[k * keyDim + j] } } }
            return out
        }
        for h in 1...heads {
            let q = project(Double(h) * 1.3)
            let k = project(Double(h) * 2.1 + 0.4)
            let v = project(Double(h) * 0.9 + 1.7)
            var scores = [Double](repeating: 0, count: t * t)
            var weights = [Double](repeating: 0, count: t * t)
            for i in 0..<t {
                for j in 0..<t {
                    var dot = 0.0
                    for e in 0..<keyDim { dot += q[i * keyDim + e] * k[j * keyDim + e] }
                    scores[i * t + j] = dot / Double(keyDim).squareRoot()
                }
                let row = (0...i).map { scores[i * t + $0] }
                let top = row.max()!
                let total = row.map { exp($0 - top) }.reduce(0, +)
                for j in 0...i { weights[i * t + j] = exp(scores[i * t + j] - top) / total }
            }
            var context = [Double](repeating: 0, count: t * keyDim)
            for i in 0..<t { for j in 0..<t { for e in 0..<keyDim { context[i * keyDim + e] += weights[i * t + j] * v[j * keyDim + e] } } }
            let scope = "attn/head\(h)"
            func tv(_ data: [Double], _ n: Int) -> TensorValue { TensorValue(shape: [1, t, n], data: data) }
            _ = rec.add("matmul", "\(scope)/query", value: tv(q, keyDim))
            _ = rec.add("matmul", "\(scope)/key", value: tv(k, keyDim))
            _ = rec.add("matmul", "\(scope)/value", value: tv(v, keyDim))
            _ = rec.add("scale", "\(scope)/scores", value: tv(scores, t))
            _ = rec.add("softmax", "\(scope)/weights", value: tv(weights, t))
            _ = rec.add("matmul", "\(scope)/context", value: tv(context, keyDim))
        }
        let step = TraceStep(step: 1, loss: 0.1, outputs: [:], params: [:], inputGrad: nil, ops: rec.ops)
        return Trace(model: "hand-built-attention", architecture: architecture([t, d], [
            LayerInfo(name: "pos", type: "positional_encoding", outputShape: [t, d], config: [:], params: []),
            LayerInfo(name: "attn", type: "multi_head_attention", outputShape: [t, d],
                      config: ["num_heads": .int(heads), "key_dim": .int(keyDim), "causal": .bool(true)], params: ["wq", "wk", "wv", "bq", "bk", "bv", "wo", "bo"]),
        ]), steps: [step])
    }()
}
