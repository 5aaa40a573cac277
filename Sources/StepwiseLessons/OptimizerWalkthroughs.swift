import Foundation
import Plot
import StepwiseEngine
import StepwiseTrace

/// The walkthroughs of one optimizer update with state: Adam's (the moments m and v, their bias
/// corrections, the step) and momentum's (the velocity, the step). The trace records each
/// step's gradient but no optimizer state, so the state is rebuilt here from the gradients of
/// steps 1 … t with Keras's rules (`Adam`, `SGD`), and the result must equal the trace's
/// `after` to within 1e-12 — else the build stops, since the page would show wrong numbers.
extension Walkthrough {
    /// How far a written-out update may lie from the trace's `after` (relative to its size, at least 1).
    static let optimizerTolerance = 1e-12

    /// One element's gradient at steps 1 … t, in order (every step must be kept).
    private func gradientHistory(_ element: ParameterElement, through step: Int) throws -> [Double] {
        try (1...step).map { number in
            guard let kept = traced.trace.step(number), let param = kept.params[element.name] else {
                throw directive.source.error("show: \(directive.show.rawValue) rebuilds the optimizer's state from the gradients of steps 1 to \(step), "
                    + "but spec \"\(Excerpt(directive.source.spec))\" keeps no step \(number) (remove its every:)")
            }
            return param.grad.data[element.flat]
        }
    }

    /// Stops the build when the written-out result is not the trace's.
    private func checkAgainstTrace(_ computed: Double, after: Double, what: String) throws {
        guard abs(computed - after) <= Self.optimizerTolerance * max(1, abs(after)) else {
            throw directive.source.error("\(what): the update written out gives \(computed), the trace's after is \(after)")
        }
    }

    /// g with the step number as subscript: g₃.
    private func atStep(_ name: String, _ step: Int) -> Node {
        MathML.sub(MathML.identifier(name), MathML.number(String(step)))
    }

    private func atStep(_ name: String, _ step: Int, hat: Bool) -> Node {
        guard hat else { return atStep(name, step) }
        return MathML.sub(.element(named: "mover", nodes: [.attribute(named: "accent", value: "true"), MathML.identifier(name), MathML.op("^")]),
                          MathML.number(String(step)))
    }

    /// Adam at step t for one element, as Keras computes it:
    /// m_t = β₁m_{t−1} + (1 − β₁)g_t, v_t = β₂v_{t−1} + (1 − β₂)g_t², the bias corrections
    /// m̂_t = m_t/(1 − β₁ᵗ), v̂_t = v_t/(1 − β₂ᵗ), and w⁺ = w − η·m̂_t/(√v̂_t + ε̂) with
    /// ε̂ = ε/√(1 − β₂ᵗ) (Keras adds ε to √v before the correction: the same step; the page's
    /// prose says so).
    func adamUpdate(_ step: TraceStep) throws -> Node {
        guard case .adam(let rate, let beta1, let beta2, let epsilon) = traced.optimizer else {
            throw directive.source.error("show: adam-update needs a spec trained with adam; \"\(Excerpt(directive.source.spec))\" uses \(traced.optimizer.type)")
        }
        let (element, param) = try parameterElement(step)
        let t = step.step
        let grads = try gradientHistory(element, through: t)
        // The moments exactly as `Adam.update` computes them, step by step.
        var (m, v) = (0.0, 0.0)
        var (previousM, previousV) = (0.0, 0.0)
        for g in grads {
            (previousM, previousV) = (m, v)
            m += (g - m) * (1 - beta1)
            v += (g * g - v) * (1 - beta2)
        }
        let g = grads[t - 1]
        let before = param.before.data[element.flat], after = param.after.data[element.flat]
        let alpha = rate * (1 - pow(beta2, Double(t))).squareRoot() / (1 - pow(beta1, Double(t)))
        try checkAgainstTrace(before - m * alpha / (v.squareRoot() + epsilon), after: after, what: "adam-update of \(element.name)")
        let correction1 = 1 - pow(beta1, Double(t)), correction2 = 1 - pow(beta2, Double(t))
        let mHat = m / correction1, vHat = v / correction2
        let epsilonHat = epsilon / correction2.squareRoot()
        let written = before - rate * mHat / (vHat.squareRoot() + epsilonHat)
        try checkAgainstTrace(written, after: after, what: "adam-update of \(element.name)")

        let w = element.symbol
        let (b1, b2) = (MathML.sub(MathML.identifier("β"), MathML.number("1")), MathML.sub(MathML.identifier("β"), MathML.number("2")))
        let tt = MathML.number(String(t))
        let one = MathML.number("1")
        func difference(_ node: Node) -> [Node] { [one, MathML.op("−"), node] }
        func oneMinus(_ node: Node) -> [Node] { [MathML.fence("(")] + difference(node) + [MathML.fence(")")] }
        let sqrtVHat = Node.element(named: "msqrt", nodes: [atStep("v", t, hat: true)])
        let lines: [[Node]] = [
            [atStep("g", t), MathML.op("="), MathML.partial(MathML.identifier("L"), w), MathML.op("="), number(g, parenthesized: false),
             MathML.space(1), MathML.text(say(.gradientOfStep, ["t": "\(t)"]))],
            [atStep("m", t), MathML.op("="), b1, atStep("m", t - 1), MathML.op("+")] + oneMinus(b1) + [atStep("g", t),
             MathML.op("="), number(beta1), MathML.op("×"), number(previousM), MathML.op("+"), number(1 - beta1), MathML.op("×"), number(g),
             MathML.op("="), number(m, parenthesized: false)],
            [atStep("v", t), MathML.op("="), b2, atStep("v", t - 1), MathML.op("+")] + oneMinus(b2) + [MathML.power(atStep("g", t), MathML.number("2")),
             MathML.op("="), number(beta2), MathML.op("×"), number(previousV), MathML.op("+"), number(1 - beta2), MathML.op("×"),
             MathML.power(number(g), MathML.number("2")), MathML.op("="), number(v, parenthesized: false)],
            [atStep("m", t, hat: true), MathML.op("="), MathML.fraction(atStep("m", t), MathML.row(difference(MathML.power(b1, tt)))),
             MathML.op("="), MathML.fraction(number(m, parenthesized: false), MathML.row([one, MathML.op("−"), MathML.power(number(beta1), tt)])),
             MathML.op("="), number(mHat, parenthesized: false)],
            [atStep("v", t, hat: true), MathML.op("="), MathML.fraction(atStep("v", t), MathML.row(difference(MathML.power(b2, tt)))),
             MathML.op("="), MathML.fraction(number(v, parenthesized: false), MathML.row([one, MathML.op("−"), MathML.power(number(beta2), tt)])),
             MathML.op("="), number(vHat, parenthesized: false)],
            [MathML.power(w, MathML.op("+")), MathML.op("="), w, MathML.op("−"), MathML.identifier("η"),
             MathML.fraction(atStep("m", t, hat: true), MathML.row([sqrtVHat, MathML.op("+"), MathML.identifier("ε̂")])),
             MathML.op("="), number(before, parenthesized: false), MathML.op("−"), number(rate), MathML.op("×"),
             MathML.fraction(number(mHat, parenthesized: false),
                             MathML.row([Node.element(named: "msqrt", nodes: [number(vHat, parenthesized: false)]), MathML.op("+"), number(epsilonHat, parenthesized: false)])),
             MathML.op("="), number(written, parenthesized: false)],
            [MathML.text(say(.with)), MathML.space(0.3), MathML.identifier("ε̂"), MathML.op("="), MathML.fraction(MathML.identifier("ε"), Node.element(named: "msqrt", nodes: difference(MathML.power(b2, tt)))),
             MathML.op("="), number(epsilonHat, parenthesized: false)],
        ]
        return MathML.lines(lines, label: say(.adamUpdate, ["t": "\(t)", "parameter": labels.parameter(element.name, index: element.index)]))
    }

