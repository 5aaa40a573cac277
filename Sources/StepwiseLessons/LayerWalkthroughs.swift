import Foundation
import Plot
import StepwiseTrace

/// The walkthroughs of convolution, attention and LSTM layers: one output cell of a convolution,
/// one element of a kernel's gradient, one query's attention row, one LSTM time step's gates, and
/// one step of the cell state's gradient back through time — every number from the trace.
extension Walkthrough {
    // MARK: Shared

    /// The batch index the directive's `sample` (1-based) names, checked against `batch`.
    func sampleIndex(batch: Int) throws -> Int {
        let sample = directive.sample
        guard sample >= 1 && sample <= batch else {
            throw directive.source.error("sample \(sample) is not in this step's batch of \(batch) (samples count from 1)")
        }
        return sample - 1
    }

    private func grad(_ record: OpRecord) throws -> TensorValue {
        guard let grad = record.grad else { throw directive.source.error("\(record.scope) has no gradient") }
        return grad
    }

    /// A row of numbers as a bracketed matrix, or a matrix of `rows` × `columns`.
    func matrix(_ values: [Double], rows: Int, columns: Int) -> Node {
        MathML.matrix((0..<rows).map { r in (0..<columns).map { c in MathML.value(values[r * columns + c], digits: digits) } })
    }

    /// `a × b` with negatives in parentheses.
    func product(_ a: Double, _ b: Double) -> [Node] {
        [number(a), MathML.op("×"), number(b)]
    }

    /// A sum of terms split over lines of at most `perLine` terms: the first line starts with
    /// `lead`, the others with "+".
    func sumLines(_ terms: [[Node]], lead: [Node], perLine: Int) -> [[Node]] {
        var lines: [[Node]] = []
        var current = lead
        for (index, term) in terms.enumerated() {
            if index > 0 && index % perLine == 0 {
                lines.append(current)
                current = [MathML.op("+")]
            } else if index > 0 {
                current.append(MathML.op("+"))
            }
            current += term
        }
        lines.append(current)
        return lines
    }

    func subscripted(_ name: String, _ text: String) -> Node {
        MathML.sub(MathML.identifier(name), MathML.number(text))
    }

    private func oneBased(_ indices: [Int]) -> String { indices.map { String($0 + 1) }.joined(separator: ",") }

