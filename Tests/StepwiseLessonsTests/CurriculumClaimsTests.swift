import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The rest of issue 19's wrong or misleading sentences, each checked against the trace and,
/// where it can be, recomputed here in plain Swift: L1 at three strengths, one clock for every
/// figure ("after N updates"), average pooling's quarters, the flagship page's backpropagation
/// line, and colour that means something.
@Suite struct CurriculumClaimsTests {
    static func page(_ id: String) throws -> String { try CurriculumTests.page(id) }
    static func twoDecimals(_ value: Double) -> String { String(format: "%.2f", value) }

    // MARK: Overfitting: L1 at three strengths

    /// The 2-16-16-1 tanh network's mean binary cross-entropy on `data`, in plain Swift from a
    /// step's parameters after its update (kernels row by row, [input][unit]).
    static func validationLoss(_ step: TraceStep, on data: Dataset) -> Double {
        func dense(_ x: [Double], _ layer: String, _ f: (Double) -> Double) -> [Double] {
            let kernel = step.params["\(layer)/kernel"]!.after.data, bias = step.params["\(layer)/bias"]!.after.data
            return bias.indices.map { unit in f(x.indices.map { x[$0] * kernel[$0 * bias.count + unit] }.reduce(bias[unit], +)) }
        }
        var total = 0.0
        for k in 0..<data.sampleCount {
            let x = [data.inputs.data[2 * k], data.inputs.data[2 * k + 1]], t = data.targets.data[k]
            // Clipped to [ε, 1 − ε] before the log, ε = 10⁻⁷, as Keras does.
            let y = min(max(dense(dense(dense(x, "hidden1", tanh), "hidden2", tanh), "output", CurriculumTests.sigmoid)[0], 1e-7), 1 - 1e-7)
            total -= t == 1 ? log(y) : log(1 - y)
        }
        return total / Double(data.sampleCount)
    }

