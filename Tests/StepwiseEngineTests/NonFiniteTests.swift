import Testing
@testable import StepwiseEngine

/// A run whose numbers blow up stops after that step and says where it started.
@Suite struct NonFiniteTests {
    @Test func divergingRunNamesTheFirstNonFiniteOp() throws {
        // A linear network with a huge learning rate: the weights overflow within a few steps.
        let text = """
            name: diverge
            input_shape: [1]
            layers: [{type: dense, units: 1, weights: {kernel: [[1]], bias: [0]}}]
            loss: mse
            optimizer: {type: sgd, learning_rate: 1e150}
            train: {steps: 20}
            data: {inputs: [[1e10]], targets: [[0]]}
            """
        var run = try ModelSpec.parse(text, file: "diverge.yaml").makeRun()
        var steps: [StepResult] = []
        let nonFinite = run.run(record: .ops) { steps.append($0) }
        let found = try #require(nonFinite)
        #expect(steps.count == found.step)
        #expect(steps.count < 20)
        #expect(steps.last?.nonFinite == found)
        // Everything before that step was finite.
        #expect(steps.dropLast().allSatisfy { $0.nonFinite == nil && $0.trace.loss.isFinite })
        #expect(found.description.hasPrefix("step \(found.step): first non-finite value in"))
    }

    @Test(arguments: [0, 1, 7, 8, 9, 31, 32, 33, 40, 71, 100])
    func firstNonFiniteIndexFindsTheFirstOneAnywhere(count: Int) {
        // Finite extremes (the largest and smallest doubles, −0) are finite, even many together.
        let finite = (0..<count).map { index in [1e308, -1.7976931348623157e308, 5e-324, -0.0, 1][index % 5] }
        #expect(Tensor(shape: [count], data: finite).firstNonFiniteIndex == nil)
        for bad in [Double.nan, .infinity, -.infinity] {
            for position in 0..<count {
                var numbers = finite
                numbers[position] = bad
                // A second non-finite number later on does not hide the first.
                if position + 3 < count { numbers[position + 3] = .nan }
                #expect(Tensor(shape: [count], data: numbers).firstNonFiniteIndex == position, "\(bad) at \(position) of \(count)")
            }
        }
    }

    @Test func forwardOverflowIsReportedByScope() {
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [800]), name: "x")
        _ = tape.scoped("layer") { tape.exp(tape.identity(x, "copy"), "grow") }
        #expect(tape.firstNonFiniteForward == "layer/grow")
    }

    @Test func opsThatOnlyMoveNumbersAreNotCheckedButNothingIsMissed() {
        // exp overflows; the relu and reshape after it (not checked: they only move numbers)
        // do not take its place as the first non-finite op.
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [1, 800]), name: "x")
        _ = tape.scoped("layer") { tape.reshape(tape.relu(tape.exp(x, "grow"), "relu"), to: [2, 1], "column") }
        #expect(tape.firstNonFiniteForward == "layer/grow")
        // Through an add, the same gradient numbers (not checked again); 1/x of x's own
        // gradient is a new tensor of the same size, and is checked.
        let tiny = Tape()
        let y = tiny.parameter(Tensor(vector: [1e-320, 1]), name: "y")
        let total = tiny.sum(tiny.add(tiny.log(y, "log"), tiny.constant(Tensor(vector: [0, 0]), name: "zero"), "shift"), "total")
        _ = tiny.gradients(of: total)
        #expect(tiny.firstNonFiniteGradient == "y")
    }

    @Test func reshapesShareNumbersAndCopiesDoNot() {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(a.reshaped([3, 2]).sharesNumbers(with: a))
        #expect(!a.map { $0 }.sharesNumbers(with: a))
        #expect(!Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6]).sharesNumbers(with: a))
    }

    @Test func backwardOverflowIsReportedByScope() {
        // ln of a subnormal number is finite (≈ −737), its derivative 1/x is not.
        let tape = Tape()
        let x = tape.parameter(Tensor(vector: [1e-320]), name: "x")
        let y = tape.scoped("layer") { tape.sum(tape.log(x, "log"), "total") }
        _ = tape.gradients(of: y)
        #expect(tape.firstNonFiniteForward == nil)
        #expect(tape.firstNonFiniteGradient == "x")
    }

    /// Through a ReLU and a max pool (whose gradients are picked from a checked one and not
    /// read again) the first non-finite gradient is the one a scan of every record finds, from
    /// the loss backwards.
    @Test(arguments: [0, 1, 2, 3])
    func gradientsPickedFromACheckedOneHideNothing(scenario: Int) {
        let tape = Tape()
        var image = randomTensor([2, 4, 4, 3], seed: 5)
        var weights = randomTensor([2, 2, 2, 3], seed: 6)
        var kernel = randomTensor([1, 1, 3, 3], seed: 7)
        switch scenario {
        case 1: weights.data[5] = .infinity  // the pooled values' gradient itself
        case 2: image.data.indices.forEach { image.data[$0] = Swift.abs(image.data[$0]) * 1e300 }  // the kernel's gradient overflows
                weights.data.indices.forEach { weights.data[$0] = 1e10 }
                kernel.data.indices.forEach { kernel.data[$0] = 1e-300 }
        case 3: weights.data[0] = .nan
        default: break
        }
        let x = tape.input(image)
        let k = tape.parameter(kernel, name: "kernel")
        let pooled = tape.scoped("layer") {
            tape.maxPool2d(tape.relu(tape.conv2d(x, k, "convolution"), "relu"), poolSize: [2, 2], "pool")
        }
        let loss = tape.sum(tape.multiply(pooled, tape.constant(weights, name: "weights")))
        let grads = tape.gradients(of: loss)
        let scanned = tape.records(gradients: grads).reversed().first { record in
            record.grad.map { $0.data.contains { !$0.isFinite } } ?? false
        }?.scope
        #expect(tape.firstNonFiniteGradient == scanned)
        #expect((scanned == nil) == (scenario == 0))
    }
}
