import Foundation
import StepwiseRender
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// A renderer that keeps every request and the trace it came with, and has `drawing` draw the
/// figure (by default the 1×1 stand-in, so nothing is drawn).
final class CapturingFigures: FigureRendering, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var captured: [(request: FigureRequest, trace: Trace)] = []
    let drawing: any FigureRendering

    init(drawing: any FigureRendering = RecordingFigures()) {
        self.drawing = drawing
    }

    func render(_ request: FigureRequest, of trace: Trace) throws -> RenderedFigure {
        lock.lock()
        captured.append((request, trace))
        lock.unlock()
        return try drawing.render(request, of: trace)
    }

    /// BERT figures are drawn but not captured (their requests carry forward traces).
    func renderBert(_ request: FigureRequest, of traces: [ForwardTrace]) throws -> RenderedFigure {
        try drawing.renderBert(request, of: traces)
    }
}

/// Loss charts of several runs, validation curves, data-loss curves, diverging runs and long
/// runs recorded sparsely — checked against numbers worked out by hand.
@Suite struct LossFigureTests {
    /// One linear neuron y = w·x + b from w = 1, b = 0, learning from the single sample
    /// x = 1, t = 3 with SGD at η = 0.1 (mse, so ∂L/∂w = ∂L/∂b = 2(y − t)):
    ///   step 1: y = 1,    L = 4,      gradient −4,   then w = 1.4,  b = 0.4
    ///   step 2: y = 1.8,  L = 1.44,   gradient −2.4, then w = 1.64, b = 0.64
    ///   step 3: y = 2.28, L = 0.5184, gradient −1.44, then w = 1.784, b = 0.784.
    /// A chart puts step N's traced loss at N − 1 updates, and the curves the engine recomputes
    /// (validation, data loss, accuracy) at 0 for the untrained network and at N after step N.
    static func neuron(regularizer: String = "", learningRate: String = "0.1", steps: Int = 3, x: String = "1", t: String = "3") -> String {
        """
        name: neuron
        input_shape: [1]
        layers: [{type: dense, name: out, units: 1\(regularizer), weights: {kernel: [[1]], bias: [0]}}]
        loss: mse
        optimizer: {type: sgd, learning_rate: \(learningRate)}
        train: {steps: \(steps)}
        data: {inputs: [[\(x)]], targets: [[\(t)]]}
        """
    }

