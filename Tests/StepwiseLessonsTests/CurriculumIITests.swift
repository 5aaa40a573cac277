import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The course's second part, lessons 7–10 (`lessons/convolution`, `cnn`, `lstm`, `attention`):
/// the numbers their walkthroughs and tables show agree with values computed here from the
/// trace's inputs and parameters in plain Swift, and every claim the prose makes about a run
/// holds for the engine's trace.
@Suite struct CurriculumIITests {
    typealias C = CurriculumTests

    static func page(_ id: String) throws -> String { try C.page(id) }

    static func value(_ step: TraceStep, _ scope: String) throws -> [Double] {
        try #require(step.op(scope: scope), "no \(scope)").value.data
    }

    static func grad(_ step: TraceStep, _ scope: String) throws -> [Double] {
        try #require(step.op(scope: scope)?.grad, "no gradient of \(scope)").data
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        Swift.abs(a - b) <= tolerance * max(1, Swift.abs(b))
    }

    // MARK: Lesson 7: convolution and pooling

    /// z[i, j, f] of a [1, H, W, C] input and a [kh, kw, C, F] kernel, with stride and padding
    /// (top, left), x = 0 outside the image: the sum written as the lesson writes it.
    static func convolve(_ x: [Double], h: Int, w: Int, channels: Int, kernel: [Double], kh: Int, kw: Int, filters: Int,
                         i: Int, j: Int, f: Int, stride: Int = 1, top: Int = 0, left: Int = 0) -> Double {
        var sum = 0.0
        for u in 0..<kh {
            for v in 0..<kw {
                let (r, c) = (i * stride - top + u, j * stride - left + v)
                guard r >= 0 && r < h && c >= 0 && c < w else { continue }
                for ch in 0..<channels { sum += x[(r * w + c) * channels + ch] * kernel[((u * kw + v) * channels + ch) * filters + f] }
            }
        }
        return sum
    }

