import Foundation
import Plot
import StepwiseTrace

/// The walkthroughs of a transformer block's per-position parts, for one position of the
/// sequence: the query projection q = xW_Q + b_Q of one head, the layer normalisation, and a
/// dense layer of the feed-forward block — every number from the trace.
extension Walkthrough {
    /// The position the directive's `query` (from 0) names, checked against `positions`.
    private func position(of positions: Int) throws -> Int {
        let i = directive.query
        guard i >= 0 && i < positions else {
            throw directive.source.error("query \(i) is not a position of the sequence (0..<\(positions), counting from 0)")
        }
        return i
    }

    /// Row `r` of example `b` of a [batch, T, width] tensor.
    private func row(_ tensor: TensorValue, example b: Int, _ r: Int) -> [Double] {
        let (t, width) = (tensor.shape[1], tensor.shape[2])
        return Array(tensor.data[((b * t + r) * width)..<((b * t + r + 1) * width)])
    }

    /// "y_{p,n} = Σ_m x_{p,m} W_{m,n} + b_n" with its products, split over lines of four
    /// terms, ending in the traced `result`.
    private func weightedSumLines(symbol: Node, input: [Double], kernel: TensorValue, column: Int, bias: Double, result: Double) -> [[Node]] {
        let columns = kernel.shape[1]
        let terms = input.indices.map { product(input[$0], kernel.data[$0 * columns + column]) }
        var lines = sumLines(terms, lead: [symbol, MathML.op("=")], perLine: 4)
        lines[lines.count - 1] += [MathML.op("+"), number(bias), MathML.op("="), number(result, parenthesized: false)]
        return lines
    }

    /// Position p's input to the attention layer, x_p (with the embedding and the positional
    /// encoding that add up to it, when it is their sum), then head h's query
    /// q_p = x_p W_Q + b_Q, one column of the head at a time.
    func projection(_ step: TraceStep) throws -> Node {
        let layer = directive.layer!, head = directive.head
        let reference = directive.source
        let matmul = try traced.op("\(layer)/query_matmul", in: step, reference)
        let input = step.ops[matmul.inputs[0]]
        let kernel = try traced.op("\(layer)/wq", in: step, reference).value
        let bias = try traced.op("\(layer)/bq", in: step, reference).value
        let projected = try traced.op("\(layer)/query_bias_add", in: step, reference).value
        let query = try traced.op("\(layer)/head\(head)/query", in: step, reference).value
        let keyDim = query.shape[2]
        guard head * keyDim <= kernel.shape[1] else { throw reference.error("layer \"\(Excerpt(layer))\" has no head \(head)") }
        let b = try sampleIndex(batch: input.value.shape[0])
        let p = try position(of: input.value.shape[1])
        let x = row(input.value, example: b, p)
        let xSymbol = subscripted("x", String(p + 1))
        var lines: [[Node]] = []
        // x_p = embedding of the token + positional encoding, when the trace shows that sum.
        if input.op == "add", input.inputs.count == 2, step.ops[input.inputs[0]].op == "gather" {
            let embedded = step.ops[input.inputs[0]].value, encoding = step.ops[input.inputs[1]].value
            let token = step.ops.first { $0.op == "input" }.map { Int($0.value.data[b * input.value.shape[1] + p]) }
            let encodingRow = Array(encoding.data[(p * x.count)..<((p + 1) * x.count)])
            lines.append([xSymbol, MathML.op("="), MathML.text(token.map { say(.embeddingOfToken, ["token": "\($0)"]) } ?? say(.embedding)), MathML.op("+"),
                          MathML.text(say(.positionalEncodingOfPosition, ["n": String(p + 1)]))])
            lines.append([MathML.op("="), matrix(row(embedded, example: b, p), rows: 1, columns: x.count)])
            lines.append([MathML.op("+"), matrix(encodingRow, rows: 1, columns: x.count)])
            lines.append([MathML.op("="), matrix(x, rows: 1, columns: x.count)])
        } else {
            lines.append([xSymbol, MathML.op("="), matrix(x, rows: 1, columns: x.count)])
        }
        let qSymbol = subscripted("q", String(p + 1))
        lines.append([qSymbol, MathML.op("="), xSymbol, MathML.sub(MathML.identifier("W"), MathML.identifier("Q")), MathML.op("+"),
                      MathML.sub(MathML.identifier("b"), MathML.identifier("Q")), MathML.space(1),
                      MathML.text(say(.headColumns, ["head": String(head), "first": String((head - 1) * keyDim + 1), "last": String(head * keyDim)]))])
        for n in 0..<keyDim {
            let column = (head - 1) * keyDim + n
            let symbol = MathML.sub(MathML.identifier("q"), MathML.number("\(p + 1),\(n + 1)"))
            lines += weightedSumLines(symbol: symbol, input: x, kernel: kernel, column: column, bias: bias.data[column],
                                      result: projected.data[(b * input.value.shape[1] + p) * kernel.shape[1] + column])
        }
        lines.append([qSymbol, MathML.op("="), matrix(row(query, example: b, p), rows: 1, columns: keyDim)])
        return MathML.lines(lines, label: say(.queryOfPosition, ["n": String(p + 1), "head": String(head), "layer": labels.layer(layer)]))
    }

