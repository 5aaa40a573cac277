import Foundation
import StepwiseEngine
import StepwiseTrace
import Testing
@testable import StepwiseLessons

/// The claims issue 19 corrected, each recomputed here independently of the engine (plain
/// Swift from a spec's initial weights or data) and checked against what the page shows.
@Suite struct CurriculumCorrectionsTests {
    static func page(_ id: String) throws -> String { try CurriculumTests.page(id) }
    static func shows(_ page: String, _ value: Double, digits: Int) -> Bool { CurriculumTests.shows(page, value, digits: digits) }

    // MARK: XOR, seed 1: a plateau, not a local minimum

    /// The 2-2-1 XOR network in plain Swift: parameters as the trace stores them (kernels row
    /// by row, [input][unit]), full-batch gradient descent on binary cross-entropy.
    struct XOR {
        var w1: [Double], b1: [Double], w2: [Double], b2: Double
        static let inputs: [(Double, Double)] = [(0, 0), (0, 1), (1, 0), (1, 1)]
        static let targets: [Double] = [0, 1, 1, 0]

        /// Loss, gradient (w1, b1, w2, b2 in that order) and outputs at the current parameters.
        func evaluate() -> (loss: Double, gradient: [Double], outputs: [Double]) {
            var gradient = [Double](repeating: 0, count: 9)
            var loss = 0.0
            var outputs: [Double] = []
            for (sample, (x1, x2)) in Self.inputs.enumerated() {
                let h = (0..<2).map { tanh(x1 * w1[$0] + x2 * w1[2 + $0] + b1[$0]) }
                let y = 1 / (1 + exp(-(h[0] * w2[0] + h[1] * w2[1] + b2)))
                let t = Self.targets[sample]
                outputs.append(y)
                loss -= (t * log(y) + (1 - t) * log(1 - y)) / 4
                let dz2 = (y - t) / 4
                for unit in 0..<2 {
                    let dz1 = dz2 * w2[unit] * (1 - h[unit] * h[unit])
                    gradient[unit] += x1 * dz1
                    gradient[2 + unit] += x2 * dz1
                    gradient[4 + unit] += dz1
                    gradient[6 + unit] += h[unit] * dz2
                }
                gradient[8] += dz2
            }
            return (loss, gradient, outputs)
        }

        mutating func update(_ gradient: [Double], rate: Double) {
            for i in 0..<4 { w1[i] -= rate * gradient[i] }
            for i in 0..<2 { b1[i] -= rate * gradient[4 + i]; w2[i] -= rate * gradient[6 + i] }
            b2 -= rate * gradient[8]
        }

        var largestWeight: Double { (w1 + b1 + w2 + [b2]).map(Swift.abs).max()! }
    }