    /// `name` with subscript parts joined by commas and the filter as superscript: z⁽¹⁾₂,₃.
    private func filtered(_ name: String, _ parts: [Node], filter: Int) -> Node {
        var subscriptNodes: [Node] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { subscriptNodes.append(MathML.op(",")) }
            subscriptNodes.append(part)
        }
        return MathML.subsup(MathML.identifier(name), MathML.row(subscriptNodes), MathML.row([MathML.fence("("), MathML.number(String(filter + 1)), MathML.fence(")")]))
    }

    private func n(_ value: Int) -> Node { MathML.number(String(value)) }
    private func id(_ name: String) -> Node { MathML.identifier(name) }

    // MARK: Convolution

    /// The records of a conv2d layer, with the geometry of its convolution.
    private struct ConvRecords {
        let input, kernel, preactivation, activation: TensorValue
        let bias: [Double]
        let convolution: OpRecord
        let activationKind: String
        let strides: [Int]
        /// `[top, bottom, left, right]`.
        let pads: [Int]

        var filters: Int { kernel.shape[3] }
        var channels: Int { kernel.shape[2] }
        var kernelSize: (Int, Int) { (kernel.shape[0], kernel.shape[1]) }
        var outputSize: (Int, Int) { (preactivation.shape[1], preactivation.shape[2]) }

        /// x[b, r, c, ch], 0 outside the image (padding).
        func x(_ b: Int, _ r: Int, _ c: Int, _ ch: Int) -> Double {
            let (h, w) = (input.shape[1], input.shape[2])
            guard r >= 0 && r < h && c >= 0 && c < w else { return 0 }
            return input.data[((b * h + r) * w + c) * channels + ch]
        }

        func k(_ u: Int, _ v: Int, _ ch: Int, _ f: Int) -> Double {
            kernel.data[((u * kernelSize.1 + v) * channels + ch) * filters + f]
        }

        /// The input row and column of a window's top-left cell.
        func origin(_ i: Int, _ j: Int) -> (Int, Int) { (i * strides[0] - pads[0], j * strides[1] - pads[2]) }
    }

    private func conv(_ step: TraceStep) throws -> ConvRecords {
        let layer = directive.layer!
        let reference = directive.source
        let convolution = try traced.op("\(layer)/convolution", in: step, reference)
        guard convolution.op == "conv2d" else { throw reference.error("\(layer)/convolution is a \(convolution.op), not a conv2d") }
        func ints(_ key: String) -> [Int]? {
            if case .ints(let values) = convolution.attributes[key] { return values }
            return nil
        }
        let activation = try traced.op("\(layer)/activation", in: step, reference)
        return ConvRecords(input: step.ops[convolution.inputs[0]].value, kernel: step.ops[convolution.inputs[1]].value,
                           preactivation: try traced.op("\(layer)/bias_add", in: step, reference).value, activation: activation.value,
                           bias: try traced.op("\(layer)/bias", in: step, reference).value.data, convolution: convolution,
                           activationKind: activation.op, strides: ints("strides") ?? [1, 1], pads: ints("pads") ?? [0, 0, 0, 0])
    }

    /// z = Σ window ⊙ kernel + b for one output cell of one filter, the window's numbers and the
    /// kernel's written out, then the activation.
    func convCell(_ step: TraceStep) throws -> Node {
        let records = try conv(step)
        let reference = directive.source
        let f = directive.unit
        guard f >= 0 && f < records.filters else { throw reference.error("layer \"\(Excerpt(directive.layer!))\" has filters 0..<\(records.filters); unit \(f) does not exist") }
        let (ho, wo) = records.outputSize
        guard directive.index.count == 2, directive.index[0] >= 0, directive.index[0] < ho, directive.index[1] >= 0, directive.index[1] < wo else {
            throw reference.error("conv-cell needs index: [row, column] of the output, inside its \(ho)×\(wo) (counting from 0)")
        }
        let b = try sampleIndex(batch: records.input.shape[0])
        let (i, j) = (directive.index[0], directive.index[1])
        let (kh, kw) = records.kernelSize
        let (r0, c0) = records.origin(i, j)
        let z = records.preactivation.data[((b * ho + i) * wo + j) * records.filters + f]
        let a = records.activation.data[((b * ho + i) * wo + j) * records.filters + f]
        let multichannel = records.channels > 1
        let cell = filtered("z", [n(i + 1), n(j + 1)], filter: f)
        // z⁽ᶠ⁾_{i,j} = Σ_{u,v,c} x_{r+u−1, s+v−1, c} · k⁽ᶠ⁾_{u,v,c} + b⁽ᶠ⁾, with the window's corner (r, s) in
        // numbers and every index counted from 1.
        let window = MathML.sub(id("x"), MathML.row([n(r0 + 1), MathML.op("+"), id("u"), MathML.op("−"), n(1), MathML.op(","),
                                                     n(c0 + 1), MathML.op("+"), id("v"), MathML.op("−"), n(1)]
                                                       + (multichannel ? [MathML.op(","), id("c")] : [])))
        let kernelSymbol = filtered("k", [id("u"), id("v")] + (multichannel ? [id("c")] : []), filter: f)
        let sumIndex = MathML.row([id("u"), MathML.op(","), id("v")] + (multichannel ? [MathML.op(","), id("c")] : []))
        var lines: [[Node]] = [[cell, MathML.op("="), MathML.under(MathML.op("∑"), sumIndex), window, MathML.op("·"), kernelSymbol,
                                MathML.op("+"), MathML.power(id("b"), MathML.row([MathML.fence("("), n(f + 1), MathML.fence(")")]))]]
        // The window and the kernel, a line per input channel, in order (with subtotals, below).
        for c in 0..<records.channels where !directive.channelSubtotals {
            let windowValues = (0..<(kh * kw)).map { records.x(b, r0 + $0 / kw, c0 + $0 % kw, c) }
            let kernelValues = (0..<(kh * kw)).map { records.k($0 / kw, $0 % kw, c, f) }
            lines.append([MathML.op(c == 0 ? "=" : "+"), MathML.op("∑"), MathML.op("("), matrix(windowValues, rows: kh, columns: kw), MathML.op("⊙"),
                          matrix(kernelValues, rows: kh, columns: kw), MathML.op(")")]
                         + (c == records.channels - 1 ? [MathML.op("+"), number(records.bias[f])] : []))
        }
        if directive.channelSubtotals {
            lines += channelSubtotalLines(records, sample: b, origin: (r0, c0), filter: f, cell: cell, z: z)
        } else {
            var terms: [[Node]] = []
            for c in 0..<records.channels {
                for u in 0..<kh {
                    for v in 0..<kw { terms.append(product(records.x(b, r0 + u, c0 + v, c), records.k(u, v, c, f))) }
                }
            }
            lines += sumLines(terms, lead: [MathML.op("=")], perLine: kw)
            lines.append([MathML.op("+"), number(records.bias[f]), MathML.op("="), number(z, parenthesized: false)])
        }
        let padded = (0..<kh).contains { r0 + $0 < 0 || r0 + $0 >= records.input.shape[1] } || (0..<kw).contains { c0 + $0 < 0 || c0 + $0 >= records.input.shape[2] }
        if padded { lines.append([MathML.text(say(.paddingCells))]) }
        let name = Self.functionSymbol(records.activationKind)
        let out = filtered("a", [n(i + 1), n(j + 1)], filter: f)
        lines.append([out, MathML.op("="), MathML.identifier(name), MathML.fence("("), number(z, parenthesized: false), MathML.fence(")"),
                      MathML.op("="), number(a, parenthesized: false)])
        return MathML.lines(lines, label: say(.convolutionOutputCell, ["row": String(i + 1), "column": String(j + 1), "filter": String(f + 1), "layer": labels.layer(directive.layer!)]))
    }

    /// One subtotal per input channel, s_c = Σ_{u,v} x_{…,c} · k_{u,v,c}, each from its window and
    /// kernel slice, then z = s₁ + s₂ + … + b: the 27 products of a colour image's cell in four numbers.
    private func channelSubtotalLines(_ records: ConvRecords, sample b: Int, origin: (Int, Int), filter f: Int, cell: Node, z: Double) -> [[Node]] {
        let (kh, kw) = records.kernelSize
        var lines: [[Node]] = []
        var subtotals: [Double] = []
        for c in 0..<records.channels {
            let windowValues = (0..<(kh * kw)).map { records.x(b, origin.0 + $0 / kw, origin.1 + $0 % kw, c) }
            let kernelValues = (0..<(kh * kw)).map { records.k($0 / kw, $0 % kw, c, f) }
            let subtotal = zip(windowValues, kernelValues).map { $0 * $1 }.reduce(0, +)
            subtotals.append(subtotal)
            lines.append([subscripted("s", String(c + 1)), MathML.op("="), MathML.op("∑"), MathML.op("("), matrix(windowValues, rows: kh, columns: kw),
                          MathML.op("⊙"), matrix(kernelValues, rows: kh, columns: kw), MathML.op(")"), MathML.op("="), number(subtotal, parenthesized: false)])
        }
        var total: [Node] = [cell, MathML.op("=")]
        for c in 0..<records.channels {
            if c > 0 { total.append(MathML.op("+")) }
            total.append(subscripted("s", String(c + 1)))
        }
        total += [MathML.op("+"), MathML.power(id("b"), MathML.row([MathML.fence("("), n(f + 1), MathML.fence(")")])), MathML.op("=")]
        for (c, subtotal) in subtotals.enumerated() {
            if c > 0 { total.append(MathML.op("+")) }
            total.append(number(subtotal, parenthesized: c > 0))
        }
        total += [MathML.op("+"), number(records.bias[f]), MathML.op("="), number(z, parenthesized: false)]
        lines.append(total)
        return lines
    }

    /// ∂L/∂k_{u,v,c,f} = Σ_{i,j} x_{i+u−1, j+v−1, c} · ∂L/∂z_{i,j,f} (every index counted from 1,
    /// as the page writes it; the directive's `index` counts from 0): the input, shifted by the
    /// kernel offset, correlated with the output's gradient; then the update.
    func convKernelGradient(_ step: TraceStep) throws -> Node {
        let records = try conv(step)
        let reference = directive.source
        let (kh, kw) = records.kernelSize
        let index = directive.index
        guard index.count == 4, index[0] >= 0, index[0] < kh, index[1] >= 0, index[1] < kw, index[2] >= 0, index[2] < records.channels,
              index[3] >= 0, index[3] < records.filters else {
            throw reference.error("conv-kernel-gradient needs index: [u, v, channel, filter] of the kernel, inside its shape \(records.kernel.shape) (counting from 0)")
        }
        guard records.input.shape[0] == 1 else {
            throw reference.error("a conv-kernel-gradient walkthrough follows one sample; this step's batch has \(records.input.shape[0])")
        }
        let (ho, wo) = records.outputSize
        guard ho * wo <= 64 else { throw reference.error("the output is \(ho)×\(wo); conv-kernel-gradient writes out at most 64 cells") }
        let (u, v, c, f) = (index[0], index[1], index[2], index[3])
        let g = try grad(records.convolution)
        let shifted = (0..<(ho * wo)).map { cell -> Double in
            let (r, s) = records.origin(cell / wo, cell % wo)
            return records.x(0, r + u, s + v, c)
        }
        let gradients = (0..<(ho * wo)).map { g.data[$0 * records.filters + f] }
        let L = MathML.identifier("L")
        let multichannel = records.channels > 1
        // k's row and column counted from 1; x's subscript shows the offset u − 1, v − 1 as a number.
        let k = filtered("k", [n(u + 1), n(v + 1)] + (multichannel ? [n(c + 1)] : []), filter: f)
        let gradSymbol = MathML.partial(L, filtered("z", [id("i"), id("j")], filter: f))
        let xSymbol = MathML.sub(id("x"), MathML.row([id("i"), MathML.op("+"), n(u), MathML.op(","), id("j"), MathML.op("+"), n(v)]
                                                        + (multichannel ? [MathML.op(","), n(c + 1)] : [])))
        var lines: [[Node]] = [
            [MathML.partial(L, k), MathML.op("="), MathML.under(MathML.op("∑"), MathML.row([MathML.identifier("i"), MathML.op(","), MathML.identifier("j")])),
             xSymbol, MathML.op("·"), gradSymbol],
            [MathML.op("="), MathML.op("∑"), MathML.op("("), matrix(shifted, rows: ho, columns: wo), MathML.op("⊙"),
             matrix(gradients, rows: ho, columns: wo), MathML.op(")")],
        ]
        let nonzero = gradients.indices.filter { gradients[$0] != 0 }
        if !nonzero.isEmpty && nonzero.count <= 16 {
            lines += sumLines(nonzero.map { product(shifted[$0], gradients[$0]) }, lead: [MathML.op("=")], perLine: 4)
        }
        if records.strides != [1, 1] || records.pads != [0, 0, 0, 0] {
            lines.append([MathML.text(say(.strideAndPadding, ["rows": String(records.strides[0]), "columns": String(records.strides[1]), "padding": "\(records.pads)",
                                                       "top": String(records.pads[0]), "left": String(records.pads[2])]))])
        }
        guard let param = step.params["\(directive.layer!)/kernel"] else { throw reference.error("the trace has no parameter \(directive.layer!)/kernel") }
        let flat = ((u * kw + v) * records.channels + c) * records.filters + f
        lines.append([MathML.op("="), number(param.grad.data[flat], parenthesized: false)]
                     + (nonzero.count < gradients.count ? [MathML.space(1), MathML.text(say(.otherCellsZero, ["n": String(gradients.count - nonzero.count)]))] : []))
        lines += updateLines(symbol: k, before: param.before.data[flat], grad: param.grad.data[flat], after: param.after.data[flat])
        return MathML.lines(lines, label: say(.kernelGradient, ["parameter": labels.parameter("\(directive.layer!)/kernel", index: index)]))
    }

    // MARK: Attention

    /// One query's row of attention: the scores q·k/√d against every key, the softmax, and the
    /// weighted sum of the values.
    func attentionRow(_ step: TraceStep) throws -> Node {
        let layer = directive.layer!, head = directive.head
        let reference = directive.source
        let prefix = "\(layer)/head\(head)"
        guard step.op(scope: "\(prefix)/weights") != nil else {
            let heads = (1...).prefix { step.op(scope: "\(layer)/head\($0)/weights") != nil }.count
            throw reference.error(heads == 0 ? "the trace of \"\(Excerpt(reference.spec))\" has no attention layer \"\(Excerpt(layer))\" (no \(prefix)/weights)"
                                             : "layer \"\(layer)\" has heads 1…\(heads); head \(head) does not exist")
        }
        let query = try traced.op("\(prefix)/query", in: step, reference).value
        let key = try traced.op("\(prefix)/key", in: step, reference).value
        let value = try traced.op("\(prefix)/value", in: step, reference).value
        let dots = try traced.op("\(prefix)/dot_products", in: step, reference).value
        let scores = try traced.op("\(prefix)/scores", in: step, reference).value
        let masked = step.op(scope: "\(prefix)/masked_scores")?.value
        let weights = try traced.op("\(prefix)/weights", in: step, reference).value
        let context = try traced.op("\(prefix)/context", in: step, reference).value
        let (t, d) = (query.shape[1], query.shape[2])
        let b = try sampleIndex(batch: query.shape[0])
        let i = directive.query
        guard i >= 0 && i < t else { throw reference.error("query \(i) is not a position of the sequence (0..<\(t), counting from 0)") }
        func row(_ tensor: TensorValue, _ r: Int, width: Int) -> [Double] {
            Array(tensor.data[((b * t + r) * width)..<((b * t + r + 1) * width)])
        }
        let q = row(query, i, width: d)
        let position = String(i + 1)
        let qSymbol = subscripted("q", position)
        let sqrtD: Node = .element(named: "msqrt", nodes: [MathML.number(String(d))])
        var lines: [[Node]] = [
            [qSymbol, MathML.op("="), matrix(q, rows: 1, columns: d)],
            [MathML.identifier("K"), MathML.op("="), matrix(Array(key.data[(b * t * d)..<((b + 1) * t * d)]), rows: t, columns: d),
             MathML.space(1), MathML.text(say(.oneRowPerKeyPosition))],
            [MathML.text(say(.scoresColon)), MathML.space(0.5), MathML.sub(MathML.identifier("s"), MathML.row([MathML.number(position), MathML.op(","), MathML.identifier("j")])),
             MathML.op("="), MathML.fraction(MathML.row([qSymbol, MathML.op("·"), MathML.sub(MathML.identifier("k"), MathML.identifier("j"))]), sqrtD)],
        ]
        let dotRow = row(dots, i, width: t), scoreRow = row(scores, i, width: t), weightRow = row(weights, i, width: t)
        let maskedRow = masked.map { row($0, i, width: t) }
        for j in 0..<t {
            let s = MathML.sub(MathML.identifier("s"), MathML.number("\(i + 1),\(j + 1)"))
            if let maskedRow, maskedRow[j] != scoreRow[j] {
                lines.append([s, MathML.op("="), number(maskedRow[j], parenthesized: false),
                              MathML.space(1), MathML.text(say(.maskedKey, ["key": String(j + 1), "query": String(i + 1)]))])
                continue
            }
            let k = row(key, j, width: d)
            let kj = subscripted("k", String(j + 1))
            if d <= 4 {
                // The dot product written out on a line of its own.
                var terms: [Node] = [qSymbol, MathML.op("·"), kj, MathML.op("=")]
                for n in 0..<d {
                    if n > 0 { terms.append(MathML.op("+")) }
                    terms += product(q[n], k[n])
                }
                lines.append(terms + [MathML.op("="), number(dotRow[j], parenthesized: false)])
            }
            lines.append([s, MathML.op("="), MathML.fraction(MathML.row([qSymbol, MathML.op("·"), kj]), sqrtD), MathML.op("="),
                          MathML.fraction(number(dotRow[j], parenthesized: false), sqrtD), MathML.op("="), number(scoreRow[j], parenthesized: false)])
        }
        // Softmax over the row.
        let effective = maskedRow ?? scoreRow
        let exps = effective.map { Foundation.exp($0) }
        let total = exps.reduce(0, +)
        var sumLine: [Node] = [MathML.text(say(.softmaxColon)), MathML.space(0.5), MathML.under(MathML.op("∑"), MathML.identifier("j")),
                               MathML.power(MathML.identifier("e"), MathML.sub(MathML.identifier("s"), MathML.number("\(i + 1),j"))), MathML.op("=")]
        for (j, e) in exps.enumerated() {
            if j > 0 { sumLine.append(MathML.op("+")) }
            sumLine.append(number(e, parenthesized: false))
        }
        sumLine += [MathML.op("="), number(total, parenthesized: false), MathML.op("="), MathML.identifier("S")]
        lines.append(sumLine)
        for j in 0..<t {
            let alpha = MathML.sub(MathML.identifier("α"), MathML.number("\(i + 1),\(j + 1)"))
            let s = MathML.sub(MathML.identifier("s"), MathML.number("\(i + 1),\(j + 1)"))
            lines.append([alpha, MathML.op("="), MathML.fraction(MathML.power(MathML.identifier("e"), s), MathML.identifier("S")), MathML.op("="),
                          MathML.fraction(number(exps[j], parenthesized: false), number(total, parenthesized: false)), MathML.op("="),
                          number(weightRow[j], parenthesized: false)])
        }
        // The weighted sum of the values.
        let o = subscripted("o", position)
        lines.append([MathML.identifier("V"), MathML.op("="), matrix(Array(value.data[(b * t * d)..<((b + 1) * t * d)]), rows: t, columns: d),
                      MathML.space(1), MathML.text(say(.oneRowPerPosition))])
        lines.append([MathML.text(say(.outputColon)), MathML.space(0.5), o, MathML.op("="), MathML.under(MathML.op("∑"), MathML.identifier("j")),
                      MathML.sub(MathML.identifier("α"), MathML.number("\(i + 1),j")), MathML.sub(MathML.identifier("v"), MathML.identifier("j")),
                      MathML.op("="), matrix(weightRow, rows: 1, columns: t), MathML.identifier("V")])
        lines.append([MathML.op("="), matrix(row(context, i, width: d), rows: 1, columns: d)])
        return MathML.lines(lines, label: say(.attentionOfQuery, ["query": String(i + 1), "head": String(head), "layer": labels.layer(layer)]))
    }

    // MARK: LSTM

    private static let gates: [(local: String, symbol: String, function: String)] = [
        ("input_gate", "i", "σ"), ("forget_gate", "f", "σ"), ("candidate", "g", "tanh"), ("output_gate", "o", "σ"),
    ]

    /// The previous time step's record `local` (`cell` or `hidden`): the initial state at t = 1.
    private func previous(_ local: String, layer: String, time: Int, in step: TraceStep) throws -> OpRecord {
        try traced.op(time == 1 ? "\(layer)/initial_\(local)" : "\(layer)/t\(time - 1)/\(local)", in: step, directive.source)
    }

    private func lstmTime(_ step: TraceStep) throws -> (layer: String, t: Int, units: Int, b: Int) {
        let layer = directive.layer!, t = directive.time
        let reference = directive.source
        guard step.op(scope: "\(layer)/t\(t)/cell") != nil else {
            let steps = (1...).prefix { step.op(scope: "\(layer)/t\($0)/cell") != nil }.count
            throw reference.error(steps == 0 ? "the trace of \"\(Excerpt(reference.spec))\" has no LSTM layer \"\(Excerpt(layer))\" (no \(layer)/t1/cell)"
                                             : "layer \"\(layer)\" has time steps 1…\(steps); time \(t) does not exist")
        }
        let cell = try traced.op("\(layer)/t\(t)/cell", in: step, reference).value
        let units = cell.shape[1]
        guard directive.unit >= 0 && directive.unit < units else {
            throw reference.error("layer \"\(Excerpt(layer))\" has units 0..<\(units); unit \(directive.unit) does not exist")
        }
        return (layer, t, units, try sampleIndex(batch: cell.shape[0]))
    }

    /// One time step of one unit: the four gates from their pre-activations, the new cell state
    /// c_t = f·c_{t−1} + i·g and the new hidden state h_t = o·tanh c_t.
    func lstmStep(_ step: TraceStep) throws -> Node {
        let (layer, t, units, b) = try lstmTime(step)
        let reference = directive.source
        let j = directive.unit
        func at(_ scope: String, column: Int, width: Int) throws -> Double {
            try traced.op(scope, in: step, reference).value.data[b * width + column]
        }
        let base = "\(layer)/t\(t)"
        let inputRecord = try traced.op("\(base)/input", in: step, reference)
        let features = inputRecord.value.shape[1]
        let x = Array(inputRecord.value.data[(b * features)..<((b + 1) * features)])
        let hPrevious = try previous("hidden", layer: layer, time: t, in: step).value
        let h = Array(hPrevious.data[(b * units)..<((b + 1) * units)])
        let kernel = try traced.op("\(layer)/kernel", in: step, reference).value
        let recurrent = try traced.op("\(layer)/recurrent_kernel", in: step, reference).value
        let bias = try traced.op("\(layer)/bias", in: step, reference).value.data
        let time = String(t)
        var lines: [[Node]] = []
        var gateValues: [Double] = []
        for (index, gate) in Self.gates.enumerated() {
            let column = index * units + j
            let z = MathML.sub(MathML.identifier("z"), MathML.row([MathML.identifier(gate.symbol), MathML.op(","), MathML.number(time)]))
            let xw = try at("\(base)/input_projection", column: column, width: 4 * units)
            let hu = try at("\(base)/recurrent_projection", column: column, width: 4 * units)
            let pre = try at("\(base)/preactivation", column: column, width: 4 * units)
            lines.append([z, MathML.op("="), MathML.sub(MathML.row([MathML.fence("("), subscripted("x", time), MathML.identifier("W"), MathML.fence(")")]), MathML.identifier(gate.symbol)),
                          MathML.op("+"), MathML.sub(MathML.row([MathML.fence("("), subscripted("h", String(t - 1)), MathML.identifier("U"), MathML.fence(")")]), MathML.identifier(gate.symbol)),
                          MathML.op("+"), MathML.sub(MathML.identifier("b"), MathML.identifier(gate.symbol))])
            // x_t·W and h_{t−1}·U written out when short.
            if features + units <= 6 {
                var terms: [Node] = [MathML.op("=")]
                for n in 0..<features {
                    if n > 0 { terms.append(MathML.op("+")) }
                    terms += product(x[n], kernel.data[n * 4 * units + column])
                }
                for n in 0..<units {
                    terms.append(MathML.op("+"))
                    terms += product(h[n], recurrent.data[n * 4 * units + column])
                }
                lines.append(terms + [MathML.op("+"), number(bias[column])])
            }
            lines.append([MathML.op("="), number(xw, parenthesized: false), MathML.op("+"), number(hu), MathML.op("+"), number(bias[column]), MathML.op("="),
                          number(pre, parenthesized: false)])
            let value = try at("\(base)/\(gate.local)", column: j, width: units)
            gateValues.append(value)
            lines.append([subscripted(gate.symbol, time), MathML.op("="), MathML.identifier(gate.function), MathML.fence("("), number(pre, parenthesized: false),
                          MathML.fence(")"), MathML.op("="), number(value, parenthesized: false)])
        }
        let (i, f, g, o) = (gateValues[0], gateValues[1], gateValues[2], gateValues[3])
        let cPrevious = try previous("cell", layer: layer, time: t, in: step).value.data[b * units + j]
        let kept = try at("\(base)/kept_cell", column: j, width: units)
        let written = try at("\(base)/written_cell", column: j, width: units)
        let c = try at("\(base)/cell", column: j, width: units)
        let tanhC = try at("\(base)/cell_tanh", column: j, width: units)
        let hidden = try at("\(base)/hidden", column: j, width: units)
        let ct = subscripted("c", time), cp = subscripted("c", String(t - 1))
        lines.append([ct, MathML.op("="), subscripted("f", time), MathML.op("·"), cp, MathML.op("+"), subscripted("i", time), MathML.op("·"), subscripted("g", time),
                      MathML.op("=")] + product(f, cPrevious) + [MathML.op("+")] + product(i, g))
        lines.append([MathML.op("="), number(kept, parenthesized: false), MathML.op("+"), number(written), MathML.op("="), number(c, parenthesized: false)])
        lines.append([subscripted("h", time), MathML.op("="), subscripted("o", time), MathML.op("·"), MathML.function("tanh", ct), MathML.op("=")]
                     + [number(o), MathML.op("×"), MathML.identifier("tanh"), MathML.fence("("), number(c, parenthesized: false), MathML.fence(")"), MathML.op("=")]
                     + product(o, tanhC) + [MathML.op("="), number(hidden, parenthesized: false)])
        return MathML.lines(lines, label: say(.lstmStep, ["unit": labels.unit(layer, j), "t": String(t)]))
    }

    /// ∂L/∂c_{t−1} = f_t · ∂L/∂c_t + o_{t−1}(1 − tanh² c_{t−1}) · ∂L/∂h_{t−1}: the cell gradient one
    /// step back, through the forget gate and through the previous hidden state.
    func lstmCellGradient(_ step: TraceStep) throws -> Node {
        let (layer, t, units, b) = try lstmTime(step)
        let reference = directive.source
        guard t >= 2 else { throw reference.error("lstm-cell-gradient goes from time t back to t − 1: time must be at least 2") }
        let j = directive.unit
        func at(_ scope: String, gradient: Bool = false) throws -> Double {
            let record = try traced.op(scope, in: step, reference)
            return (gradient ? try grad(record) : record.value).data[b * units + j]
        }
        let now = "\(layer)/t\(t)", before = "\(layer)/t\(t - 1)"
        let f = try at("\(now)/forget_gate")
        let dc = try at("\(now)/cell", gradient: true)
        let o = try at("\(before)/output_gate")
        let tanhC = try at("\(before)/cell_tanh")
        let dh = try at("\(before)/hidden", gradient: true)
        let dcBefore = try at("\(before)/cell", gradient: true)
        let L = MathML.identifier("L")
        let time = String(t), earlier = String(t - 1)
        let throughForget = f * dc
        let throughHidden = o * (1 - tanhC * tanhC) * dh
        let lines: [[Node]] = [
            [MathML.partial(L, subscripted("c", earlier)), MathML.op("="), subscripted("f", time), MathML.op("·"), MathML.partial(L, subscripted("c", time)),
             MathML.op("+"), subscripted("o", earlier), MathML.fence("("), MathML.number("1"), MathML.op("−"),
             MathML.power(MathML.identifier("tanh"), MathML.number("2")), subscripted("c", earlier), MathML.fence(")"), MathML.op("·"),
             MathML.partial(L, subscripted("h", earlier))],
            [MathML.op("=")] + product(f, dc) + [MathML.op("+"), number(o), MathML.op("×"), MathML.fence("("), MathML.number("1"), MathML.op("−"),
                                                  MathML.power(number(tanhC), MathML.number("2")), MathML.fence(")"), MathML.op("×"), number(dh)],
            [MathML.op("="), number(throughForget, parenthesized: false), MathML.op("+"), number(throughHidden), MathML.op("="),
             number(dcBefore, parenthesized: false)],
        ]
        return MathML.lines(lines, label: say(.lstmCellGradient, ["unit": labels.unit(layer, j), "t": String(t), "previous": String(t - 1)]))
    }
}
