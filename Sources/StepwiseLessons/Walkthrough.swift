import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Writes out a computation with the trace's own numbers as MathML, one formula per line, so a
/// student can redo it by hand and get the same digits.
struct Walkthrough {
    typealias Node = MathML.Node
    let directive: WalkthroughDirective
    let traced: TracedSpec
    /// The edition whose words it writes.
    var edition: Edition = .en

    var digits: Int { directive.digits }

    /// Reader words for the layers and parameters named in the walkthroughs' labels.
    var labels: ReaderLabel { ReaderLabel(traced.trace.architecture) }

    func render() throws -> Node {
        let step = try record()
        switch directive.show {
        case .forward: return try forward(step)
        case .chainRule: return try chainRule(step)
        case .update: return try update(step)
        case .loss: return try loss(step)
        case .convCell: return try convCell(step)
        case .convKernelGradient: return try convKernelGradient(step)
        case .attentionRow: return try attentionRow(step)
        case .lstmStep: return try lstmStep(step)
        case .lstmCellGradient: return try lstmCellGradient(step)
        case .bertAttentionRow, .bertFeedForward, .bertPooling, .bertResidual: throw directive.source.error("show: \(directive.show.rawValue) reads a BERT spec's trace")
        case .batchGradient: return try batchGradient(step)
        case .sampleGradient: return try sampleGradient(step)
        case .adamUpdate: return try adamUpdate(step)
        case .momentumUpdate: return try momentumUpdate(step)
        case .softmax: return try softmax(step)
        case .softmaxJacobian: return try softmaxJacobian(step)
        case .matrixForm: return try matrixForm(step)
        case .projection: return try projection(step)
        case .layerNorm: return try layerNorm(step)
        case .feedForward: return try feedForward(step)
        }
    }

    func number(_ value: Double, parenthesized: Bool = true) -> Node {
        MathML.value(value, digits: digits, parenthesized: parenthesized)
    }

    /// `name` with its indices counted from 1 (w₂,₁), and with `layer` the layer's number as a
    /// superscript (w⁽²⁾₂,₁).
    func indexed(_ name: String, _ indices: [Int], layer: Int? = nil) -> Node {
        let lower = MathML.row([MathML.number(indices.map { String($0 + 1) }.joined(separator: ","))])
        guard let layer else { return MathML.sub(MathML.identifier(name), lower) }
        return MathML.subsup(MathML.identifier(name), lower, MathML.row([MathML.op("("), MathML.number(String(layer)), MathML.op(")")]))
    }

    /// The dense layer's number from 1 when the model has more than one layer (so symbols of
    /// different layers differ), else nil: a lone layer needs no mark.
    private var layerNumber: Int? {
        let layers = traced.trace.architecture.layers
        // A GAN's layers are named by network (discriminator/hidden): no numbers across both.
        guard traced.gan == nil, layers.count > 1, let index = layers.firstIndex(where: { $0.name == directive.layer }) else { return nil }
        return index + 1
    }

    /// The symbol of the layer's input i: x for the first layer, else the previous layer's output a⁽ˡ⁻¹⁾.
    private func inputSymbol(_ i: Int) -> Node {
        guard let layer = layerNumber, layer > 1 else { return indexed("x", [i]) }
        return indexed("a", [i], layer: layer - 1)
    }

    /// The records of a dense layer: its input, kernel, bias, pre-activation and activation.
    struct DenseRecords {
        let input, kernel, bias, preactivation, activation: OpRecord
        let activationKind: String
    }

    func dense(_ step: TraceStep) throws -> DenseRecords {
        let layer = directive.layer!
        let reference = directive.source
        let matmul = try traced.op("\(layer)/matmul", in: step, reference)
        let activation = try traced.op("\(layer)/activation", in: step, reference)
        let records = DenseRecords(
            input: step.ops[matmul.inputs[0]], kernel: step.ops[matmul.inputs[1]],
            bias: try traced.op("\(layer)/bias", in: step, reference),
            preactivation: try traced.op("\(layer)/bias_add", in: step, reference),
            activation: activation, activationKind: activation.op)
        let units = records.kernel.value.shape[1], inputs = records.kernel.value.shape[0]
        guard directive.unit >= 0 && directive.unit < units else {
            throw reference.error("layer \"\(Excerpt(layer))\" has units 0..<\(units); unit \(directive.unit) does not exist")
        }
        guard directive.input >= 0 && directive.input < inputs else {
            throw reference.error("layer \"\(Excerpt(layer))\" has inputs 0..<\(inputs); input \(directive.input) does not exist")
        }
        return records
    }

