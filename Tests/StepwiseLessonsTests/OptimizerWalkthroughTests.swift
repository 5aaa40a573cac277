import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// adam-update and momentum-update rebuild the optimizer's state from the trace's gradients:
/// checked here against the textbook formulas computed independently from the same gradients,
/// and shown to stop the build when the trace's `after` disagrees with the written-out update.
@Suite struct OptimizerWalkthroughTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons/gradient-descent")
    static let library = TraceLibrary()

    static func traced(_ spec: String) throws -> TracedSpec {
        try library.trace(of: folder.appendingPathComponent("\(spec).yaml"))
    }

    /// The walkthrough `show` of the kernel's only element at `step`, as HTML.
    static func html(_ show: String, step: Int, of traced: TracedSpec) throws -> String {
        let body = "spec: run\nstep: \(step)\nshow: \(show)\nparam: neuron/kernel\nindex: [0, 0]\ndigits: 6\n"
        guard case .walkthrough(let directive) = try Directive.parse(kind: "walkthrough", body: body, file: "lesson.md", fenceLine: 1,
                                                                     specs: ["run": folder.appendingPathComponent("x.yaml")]) else {
            throw CocoaError(.coderInvalidValue)
        }
        return try Walkthrough(directive: directive, traced: traced).render().render()
    }

    static func shown(_ value: Double) -> String { "<mn>\(NumberFormat.parts(value, digits: 6).mantissa)</mn>" }

    static func kernel(_ traced: TracedSpec, _ step: Int) -> ParamRecord { traced.trace.step(step)!.params["neuron/kernel"]! }

    @Test(arguments: [1, 3, 7])
    func adamShowsTheTextbookMomentsOfTheTracedGradients(step: Int) throws {
        let traced = try Self.traced("valley-adam")
        var (m, v) = (0.0, 0.0)
        for t in 1...step {
            let g = Self.kernel(traced, t).grad.data[0]
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
        }
        let mHat = m / (1 - pow(0.9, Double(step))), vHat = v / (1 - pow(0.999, Double(step)))
        let html = try Self.html("adam-update", step: step, of: traced)
        for value in [m, v, mHat, vHat, Self.kernel(traced, step).after.data[0], Self.kernel(traced, step).before.data[0]] {
            #expect(html.contains(Self.shown(value)), "\(value) is not shown")
        }
        // The step with the textbook ε in place of Keras's differs from the trace by less than 10⁻⁵.
        let textbook = Self.kernel(traced, step).before.data[0] - 0.2 * mHat / (vHat.squareRoot() + 1e-7)
        #expect(abs(textbook - Self.kernel(traced, step).after.data[0]) < 1e-5)
    }

    @Test func momentumShowsTheVelocityOfTheTracedGradients() throws {
        let traced = try Self.traced("valley-momentum")
        var velocity = 0.0
        for t in 1...3 { velocity = 0.9 * velocity - 0.04 * Self.kernel(traced, t).grad.data[0] }
        let html = try Self.html("momentum-update", step: 3, of: traced)
        #expect(html.contains(Self.shown(velocity)))
        #expect(html.contains(Self.shown(Self.kernel(traced, 3).after.data[0])))
    }

    /// A trace whose `after` is not what the optimizer's rule gives stops the build.
    @Test(arguments: ["adam-update", "momentum-update"])
    func aWrongAfterStopsTheBuild(show: String) throws {
        let traced = try Self.traced(show == "adam-update" ? "valley-adam" : "valley-momentum")
        var trace = traced.trace
        trace.steps[2].params["neuron/kernel"]!.after.data[0] += 1e-9
        let tampered = TracedSpec(trace: trace, spec: traced.spec, nonFinite: nil)
        #expect(throws: LessonError.self) { try Self.html(show, step: 3, of: tampered) }
        #expect(try !Self.html(show, step: 3, of: traced).isEmpty)
    }

    @Test func theWrongOptimizerIsAnError() throws {
        let error = #expect(throws: LessonError.self) { try Self.html("adam-update", step: 1, of: try Self.traced("valley-plain")) }
        #expect(String(describing: error!).contains("needs a spec trained with adam"))
        #expect(throws: LessonError.self) { try Self.html("momentum-update", step: 1, of: try Self.traced("valley-adam")) }
    }
}
