import Foundation
import StepwiseRender
import StepwiseWords

/// `show: bert-residual`: one token's residual connection and LayerNorm in one block of one BERT
/// layer, with the trace's numbers. For the first 4 of the d features: x (the block's input) +
/// F(x) (the block's output before the sum) = s (the trace's `residual`); then μ and σ² over all
/// d features of s, and γ·(s − μ)/√(σ² + ε) + β = the block's output (`layer_norm/shift`).
/// μ, σ² and the 4 outputs are recomputed here from s, γ, β and ε and must agree with the
/// trace's LayerNorm ops to 1e-12 (relative to the value, at least 1), or the lesson fails.
extension LessonRenderer {
    /// The features written out.
    private static let residualFeatures = 4
    private static let residualTolerance = 1e-12

    func bertResidual(_ directive: WalkthroughDirective, _ view: BertTraceView, layer: Int, edition: Edition = .en) throws -> MathML.Node {
        let block = directive.block ?? "attention"
        let i = directive.query
        let scope = "encoder/layer\(layer - 1)/" + (block == "attention" ? "attention" : "feed_forward")
        let norm = scope + "/layer_norm"
        // The attention block reads the layer's input; the feed-forward block the attention block's output.
        let x = block == "attention" ? try view.hiddenStates(after: layer - 1)[i] : try view.tokenRows("encoder/layer\(layer - 1)/attention/layer_norm/shift")[i]
        let change = try view.tokenRows(scope + "/output_dense")[i]
        let sum = try view.tokenRows(scope + "/residual")[i]
        let output = try view.tokenRows(norm + "/shift")[i]
        let gamma = try view.tensor(norm + "/gamma").data, beta = try view.tensor(norm + "/beta").data
        let epsilon = try view.tensor(norm + "/epsilon").data
        let width = sum.count
        guard width >= Self.residualFeatures, [x.count, change.count, output.count, gamma.count, beta.count].allSatisfy({ $0 == width }), epsilon.count == 1 else {
            throw directive.source.error("\(scope): the block's input, output, residual and LayerNorm records do not all have \(width) features")
        }
        let traceMean = try view.tokenRows(norm + "/mean")[i], traceVariance = try view.tokenRows(norm + "/variance")[i]
        let mean = sum.reduce(0, +) / Double(width)
        let variance = sum.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(width)
        let root = (variance + epsilon[0]).squareRoot()
        let shown = 0..<Self.residualFeatures
        let outputs = shown.map { (sum[$0] - mean) / root * gamma[$0] + beta[$0] }
        let checks = [("μ", mean, traceMean.first), ("σ²", variance, traceVariance.first)]
            + shown.map { ("output \($0 + 1)", outputs[$0], Optional(output[$0])) }
        for (name, mine, traced) in checks {
            guard let traced, abs(mine - traced) <= Self.residualTolerance * max(1, abs(traced)) else {
                throw directive.source.error("\(norm): \(name) recomputed from the residual sum is \(mine), the trace has \(traced.map { "\($0)" } ?? "nothing")")
            }
        }
        let number = { (value: Double) in MathML.value(value, digits: directive.digits) }
        let inParentheses = { (value: Double) in MathML.value(value, digits: directive.digits, parenthesized: true) }
        let named = { (name: String, j: Int) in MathML.sub(MathML.identifier(name), MathML.number(String(j + 1))) }
        let say = { (entry: WalkthroughWords, values: [String: String]) in entry.typeset(edition, values) }
        let what = say(block == "attention" ? .attentionBlock : .feedForwardBlock, [:])
        let input = block == "attention" ? (layer == 1 ? say(.theEmbeddings, [:]) : say(.outputOfLayer, ["n": String(layer - 1)])) : say(.attentionBlockOutput, [:])
        let token = say(.token, ["n": String(i + 1), "text": view.tokens[i]])
        var lines: [[MathML.Node]] = [
            [MathML.text(say(.residualHeading, ["token": token, "block": what, "layer": String(layer)]))],
            [MathML.text(say(.residualTerms, ["input": input]))],
            [MathML.text(say(.residualSum, ["shown": String(Self.residualFeatures), "width": String(width)]))],
        ]
        for j in shown {
            lines.append([named("s", j), MathML.op("="), named("x", j), MathML.op("+"), MathML.sub(MathML.function("F", MathML.row([MathML.fence("("), MathML.identifier("x"), MathML.fence(")")])), MathML.number(String(j + 1))),
                          MathML.op("="), number(x[j]), MathML.op("+"), inParentheses(change[j]), MathML.op("="), number(sum[j])])
        }
        lines.append([MathML.text(say(.layerNormOverFeatures, ["width": String(width)]))])
        lines.append([MathML.identifier("μ"), MathML.op("="), MathML.fraction(MathML.row([named("s", 0), MathML.op("+"), MathML.op("…"), MathML.op("+"), named("s", width - 1)]), MathML.number(String(width))),
                      MathML.op("="), number(mean)])
        let centeredSquare = { (j: Int) in MathML.power(MathML.row([MathML.fence("("), named("s", j), MathML.op("−"), MathML.identifier("μ"), MathML.fence(")")]), MathML.number("2")) }
        lines.append([MathML.power(MathML.identifier("σ"), MathML.number("2")), MathML.op("="),
                      MathML.fraction(MathML.row([centeredSquare(0), MathML.op("+"), MathML.op("…"), MathML.op("+"), centeredSquare(width - 1)]), MathML.number(String(width))),
                      MathML.op("="), number(variance)])
        let rootSymbol = MathML.Node.element(named: "msqrt", nodes: [MathML.row([MathML.power(MathML.identifier("σ"), MathML.number("2")), MathML.op("+"), MathML.identifier("ε")])])
        lines.append([rootSymbol, MathML.op("="), .element(named: "msqrt", nodes: [MathML.row([number(variance), MathML.op("+"), number(epsilon[0])])]), MathML.op("="), number(root)])
        let j = MathML.identifier("j")
        lines.append([MathML.sub(MathML.identifier("y"), j), MathML.op("="), MathML.sub(MathML.identifier("γ"), j), MathML.op("·"),
                      MathML.fraction(MathML.row([MathML.sub(MathML.identifier("s"), j), MathML.op("−"), MathML.identifier("μ")]), rootSymbol),
                      MathML.op("+"), MathML.sub(MathML.identifier("β"), j), MathML.text(say(.forTheSameFeatures, ["n": String(Self.residualFeatures)]))])
        for j in shown {
            lines.append([named("y", j), MathML.op("="), number(gamma[j]), MathML.op("·"),
                          MathML.fraction(MathML.row([number(sum[j]), MathML.op("−"), inParentheses(mean)]), number(root)), MathML.op("+"), inParentheses(beta[j]),
                          MathML.op("="), number(output[j])])
        }
        lines.append([MathML.text(say(block == "attention" ? .residualOutputAttention : .residualOutputFeedForward,
                                      ["block": what, "token": token, "layer": String(layer)]))])
        return MathML.lines(lines, label: say(.residualLabel, ["block": what, "layer": String(layer), "token": token]))
    }
}
