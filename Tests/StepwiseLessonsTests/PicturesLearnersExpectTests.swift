import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords
import Testing
@testable import StepwiseLessons

/// The pictures and walkthroughs issue 20 added to the forward-backward, overfitting, XOR and
/// attention lessons: each number they show recomputed here by hand from the trace's inputs
/// and parameters (never from the op being checked).
@Suite struct PicturesLearnersExpectTests {
    typealias C = CurriculumTests
    typealias II = CurriculumIITests

    // MARK: Forward and backward: 10,000 steps

    /// The 2-2-2 network trained by hand, plain Swift: forward, the chain rule, η = 0.5 on every
    /// weight and bias, 9,999 updates; then the loss of step 10,000.
    @Test func tenThousandStepsByHand() throws {
        let sigmoid = C.sigmoid
        var w1 = [[0.15, 0.25], [0.20, 0.30]], b1 = [0.35, 0.35]
        var w2 = [[0.40, 0.50], [0.45, 0.55]], b2 = [0.60, 0.60]
        let x = [0.05, 0.10], t = [0.01, 0.99]
        var loss = 0.0
        var outputs = [0.0, 0.0]
        for step in 1...10_000 {
            let h = (0..<2).map { j in sigmoid(x[0] * w1[0][j] + x[1] * w1[1][j] + b1[j]) }
            let y = (0..<2).map { k in sigmoid(h[0] * w2[0][k] + h[1] * w2[1][k] + b2[k]) }
            loss = ((y[0] - t[0]) * (y[0] - t[0]) + (y[1] - t[1]) * (y[1] - t[1])) / 2
            outputs = y
            if step == 10_000 { break }
            let dz2 = (0..<2).map { k in (y[k] - t[k]) * y[k] * (1 - y[k]) }
            let dz1 = (0..<2).map { j in (dz2[0] * w2[j][0] + dz2[1] * w2[j][1]) * h[j] * (1 - h[j]) }
            for j in 0..<2 {
                for k in 0..<2 { w2[j][k] -= 0.5 * h[j] * dz2[k] }
                for i in 0..<2 { w1[i][j] -= 0.5 * x[i] * dz1[j] }
                b1[j] -= 0.5 * dz1[j]
                b2[j] -= 0.5 * dz2[j]
            }
        }
        let traced = try C.traced("forward-backward/ten-thousand-steps.yaml", every: 1000, ops: [10_000])
        let last = try #require(traced.trace.steps.last)
        #expect(last.step == 10_000)
        #expect(II.close(last.loss, loss, 1e-9), "\(last.loss) vs \(loss)")
        #expect(loss < 0.0000351085, "the page says the loss ends below Mazur's")
        let page = try C.page("forward-backward")
        for value in outputs { #expect(C.shows(page, value, digits: 6), "\(value)") }
        // The loss in scientific notation: its mantissa and the power of ten.
        let exponent = floor(log10(loss))
        #expect(C.shows(page, loss / pow(10, exponent), digits: 6) && page.contains("<msup><mn>10</mn><mn>−\(Int(-exponent))</mn></msup>"))
        let chart = try #require(C.site.figures.captured.first { $0.request.kind == "loss" && $0.request.runs.first?.trace.model == "ten-thousand-steps" })
        #expect(chart.request.runs[0].points.count == 101)
    }

    // MARK: Overfitting: early stopping

    @Test func earlyStoppingMarksTheLowestValidationLoss() throws {
        let chart = try #require(C.site.figures.captured.first { $0.request.kind == "loss" && $0.request.options["mark-best"] == "validation" })
        let validation = try #require(chart.request.runs.first?.validation)
        let best = try #require(validation.min { $0.y < $1.y })
        let page = try C.page("overfitting")
        #expect(page.contains("lowest validation loss, after \(Int(best.x)) updates: "))
        // The validation loss climbs after it: the point of stopping there.
        #expect(try #require(validation.last).y > best.y + 0.5)
    }

    // MARK: XOR: each hidden neuron over the plane

    /// Every grid cell of each panel is tanh(w₁ᵢx₁ + w₂ᵢx₂ + bᵢ) with the parameters after the step's update.
    @Test func neuronPlaneIsEachNeuronsOutput() throws {
        let traced = try C.traced("examples/xor.yaml", every: 500, ops: [2000])
        let trace = traced.trace
        let input = try NeuronPlaneMaker.input(trace: trace, step: 2000, layer: "hidden", unit: nil, columns: 12, rows: 12)
        let step = try #require(trace.step(2000))
        let kernel = try #require(step.params["hidden/kernel"]).after.data, bias = try #require(step.params["hidden/bias"]).after.data
        #expect(input.panels.map(\.name) == ["neuron 1", "neuron 2"])
        for (j, panel) in input.panels.enumerated() {
            for (index, center) in panel.grid.centers.enumerated() {
                let expected = tanh(center.x * kernel[j] + center.y * kernel[2 + j] + bias[j])
                #expect(II.close(panel.grid.values[index], expected, 1e-12))
            }
        }
        #expect(input.points.map(\.label) == [0, 1, 1, 0])
        #expect(input.switchLevel == 0 && input.range == ValueRange(-1, 1))
        let one = try NeuronPlaneMaker.input(trace: trace, step: 2000, layer: "hidden", unit: 1, columns: 12, rows: 12)
        #expect(one.panels.map(\.name) == ["hidden neuron 2"] && one.panels[0].grid.values == input.panels[1].grid.values)
        #expect(throws: RenderError.invalidInput("neuron-plane: no unit 3 in layer hidden, which has 2 units")) {
            try NeuronPlaneMaker.input(trace: trace, step: 2000, layer: "hidden", unit: 2)
        }
        #expect(throws: RenderError.self) { try NeuronPlaneMaker.input(trace: trace, step: 2000, layer: "nope", unit: nil) }
        // The lesson draws the XOR network's layer and both layers of the spiral network.
        let drawn = C.site.figures.captured.filter { $0.request.kind == "neuron-plane" && $0.request.edition == .en }.map { $0.request.scope ?? "" }
        #expect(drawn == ["hidden", "hidden1", "hidden2"])
    }