    /// Gradient descent with momentum at step t for one element, as Keras computes it:
    /// m_t = μ·m_{t−1} − η·g_t, then w⁺ = w + m_t.
    func momentumUpdate(_ step: TraceStep) throws -> Node {
        guard case .sgd(let rate, let momentum, let nesterov) = traced.optimizer, momentum > 0, !nesterov else {
            throw directive.source.error("show: momentum-update needs a spec trained with sgd and a momentum (not nesterov); \"\(Excerpt(directive.source.spec))\" has none")
        }
        let (element, param) = try parameterElement(step)
        let t = step.step
        let grads = try gradientHistory(element, through: t)
        // The velocity exactly as `SGD.update` computes it.
        var (velocity, previous) = (0.0, 0.0)
        for g in grads {
            previous = velocity
            velocity = velocity * momentum - g * rate
        }
        let g = grads[t - 1]
        let before = param.before.data[element.flat], after = param.after.data[element.flat]
        let written = before + velocity
        try checkAgainstTrace(written, after: after, what: "momentum-update of \(element.name)")
        let w = element.symbol, mu = MathML.identifier("μ"), eta = MathML.identifier("η")
        let lines: [[Node]] = [
            [atStep("g", t), MathML.op("="), MathML.partial(MathML.identifier("L"), w), MathML.op("="), number(g, parenthesized: false),
             MathML.space(1), MathML.text(say(.gradientOfStep, ["t": "\(t)"]))],
            [atStep("m", t), MathML.op("="), mu, atStep("m", t - 1), MathML.op("−"), eta, atStep("g", t),
             MathML.op("="), number(momentum), MathML.op("×"), number(previous), MathML.op("−"), number(rate), MathML.op("×"), number(g),
             MathML.op("="), number(velocity, parenthesized: false)],
            [MathML.power(w, MathML.op("+")), MathML.op("="), w, MathML.op("+"), atStep("m", t),
             MathML.op("="), number(before, parenthesized: false), MathML.op("+"), number(velocity), MathML.op("="), number(written, parenthesized: false)],
        ]
        return MathML.lines(lines, label: say(.momentumUpdate, ["t": "\(t)", "parameter": labels.parameter(element.name, index: element.index)]))
    }
}