    /// The spec of lessons/overfitting/l1.yaml with another λ, traced from a temporary file.
    static func l1(strength: String) throws -> TracedSpec {
        let text = try String(contentsOf: CurriculumTests.lessons.appendingPathComponent("overfitting/l1.yaml"), encoding: .utf8)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("claims-l1-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("l1.yaml")
        try text.replacingOccurrences(of: "l1: 0.01", with: "l1: \(strength)").write(to: file, atomically: true, encoding: .utf8)
        return try CurriculumTests.library.trace(of: file, plan: RecordingPlan(every: 1500, opsSteps: []))
    }

    @Test func l1NeedsTheRightStrength() throws {
        let validation = try CurriculumTests.library.spec(at: CurriculumTests.lessons.appendingPathComponent("overfitting/validation.yaml").standardizedFileURL).dataset
        let page = try Self.page("overfitting")
        var curves: [String: (train: [Point], validation: [Point], last: TraceStep)] = [:]
        for name in ["plain", "l2", "l1", "l1-stronger", "l1-too-strong"] {
            let traced = try CurriculumTests.traced("overfitting/\(name).yaml", every: 10, ops: [])
            let last = try #require(traced.trace.step(1500))
            let valid = LossCurves.evaluated(traced, on: validation, dataLossOnly: true)
            // The last point of the dashed curve is the network after 1500 updates, recomputed.
            #expect(valid.last!.x == 1500 && Swift.abs(valid.last!.y - Self.validationLoss(last, on: validation)) < 1e-9, "\(name): \(valid.last!.y) vs \(Self.validationLoss(last, on: validation))")
            curves[name] = (LossCurves.evaluated(traced, on: traced.spec.dataset, dataLossOnly: true), valid, last)
        }
        let plain = curves["plain"]!, l2 = curves["l2"]!, l1 = curves["l1"]!, stronger = curves["l1-stronger"]!, tooStrong = curves["l1-too-strong"]!
        func lowest(_ points: [Point]) -> Point { points.min { $0.y < $1.y }! }

        // L2 ends low; no penalty ends high.
        #expect(page.contains("it ends at \(Self.twoDecimals(l2.validation.last!.y)), against \(Self.twoDecimals(plain.validation.last!.y)) without a penalty"))
        // L1 at λ = 0.01: its validation loss falls, then climbs back — yet ends far below no penalty.
        let l1Lowest = lowest(l1.validation)
        #expect(page.contains("falls to \(Self.twoDecimals(l1Lowest.y)) and then climbs to \(Self.twoDecimals(l1.validation.last!.y))"))
        #expect(l1.validation.last!.y > l1Lowest.y + 0.05 && l1.validation.last!.y < plain.validation.last!.y / 2)
        // λ = 0.03 works: from 200 updates on it stays in a band 0.02 wide, below λ = 0.01's end.
        let settled = stronger.validation.filter { $0.x >= 200 }.map(\.y)
        #expect(page.contains("from 200 updates to the end it stays between \(Self.twoDecimals(settled.min()!)) and \(Self.twoDecimals(settled.max()!))"))
        #expect(settled.max()! - settled.min()! < 0.02 && stronger.validation.last!.y < l1.validation.last!.y)
        #expect(stronger.validation.last!.y < plain.validation.last!.y / 3)
        // λ = 0.01 is sure of itself (a sharp edge), λ = 0.03 less so (a soft one): the mean
        // distance of the validation points' probabilities from ½.
        func sureness(_ name: String) throws -> Double {
            let traced = try CurriculumTests.traced("overfitting/\(name).yaml", every: 10, ops: [])
            let p = traced.model(after: traced.trace.step(1500)!).predict(validation.inputs).data
            return p.map { Swift.abs($0 - 0.5) }.reduce(0, +) / Double(p.count)
        }
        let sharp = try sureness("l1"), soft = try sureness("l1-stronger")
        #expect(sharp > soft + 0.03, "\(sharp) \(soft)")
        // λ = 0.05 is too strong: every weight ends within 0.01 of zero and both losses at ln 2.
        let weights = ["hidden1", "hidden2", "output"].flatMap { tooStrong.last.params["\($0)/kernel"]!.after.data }
        #expect(weights.map(Swift.abs).max()! < 0.01)
        #expect(Swift.abs(tooStrong.train.last!.y - log(2)) < 1e-6 && Swift.abs(tooStrong.validation.last!.y - log(2)) < 1e-6)
        #expect(page.contains("every weight is pushed to within 0.01 of zero") && page.contains("ln 2 = \(String(format: "%.3f", log(2.0)))"))
        // Smaller λ overfit more (not drawn).
        for strength in ["0.005", "0.002"] {
            let traced = try Self.l1(strength: strength)
            let end = LossCurves.evaluated(traced, on: validation, dataLossOnly: true).last!.y
            #expect(end > l1.validation.last!.y)
            #expect(page.contains("\(Self.twoDecimals(end)) with λ = \(strength)"), "λ = \(strength): \(end)")
        }
    }

    // MARK: One clock: after N updates

    @Test func everyFigureCountsUpdates() throws {
        let plain = try CurriculumTests.traced("overfitting/plain.yaml", every: 10, ops: [1, 150])
        let validation = try CurriculumTests.library.spec(at: CurriculumTests.lessons.appendingPathComponent("overfitting/validation.yaml").standardizedFileURL).dataset
        let valid = LossCurves.evaluated(plain, on: validation, dataLossOnly: true)
        // The dashed curve starts with the untrained network, at 0 updates …
        let untrained = plain.initialModel.evaluate(inputs: validation.inputs, targets: validation.targets).data
        #expect(valid.first!.x == 0 && valid.first!.y == untrained)
        // … and at 150 shows the parameters the decision boundary "after 150 updates" draws.
        let boundary = try DecisionGridMaker.input(trace: plain.trace, step: 150)
        let after150 = plain.trace.step(150)!
        #expect(CurriculumIITests.close(try #require(valid.first { $0.x == 150 }).y, Self.validationLoss(after150, on: validation)))
        #expect(boundary.step == 150)
        // The traced loss of step N was computed before its update: it sits at N − 1.
        let traced = LossCurves.traced(plain)
        #expect(traced.first!.x == 0 && traced.first!.y == plain.trace.steps[0].loss && traced.last!.x == 1499)
        // Texts count updates; the convention is stated on the first page that needs it.
        let xor = try Self.page("xor"), overfitting = try Self.page("overfitting")
        #expect(xor.contains("Steps and updates.") && xor.contains("loss at N − 1 updates"))
        for page in [xor, overfitting] {
            #expect(!page.contains("after its first step") && !page.contains("After the first step"))
            #expect(page.range(of: #"[Aa]fter \d+ steps"#, options: .regularExpression) == nil)
        }
    }

    // MARK: Average pooling: a quarter each, visibly

    @Test func averagePoolingShowsEnoughDecimalsForTheQuarters() throws {
        let average = try CurriculumTests.traced("convolution/average.yaml").trace.steps[0]
        let dy = try CurriculumIITests.grad(average, "pool/avg_pool"), dx = try CurriculumIITests.grad(average, "conv/activation")
        let request = try #require(CurriculumTests.site.figures.captured.first { $0.request.kind == "pooling" && $0.trace.model == "conv-average" })
        let decimals = try #require(request.request.options["decimals"].flatMap(Int.init))
        func shown(_ value: Double, _ digits: Int) -> Double { (value * pow(10, Double(digits))).rounded() / pow(10, Double(digits)) }
        // Filter 1 (channel 1): every cell shows a quarter of its window's gradient, as printed.
        func quartersVisible(_ digits: Int) -> Bool {
            (0..<4).allSatisfy { i in (0..<4).allSatisfy { j in
                shown(shown(dy[((i / 2) * 2 + j / 2) * 2], digits) / 4, digits) == shown(dx[(i * 4 + j) * 2], digits)
            } }
        }
        #expect(!quartersVisible(2), "2 decimals already show the rule: the issue's example is gone")
        #expect(quartersVisible(decimals), "the pooling figure's \(decimals) decimals hide the quarters")
    }

    // MARK: Forward and backward: one layer mark, and the line that is backpropagation

    @Test func theHiddenGradientSumsBothOutputsAndEverySymbolNamesItsLayer() throws {
        let step = try CurriculumTests.traced("examples/two-two-two.yaml").trace.steps[0]
        let p = step.params
        let (x, t) = ([0.05, 0.10], [0.01, 0.99])
        // Mazur's forward pass by hand, kernels [input][unit].
        let w1 = p["hidden/kernel"]!.before.data, b1 = p["hidden/bias"]!.before.data
        let w2 = p["output/kernel"]!.before.data, b2 = p["output/bias"]!.before.data
        let h = (0..<2).map { j in CurriculumTests.sigmoid(x[0] * w1[j] + x[1] * w1[2 + j] + b1[j]) }
        let y = (0..<2).map { k in CurriculumTests.sigmoid(h[0] * w2[k] + h[1] * w2[2 + k] + b2[k]) }
        // L = ½ Σ (y − t)², so δ = ∂L/∂z = (y − t)·y(1 − y); hidden neuron 1 gets w₅δ₁ + w₇δ₂.
        let delta = (0..<2).map { (y[$0] - t[$0]) * y[$0] * (1 - y[$0]) }
        let backpropagated = w2[0] * delta[0] + w2[1] * delta[1]
        #expect(Swift.abs(backpropagated - step.op(scope: "hidden/activation")!.grad!.data[0]) < 1e-15)
        func shown(_ value: Double) -> String { NumberFormat.parts(value, digits: 9).mantissa }
        let page = try Self.page("forward-backward")
        let line = "<mo>=</mo><mn>\(shown(w2[0]))</mn><mo>×</mo><mn>\(shown(delta[0]))</mn><mo>+</mo><mn>\(shown(w2[1]))</mn><mo>×</mo>"
            + "<mo stretchy=\"false\">(</mo><mn>\(shown(delta[1]))</mn><mo stretchy=\"false\">)</mo><mo>=</mo><mn>\(shown(backpropagated))</mn>"
        #expect(page.contains(line), "\(line)")
        // The output layer's walkthroughs read a⁽¹⁾ (the hidden outputs), never x, for their inputs.
        func marked(_ name: String, _ index: String, _ layer: Int) -> String {
            "<msubsup><mi>\(name)</mi><mrow><mn>\(index)</mn></mrow><mrow><mo>(</mo><mn>\(layer)</mn><mo>)</mo></mrow></msubsup>"
        }
        #expect(page.contains("<mo>×</mo>\(marked("a", "2", 1))</mtd>") || page.contains("<mo>×</mo>\(marked("a", "2", 1))"))
        #expect(page.contains(marked("w", "2,1", 2)) && page.contains(marked("z", "1", 2)) && page.contains(marked("w", "2,1", 1)))
        #expect(!page.contains("<msub><mi>w</mi>"), "a weight without its layer mark")
        // A lone neuron needs no mark.
        let neurons = try Self.page("neurons")
        #expect(neurons.contains("<msub><mi>w</mi>") && !neurons.contains("<msubsup><mi>w</mi>"))
    }

    // MARK: Colour means something

    @Test func featureMapColoursFollowTheSignOfWhatTheyShow() throws {
        // z takes both signs (a diverging map says which), a none after the ReLU (a sequential
        // map from 0 suffices) — in every convolution the two pages draw.
        for (path, layers) in [("convolution/valid.yaml", ["conv"]), ("cnn/bars.yaml", ["conv"])] {
            let step = try CurriculumTests.traced(path).trace.steps[0]
            for layer in layers {
                let z = try CurriculumIITests.value(step, "\(layer)/bias_add"), a = try CurriculumIITests.value(step, "\(layer)/activation")
                #expect(z.contains { $0 < 0 } && z.contains { $0 > 0 }, "\(path) \(layer)")
                #expect(a.allSatisfy { $0 >= 0 } && zip(z, a).allSatisfy { $1 == max(0, $0) }, "\(path) \(layer)")
            }
        }
        #expect(try Self.page("convolution").contains("The two kinds of map have two colour scales on purpose."))
        #expect(try Self.page("cnn").contains("z, which has a sign, on blue–white–red around zero"))
        #expect(try Self.page("neurons").contains("uncoloured, since an input and an output are different quantities"))
    }
}
