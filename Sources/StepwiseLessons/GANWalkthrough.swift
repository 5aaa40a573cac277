import StepwiseEngine
import StepwiseTrace

/// Walkthroughs of GAN updates and of batch sums: which update of a GAN step a walkthrough
/// shows (`phase`), a dense kernel's gradient as the sum over the batch (`batch-gradient`), and
/// the gradient that reaches one generated sample, dL_G/dG(z), followed back from the
/// discriminator's output (`sample-gradient`). Every number is the trace's.
extension Walkthrough {
    /// The kinds a GAN trace's dense networks can show.
    static let ganKinds: Set<WalkthroughDirective.Show> = [.forward, .loss, .update, .chainRule, .batchGradient, .sampleGradient]

    /// The record the walkthrough shows: the step's record, or for a GAN trace the step's
    /// generator update or its last discriminator update (`phase`; an `update` may take the
    /// phase from its parameter's network).
    func record() throws -> TraceStep {
        let reference = directive.source
        guard traced.gan != nil else {
            if directive.phase != nil { throw reference.error("phase is for GAN specs (kind: gan); spec \"\(Excerpt(reference.spec))\" is a single model") }
            if directive.show == .sampleGradient { throw reference.error("show: sample-gradient needs a GAN spec (kind: gan)") }
            return try traced.step(reference)
        }
        guard Self.ganKinds.contains(directive.show) else {
            throw reference.error("show: \(directive.show.rawValue) is not for GAN traces (they take \(Self.ganKinds.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        _ = try traced.step(reference)
        let fromParam = directive.param.flatMap { $0.split(separator: "/").first.map(String.init) }
        guard let phase = directive.phase ?? fromParam.flatMap({ GANPhase(rawValue: $0)?.rawValue }) else {
            throw reference.error("a walkthrough of a GAN trace needs phase: discriminator or generator")
        }
        guard let record = traced.trace.steps.last(where: { $0.step == reference.step && $0.phase == phase }) else {
            throw reference.error("step \(reference.step) of \"\(Excerpt(reference.spec))\" has no \(phase) update")
        }
        return record
    }

    /// The symbol of a dense layer's input: the noise z for a GAN generator's first layer, the
    /// sample x for a first layer, else the previous layer's output a.
    private func inputName(_ layer: String) -> String {
        let layers = traced.trace.architecture.layers
        guard let index = layers.firstIndex(where: { $0.name == layer }) else { return "x" }
        if let networks = traced.trace.architecture.networks, networks.count == 2 {
            if index == 0 { return "z" }
            if index == networks[0].layerCount { return "x" }
            return "a"
        }
        return index == 0 ? "x" : "a"
    }

    /// ∂L/∂w_ij = Σ_k x_ki · δ_kj over the batch's rows k (δ: the gradient of unit j's weighted
    /// sum), then the update of w_ij.
    func batchGradient(_ step: TraceStep) throws -> Node {
        let records = try dense(step)
        let reference = directive.source
        let layer = directive.layer!
        guard let delta = records.preactivation.grad else { throw reference.error("\(layer)/bias_add has no gradient in this update") }
        guard let param = step.params["\(layer)/kernel"] else {
            let phase = step.phase.map { "the \($0) update" } ?? "this step"
            throw reference.error("\(phase) does not change \(layer)/kernel (it changes: \(step.params.keys.sorted().joined(separator: ", ")))")
        }
        let (i, j) = (directive.input, directive.unit)
        let (inputs, units) = (records.kernel.value.shape[0], records.kernel.value.shape[1])
        let rows = records.input.value.shape[0]
        let x = inputName(layer)
        let w = indexed("w", [i, j]), L = MathML.identifier("L")
        let k = MathML.identifier("k")
        let xki = MathML.sub(MathML.identifier(x), MathML.row([k, MathML.op(","), MathML.number(String(i + 1))]))
        let deltaKj = MathML.sub(MathML.identifier("δ"), MathML.row([k, MathML.op(","), MathML.number(String(j + 1))]))
        var terms: [Node] = []
        for row in 0..<rows {
            if row > 0 { terms.append(MathML.op("+")) }
            terms += [number(records.input.value.data[row * inputs + i]), MathML.op("×"), number(delta.data[row * units + j])]
        }
        let flat = i * units + j
        var lines: [[Node]] = [
            [MathML.partial(L, w), MathML.op("="), MathML.under(MathML.op("∑"), k), xki, MathML.op("·"), deltaKj,
             MathML.text(say(.batchDelta, ["unit": String(j + 1), "rows": String(rows)]))],
            [MathML.op("=")] + terms,
            [MathML.op("="), number(param.grad.data[flat], parenthesized: false)],
        ]
        lines += updateLines(symbol: w, before: param.before.data[flat], grad: param.grad.data[flat], after: param.after.data[flat],
                             optimizer: traced.optimizer(of: step))
        return MathML.lines(lines, label: say(.batchGradient, ["parameter": labels.parameter("\(layer)/kernel", index: [i, j])]))
    }

    /// dL_G/dG(z) for one generated sample k: from the generator loss through the
    /// discriminator's output ŷ, its weighted sum s, and back through its dense layers to the
    /// sample's coordinates (the trace's gradient of the generator's last output).
    func sampleGradient(_ step: TraceStep) throws -> Node {
        let reference = directive.source
        guard let networks = traced.trace.architecture.networks, networks.count == 2 else {
            throw reference.error("show: sample-gradient needs a GAN spec (kind: gan)")
        }
        let all = traced.trace.architecture.layers
        let generatorLast = all[networks[0].layerCount - 1].name
        let discriminator = Array(all.dropFirst(networks[0].layerCount))
        guard discriminator.allSatisfy({ $0.type == "dense" }) else {
            throw reference.error("show: sample-gradient follows dense discriminators only")
        }
        let k = directive.sample - 1
        let sample = try traced.op("\(generatorLast)/activation", in: step, reference)
        let rows = sample.value.shape[0], width = sample.value.shape[1]
        guard k < rows else { throw reference.error("the generator update's batch has \(rows) samples; sample \(k + 1) does not exist") }
        let last = discriminator.last!.name
        let output = try traced.op("\(last)/activation", in: step, reference)
        let logit = try traced.op("\(last)/bias_add", in: step, reference)
        guard let dOutput = output.grad, let dLogit = logit.grad, let dSample = sample.grad else {
            throw reference.error("the generator update of step \(reference.step) has no gradients (record it at the ops level)")
        }
        let y = output.value.data[k]
        let n = MathML.number(String(rows))
        let L = MathML.sub(MathML.identifier("L"), MathML.identifier("G"))
        let row = MathML.number(String(k + 1))
        let yk = MathML.sub(MathML.identifier("ŷ"), row), sk = MathML.sub(MathML.identifier("s"), row)
        var lines: [[Node]] = [
            [MathML.partial(L, yk), MathML.op("="), MathML.op("−"), MathML.fraction(MathML.number("1"), MathML.row([n, MathML.op("·"), yk])),
             MathML.op("="), MathML.op("−"), MathML.fraction(MathML.number("1"), MathML.row([n, MathML.op("×"), number(y)])),
             MathML.op("="), number(dOutput.data[k], parenthesized: false)],
            [MathML.partial(L, sk), MathML.op("="), MathML.partial(L, yk), MathML.op("·"), yk, MathML.op("("), MathML.number("1"), MathML.op("−"), yk, MathML.op(")"),
             MathML.op("="), number(dOutput.data[k]), MathML.op("×"), number(y), MathML.op("×"), number(1 - y),
             MathML.op("="), number(dLogit.data[k], parenthesized: false)],
            [MathML.text(say(.minimaxWouldGive)), MathML.op("−"), MathML.fraction(yk, n), MathML.op("="),
             number(-y / Double(rows), parenthesized: false), MathML.text(say(.closeParenthesis))],
        ]
        // Back through the discriminator's layers: δ of a layer's units from the next layer's δ.
        var deltaSymbol = sk
        for index in stride(from: discriminator.count - 1, to: 0, by: -1) {
            let below = discriminator[index - 1].name
            let kernel = try traced.op("\(discriminator[index].name)/kernel", in: step, reference).value
            let activation = try traced.op("\(below)/activation", in: step, reference)
            guard let belowDelta = try traced.op("\(below)/bias_add", in: step, reference).grad else {
                throw reference.error("\(below)/bias_add has no gradient in this update")
            }
            let units = kernel.shape[0]
            let outputs = kernel.shape[1]
            for unit in 0..<units {
                let a = activation.value.data[k * units + unit]
                let symbol = MathML.sub(MathML.identifier("a"), MathML.number(String(unit + 1)))
                let (derivative, value) = try Self.activationDerivativeTerms(activation.op, a: a, symbol: symbol, reference: reference)
                var sum: [Node] = []
                var incoming = 0.0
                for m in 0..<outputs {
                    if m > 0 { sum.append(MathML.op("+")) }
                    let upstream = index == discriminator.count - 1 ? dLogit.data[k] : try upstreamDelta(step, discriminator[index].name, row: k, unit: m)
                    incoming += upstream * kernel.data[unit * outputs + m]
                    sum += [number(upstream), MathML.op("×"), number(kernel.data[unit * outputs + m])]
                }
                let deltaUnit = MathML.sub(MathML.identifier("δ"), MathML.number(String(unit + 1)))
                lines.append([deltaUnit, MathML.op("="), MathML.op("(")] + sum + [MathML.op(")"), MathML.op("×")] + derivative
                             + [MathML.op("="), number(incoming), MathML.op("×"), number(value), MathML.op("="),
                                number(belowDelta.data[k * units + unit], parenthesized: false)])
            }
            deltaSymbol = MathML.identifier("δ")
        }
        // Into the sample's coordinates through the first layer's kernel.
        let first = discriminator[0].name
        let kernel = try traced.op("\(first)/kernel", in: step, reference).value
        let units = kernel.shape[1]
        let firstDelta: [Double]
        if discriminator.count == 1 {
            firstDelta = [dLogit.data[k]]
        } else {
            guard let grad = try traced.op("\(first)/bias_add", in: step, reference).grad else { throw reference.error("\(first)/bias_add has no gradient") }
            firstDelta = Array(grad.data[(k * units)..<((k + 1) * units)])
        }
        for coordinate in 0..<width {
            var sum: [Node] = []
            for unit in 0..<units {
                if unit > 0 { sum.append(MathML.op("+")) }
                sum += [number(firstDelta[unit]), MathML.op("×"), number(kernel.data[coordinate * units + unit])]
            }
            let x = MathML.sub(MathML.identifier("G"), MathML.row([MathML.op("("), MathML.identifier("z"), MathML.op(")"), row, MathML.op(","), MathML.number(String(coordinate + 1))]))
            lines.append([MathML.partial(L, x), MathML.op("="), MathML.op("∑"), deltaSymbol, MathML.op("·"), MathML.identifier("w"),
                          MathML.op("=")] + sum + [MathML.op("="), number(dSample.data[k * width + coordinate], parenthesized: false)])
        }
        return MathML.lines(lines, label: say(.sampleGradient, ["n": String(k + 1)]))
    }

    /// δ of unit `unit` of `layer`'s weighted sum, row `row`, from the trace.
    private func upstreamDelta(_ step: TraceStep, _ layer: String, row: Int, unit: Int) throws -> Double {
        let record = try traced.op("\(layer)/bias_add", in: step, directive.source)
        guard let grad = record.grad else { throw directive.source.error("\(layer)/bias_add has no gradient") }
        return grad.data[row * record.value.shape[1] + unit]
    }

    /// f′ of an elementwise activation written from its output a, and its value.
    private static func activationDerivativeTerms(_ kind: String, a: Double, symbol: Node, reference: TraceReference) throws -> ([Node], Double) {
        switch kind {
        case "sigmoid": return ([symbol, MathML.op("("), MathML.number("1"), MathML.op("−"), symbol, MathML.op(")")], a * (1 - a))
        case "tanh": return ([MathML.op("("), MathML.number("1"), MathML.op("−"), MathML.power(symbol, MathML.number("2")), MathML.op(")")], 1 - a * a)
        case "relu": return ([MathML.text(a > 0 ? "1 (a > 0)" : "0 (a = 0)")], a > 0 ? 1 : 0)
        case "identity": return ([MathML.number("1")], 1)
        default: throw reference.error("sample-gradient needs elementwise activations, not \(kind)")
        }
    }
}
