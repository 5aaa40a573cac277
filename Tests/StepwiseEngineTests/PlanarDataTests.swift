import Foundation
import StepwiseTrace
import Testing
@testable import StepwiseEngine

/// The 2-D classification kinds (`blobs`, `moons`, `circles`, `spirals`, `xor`) and `linear` regression data.
@Suite struct PlanarDataTests {
    func spec(_ generate: String, loss: String = "binary_crossentropy", units: Int = 1, inputShape: String = "[2]",
              activation: String = "sigmoid") -> String {
        """
        name: planar
        seed: 3
        input_shape: \(inputShape)
        layers: [{type: dense, units: \(units), activation: \(activation)}]
        loss: \(loss)
        optimizer: {type: sgd}
        data: {generate: \(generate)}
        """
    }

    func data(_ generate: String, loss: String = "binary_crossentropy", units: Int = 1) throws -> Dataset {
        try ModelSpec.parse(spec(generate, loss: loss, units: units), file: "g.yaml").dataset
    }

    func points(_ data: Dataset) -> [(x: Double, y: Double)] {
        (0..<data.sampleCount).map { (data.inputs.data[2 * $0], data.inputs.data[2 * $0 + 1]) }
    }

    @Test func moonsWithoutNoiseLieOnTheirHalfCircles() throws {
        let data = try data("{samples: 40, kind: moons, noise: 0}")
        #expect(data.inputs.shape == [40, 2] && data.targets.shape == [40, 1])
        for (k, p) in points(data).enumerated() {
            // Classes alternate: sample k is class k mod 2.
            #expect(data.targets.data[k] == Double(k % 2))
            if k % 2 == 0 {
                #expect(Swift.abs(p.x * p.x + p.y * p.y - 1) < 1e-12 && p.y >= 0)
            } else {
                #expect(Swift.abs((1 - p.x) * (1 - p.x) + (0.5 - p.y) * (0.5 - p.y) - 1) < 1e-12 && p.y <= 0.5)
            }
        }
    }

    @Test func circlesWithoutNoiseHaveRadiiOneAndAHalf() throws {
        let data = try data("{samples: 30, kind: circles, noise: 0}")
        for (k, p) in points(data).enumerated() {
            #expect(Swift.abs((p.x * p.x + p.y * p.y).squareRoot() - (k % 2 == 0 ? 1 : 0.5)) < 1e-12)
        }
    }

    @Test func spiralsWithoutNoiseLieOnTheirArms() throws {
        let data = try data("{samples: 60, kind: spirals, noise: 0}")
        for (k, p) in points(data).enumerated() {
            #expect(data.targets.data[k] == Double(k % 2))
            // The radius is t; class 0 sits at angle 3πt, class 1 half a turn further.
            let t = (p.x * p.x + p.y * p.y).squareRoot()
            let turn = k % 2 == 0 ? 1.0 : -1.0
            #expect(t < 1)
            #expect(Swift.abs(p.x - turn * t * cos(3 * Double.pi * t)) < 1e-12 && Swift.abs(p.y - turn * t * sin(3 * Double.pi * t)) < 1e-12)
        }
        // A point of class 1 is a point of the class-0 arm turned half a turn: the arms do not meet.
        let zero = points(data).enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        let one = points(data).enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let closest = one.map { p in zero.map { ($0.x - p.x) * ($0.x - p.x) + ($0.y - p.y) * ($0.y - p.y) }.min()! }
        #expect(closest.filter { $0 > 0.0001 }.count > one.count / 2)
    }

    @Test func xorWithoutNoisePutsClassesInOppositeQuadrants() throws {
        let data = try data("{samples: 400, kind: xor, noise: 0}")
        var quadrants = Set<String>()
        for (k, p) in points(data).enumerated() {
            #expect(Swift.abs(p.x) < 1 && Swift.abs(p.y) < 1)
            // Class 0: x and y of the same sign (like XOR's (0, 0) and (1, 1)); class 1: opposite signs.
            #expect((p.x * p.y >= 0) == (k % 2 == 0), "sample \(k) at \(p)")
            quadrants.insert("\(p.x < 0)\(p.y < 0)")
        }
        #expect(quadrants.count == 4)
        // With noise, some points near the axes cross into the other class's quadrant.
        let noisy = try self.data("{samples: 400, kind: xor, noise: 0.2}")
        let crossed = points(noisy).enumerated().filter { ($0.element.x * $0.element.y >= 0) != ($0.offset % 2 == 0) }.count
        #expect(crossed > 0 && crossed < 100)
    }