    // MARK: Attention: tokens, q = xW_Q + b_Q, layer norm, feed-forward

    @Test func attentionMapsNameTheirTokens() throws {
        let page = try C.page("attention")
        #expect(page.contains("(the positions hold the tokens 2 5 1 5 3)"))
    }

    /// x₂ = embedding of token 5 + the positional encoding of position 2, as the walkthrough adds them.
    @Test func queryProjectionByHand() throws {
        let tiny = try C.traced("attention/tiny.yaml").trace.steps[0]
        let table = try #require(tiny.params["embed/embeddings"]).before.data
        let x = (0..<8).map { d -> Double in
            let angle = 1 / pow(10000, Double(2 * (d / 2)) / 8)
            return table[5 * 8 + d] + (d % 2 == 0 ? sin(angle) : cos(angle))
        }
        let q = II.projection(tiny, tokens: [2, 5, 1, 5, 3], matrix: "q", head: 1)[1]
        let page = try C.page("attention")
        for value in x + q where value != 0 { #expect(C.shows(page, value, digits: 3), "\(value)") }
    }

    /// Layer normalisation of position 2: mean and biased variance of the attention's output row,
    /// then (x − μ)/√(σ² + 0.001)·γ + β.
    @Test func layerNormByHand() throws {
        let tiny = try C.traced("attention/tiny.yaml").trace.steps[0]
        let x = Array(try II.value(tiny, "attention/output")[8..<16])
        let mu = x.reduce(0, +) / 8
        let variance = x.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / 8
        let gamma = try #require(tiny.params["norm/gamma"]).before.data, beta = try #require(tiny.params["norm/beta"]).before.data
        let y = (0..<8).map { (x[$0] - mu) / (variance + 0.001).squareRoot() * gamma[$0] + beta[$0] }
        #expect(zip(y, try II.value(tiny, "norm/shift")[8..<16]).allSatisfy { II.close($0, $1, 1e-12) })
        let page = try C.page("attention")
        for value in [mu, variance, (variance + 0.001).squareRoot()] + y { #expect(C.shows(page, value, digits: 4), "\(value)") }
    }

    /// The feed-forward block's first neuron at position 2: ReLU(Σ uᵢwᵢ + b) of the normalised row.
    @Test func feedForwardByHand() throws {
        let block = try C.traced("attention/tiny-block.yaml").trace.steps[0]
        let u = Array(try II.value(block, "norm/shift")[8..<16])
        let kernel = try #require(block.params["feed_forward/kernel"]).before.data, bias = try #require(block.params["feed_forward/bias"]).before.data
        let z = (0..<8).map { u[$0] * kernel[$0 * 16] }.reduce(0, +) + bias[0]
        #expect(II.close(z, try II.value(block, "feed_forward/bias_add")[16], 1e-12))
        let page = try C.page("attention")
        #expect(C.shows(page, z, digits: 3) && C.shows(page, max(0, z), digits: 3))
        #expect(z > 0, "the page's neuron is active, so ReLU passes z on")
    }
}