    /// Builds one lesson with the given specs (name → YAML) and body; returns the captured figures.
    func build(specs: [String: String], frontMatterSpecs: String, body: String) throws -> [(request: FigureRequest, trace: Trace)] {
        let lesson = "---\ntitle: Curves\norder: 1\nspecs:\n\(frontMatterSpecs)\n---\n\(body)\n"
        let lessons = try makeLessonsFolder(["curves": lesson])
        for (name, text) in specs {
            try text.write(to: lessons.appendingPathComponent("specs/\(name).yaml"), atomically: true, encoding: .utf8)
        }
        let figures = CapturingFigures()
        let output = lessons.deletingLastPathComponent().appendingPathComponent("output")
        try SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 1), figures: figures).build()
        return figures.captured
    }

    func close(_ points: [Point], _ expected: [Double]) -> Bool {
        points.count == expected.count && zip(points, expected).allSatisfy { Swift.abs($0.y - $1) <= 1e-12 * max(1, Swift.abs($1)) }
    }

    @Test func validationLossIsTheModelOfEachStepOnTheOtherData() throws {
        // Validation sample x = 2, t = 2: untrained (w = 1, b = 0) y = 2, L = 0; after step 1
        // (1.4, 0.4) y = 3.2, L = 1.44; after step 2 (1.64, 0.64) y = 3.92, L = 3.6864; after
        // step 3 (1.784, 0.784) y = 4.352, L = 5.531904 — rising while training falls.
        let captured = try build(
            specs: ["train": Self.neuron(), "held": Self.neuron(x: "2", t: "2")],
            frontMatterSpecs: "  train: ../specs/train.yaml\n  held: ../specs/held.yaml",
            body: "```stepwise-figure\nspec: train\nfigure: loss\nvalidation: held\ncaption: Train and validation.\n```")
        let run = try #require(captured.first?.request.runs.first)
        #expect(run.label == "train loss")
        #expect(close(run.points, [4, 1.44, 0.5184]) && run.points.map(\.x) == [0, 1, 2])
        #expect(close(try #require(run.validation), [0, 1.44, 3.6864, 5.531904]))
        #expect(run.validation!.map(\.x) == [0, 1, 2, 3])
    }

    @Test func dataLossLeavesTheRegularizationOut() throws {
        // With an L2 penalty of 0.5·w² the traced loss of step 1 is 4 + 0.5 = 4.5; its data loss is 4.
        // The penalty's gradient w = 1 joins the data's −4: w = 1 − 0.1·(−3) = 1.3, b = 0.4, so
        // after the step y = 1.7 and the data loss is 1.3² = 1.69.
        let captured = try build(
            specs: ["reg": Self.neuron(regularizer: ", regularizer: {l2: 0.5}", steps: 1)],
            frontMatterSpecs: "  reg: ../specs/reg.yaml",
            body: """
                ```stepwise-figure
                spec: reg
                figure: loss
                caption: Traced.
                ```

                ```stepwise-figure
                spec: reg
                figure: loss
                loss: data
                caption: Data only.
                ```
                """)
        #expect(close(captured[0].request.runs[0].points, [4.5]))
        #expect(captured[1].request.runs[0].label == "train data loss")
        #expect(close(captured[1].request.runs[0].points, [4, 1.69]) && captured[1].request.runs[0].points.map(\.x) == [0, 1])
    }

    @Test func compareLossDrawsEveryRunWithItsLabel() throws {
        // η = 0.1 as above; η = 0.5: step 1 L = 4, then w = 3, b = 2 and step 2 y = 5, L = 4.
        let captured = try build(
            specs: ["slow": Self.neuron(steps: 2), "fast": Self.neuron(learningRate: "0.5", steps: 2)],
            frontMatterSpecs: "  slow: ../specs/slow.yaml\n  fast: ../specs/fast.yaml",
            body: "```stepwise-figure\nspecs: [slow, fast]\nlabels: [η = 0.1, η = 0.5]\nfigure: compare-loss\ncaption: Two rates.\n```")
        let runs = try #require(captured.first?.request.runs)
        #expect(runs.map(\.label) == ["η = 0.1", "η = 0.5"])
        #expect(close(runs[0].points, [4, 1.44]) && close(runs[1].points, [4, 4]))
        #expect(runs.allSatisfy { $0.validation == nil })
    }

    @Test func aDivergingRunIsKeptUpToItsFirstNonFiniteStepWhenTheLessonSaysSo() throws {
        // η = 1e150 on x = 1e10 overflows within a few steps.
        let diverging = Self.neuron(learningRate: "1e150", steps: 20, x: "1e10", t: "0")
        let figure = "```stepwise-figure\nspec: boom\nfigure: loss\ncaption: Boom.\n```"
        #expect {
            _ = try build(specs: ["boom": diverging], frontMatterSpecs: "  boom: ../specs/boom.yaml", body: figure)
        } throws: { error in
            String(describing: error).contains("spec \"boom\" diverged: step ") && String(describing: error).contains("diverges: true")
        }
        let captured = try build(specs: ["boom": diverging], frontMatterSpecs: "  boom: {file: ../specs/boom.yaml, diverges: true}", body: figure)
        let points = try #require(captured.first?.request.runs.first?.points)
        #expect(points.count > 1 && points.count < 20)
        #expect(points.dropLast().allSatisfy { $0.y.isFinite } && !points.last!.y.isFinite)
        #expect(points.map(\.x) == (0..<points.count).map(Double.init))
        // A run that stays finite although the lesson says it diverges is an error too.
        #expect {
            _ = try build(specs: ["boom": Self.neuron()], frontMatterSpecs: "  boom: {file: ../specs/boom.yaml, diverges: true}", body: figure)
        } throws: { error in
            String(describing: error).contains("spec \"boom\" has diverges: true, but all 3 steps stayed finite")
        }
    }

    @Test func everyKeepsFewStepsAndOpsOnlyWhereADirectiveNamesThem() throws {
        let captured = try build(
            specs: ["long": Self.neuron(learningRate: "0.01", steps: 25)],
            frontMatterSpecs: "  long: {file: ../specs/long.yaml, every: 10}",
            body: """
                ```stepwise-walkthrough
                spec: long
                step: 7
                show: update
                param: out/kernel
                ```

                ```stepwise-figure
                spec: long
                figure: loss
                caption: Sparse.
                ```
                """)
        let trace = try #require(captured.first?.trace)
        #expect(trace.steps.map(\.step) == [1, 7, 10, 20, 25])
        // Step 7 is named by the walkthrough; a loss chart reads losses and parameters only, so
        // not even its default step 1 keeps its ops.
        #expect(trace.steps.map { !$0.ops.isEmpty } == [false, true, false, false, false])
    }

    @Test func accuracyIsTheModelOfEachStepOnTheWholeSet() throws {
        // One sigmoid neuron from w = 1, b = 0 on x = (−1, −2, 3), t = (1, 1, 0), binary
        // cross-entropy and SGD at η = 1, worked out here: ∂L/∂z = (y − t)/3, ∂L/∂w = Σ ∂L/∂z·x.
        let spec = """
            name: classify
            input_shape: [1]
            layers: [{type: dense, name: out, units: 1, activation: sigmoid, weights: {kernel: [[1]], bias: [0]}}]
            loss: binary_crossentropy
            optimizer: {type: sgd, learning_rate: 1}
            train: {steps: 3}
            data: {inputs: [[-1], [-2], [3]], targets: [[1], [1], [0]]}
            """
        let held = spec.replacingOccurrences(of: "[[-1], [-2], [3]], targets: [[1], [1], [0]]", with: "[[1], [-2]], targets: [[0], [1]]")
        let xs = [-1.0, -2, 3], ts = [1.0, 1, 0]
        var (w, b) = (1.0, 0.0)
        var train: [Double] = [], validation: [Double] = []
        for _ in 0...3 {
            func right(_ x: Double, _ t: Double) -> Double { ((w * x + b > 0) == (t == 1)) ? 1 : 0 }
            train.append(zip(xs, ts).map(right).reduce(0, +) / 3)
            validation.append((right(1, 0) + right(-2, 1)) / 2)
            let dz = zip(xs, ts).map { (1 / (1 + exp(-(w * $0 + b))) - $1) / 3 }
            w -= zip(dz, xs).map { $0 * $1 }.reduce(0, +)
            b -= dz.reduce(0, +)
        }
        // Every point starts on the wrong side; one step turns the line round.
        #expect(train.prefix(3) == [0, 1, 1] && validation.prefix(3) == [0, 1, 1])
        let captured = try build(specs: ["c": spec, "h": held], frontMatterSpecs: "  c: ../specs/c.yaml\n  h: ../specs/h.yaml",
                                 body: "```stepwise-figure\nspec: c\nfigure: accuracy\nvalidation: h\ncaption: Accuracy.\n```")
        let run = try #require(captured.first?.request.runs.first)
        #expect(run.label == "training set" && captured.first?.request.kind == "accuracy")
        #expect(run.points.map(\.y) == train && run.points.map(\.x) == [0, 1, 2, 3])
        #expect(run.validation?.map(\.y) == validation)
        // A regression spec has no accuracy.
        #expect {
            _ = try build(specs: ["a": Self.neuron()], frontMatterSpecs: "  a: ../specs/a.yaml",
                          body: "```stepwise-figure\nspec: a\nfigure: accuracy\ncaption: C.\n```")
        } throws: { error in
            String(describing: error).hasSuffix("lesson.md:8: an accuracy chart needs a classification loss; spec \"a\" uses mse")
        }
    }

    @Test func figureFieldErrors() throws {
        func error(_ body: String) -> String {
            do {
                _ = try build(specs: ["a": Self.neuron()], frontMatterSpecs: "  a: ../specs/a.yaml", body: body)
                return "no error"
            } catch {
                return String(describing: error).components(separatedBy: "lesson.md:").last ?? ""
            }
        }
        #expect(error("```stepwise-figure\nspecs: [a]\nfigure: loss\ncaption: C.\n```")
                == "8: specs: only compare-loss, gradient-through-time, sentence-similarity, optimizer-paths figures take specs (others take spec)")
        #expect(error("```stepwise-figure\nspecs: [a, a]\nlabels: [one]\nfigure: compare-loss\ncaption: C.\n```")
                == "9: labels: expected 2 labels, one per spec, found 1")
        #expect(error("```stepwise-figure\nspec: a\nfigure: network\nvalidation: a\ncaption: C.\n```")
                == "10: validation: only loss, compare-loss and accuracy figures take validation")
        #expect(error("```stepwise-figure\nspecs: [a, b]\nfigure: compare-loss\ncaption: C.\n```")
                == "8: specs[1]: no spec named \"b\" in the front matter (it lists: a)")
        // A validation set the model cannot read.
        let twoInputs = Self.neuron().replacingOccurrences(of: "input_shape: [1]", with: "input_shape: [2]")
            .replacingOccurrences(of: "kernel: [[1]]", with: "kernel: [[1], [1]]").replacingOccurrences(of: "[[1]], targets", with: "[[1, 2]], targets")
        #expect {
            _ = try build(specs: ["a": Self.neuron(), "b": twoInputs], frontMatterSpecs: "  a: ../specs/a.yaml\n  b: ../specs/b.yaml",
                          body: "```stepwise-figure\nspec: a\nfigure: loss\nvalidation: b\ncaption: C.\n```")
        } throws: { error in
            String(describing: error).hasSuffix("lesson.md:9: validation spec \"b\" does not fit spec \"a\": its inputs have shape [2] per sample, the model of \"neuron\" reads [1]")
        }
    }
}