    @Test func convolutionCellsByHand() throws {
        let page = try Self.page("convolution")
        let valid = try C.traced("convolution/valid.yaml").trace.steps[0]
        let x = try Self.value(valid, "input"), kernel = valid.params["conv/kernel"]!.before.data
        // The picture is the L: ones in column 1 of rows 0–4 and along row 4 from column 1 to 4.
        #expect(x.enumerated().filter { $0.element == 1 }.map(\.offset) == [1, 7, 13, 19, 25, 26, 27, 28])
        // Each kernel adds up to 0, so an even background gives 0.
        for f in 0..<2 { #expect((0..<9).map { kernel[$0 * 2 + f] }.reduce(0, +) == 0) }
        let z = try Self.value(valid, "conv/bias_add")
        func cell(_ i: Int, _ j: Int, _ f: Int, stride: Int = 1, pad: Int = 0) -> Double {
            Self.convolve(x, h: 6, w: 6, channels: 1, kernel: kernel, kh: 3, kw: 3, filters: 2, i: i, j: j, f: f, stride: stride, top: pad, left: pad)
        }
        // The stepper's three cells, shown on the page and equal to the trace.
        for (i, j, f) in [(0, 0, 0), (0, 1, 0), (3, 2, 1)] {
            let expected = cell(i, j, f)
            #expect(z[(i * 4 + j) * 2 + f] == expected)
            #expect(C.shows(page, expected, digits: 3))
        }
        #expect(cell(0, 0, 0) == 6 && cell(0, 1, 0) < 0 && cell(3, 2, 1) > 0)  // the stroke, one pixel right, the foot
        // Same padding: the top-left cell's window starts outside the picture.
        let same = try C.traced("convolution/same.yaml").trace.steps[0]
        #expect(try Self.value(same, "conv/bias_add")[0] == cell(0, 0, 0, pad: 1))
        // Output sizes: (6 − 3)/1 + 1 = 4, (6 + 2 − 3)/1 + 1 = 6, ⌊(6 − 3)/2⌋ + 1 = 2.
        let stride = try C.traced("convolution/stride.yaml").trace.steps[0]
        #expect(valid.op(scope: "conv/bias_add")!.value.shape == [1, 4, 4, 2])
        #expect(same.op(scope: "conv/bias_add")!.value.shape == [1, 6, 6, 2])
        #expect(stride.op(scope: "conv/bias_add")!.value.shape == [1, 2, 2, 2])
        // "the cell at row 1, column 2 of the output reads the window starting at pixel (1, 3)".
        #expect(try Self.value(stride, "conv/bias_add")[(0 * 2 + 1) * 2 + 0] == cell(0, 1, 0, stride: 2))
    }

    /// Each stepper step that outlines a cell on the feature maps (`cell: "row,column,filter"`,
    /// from 1) writes out that same cell in its conv-cell walkthrough (`index: [row, column]`,
    /// `unit: filter`, from 0), so the picture and the numbers show one window.
    @Test func outlinedCellsAreTheCellsTheWalkthroughsCompute() throws {
        let source = try String(contentsOf: C.lessons.appendingPathComponent("convolution/lesson.md"), encoding: .utf8)
        let lines = source.components(separatedBy: "\n")
        var pairs = 0
        for (number, line) in lines.enumerated() {
            guard let found = line.firstMatch(of: /cell: "(\d+),(\d+),(\d+)"/), number + 1 < lines.count else { continue }
            let next = lines[number + 1]
            let walk = try #require(next.firstMatch(of: /spec: (\w+), show: conv-cell, layer: conv, unit: (\d+), index: \[(\d+), (\d+)\]/),
                                    "line \(number + 2) should be the conv-cell walkthrough of the outlined cell")
            #expect(line.contains("spec: \(walk.1),"))
            #expect(Int(found.1)! == Int(walk.3)! + 1 && Int(found.2)! == Int(walk.4)! + 1 && Int(found.3)! == Int(walk.2)! + 1, "line \(number + 1)")
            pairs += 1
        }
        #expect(pairs == 4)
        #expect(source.contains("options: {decimals: 0, windows: true}"))
    }