    /// z_j = Σ_i w_ij x_i + b_j, then a_j = f(z_j), for the first sample of the batch.
    private func forward(_ step: TraceStep) throws -> Node {
        let records = try dense(step)
        let j = directive.unit
        let (inputs, units) = (records.kernel.value.shape[0], records.kernel.value.shape[1])
        let layer = layerNumber
        var symbolic: [Node] = [indexed("z", [j], layer: layer), MathML.op("=")]
        var numeric: [Node] = [MathML.op("=")]
        for i in 0..<inputs {
            if i > 0 { symbolic.append(MathML.op("+")); numeric.append(MathML.op("+")) }
            symbolic += [indexed("w", [i, j], layer: layer), inputSymbol(i)]
            numeric += [number(records.kernel.value.data[i * units + j]), MathML.op("×"), number(records.input.value.data[i])]
        }
        symbolic += [MathML.op("+"), indexed("b", [j], layer: layer)]
        numeric += [MathML.op("+"), number(records.bias.value.data[j]), MathML.op("="), number(records.preactivation.value.data[j], parenthesized: false)]
        let name = Self.functionSymbol(records.activationKind)
        let activationLine: [Node] = [indexed("a", [j], layer: layer), MathML.op("="), MathML.identifier(name), MathML.op("("), indexed("z", [j], layer: layer), MathML.op(")"),
                                      MathML.op("="), MathML.identifier(name), MathML.op("("), number(records.preactivation.value.data[j], parenthesized: false),
                                      MathML.op(")"), MathML.op("="), number(records.activation.value.data[j], parenthesized: false)]
        return MathML.lines([symbolic, numeric, activationLine],
                            label: "Forward pass of \(labels.unit(directive.layer!, j))")
    }

    /// ∂L/∂w_ij = ∂L/∂a_j · ∂a_j/∂z_j · ∂z_j/∂w_ij for one sample, then the update of w_ij.
    private func chainRule(_ step: TraceStep) throws -> Node {
        let records = try dense(step)
        let reference = directive.source
        guard records.input.value.shape.first == 1 else {
            throw reference.error("a chain-rule walkthrough follows one sample; this step's batch has \(records.input.value.shape.first ?? 0)")
        }
        guard let activationGrad = records.activation.grad else { throw reference.error("\(directive.layer!)/activation has no gradient") }
        let (i, j) = (directive.input, directive.unit)
        let units = records.kernel.value.shape[1]
        let a = records.activation.value.data[j]
        let dLda = activationGrad.data[j]
        let layer = layerNumber
        let w = indexed("w", [i, j], layer: layer), aj = indexed("a", [j], layer: layer), zj = indexed("z", [j], layer: layer)
        let (derivativeSymbolic, dadz) = try Self.activationDerivative(records.activationKind, a: a, z: records.preactivation.value.data[j], symbol: aj, reference: reference)
        let x = records.input.value.data[i]
        let product = dLda * dadz * x
        let L = MathML.identifier("L")
        var lines: [[Node]] = [
            [MathML.partial(L, w), MathML.op("="), MathML.partial(L, aj), MathML.op("·"), MathML.partial(aj, zj), MathML.op("·"), MathML.partial(zj, w)],
            [MathML.op("="), number(dLda), MathML.op("×")] + derivativeSymbolic + [MathML.op("×"), inputSymbol(i)],
            [MathML.op("="), number(dLda), MathML.op("×"), number(dadz), MathML.op("×"), number(x), MathML.op("="), number(product, parenthesized: false)],
        ]
        if let param = step.params["\(directive.layer!)/kernel"] {
            let index = i * units + j
            lines.append(contentsOf: updateLines(symbol: w, before: param.before.data[index], grad: param.grad.data[index], after: param.after.data[index],
                                                 optimizer: traced.optimizer(of: step)))
        }
        return MathML.lines(lines, label: "Chain rule for \(labels.parameter("\(directive.layer!)/kernel", index: [i, j]))")
    }

    /// The derivative of the activation at this unit, symbolically and as a number.
    static func activationDerivative(_ kind: String, a: Double, z: Double, symbol aj: Node, reference: TraceReference) throws -> ([Node], Double) {
        switch kind {
        case "sigmoid":
            return ([aj, MathML.op("("), MathML.number("1"), MathML.op("−"), aj, MathML.op(")")], a * (1 - a))
        case "tanh":
            return ([MathML.number("1"), MathML.op("−"), MathML.power(aj, MathML.number("2"))], 1 - a * a)
        case "relu":
            return ([MathML.text(z > 0 ? "1 (z > 0)" : "0 (z ≤ 0)")], z > 0 ? 1 : 0)
        case "identity":
            return ([MathML.number("1")], 1)
        default:
            throw reference.error("a chain-rule walkthrough needs an elementwise activation, not \(kind)")
        }
    }