    /// Layer normalisation of position p: the mean and variance over its features, each feature
    /// centred and divided by √(σ² + ε), then scaled by γ and shifted by β.
    func layerNorm(_ step: TraceStep) throws -> Node {
        let layer = directive.layer!
        let reference = directive.source
        let meanRecord = try traced.op("\(layer)/mean", in: step, reference)
        let input = step.ops[meanRecord.inputs[0]].value
        let variance = try traced.op("\(layer)/variance", in: step, reference).value
        let epsilon = try traced.op("\(layer)/epsilon", in: step, reference).value.data[0]
        let std = try traced.op("\(layer)/std", in: step, reference).value
        let normalized = try traced.op("\(layer)/normalized", in: step, reference).value
        let gamma = try traced.op("\(layer)/gamma", in: step, reference).value.data
        let beta = try traced.op("\(layer)/beta", in: step, reference).value.data
        let output = try traced.op("\(layer)/shift", in: step, reference).value
        let b = try sampleIndex(batch: input.shape[0])
        let p = try position(of: input.shape[1])
        let d = input.shape[2]
        let x = row(input, example: b, p)
        let at = b * input.shape[1] + p
        let (mu, sigma2, s) = (meanRecord.value.data[at], variance.data[at], std.data[at])
        let position = String(p + 1)
        let xSymbol = subscripted("x", position)
        let oneOverD = MathML.fraction(MathML.number("1"), MathML.number(String(d)))
        var lines: [[Node]] = [[MathML.text(say(.inputAtPosition, ["n": "\(position)"])), MathML.space(0.5), xSymbol, MathML.op("="), matrix(x, rows: 1, columns: d)]]
        let mean = MathML.identifier("μ")
        lines += sumLines(x.map { [number($0)] }, lead: [mean, MathML.op("="), oneOverD, MathML.op("(")], perLine: 4)
        lines[lines.count - 1] += [MathML.op(")"), MathML.op("="), number(mu, parenthesized: false)]
        let sigma = MathML.power(MathML.identifier("σ"), MathML.number("2"))
        let squares = x.map { value -> [Node] in [MathML.power(number(value - mu), MathML.number("2"))] }
        lines += sumLines(squares, lead: [sigma, MathML.op("="), oneOverD, MathML.op("(")], perLine: 4)
        lines[lines.count - 1] += [MathML.op(")"), MathML.op("="), number(sigma2, parenthesized: false)]
        let root: Node = .element(named: "msqrt", nodes: [sigma, MathML.op("+"), MathML.identifier("ε")])
        lines.append([root, MathML.op("="), .element(named: "msqrt", nodes: [number(sigma2, parenthesized: false), MathML.op("+"), number(epsilon, parenthesized: false)]),
                      MathML.op("="), number(s, parenthesized: false)])
        let hat = MathML.sub(.element(named: "mover", nodes: [MathML.identifier("x"), MathML.op("^")]), MathML.number("\(position),1"))
        let y1 = MathML.sub(MathML.identifier("y"), MathML.number("\(position),1"))
        lines.append([hat, MathML.op("="), MathML.fraction(MathML.row([MathML.sub(MathML.identifier("x"), MathML.number("\(position),1")), MathML.op("−"), mean]), root),
                      MathML.op("="), MathML.fraction(MathML.row([number(x[0], parenthesized: false), MathML.op("−"), number(mu)]), number(s, parenthesized: false)),
                      MathML.op("="), number(normalized.data[at * d], parenthesized: false)])
        lines.append([y1, MathML.op("="), MathML.sub(MathML.identifier("γ"), MathML.number("1")), hat, MathML.op("+"), MathML.sub(MathML.identifier("β"), MathML.number("1")),
                      MathML.op("="), number(gamma[0]), MathML.op("×"), number(normalized.data[at * d]), MathML.op("+"), number(beta[0]), MathML.op("="),
                      number(output.data[at * d], parenthesized: false)])
        lines.append([MathML.text(say(.everyFeatureTheSameWay))])
        lines.append([subscripted("y", position), MathML.op("="), matrix(row(output, example: b, p), rows: 1, columns: d)])
        return MathML.lines(lines, label: say(.layerNormOfPosition, ["n": "\(position)", "layer": labels.layer(layer)]))
    }