    @Test func poolingSendsGradientsWhereTheLessonSays() throws {
        let valid = try C.traced("convolution/valid.yaml").trace.steps[0]
        let pool = try #require(valid.op(scope: "pool/max_pool"))
        guard case .ints(let argmax) = pool.attributes["argmax"] else { Issue.record("no argmax"); return }
        let a = try Self.value(valid, "conv/activation")
        let poolGrad = try Self.grad(valid, "pool/max_pool"), activationGrad = try Self.grad(valid, "conv/activation")
        // Filter 1's top-right window (rows 0–1, columns 2–3) is all zero; the first cell wins.
        let window = [(0, 2), (0, 3), (1, 2), (1, 3)].map { a[($0.0 * 4 + $0.1) * 2] }
        #expect(window.allSatisfy { $0 == 0 })
        #expect(argmax[(0 * 2 + 1) * 2 + 0] == (0 * 4 + 2) * 2 + 0)
        // The gradient goes to the winners only, each receiving its window's.
        for (index, winner) in argmax.enumerated() { #expect(activationGrad[winner] == poolGrad[index]) }
        #expect(activationGrad.indices.filter { activationGrad[$0] != 0 }.allSatisfy { argmax.contains($0) })
        // The ReLU stops it at that winner, whose net input was 0.
        let winner = argmax[2]
        let netInput = try Self.value(valid, "conv/bias_add"), netInputGrad = try Self.grad(valid, "conv/bias_add")
        #expect(activationGrad[winner] != 0 && netInput[winner] == 0 && netInputGrad[winner] == 0)
        // Average pooling: every cell of a window gets a quarter of the window's gradient.
        let average = try C.traced("convolution/average.yaml").trace.steps[0]
        let averageGrad = try Self.grad(average, "pool/avg_pool"), cellGrad = try Self.grad(average, "conv/activation")
        for i in 0..<4 {
            for j in 0..<4 {
                for f in 0..<2 {
                    #expect(cellGrad[(i * 4 + j) * 2 + f] == averageGrad[((i / 2) * 2 + j / 2) * 2 + f] / 4)
                }
            }
        }
    }

    @Test func kernelGradientIsTheInputCorrelatedWithTheOutputGradient() throws {
        let page = try Self.page("convolution")
        let valid = try C.traced("convolution/valid.yaml").trace.steps[0]
        let x = try Self.value(valid, "input"), g = try Self.grad(valid, "conv/convolution")
        let kernel = valid.params["conv/kernel"]!
        // ∂L/∂k[u, v, 0, f] = Σ_{i,j} x[i + u, j + v] · ∂L/∂z[i, j, f], for every kernel weight.
        for u in 0..<3 {
            for v in 0..<3 {
                for f in 0..<2 {
                    var sum = 0.0
                    for i in 0..<4 { for j in 0..<4 { sum += x[(i + u) * 6 + j + v] * g[(i * 4 + j) * 2 + f] } }
                    #expect(Self.close(kernel.grad.data[(u * 3 + v) * 2 + f], sum, 1e-15))
                }
            }
        }
        // The walkthrough's element [2, 1, 0, 0]: 3 cells of ∂L/∂z are not 0, the other 13 are.
        let flat = (2 * 3 + 1) * 2
        let nonzero = (0..<16).filter { g[$0 * 2] != 0 }
        #expect(nonzero.count == 3 && page.contains("the other 13 cells of ∂L/∂z are 0"))
        #expect(C.shows(page, kernel.grad.data[flat], digits: 4) && C.shows(page, kernel.before.data[flat] - 0.1 * kernel.grad.data[flat], digits: 4))
        #expect(Self.close(kernel.after.data[flat], kernel.before.data[flat] - 0.1 * kernel.grad.data[flat], 1e-15))
    }

    // MARK: Lesson 8: a CNN that learns

    /// The bars network by hand: conv 3×3 (4 filters, ReLU) → 2×2 max pool → dense softmax, on
    /// one 8×8 image; returns the class probabilities.
    static func barsNetwork(_ image: ArraySlice<Double>, _ p: [String: [Double]]) -> [Double] {
        let x = Array(image)
        let (kernel, bias, w, b) = (p["conv/kernel"]!, p["conv/bias"]!, p["output/kernel"]!, p["output/bias"]!)
        var maps = [Double](repeating: 0, count: 6 * 6 * 4)
        for i in 0..<6 {
            for j in 0..<6 {
                for f in 0..<4 {
                    maps[(i * 6 + j) * 4 + f] = max(0, convolve(x, h: 8, w: 8, channels: 1, kernel: kernel, kh: 3, kw: 3, filters: 4, i: i, j: j, f: f) + bias[f])
                }
            }
        }
        var pooled: [Double] = []
        for i in 0..<3 {
            for j in 0..<3 {
                for f in 0..<4 {
                    pooled.append([(0, 0), (0, 1), (1, 0), (1, 1)].map { maps[((2 * i + $0.0) * 6 + 2 * j + $0.1) * 4 + f] }.max()!)
                }
            }
        }
        let logits = (0..<2).map { c in b[c] + pooled.indices.map { pooled[$0] * w[$0 * 2 + c] }.reduce(0, +) }
        let e = logits.map { exp($0 - logits.max()!) }
        return e.map { $0 / e.reduce(0, +) }
    }

    @Test func barsNetworkLearnsAsTheLessonSays() throws {
        let page = try Self.page("cnn")
        let bars = try C.traced("cnn/bars.yaml", every: 3, ops: [1, 60])
        let validation = try C.library.spec(at: C.lessons.appendingPathComponent("cnn/bars-validation.yaml").standardizedFileURL).dataset
        let train = try #require(LossCurves.accuracy(bars, on: bars.spec.dataset))
        let held = try #require(LossCurves.accuracy(bars, on: validation))
        // The last step's accuracy on the validation set, recomputed by hand from its parameters.
        let last = bars.trace.steps.last!
        let parameters = last.params.mapValues(\.before.data)
        var right = 0
        for k in 0..<validation.sampleCount {
            let p = Self.barsNetwork(validation.inputs.data[(k * 64)..<((k + 1) * 64)], parameters)
            if (p[1] > p[0] ? 1.0 : 0.0) == validation.targets.data[k] { right += 1 }
        }
        #expect(Double(right) / Double(validation.sampleCount) == held.last!.y)
        // "It starts at chance"; every training image right within a few dozen steps; about 85 in 100 of the fresh ones.
        #expect(train.first!.y == 0.5 && train.last!.y == 1)
        #expect(try #require(train.first { $0.y == 1 }).x <= 50)
        #expect(held.last!.y >= 0.82 && held.last!.y <= 0.88, "\(held.last!.y)")
        #expect(bars.trace.steps.last!.loss < bars.trace.steps.first!.loss / 20)
        // The trained kernels: filter 1 positive on top, negative below; filter 2 a positive middle column, negative right one.
        let kernel = try #require(bars.trace.step(60)?.params["conv/kernel"]?.before.data)
        func k(_ u: Int, _ v: Int, _ f: Int) -> Double { kernel[(u * 3 + v) * 4 + f] }
        #expect((0..<3).allSatisfy { k(0, $0, 0) > 0 && k(1, $0, 0) < 0 && k(2, $0, 0) < 0 })
        #expect((0..<3).allSatisfy { k($0, 1, 1) > 0 && k($0, 2, 1) < 0 })
        // The summary: 3·3·1·4 + 4 = 40 and 36·2 + 2 = 74 parameters, 114 in all.
        for count in ["40", "74", "114 (912.00 B)", "(None, 6, 6, 4)", "(None, 3, 3, 4)", "(None, 36)"] {
            #expect(page.contains("<td>\(count)</td>") || page.contains("Total params: \(count)"), "\(count)")
        }
    }

    @Test func cifarNetworkLayerByLayer() throws {
        let page = try Self.page("cnn")
        let cifar = try C.traced("cnn/cifar-bars.yaml").trace
        // Parameter counts from the formula (kh·kw·in + 1)·filters and (in + 1)·units.
        let counts = [("conv1", (3 * 3 * 3 + 1) * 32), ("conv2", (3 * 3 * 32 + 1) * 64), ("conv3", (3 * 3 * 64 + 1) * 64),
                      ("dense1", (4 * 4 * 64 + 1) * 64), ("output", (64 + 1) * 10)]
        #expect(counts.map(\.1) == [896, 18_496, 36_928, 65_600, 650])
        let total = counts.map(\.1).reduce(0, +)
        #expect(total == 122_570 && 65_600 * 2 > total)
        let summary = ModelSummary(model: cifar.model, architecture: cifar.architecture, parameterShapes: cifar.steps[0].params.mapValues(\.before.shape))
        #expect(summary.totalParameters == total)
        for (layer, count) in counts {
            #expect(summary.rows.first { $0.layer.hasPrefix(layer + " ") }?.parameters == count)
            #expect(page.contains("<td>\(ModelSummary.count(count))</td>"))
        }
        #expect(cifar.architecture.layers.map(\.outputShape) == [[30, 30, 32], [15, 15, 32], [13, 13, 64], [6, 6, 64], [4, 4, 64], [1024], [64], [10]])
        // The conv-cell walkthrough: 27 products of filter 1 at output (15, 3), on the bar.
        let step = cifar.steps[0]
        let x = Array(try Self.value(step, "input").prefix(32 * 32 * 3))
        let kernel = step.params["conv1/kernel"]!.before.data, bias = step.params["conv1/bias"]!.before.data
        let z = Self.convolve(x, h: 32, w: 32, channels: 3, kernel: kernel, kh: 3, kw: 3, filters: 32, i: 15, j: 3, f: 0) + bias[0]
        #expect(Self.close(try Self.value(step, "conv1/bias_add")[(15 * 30 + 3) * 32], z))
        #expect(z > 0 && C.shows(page, z, digits: 3))
        // … summed per channel first: s_c for red, green and blue, then s₁ + s₂ + s₃ + b = z.
        var subtotals = [Double](repeating: 0, count: 3)
        for c in 0..<3 {
            for u in 0..<3 {
                for v in 0..<3 {
                    let pixel: Int = ((15 + u) * 32 + 3 + v) * 3 + c
                    subtotals[c] += x[pixel] * kernel[((u * 3 + v) * 3 + c) * 32]
                }
            }
        }
        #expect(Self.close(subtotals.reduce(0, +) + bias[0], z))
        for subtotal in subtotals { #expect(C.shows(page, subtotal, digits: 3), "subtotal \(subtotal)") }
        // The untrained network's loss is close to −log(1/10).
        #expect(Swift.abs(step.loss - log(10)) < 0.1 && C.shows(page, step.loss, digits: 4))
        // The data: four bar images, classes 0 and 1 of ten.
        #expect(try Self.value(step, "loss/targets").enumerated().filter { $0.element == 1 }.map { $0.offset % 10 } == [0, 1, 0, 1])
    }

    // MARK: Lesson 9: recurrent networks and the LSTM

    /// The LSTM of a [T, 1] input, run forward in plain Swift: gates, cell and hidden state per
    /// time step (each [units]).
    static func lstm(_ x: [Double], kernel: [Double], recurrent: [Double], bias: [Double], units u: Int)
        -> [(i: [Double], f: [Double], g: [Double], o: [Double], c: [Double], h: [Double])] {
        func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }
        var h = [Double](repeating: 0, count: u), c = h
        var steps: [(i: [Double], f: [Double], g: [Double], o: [Double], c: [Double], h: [Double])] = []
        for xt in x {
            let z = (0..<(4 * u)).map { column in
                xt * kernel[column] + (0..<u).map { h[$0] * recurrent[$0 * 4 * u + column] }.reduce(0, +) + bias[column]
            }
            let i = (0..<u).map { sigmoid(z[$0]) }, f = (0..<u).map { sigmoid(z[u + $0]) }
            let g = (0..<u).map { tanh(z[2 * u + $0]) }, o = (0..<u).map { sigmoid(z[3 * u + $0]) }
            c = (0..<u).map { f[$0] * c[$0] + i[$0] * g[$0] }
            h = (0..<u).map { o[$0] * tanh(c[$0]) }
            steps.append((i, f, g, o, c, h))
        }
        return steps
    }

    @Test func lstmStepsByHand() throws {
        let page = try Self.page("lstm")
        let small = try C.traced("lstm/small.yaml").trace.steps[0]
        let p = small.params.mapValues(\.before.data)
        let steps = Self.lstm(try Self.value(small, "input"), kernel: p["lstm/kernel"]!, recurrent: p["lstm/recurrent_kernel"]!,
                              bias: p["lstm/bias"]!, units: 2)
        for t in 0..<6 {
            #expect(Self.close(try Self.value(small, "lstm/t\(t + 1)/hidden")[0], steps[t].h[0]))
            #expect(Self.close(try Self.value(small, "lstm/t\(t + 1)/cell")[1], steps[t].c[1]))
        }
        // The walkthroughs of unit 1 at t = 1 and 2: gates, cell and hidden state on the page.
        for t in 0..<2 {
            for value in [steps[t].i[0], steps[t].f[0], steps[t].g[0], steps[t].o[0], steps[t].c[0], steps[t].h[0], tanh(steps[t].c[0])] {
                #expect(C.shows(page, value, digits: 4), "t = \(t + 1): \(value)")
            }
        }
        // One step of the cell gradient back: f₆·∂L/∂c₆ + o₅(1 − tanh²c₅)·∂L/∂h₅ = ∂L/∂c₅.
        let dc6 = try Self.grad(small, "lstm/t6/cell")[0], dh5 = try Self.grad(small, "lstm/t5/hidden")[0]
        let viaForget = steps[5].f[0] * dc6, viaHidden = steps[4].o[0] * (1 - pow(tanh(steps[4].c[0]), 2)) * dh5
        #expect(Self.close(try Self.grad(small, "lstm/t5/cell")[0], viaForget + viaHidden, 1e-12))
        #expect(C.shows(page, viaForget, digits: 4) && C.shows(page, viaHidden, digits: 4) && C.shows(page, viaForget + viaHidden, digits: 4))
        // The small LSTM reads the first six samples of the forget-default run's wave, with the same weights.
        let long = try C.traced("lstm/forget-default.yaml").trace.steps[0]
        #expect(Array(try Self.value(long, "input").prefix(6)) == (try Self.value(small, "input")))
    }

    @Test func stackedLSTMLearnsTheSineWave() throws {
        let page = try Self.page("lstm")
        let stacked = try C.traced("lstm/stacked.yaml", ops: [10]).trace
        // 4·(F·u + u·u + u) per LSTM layer.
        #expect(4 * (1 * 50 + 50 * 50 + 50) == 10_400 && 4 * (50 * 50 + 50 * 50 + 50) == 20_200)
        for count in ["10,400", "20,200", "51", "30,651 (239.46 KB)"] {
            #expect(page.contains("<td>\(count)</td>") || page.contains("Total params: \(count)"), "\(count)")
        }
        // "from about a third to under a hundredth" in 10 steps.
        let losses = stacked.steps.map(\.loss)
        #expect(losses.count == 10 && losses[0] > 0.28 && losses[0] < 0.38 && losses.last! < 0.01, "\(losses)")
        // The table: predictions and targets at the last step.
        let step = stacked.step(10)!
        for value in try Self.value(step, "output/activation") + Self.value(step, "loss/targets") {
            #expect(C.shows(page, value, digits: 3))
        }
    }

    @Test func theForgetGateDecidesWhatReachesTheStart() throws {
        func run(_ file: String) throws -> (gates: [Double], ratio: Double) {
            let step = try C.traced("lstm/\(file)").trace.steps[0]
            var gates: [Double] = []
            var norms: [Double] = []
            for t in 1...20 {
                gates += try Self.value(step, "lstm/t\(t)/forget_gate")
                norms.append(try Self.grad(step, "lstm/t\(t)/cell").map { $0 * $0 }.reduce(0, +).squareRoot())
            }
            return (gates, norms[0] / norms[19])
        }
        let high = try run("forget-high.yaml"), keras = try run("forget-default.yaml"), low = try run("forget-low.yaml")
        // The gates' ranges as the lesson gives them.
        #expect(high.gates.min()! > 0.89 && high.gates.max()! < 0.98)
        #expect(keras.gates.min()! > 0.54 && keras.gates.max()! < 0.85)
        #expect(low.gates.min()! > 0.02 && low.gates.max()! < 0.1)
        // "still about a quarter"; "several thousand times smaller"; "practically nothing".
        #expect(high.ratio > 0.2 && high.ratio < 0.33, "\(high.ratio)")
        #expect(keras.ratio > 1.0 / 10_000 && keras.ratio < 1.0 / 2_000, "\(keras.ratio)")
        #expect(low.ratio < 1e-12, "\(low.ratio)")
        // The lesson's chart gets the three runs, each with the cell gradients of its step.
        let chart = try #require(C.site.figures.captured.first { $0.request.kind == "gradient-through-time" })
        #expect(chart.request.runs.map(\.label) == ["forget-gate bias +3", "bias +1 (Keras)", "bias −3"])
        #expect(chart.request.runs.map(\.trace.model) == ["forget-high", "forget-default", "forget-low"])
        #expect(chart.request.runs.allSatisfy { $0.trace.step(1)?.op(scope: "lstm/t20/cell")?.grad != nil })
    }

    // MARK: Lesson 10: attention and transformers

    /// Q, K or V of one head, computed here: X = the embeddings' rows plus the sinusoidal table
    /// (when `positions`), times the head's columns of the projection, plus the bias.
    static func projection(_ step: TraceStep, tokens: [Int], matrix: String, head: Int, positions: Bool = true) -> [[Double]] {
        let table = step.params["embed/embeddings"]!.before.data
        let (w, b) = (step.params["attention/w\(matrix)"]!.before.data, step.params["attention/b\(matrix)"]!.before.data)
        return tokens.enumerated().map { t, token in
            let x = (0..<8).map { d -> Double in
                let angle = Double(t) / pow(10000, Double(2 * (d / 2)) / 8)
                return table[token * 8 + d] + (positions ? (d % 2 == 0 ? sin(angle) : cos(angle)) : 0)
            }
            return (0..<4).map { column in
                let c = (head - 1) * 4 + column
                return b[c] + (0..<8).map { x[$0] * w[$0 * 8 + c] }.reduce(0, +)
            }
        }
    }

    @Test func attentionRowByHand() throws {
        let page = try Self.page("attention")
        let tiny = try C.traced("attention/tiny.yaml").trace.steps[0]
        let tokens = [2, 5, 1, 5, 3]
        let q = Self.projection(tiny, tokens: tokens, matrix: "q", head: 1)
        let k = Self.projection(tiny, tokens: tokens, matrix: "k", head: 1)
        let v = Self.projection(tiny, tokens: tokens, matrix: "v", head: 1)
        #expect(zip(q.joined(), try Self.value(tiny, "attention/head1/query")).allSatisfy { Self.close($0, $1, 1e-12) })
        // Row 2 (query index 1): scores q·k/√4, softmax, weighted sum of the values.
        let scores = k.map { key in zip(q[1], key).map { $0 * $1 }.reduce(0, +) / 2 }
        let e = scores.map { exp($0) }
        let weights = e.map { $0 / e.reduce(0, +) }
        let output = (0..<4).map { d in (0..<5).map { weights[$0] * v[$0][d] }.reduce(0, +) }
        let traced = try Self.value(tiny, "attention/head1/weights")
        #expect(zip(weights, traced[5..<10]).allSatisfy { Self.close($0, $1, 1e-12) })
        #expect(zip(output, try Self.value(tiny, "attention/head1/context")[4..<8]).allSatisfy { Self.close($0, $1, 1e-12) })
        for value in q[1] + scores + e + [e.reduce(0, +)] + weights + output {
            #expect(C.shows(page, value, digits: 3), "\(value)")
        }
        // The causal row 2: keys 3 to 5 masked, weight exactly 0, the rest renormalised.
        let causal = try C.traced("attention/tiny-causal.yaml").trace.steps[0]
        for head in 1...2 {
            let w = try Self.value(causal, "attention/head\(head)/weights")
            #expect((0..<5).allSatisfy { i in (0..<5).allSatisfy { j in j <= i || w[i * 5 + j] == 0 } })
            #expect((0..<5).allSatisfy { i in Self.close((0..<5).map { w[i * 5 + $0] }.reduce(0, +), 1, 1e-14) })
        }
        let causalWeights = try Self.value(causal, "attention/head1/weights")
        #expect(Self.close(causalWeights[5], e[0] / (e[0] + e[1]), 1e-12) && C.shows(page, e[0] / (e[0] + e[1]), digits: 3))
        #expect(try Self.value(causal, "attention/head1/masked_scores")[7] == -1e9)
    }

    @Test func positionalEncodingTellsTheTwoFivesApart() throws {
        // The table is the formula.
        let table = try Self.value(C.traced("attention/table.yaml").trace.steps[0], "position/table")
        for t in 0..<50 {
            for d in 0..<32 {
                let angle = Double(t) / pow(10000, Double(2 * (d / 2)) / 32)
                #expect(Self.close(table[t * 32 + d], d % 2 == 0 ? sin(angle) : cos(angle), 1e-15))
            }
        }
        // Without it the two 5s (positions 2 and 4) ask and answer alike; with it they do not.
        let without = try C.traced("attention/tiny-no-position.yaml").trace.steps[0]
        let with = try C.traced("attention/tiny.yaml").trace.steps[0]
        #expect(without.params["attention/wq"]!.before == with.params["attention/wq"]!.before)
        for head in 1...2 {
            let w: [Double] = try Self.value(without, "attention/head\(head)/weights")
            let rowsAlike = (0..<5).allSatisfy { (n: Int) -> Bool in w[5 + n] == w[15 + n] }          // rows 2 and 4
            let columnsAlike = (0..<5).allSatisfy { (n: Int) -> Bool in w[n * 5 + 1] == w[n * 5 + 3] }  // columns 2 and 4
            #expect(rowsAlike && columnsAlike)
            let p: [Double] = try Self.value(with, "attention/head\(head)/weights")
            #expect((0..<5).contains { (n: Int) -> Bool in Swift.abs(p[5 + n] - p[15 + n]) > 0.01 })
        }
    }

    @Test func tinyTransformerLearnsToReverse() throws {
        let reverse = try C.traced("attention/reverse.yaml", every: 5, ops: [1, 150])
        let validation = try C.library.spec(at: C.lessons.appendingPathComponent("attention/reverse-validation.yaml").standardizedFileURL).dataset
        // The data: each target is its input reversed.
        let data = reverse.spec.dataset
        let (inputs, targets) = (data.inputs.data, data.targets.data)
        let reversed = (0..<data.sampleCount).allSatisfy { (n: Int) -> Bool in
            (0..<5).allSatisfy { (t: Int) -> Bool in targets[n * 5 + t] == inputs[n * 5 + 4 - t] }
        }
        #expect(reversed)
        let train = try #require(LossCurves.accuracy(reverse, on: data)), held = try #require(LossCurves.accuracy(reverse, on: validation))
        // From about chance to every position right "within about 70 steps", new sequences too, and it stays there.
        #expect(train.first!.y < 0.25)
        let solved = try #require(zip(train, held).first { $0.0.y == 1 && $0.1.y == 1 }).0.x
        #expect(solved >= 60 && solved <= 80, "\(solved)")
        #expect(zip(train, held).filter { $0.0.x >= solved }.allSatisfy { $0.0.y == 1 && $0.1.y == 1 })
        // Before training every weight is close to 1/5; after, head 1 puts most of each row on the anti-diagonal.
        let before = try Self.value(reverse.trace.step(1)!, "attention/head1/weights").prefix(25)
        #expect(before.allSatisfy { Swift.abs($0 - 0.2) < 0.1 }, "\(before)")
        let after = try Self.value(reverse.trace.step(150)!, "attention/head1/weights")
        #expect((0..<5).allSatisfy { i in after[i * 5 + 4 - i] > 0.75 }, "\(after.prefix(25))")
    }

    // MARK: The glossary

    @Test func glossaryLinksIntoTheNewLessons() throws {
        let glossary = try Self.page("glossary")
        for link in ["../cnn/index.html", "../convolution/index.html#pooling", "../lstm/index.html", "../attention/index.html#queries-keys-and-values",
                     "../attention/index.html#positional-encoding"] {
            #expect(glossary.contains("href=\"\(link)\""), "\(link)")
        }
        #expect(!glossary.contains("covered in a later lesson"))
    }
}