    func updateLines(symbol: Node, before: Double, grad: Double, after: Double) -> [[Node]] {
        updateLines(symbol: symbol, before: before, grad: grad, after: after, optimizer: traced.optimizer)
    }

    /// The update of one parameter element by `optimizer` (written out for plain SGD).
    func updateLines(symbol: Node, before: Double, grad: Double, after: Double, optimizer: OptimizerSpec) -> [[Node]] {
        let updated = MathML.power(symbol, MathML.op("+"))
        if case .sgd(let rate, 0, _) = optimizer {
            return [[updated, MathML.op("="), symbol, MathML.op("−"), MathML.identifier("η"), MathML.op("·"),
                     MathML.partial(MathML.identifier("L"), symbol),
                     MathML.op("="), number(before, parenthesized: false), MathML.op("−"), number(rate), MathML.op("×"), number(grad),
                     MathML.op("="), number(after, parenthesized: false)]]
        }
        return [[updated, MathML.op("="), number(after, parenthesized: false),
                 MathML.text("  (\(optimizer.type) from "), number(before, parenthesized: false),
                 MathML.text(" with gradient "), number(grad, parenthesized: false), MathML.text(")")]]
    }

    /// The parameter element a directive names (`param`, `index`): its record, flat position
    /// and symbol (w₁,₂ for a kernel, b₁ for a bias).
    struct ParameterElement {
        let name: String
        let index: [Int]
        let flat: Int
        let symbol: Node
    }

    func parameterElement(_ step: TraceStep) throws -> (ParameterElement, ParamRecord) {
        let name = directive.param!
        guard let param = step.params[name] else {
            throw directive.source.error("the trace of \"\(Excerpt(directive.source.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
        }
        let shape = param.before.shape
        let index = directive.index.isEmpty ? Array(repeating: 0, count: shape.count) : directive.index
        guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw directive.source.error("index \(index) is outside \(name)'s shape \(shape)")
        }
        let flat = zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
        let base = name.split(separator: "/").last.map(String.init) ?? name
        let symbol = indexed(base == "kernel" ? "w" : (base == "bias" ? "b" : base), index)
        return (ParameterElement(name: name, index: index, flat: flat, symbol: symbol), param)
    }

    /// One parameter element: before, gradient, after.
    private func update(_ step: TraceStep) throws -> Node {
        let (element, param) = try parameterElement(step)
        let flat = element.flat
        return MathML.lines(updateLines(symbol: element.symbol, before: param.before.data[flat], grad: param.grad.data[flat], after: param.after.data[flat],
                                        optimizer: traced.optimizer(of: step)),
                            label: "Update of \(labels.parameter(element.name, index: element.index))")
    }