    /// One neuron j of a dense layer applied to position p of a sequence (a feed-forward
    /// block's layer): z_{p,j} = Σ_m a_{p,m} W_{m,j} + b_j, then its activation.
    func feedForward(_ step: TraceStep) throws -> Node {
        let layer = directive.layer!
        let reference = directive.source
        let matmul = try traced.op("\(layer)/matmul", in: step, reference)
        let input = step.ops[matmul.inputs[0]].value
        let kernel = step.ops[matmul.inputs[1]].value
        let bias = try traced.op("\(layer)/bias", in: step, reference).value
        let preactivation = try traced.op("\(layer)/bias_add", in: step, reference).value
        let activation = try traced.op("\(layer)/activation", in: step, reference)
        guard input.shape.count == 3 else { throw reference.error("show: feed-forward follows one position of a sequence; \(layer)'s input has shape \(input.shape)") }
        let units = kernel.shape[1]
        let j = directive.unit
        guard j >= 0 && j < units else { throw reference.error("layer \"\(Excerpt(layer))\" has units 0..<\(units); unit \(j) does not exist") }
        let b = try sampleIndex(batch: input.shape[0])
        let p = try position(of: input.shape[1])
        let x = row(input, example: b, p)
        let at = (b * input.shape[1] + p) * units + j
        let position = String(p + 1)
        let input1 = subscripted("u", position)
        let z = MathML.sub(MathML.identifier("z"), MathML.number("\(position),\(j + 1)"))
        var lines: [[Node]] = [[MathML.text(say(.inputAtPosition, ["n": "\(position)"])), MathML.space(0.5), input1, MathML.op("="), matrix(x, rows: 1, columns: x.count)]]
        lines += weightedSumLines(symbol: z, input: x, kernel: kernel, column: j, bias: bias.data[j], result: preactivation.data[at])
        let name = Self.functionSymbol(activation.op)
        lines.append([MathML.sub(MathML.identifier("a"), MathML.number("\(position),\(j + 1)")), MathML.op("="), MathML.identifier(name), MathML.op("("),
                      number(preactivation.data[at], parenthesized: false), MathML.op(")"), MathML.op("="), number(activation.value.data[at], parenthesized: false)])
        // Not `labels.unit`: that would call a feed-forward block's layer a "hidden layer".
        return MathML.lines(lines, label: say(.denseAtPosition, ["n": String(j + 1), "position": "\(position)"]))
    }
}