    @Test func blobsScatterAroundTheirCentresWithTheNoiseAsSpread() throws {
        let data = try data("{samples: 2000, kind: blobs, noise: 0.5}")
        for label in 0...1 {
            let mine = points(data).enumerated().filter { $0.offset % 2 == label }.map(\.element)
            let meanX = mine.map(\.x).reduce(0, +) / Double(mine.count)
            let meanY = mine.map(\.y).reduce(0, +) / Double(mine.count)
            let spread = (mine.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +) / Double(mine.count)).squareRoot()
            let centre: Double = label == 0 ? -1 : 1
            // 1000 points of σ = 0.5: the mean is within 4 standard errors (0.063) of the centre.
            #expect(Swift.abs(meanX - centre) < 0.063 && Swift.abs(meanY - centre) < 0.063)
            #expect(Swift.abs(spread - 0.5) < 0.05)
        }
    }

    @Test func targetsFitTheLossAndTheSeedRepeats() throws {
        let sparse = try data("{samples: 6, kind: moons}", loss: "sparse_categorical_crossentropy", units: 2)
        #expect(sparse.targets.shape == [6] && sparse.targets.data == [0, 1, 0, 1, 0, 1])
        let oneHot = try data("{samples: 4, kind: circles}", loss: "cross_entropy", units: 2)
        #expect(oneHot.targets.shape == [4, 2] && oneHot.targets.data == [1, 0, 0, 1, 1, 0, 0, 1])
        #expect(try data("{samples: 8, kind: moons, noise: 0.2}").inputs == data("{samples: 8, kind: moons, noise: 0.2}").inputs)
        let other = try ModelSpec.parse(spec("{samples: 8, kind: moons, noise: 0.2}").replacingOccurrences(of: "seed: 3", with: "seed: 4"),
                                        file: "g.yaml").dataset
        #expect(other.inputs != (try data("{samples: 8, kind: moons, noise: 0.2}")).inputs)
    }

    @Test func linearDataFollowsItsPlane() throws {
        let spec = try ModelSpec.parse(spec("{samples: 50, kind: linear, weights: [2, -3], bias: 0.5, noise: 0}", loss: "mse",
                                            activation: "linear"), file: "g.yaml")
        let data = spec.dataset
        #expect(data.inputs.shape == [50, 2] && data.targets.shape == [50, 1])
        #expect(data.inputs.data.allSatisfy { $0 >= -1 && $0 < 1 })
        for (k, p) in points(data).enumerated() {
            #expect(Swift.abs(data.targets.data[k] - (2 * p.x - 3 * p.y + 0.5)) < 1e-12)
        }
        // With noise the residuals have about that standard deviation.
        let noisy = try ModelSpec.parse(self.spec("{samples: 2000, kind: linear, weights: [2, -3], bias: 0.5, noise: 0.3}", loss: "mse",
                                                  activation: "linear"), file: "g.yaml").dataset
        var squares = 0.0
        for k in 0..<2000 {
            let x1: Double = noisy.inputs.data[2 * k], x2: Double = noisy.inputs.data[2 * k + 1]
            let residual: Double = noisy.targets.data[k] - (2 * x1 - 3 * x2 + 0.5)
            squares += residual * residual
        }
        let sd = (squares / 2000).squareRoot()
        #expect(Swift.abs(sd - 0.3) < 0.02)
    }

    @Test func errorsNameTheField() {
        func message(_ text: String) -> String {
            do { _ = try ModelSpec.parse(text, file: "g.yaml"); return "no error" } catch { return String(describing: error) }
        }
        #expect(message(spec("{samples: 4, kind: moons}", inputShape: "[3]"))
                == "g.yaml: data.generate.kind: moons data needs input_shape [2], found [3]")
        #expect(message(spec("{samples: 4, kind: moons}", units: 2))
                == "g.yaml: data.generate.kind: moons data has 2 classes: with binary_crossentropy the output must have shape [1], found [2]")
        #expect(message(spec("{samples: 4, kind: random, noise: 0.1}"))
                == "g.yaml: data.generate.noise: random data takes no noise (only blobs, moons, circles, spirals, xor, linear and bars do)")
        #expect(message(spec("{samples: 4, kind: moons, noise: -1}"))
                == "g.yaml: data.generate.noise: expected a standard deviation ≥ 0, found -1")
        #expect(message(spec("{samples: 4, kind: moons, bias: 1}")) == "g.yaml: data.generate.bias: only linear data takes bias")
        #expect(message(spec("{samples: 4, kind: linear}", loss: "mse", activation: "linear"))
                == "g.yaml: data.generate.kind: linear data needs weights, one per input feature (2), found 0")
        #expect(message(spec("{samples: 4, kind: linear, weights: [1, 2]}"))
                == "g.yaml: data.generate.kind: linear data is regression: it needs an output of shape [1] and loss mse")
    }
}