    /// The data loss written out over the batch's elements.
    private func loss(_ step: TraceStep) throws -> Node {
        let reference = directive.source
        let prefix = step.phase.map { "\($0)/" } ?? ""
        let mean = try traced.op("\(prefix)loss/mean", in: step, reference)
        let L = MathML.identifier("L")
        switch traced.trace.architecture.loss {
        case "mse":
            let error = try traced.op("loss/error", in: step, reference)
            let prediction = step.ops[error.inputs[0]].value.data, target = step.ops[error.inputs[1]].value.data
            var terms: [Node] = []
            for index in prediction.indices {
                if index > 0 { terms.append(MathML.op("+")) }
                terms += [MathML.op("("), number(prediction[index]), MathML.op("−"), number(target[index]), MathML.power(MathML.op(")"), MathML.number("2"))]
            }
            let n = MathML.number(String(prediction.count))
            return MathML.lines([
                [L, MathML.op("="), MathML.fraction(MathML.number("1"), MathML.identifier("n")), MathML.op("∑"),
                 MathML.power(MathML.row([MathML.op("("), MathML.identifier("ŷ"), MathML.op("−"), MathML.identifier("t"), MathML.op(")")]), MathML.number("2"))],
                [MathML.op("="), MathML.fraction(MathML.row(terms), n)],
                [MathML.op("="), number(mean.value.data[0], parenthesized: false)],
            ], label: "Mean squared error of the batch")
        case "binary_crossentropy":
            // L = −(1/n) Σ [t log y + (1 − t) log(1 − y)], each term written for its target.
            let targets = try traced.op("\(prefix)loss/targets", in: step, reference).value.data
            let y = try traced.op("\(prefix)loss/clipped", in: step, reference).value.data
            let likelihoods = try traced.op("\(prefix)loss/log_likelihood", in: step, reference).value.data
            var symbolicTerms: [Node] = []
            var valueTerms: [Node] = []
            for index in targets.indices {
                if index > 0 { symbolicTerms.append(MathML.op("+")); valueTerms.append(MathML.op("+")) }
                let t = targets[index]
                let logY = logOf([number(y[index], parenthesized: false)])
                let logOneMinusY = logOf([MathML.number("1"), MathML.op("−"), number(y[index], parenthesized: false)])
                if t == 1 {
                    symbolicTerms.append(logY)
                } else if t == 0 {
                    symbolicTerms.append(logOneMinusY)
                } else {
                    symbolicTerms += [number(t), MathML.op("·"), logY, MathML.op("+"), number(1 - t), MathML.op("·"), logOneMinusY]
                }
                valueTerms.append(number(likelihoods[index]))
            }
            let n = MathML.number(String(targets.count))
            let minusFraction = [MathML.op("−"), MathML.fraction(MathML.number("1"), n)]
            let t = MathML.identifier("t"), yy = MathML.identifier("ŷ")
            return MathML.lines([
                [L, MathML.op("="), MathML.op("−"), MathML.fraction(MathML.number("1"), MathML.identifier("n")), MathML.op("∑"), MathML.op("["),
                 t, MathML.function("log", yy), MathML.op("+"), MathML.op("("), MathML.number("1"), MathML.op("−"), t, MathML.op(")"),
                 logOf([MathML.number("1"), MathML.op("−"), yy]), MathML.op("]")],
                [MathML.op("=")] + minusFraction + [MathML.op("[")] + symbolicTerms + [MathML.op("]")],
                [MathML.op("=")] + minusFraction + [MathML.op("[")] + valueTerms + [MathML.op("]")],
                [MathML.op("="), number(mean.value.data[0], parenthesized: false)],
            ], label: step.phase.map { "Binary cross-entropy of the \($0) update's batch" } ?? "Binary cross-entropy of the batch")
        default:
            // L = −(1/n) Σ_samples Σ_classes t log y, the terms with t ≠ 0 written out.
            let product = try traced.op("loss/t_log_y", in: step, reference)
            let targets = step.ops[product.inputs[0]].value.data
            let y = try traced.op("loss/clipped", in: step, reference).value.data
            let logs = step.ops[product.inputs[1]].value.data
            let samples = try traced.op("loss/per_sample", in: step, reference).value.data.count
            var symbolicTerms: [Node] = []
            var valueTerms: [Node] = []
            for index in targets.indices where targets[index] != 0 {
                if !symbolicTerms.isEmpty { symbolicTerms.append(MathML.op("+")); valueTerms.append(MathML.op("+")) }
                let logY = logOf([number(y[index], parenthesized: false)])
                symbolicTerms += targets[index] == 1 ? [logY] : [number(targets[index]), MathML.op("·"), logY]
                valueTerms += targets[index] == 1 ? [number(logs[index])] : [number(targets[index]), MathML.op("·"), number(logs[index])]
            }
            let minusFraction = [MathML.op("−"), MathML.fraction(MathML.number("1"), MathML.number(String(samples)))]
            return MathML.lines([
                [L, MathML.op("="), MathML.op("−"), MathML.fraction(MathML.number("1"), MathML.identifier("n")), MathML.op("∑"), MathML.op("∑"),
                 MathML.identifier("t"), MathML.function("log", MathML.identifier("ŷ"))],
                [MathML.op("=")] + minusFraction + [MathML.op("[")] + symbolicTerms + [MathML.op("]")],
                [MathML.op("=")] + minusFraction + [MathML.op("[")] + valueTerms + [MathML.op("]")],
                [MathML.op("="), number(mean.value.data[0], parenthesized: false)],
            ], label: "Cross-entropy of the batch: the sum over samples and classes, terms with t ≠ 0")
        }
    }

    /// log(…) with its argument in parentheses.
    private func logOf(_ argument: [Node]) -> Node {
        MathML.row([MathML.identifier("log"), MathML.op("(")] + argument + [MathML.op(")")])
    }

    static func functionSymbol(_ op: String) -> String {
        switch op {
        case "sigmoid": return "σ"
        case "tanh": return "tanh"
        case "relu": return "ReLU"
        case "softmax": return "softmax"
        default: return "id"
        }
    }
}