    @Test func xorSeed1IsOnAPlateauNotAtALocalMinimum() throws {
        let trace = try CurriculumTests.traced("xor/seed-1.yaml", every: 10, ops: [1, 2000]).trace
        let first = trace.steps[0].params
        var net = XOR(w1: first["hidden/kernel"]!.before.data, b1: first["hidden/bias"]!.before.data,
                      w2: first["output/kernel"]!.before.data, b2: first["output/bias"]!.before.data[0])
        let page = try Self.page("xor")
        var rows: [Int: (norm: Double, loss: Double, largest: Double)] = [:]
        var previous = Double.infinity
        for update in 1...200_000 {
            let (loss, gradient, _) = net.evaluate()
            if update > 1 { #expect(loss < previous, "the loss rose at update \(update)") }
            previous = loss
            if update == 2000 {
                // The engine computed the same gradient at its step 2000.
                let engine = trace.step(2000)!.params
                let engineGradient = engine["hidden/kernel"]!.grad.data + engine["hidden/bias"]!.grad.data
                    + engine["output/kernel"]!.grad.data + engine["output/bias"]!.grad.data
                #expect(zip(gradient, engineGradient).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
            }
            net.update(gradient, rate: 0.5)
            if [2000, 10_000, 50_000, 200_000].contains(update) {
                let after = net.evaluate()
                rows[update] = (sqrt(after.gradient.map { $0 * $0 }.reduce(0, +)), after.loss, net.largestWeight)
            }
        }
        for (update, row) in rows {
            #expect(Self.shows(page, row.norm, digits: 3), "‖∇L‖ after \(update) updates: \(row.norm)")
            #expect(Self.shows(page, row.loss, digits: 6), "loss after \(update) updates: \(row.loss)")
            #expect(Self.shows(page, row.largest, digits: 3), "largest weight after \(update) updates: \(row.largest)")
        }
        // The gradient fades, the weights grow, and the loss approaches ln 2 / 2 from above: two
        // inputs right, two at ½.
        #expect(rows[200_000]!.norm < rows[2000]!.norm / 100 && rows[200_000]!.largest > rows[2000]!.largest + 2)
        #expect(rows[200_000]!.loss > log(2) / 2 && rows[200_000]!.loss - log(2) / 2 < 2e-5)
        let outputs = net.evaluate().outputs
        #expect(outputs[0] < 0.01 && outputs[1] > 0.99 && Swift.abs(outputs[2] - 0.5) < 0.01 && Swift.abs(outputs[3] - 0.5) < 0.01)
        #expect(page.contains("ln 2 / 2 = \(String(format: "%.5f", Foundation.log(2.0) / 2))"))
        #expect(!page.contains("stuck in a local minimum"))
    }

    // MARK: Loss functions: the worst example's share of the loss and of the gradient

    @Test func theConfidentMistakeDominatesBothLossesButOnlyCrossEntropysGradient() throws {
        let data = try CurriculumTests.traced("loss-functions/mse.yaml").spec.dataset
        let z = data.inputs.data, t = data.targets.data
        #expect(z == [2, 0.5, -1, -4] && t == [1, 1, 0, 1])
        let y = z.map(CurriculumTests.sigmoid)
        let squared = zip(y, t).map { ($0 - $1) * ($0 - $1) }
        let crossEntropy = zip(y, t).map { $1 == 1 ? -Foundation.log($0) : -Foundation.log(1 - $0) }
        // ∂L/∂z: 2(y − t)/n · y(1 − y) for the squared error, (y − t)/n for cross-entropy.
        let squaredPush = zip(y, t).map { Swift.abs(2 * ($0 - $1) / 4 * $0 * (1 - $0)) }
        let crossEntropyPush = zip(y, t).map { Swift.abs(($0 - $1) / 4) }
        func share(_ values: [Double]) -> String { String(format: "%.1f %%", 100 * values[3] / values.reduce(0, +)) }
        let page = try Self.page("loss-functions")
        #expect(page.contains("makes up \(share(squared)) of the sum"))
        #expect(page.contains("It makes up \(share(crossEntropy)) of this sum"))
        #expect(page.contains("gets \(share(squaredPush)) of the total, under cross-entropy \(share(crossEntropyPush))"))
        // The shares of the loss are close; those of the push are not.
        #expect(Swift.abs(squared[3] / squared.reduce(0, +) - crossEntropy[3] / crossEntropy.reduce(0, +)) < 0.01)
        #expect(crossEntropyPush[3] / crossEntropyPush.reduce(0, +) > 5 * squaredPush[3] / squaredPush.reduce(0, +))
    }

    // MARK: Gradient descent: this sample's floor and the bias's gradient

    @Test func theFloorIsTheLeastSquaresFitAndTheBiasGradientIsTwiceTheMeanError() throws {
        let full = try CurriculumTests.traced("gradient-descent/full-batch.yaml")
        let data = full.spec.dataset
        let n = data.targets.data.count
        let x = (0..<n).map { [data.inputs.data[2 * $0], data.inputs.data[2 * $0 + 1], 1.0] }
        let t = data.targets.data
        // The least-squares plane: solve the normal equations (XᵀX) p = Xᵀt by elimination.
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { $0 * $1 }.reduce(0, +) }
        var system: [[Double]] = []
        for i in 0..<3 {
            let column = x.map { $0[i] }
            system.append((0..<3).map { j in dot(column, x.map { $0[j] }) } + [dot(column, t)])
        }
        for pivot in 0..<3 {
            for row in 0..<3 where row != pivot {
                let factor = system[row][pivot] / system[pivot][pivot]
                for column in 0...3 { system[row][column] -= factor * system[pivot][column] }
            }
        }
        let plane = (0..<3).map { system[$0][3] / system[$0][$0] }
        let errors: [Double] = zip(x, t).map { row, target in dot(row, plane) - target }
        let floor = dot(errors, errors) / Double(n)
        let page = try Self.page("gradient-descent")
        #expect(page.contains("reaches a loss of \(String(format: "%.3f", floor))"))
        #expect(floor < 0.25)
        // The converged runs sit on it (their loss on all 64 points, at their last step).
        for path in ["gradient-descent/full-batch.yaml", "gradient-descent/rate-0.1.yaml"] {
            let traced = try CurriculumTests.traced(path)
            let last = try #require(LossCurves.evaluated(traced, on: traced.spec.dataset, dataLossOnly: true).last?.y)
            #expect(last >= floor && last < 1.01 * floor, "\(path): \(last)")
        }
        // ∂L/∂b = (2/n)·Σ(yᵢ − tᵢ) = 2 × the mean error, at the initial weights.
        let before = full.trace.steps[0].params
        let w = before["neuron/kernel"]!.before.data + before["neuron/bias"]!.before.data
        let initialErrors: [Double] = zip(x, t).map { row, target in dot(row, w) - target }
        let meanError = initialErrors.reduce(0, +) / Double(n)
        #expect(Self.shows(page, meanError, digits: 6) && Self.shows(page, 2 * meanError, digits: 6))
        #expect(Swift.abs(2 * meanError - full.trace.steps[0].params["neuron/bias"]!.grad.data[0]) < 1e-12)
        #expect(page.contains("by \(String(format: "%.6f", -meanError)) on average"))
    }

    // MARK: Convolution: stride 2 steps over the L's foot

    @Test func strideTwoMissesTheFootOfTheL() throws {
        let stride = try CurriculumTests.traced("convolution/stride.yaml").trace.steps[0]
        let x = try CurriculumIITests.value(stride, "input"), kernel = stride.params["conv/kernel"]!.before.data
        // Filter 2 (index 1) on each of the four stride-2 windows, by hand, then the ReLU.
        let cells = (0..<2).flatMap { i in (0..<2).map { j in
            CurriculumIITests.convolve(x, h: 6, w: 6, channels: 1, kernel: kernel, kh: 3, kw: 3, filters: 2, i: i, j: j, f: 1, stride: 2)
        } }
        #expect(cells.allSatisfy { max(0, $0) == 0 } && cells.contains { $0 < 0 }, "\(cells)")
        // With stride 1 the same filter does find the foot somewhere.
        let valid = try CurriculumTests.traced("convolution/valid.yaml").trace.steps[0]
        let z = try CurriculumIITests.value(valid, "conv/bias_add")
        #expect(stride.params["conv/kernel"]!.before.data == valid.params["conv/kernel"]!.before.data)
        #expect(stride.op(scope: "conv/bias_add").map { $0.value.data.enumerated().filter { $0.offset % 2 == 1 }.map(\.element) } == cells)
        #expect(z.enumerated().contains { $0.offset % 2 == 1 && $0.element > 0 })
        #expect(try Self.page("convolution").contains("Filter 2's map is all zeros after the ReLU"))
    }
}