/// `Model.evaluate`: the loss of given parameters on other data, as a step computes it.
@Suite struct ModelEvaluationTests {
    let text = """
        name: neuron
        input_shape: [2]
        layers: [{type: dense, name: out, units: 1, regularizer: {l2: 0.1},
                  weights: {kernel: [[2], [-1]], bias: [0.5]}}]
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.01}
        data: {inputs: [[1, 2], [3, 0]], targets: [[1], [0]]}
        """

    @Test func lossByHand() throws {
        let spec = try ModelSpec.parse(text, file: "n.yaml")
        let model = spec.makeModel()
        // Outputs 2·1 − 1·2 + 0.5 = 0.5 and 2·3 + 0.5 = 6.5; errors −0.5 and 6.5;
        // MSE (0.25 + 42.25) / 2 = 21.25; L2 penalty 0.1 · (2² + 1²) = 0.5.
        let result = model.evaluate(inputs: spec.dataset.inputs, targets: spec.dataset.targets)
        #expect(result.data == 21.25 && result.total == 21.75)
        #expect(model.loss(inputs: spec.dataset.inputs, targets: spec.dataset.targets) == 21.75)
        // On one other sample: 2·0 − 1·1 + 0.5 = −0.5 against 1: (−1.5)² = 2.25.
        #expect(model.evaluate(inputs: Tensor(shape: [1, 2], data: [0, 1]), targets: Tensor(shape: [1, 1], data: [1])).data == 2.25)
    }

    @Test func aTracedStepsBeforeParametersGiveItsLoss() throws {
        let spec = try ModelSpec.parse(text.replacingOccurrences(of: "data:", with: "train: {steps: 3}\ndata:"), file: "n.yaml")
        var run = spec.makeRun()
        var steps: [StepResult] = []
        run.run(record: .summary) { steps.append($0) }
        for step in steps {
            let before = step.trace.params.mapValues { Tensor(shape: $0.before.shape, data: $0.before.data) }
            let model = spec.makeModel().replacingParameters(before)
            #expect(model.loss(inputs: spec.dataset.inputs, targets: spec.dataset.targets) == step.trace.loss)
        }
    }
}

/// `TrainingRun.run(levels:)`: a record level per step.
@Suite struct RecordLevelsTests {
    @Test func eachStepKeepsWhatItsLevelAsks() throws {
        let spec = try ModelSpec.parse("""
            input_shape: [2]
            layers: [{type: dense, name: out, units: 1, activation: sigmoid}]
            loss: binary_crossentropy
            optimizer: {type: sgd, learning_rate: 0.5}
            train: {steps: 5}
            data: {generate: {samples: 6, kind: moons}}
            """, file: "l.yaml")
        var run = spec.makeRun()
        var kept: [TraceStep] = []
        let nonFinite = run.run(levels: { [1: RecordLevel.ops, 3: .layers, 5: .summary][$0] }) { kept.append($0.trace) }
        #expect(nonFinite == nil)
        #expect(kept.map(\.step) == [1, 3, 5])
        #expect(!kept[0].ops.isEmpty && !kept[0].outputs.isEmpty)
        #expect(kept[1].ops.isEmpty && !kept[1].outputs.isEmpty)
        #expect(kept[2].ops.isEmpty && kept[2].outputs.isEmpty && kept[2].params.count == 2)
        // The same losses as a run that keeps every step.
        var all: [TraceStep] = []
        var again = spec.makeRun()
        again.run(record: .summary) { all.append($0.trace) }
        #expect(kept.map(\.loss) == [all[0].loss, all[2].loss, all[4].loss])
    }

    @Test func aNonFiniteStepIsHandedOverEvenWhenNotKept() throws {
        var run = try ModelSpec.parse("""
            input_shape: [1]
            layers: [{type: dense, units: 1, weights: {kernel: [[1]], bias: [0]}}]
            loss: mse
            optimizer: {type: sgd, learning_rate: 1e150}
            train: {steps: 20}
            data: {inputs: [[1e10]], targets: [[0]]}
            """, file: "d.yaml").makeRun()
        var handed: [StepResult] = []
        let nonFinite = try #require(run.run(levels: { $0 == 1 ? .summary : nil }) { handed.append($0) })
        #expect(handed.map(\.trace.step) == [1, nonFinite.step])
        #expect(handed.last?.nonFinite == nonFinite)
    }
}
