import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The course's lessons 0–6 and glossary (`lessons/`; lessons 7–10 in `CurriculumIITests`): the real folder builds, the numbers its
/// walkthroughs and tables show agree with values computed here independently (by hand, in
/// plain Swift), and every claim the prose makes about a run holds for the engine's trace.
@Suite struct CurriculumTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")

    /// The whole course, built once with the real renderer (its figures are checked against
    /// goldens by `LessonFigureGoldenTests`), every figure request captured.
    static let site: (output: URL, figures: CapturingFigures) = {
        let output = TemporaryFolder.path("stepwise-course")
        let figures = CapturingFigures(drawing: RendererFigures())
        _ = try! SiteBuilder(options: .init(lessons: lessons, output: output, jobs: 2), figures: figures).build()
        return (output, figures)
    }()

    static func page(_ id: String) throws -> String {
        try String(contentsOf: site.output.appendingPathComponent("\(id)/index.html"), encoding: .utf8)
    }

    /// Every number a page shows in MathML (`<mn>`) or in a table cell.
    static func numbers(in page: String) -> [Double] {
        func parse<S: StringProtocol>(_ text: S) -> Double? {
            Double(text.replacingOccurrences(of: "−", with: "-").trimmingCharacters(in: .whitespaces))
        }
        let mn = page.components(separatedBy: "<mn>").dropFirst().compactMap { parse($0.prefix { $0 != "<" }) }
        let td = page.components(separatedBy: "<td>").dropFirst().compactMap { parse($0.prefix { $0 != "<" }) }
        return mn + td
    }

    /// True when the page shows `value` to `digits` significant digits.
    static func shows(_ page: String, _ value: Double, digits: Int = 6) -> Bool {
        let tolerance = 0.51 * pow(10, floor(log10(Swift.abs(value))) - Double(digits - 1))
        return numbers(in: page).contains { Swift.abs($0 - value) <= tolerance }
    }

    static let library = TraceLibrary()

    static func traced(_ path: String, every: Int = 1, ops: Set<Int> = [1]) throws -> TracedSpec {
        try library.trace(of: lessons.appendingPathComponent(path).standardizedFileURL, plan: RecordingPlan(every: every, opsSteps: ops))
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    // MARK: The whole course

    @Test func everyLessonBuildsWithItsFigures() throws {
        let ids = try FileManager.default.contentsOfDirectory(atPath: Self.site.output.path).filter { !$0.hasPrefix(".") }.sorted()
        for id in ["introduction", "neurons", "loss-functions", "forward-backward", "xor", "gradient-descent", "overfitting",
                   "convolution", "cnn", "lstm", "attention", "glossary"] {
            #expect(ids.contains(id), "no lesson \(id)")
        }
        let index = try String(contentsOf: Self.site.output.appendingPathComponent("index.html"), encoding: .utf8)
        let order = ["Introduction", "Neurons and activation functions", "Loss functions", "Forward and backward propagation",
                     "The XOR network", "Gradient descent", "Overfitting and regularization", "Convolution and pooling",
                     "A CNN that learns", "Recurrent networks and the LSTM", "Attention and transformers", "Glossary"]
        let positions = order.map { index.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! })
        // The builder passes loss charts their runs: lesson 5's learning-rate chart holds the
        // diverging run, ending in a non-finite loss.
        let rates = try #require(Self.site.figures.captured.first { $0.request.runs.map(\.label) == ["η = 0.01", "η = 0.1", "η = 1.1", "η = 3"] })
        #expect(rates.request.runs[3].points.last.map { !$0.y.isFinite } == true)
        #expect(rates.request.runs[0...2].allSatisfy { $0.points.allSatisfy { $0.y.isFinite } })
    }

    // MARK: Lesson 1: neurons

    @Test func neuronWalkthroughsShowTheNumbersByHand() throws {
        let page = try Self.page("neurons")
        // z = 0.6·1 + (−0.2)·2 + 0.1, a = σ(z), L = (a − 1)²: ∂L/∂a = 2(a − 1), ∂a/∂z = a(1 − a), ∂z/∂w₁ = x₁ = 1.
        let z = 0.6 * 1 + (-0.2) * 2 + 0.1
        let a = Self.sigmoid(z)
        let dLda = 2 * (a - 1), dadz = a * (1 - a)
        for value in [z, a, dLda, dadz, dLda * dadz, 0.6 - 0.5 * dLda * dadz] {
            #expect(Self.shows(page, value), "neurons page lacks \(value)")
        }
        #expect(dLda * dadz < 0)  // "The gradient is negative, so w₁ grows"
        // Saturated: x = (10, −20), t = 0: z = 10.1, ∂L/∂a = 2a large, σ′(z) tiny, gradient tiny.
        let zs = 0.6 * 10 + (-0.2) * (-20) + 0.1
        let s = Self.sigmoid(zs)
        #expect(Self.shows(page, 2 * s) && Self.shows(page, 2 * s * s * (1 - s) * 10))
        // σ′ is shown as a mantissa times a power of ten.
        let derivative = s * (1 - s)
        #expect(derivative < 1e-4 && page.contains("<mn>10</mn><mn>−5</mn>") && Self.shows(page, derivative * 1e5))
        #expect(2 * s * derivative * 10 < 1e-3 && 2 * s > 1.9)
        // ReLU: ∂L/∂a = 2·10.1, derivative 1, gradient 2·10.1·10 = 202, w₁ = 0.6 − 0.5·202.
        #expect(Self.shows(page, 20.2) && Self.shows(page, 202) && Self.shows(page, 0.6 - 0.5 * 202))
        // Dead ReLU: no gradient at all.
        let dead = try Self.traced("neurons/dead-relu.yaml").trace.steps[0]
        #expect(dead.params.values.allSatisfy { $0.grad.data.allSatisfy { $0 == 0 } })
    }

    // MARK: Lesson 2: loss functions

    @Test func lossGradientsMatchTheirFormulas() throws {
        let page = try Self.page("loss-functions")
        let z = [2.0, 0.5, -1.0, -4.0], t = [1.0, 1, 0, 1]
        let y = z.map(Self.sigmoid)
        let n = 4.0
        let mse = zip(y, t).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / n
        let bce = -zip(y, t).map { $1 * log($0) + (1 - $1) * log(1 - $0) }.reduce(0, +) / n
        let mseDz = zip(y, t).map { 2 * ($0 - $1) * $0 * (1 - $0) / n }
        let bceDz = zip(y, t).map { ($0 - $1) / n }
        let bceDy = zip(y, t).map { ($0 - $1) / ($0 * (1 - $0)) / n }
        for value in [mse, bce] + mseDz + bceDz + bceDy + y {
            #expect(Self.shows(page, value, digits: 4), "loss-functions page lacks \(value)")
        }
        // The claims: under MSE the confident mistake gets a smaller push than the unsure right
        // answer; under cross-entropy the largest; its probability of the right answer is about 2 %.
        #expect(Swift.abs(mseDz[3]) < Swift.abs(mseDz[1]))
        #expect(bceDz.indices.allSatisfy { Swift.abs(bceDz[3]) >= Swift.abs(bceDz[$0]) })
        #expect(y[3] > 0.015 && y[3] < 0.025)
        // The engine's gradients agree with the formulas.
        let traced = try Self.traced("loss-functions/bce.yaml").trace.steps[0]
        let engineDz = try #require(traced.op(scope: "output/bias_add")?.grad?.data)
        #expect(zip(engineDz, bceDz).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        // Softmax: ∂L/∂z = (softmax(z) − t) / 2 for the two examples.
        let logits = [[2.0, 1, 0.1], [0.5, 2.5, -1]], targets = [[1.0, 0, 0], [0, 0, 1]]
        var expected: [Double] = []
        var ce = 0.0
        for (row, target) in zip(logits, targets) {
            let e = row.map { exp($0 - row.max()!) }
            let p = e.map { $0 / e.reduce(0, +) }
            expected += zip(p, target).map { ($0 - $1) / 2 }
            ce -= zip(p, target).map { $1 * log($0) }.reduce(0, +) / 2
        }
        let softmax = try Self.traced("loss-functions/softmax.yaml").trace.steps[0]
        #expect(zip(try #require(softmax.op(scope: "output/bias_add")?.grad?.data), expected).allSatisfy { Swift.abs($0 - $1) < 1e-15 })
        #expect(Self.shows(page, ce, digits: 4))
    }

    // MARK: Lesson 4: XOR

    /// The 2-2-1 network's hidden activations and output for the four inputs, computed here
    /// from a step's updated parameters.
    static func xor(_ step: TraceStep) -> (hidden: [[Double]], output: [Double]) {
        let w1 = step.params["hidden/kernel"]!.after.data, b1 = step.params["hidden/bias"]!.after.data
        let w2 = step.params["output/kernel"]!.after.data, b2 = step.params["output/bias"]!.after.data
        var hidden: [[Double]] = []
        var output: [Double] = []
        for (x1, x2) in [(0.0, 0.0), (0, 1), (1, 0), (1, 1)] {
            let h = (0..<2).map { tanh(x1 * w1[$0] + x2 * w1[2 + $0] + b1[$0]) }
            hidden.append(h)
            output.append(sigmoid(h[0] * w2[0] + h[1] * w2[1] + b2[0]))
        }
        return (hidden, output)
    }

    @Test func xorConvergesAndTheFiguresTellTheTruth() throws {
        let run = try Self.traced("examples/xor.yaml", every: 10, ops: [1, 100, 200, 500, 2000])
        let targets = [0.0, 1, 1, 0]
        func wrong(_ step: Int) -> [Int] {
            let output = Self.xor(run.trace.step(step)!).output
            return (0..<4).filter { (output[$0] >= 0.5) != (targets[$0] == 1) }
        }
        // The truth table after training: every output within 0.01 of its target.
        let final = Self.xor(run.trace.step(2000)!)
        #expect(zip(final.output, targets).allSatisfy { Swift.abs($0 - $1) < 0.01 }, "\(final.output)")
        // The stepper's claims: after step 1 (0, 0) and (1, 0) are wrong; after 100 only (1, 0).
        #expect(wrong(1) == [0, 2])
        #expect(wrong(100) == [2])
        #expect(wrong(500).isEmpty)
        // "The first few hundred steps do most of the work."
        #expect(run.trace.steps[0].loss > 0.5 && run.trace.step(500)!.loss < 0.05)
        // In the hidden plane (0, 0) and (1, 1) share the corner (−1, −1); (0, 1) and (1, 0) sit
        // on two other corners.
        let h = final.hidden
        #expect(h[0].allSatisfy { $0 < -0.9 } && h[3].allSatisfy { $0 < -0.9 })
        #expect(h[1][0] > 0.9 && h[1][1] < -0.9 && h[2][0] < -0.9 && h[2][1] > 0.9)
        // The hidden-plane figure's points are exactly these activations.
        let points = try DecisionGridMaker.input(trace: run.trace, step: 2000, layer: "hidden").points
        #expect(zip(points, h).allSatisfy { Swift.abs($0.x - $1[0]) < 1e-12 && Swift.abs($0.y - $1[1]) < 1e-12 })
        #expect(points.map(\.label) == [0, 1, 1, 0])
        // The page shows the initial parameters and their first update.
        let first = run.trace.steps[0].params["output/kernel"]!
        let page = try Self.page("xor")
        #expect(Self.shows(page, first.before.data[0]) && Self.shows(page, first.after.data[0]))
        #expect(Swift.abs(first.after.data[0] - (first.before.data[0] - 0.5 * first.grad.data[0])) < 1e-15)
    }

    @Test func xorFromOtherSeedsPlateausOrGetsStuck() throws {
        // Seed 7 sits at ln 2 (answering ½ everywhere) for hundreds of steps, then learns.
        let seed7 = try Self.traced("xor/seed-7.yaml", every: 10).trace
        let plateau = seed7.steps.filter { (100...400).contains($0.step) }
        #expect(plateau.count > 20 && plateau.allSatisfy { Swift.abs($0.loss - log(2)) < 0.01 })
        #expect(seed7.steps.last!.loss < 0.01)
        // Seed 1 stops at a local minimum: (0, 0) and (0, 1) right, (1, 0) and (1, 1) at ½.
        let seed1 = try Self.traced("xor/seed-1.yaml", every: 10, ops: [2000]).trace
        #expect(seed1.steps.last!.loss > 0.3)
        let output = Self.xor(seed1.step(2000)!).output
        #expect(output[0] < 0.05 && output[1] > 0.95)
        #expect(Swift.abs(output[2] - 0.5) < 0.01 && Swift.abs(output[3] - 0.5) < 0.01)
    }

    /// "From four corners to clouds of points": noisy XOR with 2 and 4 hidden neurons, spirals
    /// with 2 + 2 and 16 + 16.
    @Test func cloudsAndSpiralsNeedMoreNeuronsAsTheLessonSays() throws {
        func run(_ file: String, every: Int) throws -> (traced: TracedSpec, accuracy: [Point]) {
            let traced = try Self.traced("xor/\(file)", every: every)
            return (traced, try #require(LossCurves.accuracy(traced, on: traced.spec.dataset)))
        }
        // The engine drew the XOR pattern: class 0 where the signs agree (up to the noise).
        let (cloud2, accuracy2) = try run("noisy-xor-2.yaml", every: 10)
        let data = cloud2.spec.dataset
        let agreeing = (0..<200).filter { k in (data.inputs.data[2 * k] * data.inputs.data[2 * k + 1] >= 0) == (data.targets.data[k] == 0) }
        #expect(data.sampleCount == 200 && agreeing.count > 180)
        // "about 7 points in 10" with two hidden neurons; "about 19 in 20" with four.
        #expect(Swift.abs(accuracy2.last!.y - 0.7) <= 0.03, "\(accuracy2.last!.y)")
        let (_, accuracy4) = try run("noisy-xor-4.yaml", every: 10)
        #expect(Swift.abs(accuracy4.last!.y - 0.95) <= 0.02, "\(accuracy4.last!.y)")
        // Two hidden neurons: the top-left quadrant found, the bottom-right one left near ½.
        let model2 = cloud2.model(before: cloud2.trace.steps.last!)
        let p = model2.predict(Tensor(shape: [2, 2], data: [-0.5, 0.5, 0.5, -0.5])).data
        #expect(p[0] > 0.8 && Swift.abs(p[1] - 0.5) < 0.2, "\(p)")
        // Spirals: 2 + 2 levels off below two in three; 16 + 16 gets every point right within a few hundred steps.
        let (spirals2, small) = try run("spirals-2.yaml", every: 25)
        #expect(small.last!.y < 2.0 / 3 && small.last!.y > 0.5)
        let losses = spirals2.trace.steps.map(\.loss)
        #expect(Swift.abs(losses.last! - spirals2.trace.step(500)!.loss) < 0.02 && losses.last! > 0.5)
        let (spirals16, large) = try run("spirals-16.yaml", every: 25)
        let firstPerfect = try #require(large.firstIndex { $0.y == 1 })
        #expect(large[firstPerfect].x <= 400 && large[firstPerfect...].allSatisfy { $0.y == 1 })
        #expect(spirals16.trace.steps.last!.loss < 0.01)
    }

    // MARK: Lesson 5: gradient descent

    @Test func gradientDescentRunsBehaveAsTheLessonSays() throws {
        let full = try Self.traced("gradient-descent/full-batch.yaml")
        // The first update of the bias, by hand: ∂L/∂b = mean of 2(w·x + b − t) over the 64 samples.
        let data = full.spec.dataset
        let step1 = full.trace.steps[0]
        let w = step1.params["neuron/kernel"]!.before.data, b = step1.params["neuron/bias"]!.before.data[0]
        var gradient = 0.0
        for k in 0..<64 {
            gradient += 2 * (w[0] * data.inputs.data[2 * k] + w[1] * data.inputs.data[2 * k + 1] + b - data.targets.data[k]) / 64
        }
        let page = try Self.page("gradient-descent")
        #expect(Self.shows(page, gradient) && Self.shows(page, b - 0.1 * gradient))

        // Learning rates.
        let small = try Self.traced("gradient-descent/rate-0.01.yaml").trace.steps.map(\.loss)
        let good = try Self.traced("gradient-descent/rate-0.1.yaml")
        let edge = try Self.traced("gradient-descent/rate-1.1.yaml", ops: [1, 2, 3, 4])
        let huge = try Self.traced("gradient-descent/rate-3.yaml")
        let goodLoss = good.trace.steps.map(\.loss)
        #expect(goodLoss.last! < 0.25 && goodLoss[59] < 1.01 * goodLoss.last! && small.last! > 1.2 * goodLoss.last!)
        let edgeLoss = edge.trace.steps.map(\.loss)
        #expect(edgeLoss[1] < edgeLoss[0] && zip(edgeLoss.dropFirst(), edgeLoss.dropFirst(2)).allSatisfy { $0 < $1 })
        #expect(edgeLoss.last! > 1e6 && edgeLoss.allSatisfy(\.isFinite) && edge.nonFinite == nil)
        let blowUp = try #require(huge.nonFinite)
        #expect(blowUp.step < 300 && huge.trace.steps.last!.step == blowUp.step && !huge.trace.steps.last!.loss.isFinite)
        // The bias jumps over its best value (the good run's, close to 0.5), further each time.
        let best = good.trace.steps.last!.params["neuron/bias"]!.after.data[0]
        #expect(Swift.abs(best - 0.5) < 0.1)
        let offsets = (1...4).map { edge.trace.step($0)!.params["neuron/bias"]!.after.data[0] - best }
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0 * $1 < 0 && Swift.abs($1) > Swift.abs($0) }, "\(offsets)")
        // The limit: the largest eigenvalue of the Hessian (2/n)·Σ [x, 1][x, 1]ᵀ is close to 2.
        var hessian = [[Double]](repeating: [0, 0, 0], count: 3)
        for k in 0..<64 {
            let v = [data.inputs.data[2 * k], data.inputs.data[2 * k + 1], 1]
            for i in 0..<3 { for j in 0..<3 { hessian[i][j] += 2 * v[i] * v[j] / 64 } }
        }
        var vector = [1.0, 1, 1]
        var lambda = 0.0
        for _ in 0..<500 {
            let next = (0..<3).map { i in (0..<3).map { hessian[i][$0] * vector[$0] }.reduce(0, +) }
            lambda = (next.map { $0 * $0 }.reduce(0, +)).squareRoot()
            vector = next.map { $0 / lambda }
        }
        #expect(lambda > 1.8 && lambda < 2.2 && 2 / lambda > 0.9 && 2 / lambda < 1.1, "λmax \(lambda)")
    }

    @Test func batchSizesReachTheFloorAndSGDJitters() throws {
        func wholeSetLoss(_ path: String) throws -> [Double] {
            let traced = try Self.traced(path)
            return LossCurves.evaluated(traced, on: traced.spec.dataset, dataLossOnly: true).map(\.y)
        }
        let full = try wholeSetLoss("gradient-descent/full-batch.yaml")
        let mini = try wholeSetLoss("gradient-descent/mini-batch.yaml")
        let sgd = try wholeSetLoss("gradient-descent/stochastic.yaml")
        // All three reach the noise floor (σ² = 0.25; a fit to 64 samples gets a little below).
        #expect([full, mini, sgd].allSatisfy { $0.last! < 0.3 }, "\(full.last!) \(mini.last!) \(sgd.last!)")
        // Per step, similar progress: at step 30 all three are within a factor 2 of each other.
        let at30 = [full[29], mini[29], sgd[29]]
        #expect(at30.max()! < 2 * at30.min()!, "\(at30)")
        // The single-sample run keeps moving around the floor; the full batch has settled.
        func spread(_ values: ArraySlice<Double>) -> Double { values.max()! - values.min()! }
        #expect(spread(sgd[50...]) > 10 * spread(full[50...]))
    }

    // MARK: Lesson 6: overfitting

    @Test func overfittingAndRegularizationAsTheLessonSays() throws {
        let validation = try Self.library.spec(at: Self.lessons.appendingPathComponent("overfitting/validation.yaml").standardizedFileURL).dataset
        let plain = try Self.traced("overfitting/plain.yaml", every: 10, ops: [1, 150, 500, 1500])
        let l2 = try Self.traced("overfitting/l2.yaml", every: 10, ops: [1, 1500])
        let l1 = try Self.traced("overfitting/l1.yaml", every: 10, ops: [1500])
        func curves(_ traced: TracedSpec) -> (train: [Point], validation: [Point]) {
            (LossCurves.evaluated(traced, on: traced.spec.dataset, dataLossOnly: true),
             LossCurves.evaluated(traced, on: validation, dataLossOnly: true))
        }
        // The validation set is a fresh sample: same distribution, other points.
        #expect(validation.sampleCount == 500 && validation.inputs.data.prefix(4) != plain.spec.dataset.inputs.data.prefix(4))

        // Without a penalty the training loss falls towards zero while the validation loss,
        // after falling, climbs to more than twice its lowest value.
        let (train, valid) = curves(plain)
        let lowest = valid.min { $0.y < $1.y }!
        #expect(lowest.x <= 300 && valid.first!.y > 1.5 * lowest.y && valid.last!.y > 2 * lowest.y, "lowest \(lowest), last \(valid.last!)")
        #expect(train.last!.y < 0.01 && train.last!.y < train.first { $0.x == 150 }!.y)
        #expect(valid.filter { $0.x >= 500 }.map(\.y).isSorted(tolerance: 0.01), "validation keeps rising after step 500")
        // "The validation loss is close to its lowest" at step 150.
        #expect(valid.first { $0.x == 150 }!.y < 1.1 * lowest.y)
        // After 1500 steps every training point is on its side of the boundary.
        let outputs = try #require(plain.trace.step(1500)?.outputs["output"]?.data)
        #expect(zip(outputs, plain.spec.dataset.targets.data).allSatisfy { ($0 >= 0.5) == ($1 == 1) })

        // With L2 the training loss stays well above zero and the validation loss low.
        let (l2Train, l2Valid) = curves(l2)
        #expect(l2Train.last!.y > 0.1 && l2Valid.last!.y < valid.last!.y / 2)
        #expect(l2Valid.last!.y < 1.1 * lowest.y)
        let (l1Train, l1Valid) = curves(l1)
        #expect(l1Train.last!.y > 0.1 && l1Valid.last!.y < valid.last!.y / 2)

        // The penalty table: the total is the data loss plus λ·Σw² of each layer.
        let first = l2.trace.steps[0]
        var total = try #require(first.op(scope: "loss/mean")?.value.data.first)
        for layer in ["hidden1", "hidden2", "output"] {
            let penalty = 0.01 * first.params["\(layer)/kernel"]!.before.data.map { $0 * $0 }.reduce(0, +)
            #expect(Swift.abs(try #require(first.op(scope: "\(layer)/regularizer/l2")?.value.data.first) - penalty) < 1e-15)
            total += penalty
        }
        #expect(Swift.abs(try #require(first.op(scope: "loss/total")?.value.data.first) - total) < 1e-14)

        // The heatmaps: the unpenalised kernel has large weights; L2's are all small with several
        // near-zero columns; L1 leaves a single weight of any size.
        func kernel(_ traced: TracedSpec) -> [Double] { traced.trace.step(1500)!.params["hidden2/kernel"]!.after.data }
        let plainMax = kernel(plain).map(Swift.abs).max()!, l2Kernel = kernel(l2)
        #expect(l2Kernel.map(Swift.abs).max()! < plainMax / 5)
        let quietColumns = (0..<16).filter { column in (0..<16).allSatisfy { Swift.abs(l2Kernel[$0 * 16 + column]) < 0.01 } }
        #expect(quietColumns.count >= 3, "\(quietColumns)")
        #expect(kernel(l1).filter { Swift.abs($0) > 0.05 }.count == 1)
    }
}

extension Array where Element == Double {
    /// Non-decreasing, allowing dips of up to `tolerance`.
    func isSorted(tolerance: Double) -> Bool {
        zip(self, dropFirst()).allSatisfy { $1 >= $0 - tolerance }
    }
}
