import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// softmax, softmax-jacobian and matrix-form against numbers computed here by hand from the
/// specs' inputs and weights (not from the walkthrough), and a trace that disagrees with the
/// written-out result stops the build.
@Suite struct SoftmaxAndMatrixWalkthroughTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")
    static let library = TraceLibrary()

    static func html(_ body: String, spec: String, traced: TracedSpec? = nil) throws -> String {
        let url = lessons.appendingPathComponent(spec)
        guard case .walkthrough(let directive) = try Directive.parse(kind: "walkthrough", body: "spec: run\n" + body, file: "lesson.md",
                                                                     fenceLine: 1, specs: ["run": url]) else {
            throw CocoaError(.coderInvalidValue)
        }
        return try Walkthrough(directive: directive, traced: traced ?? library.trace(of: url, plan: RecordingPlan(every: 1, opsSteps: [1]))).render().render()
    }

    static func shown(_ value: Double, digits: Int = 6) -> String { "<mn>\(NumberFormat.parts(value, digits: digits).mantissa)</mn>" }

    /// The primer's example: e² / (e² + e¹ + e^0.1) = 0.659, and the other two outputs.
    @Test func softmaxOfTwoOneAndATenth() throws {
        let html = try Self.html("show: softmax\nlayer: output\nsample: 1\ndigits: 6\n", spec: "loss-functions/softmax.yaml")
        let z = [2.0, 1.0, 0.1]
        let sum = z.map { exp($0) }.reduce(0, +)
        for value in z.map({ exp($0) }) + z.map({ exp($0) / sum }) { #expect(html.contains(Self.shown(value)), "\(value)") }
        #expect(html.contains("<mn>0.659001</mn>"))
    }

    /// Every Jacobian entry y_k(δ_kj − y_j), and ∂L/∂z = ∂L/∂y · J with ∂L/∂y₁ = −1/(2y₁) (the
    /// first of two examples, target class 1): y − t over 2.
    @Test func softmaxJacobianAndTheGradientAtTheNetInputs() throws {
        let html = try Self.html("show: softmax-jacobian\nlayer: output\nsample: 1\ndigits: 4\n", spec: "loss-functions/softmax.yaml")
        let e = [2.0, 1.0, 0.1].map { exp($0) }
        let y = e.map { $0 / e.reduce(0, +) }
        for k in 0..<3 {
            for j in 0..<3 { #expect(html.contains(Self.shown(y[k] * ((k == j ? 1 : 0) - y[j]), digits: 4))) }
            #expect(html.contains(Self.shown((y[k] - (k == 0 ? 1 : 0)) / 2, digits: 4)))
        }
        #expect(html.contains(Self.shown(-1 / (2 * y[0]), digits: 4)))
    }

    @Test func aSoftmaxThatDisagreesWithTheTraceStopsTheBuild() throws {
        let url = Self.lessons.appendingPathComponent("loss-functions/softmax.yaml")
        let traced = try Self.library.trace(of: url, plan: RecordingPlan(every: 1, opsSteps: [1]))
        var trace = traced.trace
        let index = trace.steps[0].ops.firstIndex { $0.scope == "output/activation" }!
        trace.steps[0].ops[index].value.data[1] += 1e-6
        let tampered = TracedSpec(trace: trace, spec: traced.spec, nonFinite: nil)
        #expect(throws: LessonError.self) { try Self.html("show: softmax\nlayer: output\n", spec: "loss-functions/softmax.yaml", traced: tampered) }
    }

    /// Mazur's 2-2-2 network by hand: the hidden outputs, δ⁽²⁾ = (ŷ − t)·ŷ(1 − ŷ) (the mean over
    /// two outputs halves the 2 of the square), δ⁽¹⁾ and both kernels' gradients.
    @Test func matrixFormOfTheTwoTwoTwoNetwork() throws {
        let html = try Self.html("show: matrix-form\nlayer: hidden\ndigits: 6\n", spec: "examples/two-two-two.yaml")
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        let x = [0.05, 0.10], t = [0.01, 0.99]
        let w1 = [[0.15, 0.25], [0.20, 0.30]], w2 = [[0.40, 0.50], [0.45, 0.55]]
        let h = (0..<2).map { j in sigmoid(x[0] * w1[0][j] + x[1] * w1[1][j] + 0.35) }
        let y = (0..<2).map { k in sigmoid(h[0] * w2[0][k] + h[1] * w2[1][k] + 0.60) }
        let delta2 = (0..<2).map { k in (y[k] - t[k]) * y[k] * (1 - y[k]) }
        let delta1 = (0..<2).map { j in (delta2[0] * w2[j][0] + delta2[1] * w2[j][1]) * h[j] * (1 - h[j]) }
        var expected = h + y + delta2 + delta1
        for i in 0..<2 { for k in 0..<2 { expected += [h[i] * delta2[k], x[i] * delta1[k]] } }
        for value in expected { #expect(html.contains(Self.shown(value)), "\(value)") }
    }

    @Test func aKernelGradientThatDisagreesStopsTheBuild() throws {
        let url = Self.lessons.appendingPathComponent("examples/two-two-two.yaml")
        let traced = try Self.library.trace(of: url, plan: RecordingPlan(every: 1, opsSteps: [1]))
        var trace = traced.trace
        trace.steps[0].params["hidden/kernel"]!.grad.data[3] *= 1.001
        let tampered = TracedSpec(trace: trace, spec: traced.spec, nonFinite: nil)
        let error = #expect(throws: LessonError.self) { try Self.html("show: matrix-form\nlayer: hidden\n", spec: "examples/two-two-two.yaml", traced: tampered) }
        #expect(String(describing: error!).contains("∂L/∂W⁽¹⁾"))
        #expect(throws: LessonError.self) { try Self.html("show: matrix-form\nlayer: output\n", spec: "examples/two-two-two.yaml") }
    }
}
