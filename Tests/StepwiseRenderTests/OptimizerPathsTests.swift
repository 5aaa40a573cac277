import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing

/// optimizer-paths: plain gradient descent and Adam on the loss of one linear neuron y = w·x + b
/// (two parameters), the paths read from the engine's traces, the grid from the engine's loss.
/// Its golden is `FigureGoldenTests.optimizerPaths`.
@Suite struct OptimizerPathsTests {
    static func neuron(_ optimizer: String, name: String) -> String {
        """
        name: \(name)
        input_shape: [1]
        layers: [{type: dense, name: neuron, units: 1, weights: {kernel: [[3]], bias: [-1]}}]
        loss: mse
        optimizer: \(optimizer)
        train: {steps: 15}
        data: {inputs: [[1], [2], [3]], targets: [[2], [3], [4.5]]}
        """
    }

    /// The figure input: each trace's (w, b) before step 1 and after every step, and the loss of
    /// the trained-model shape with (w, b) set to each grid centre.
    static func input() throws -> OptimizerPathsInput {
        let runs = try [("plain (η = 0.05)", "{type: sgd, learning_rate: 0.05}"), ("Adam (η = 0.3)", "{type: adam, learning_rate: 0.3}")]
            .map { label, optimizer in (label, try EngineTraces.run(neuron(optimizer, name: label.hasPrefix("Adam") ? "adam" : "plain"), record: .summary)) }
        func point(_ step: TraceStep, after: Bool) -> Point {
            let (w, b) = (step.params["neuron/kernel"]!, step.params["neuron/bias"]!)
            return after ? Point(w.after.data[0], b.after.data[0]) : Point(w.before.data[0], b.before.data[0])
        }
        let paths = runs.map { label, run in
            OptimizerPath(label: label, points: [point(run.trace.steps[0], after: false)] + run.trace.steps.map { point($0, after: true) })
        }
        let model = runs[0].1.model
        let inputs = Tensor(shape: [3, 1], data: [1, 2, 3]), targets = Tensor(shape: [3, 1], data: [2, 3, 4.5])
        let grid = DecisionGrid.sampling(xRange: -0.5...3.5, yRange: -2.5...2.5, columns: 40, rows: 40) { w, b in
            model.replacingParameters(["neuron/kernel": Tensor(shape: [1, 1], data: [w]), "neuron/bias": Tensor(shape: [1], data: [b])])
                .evaluate(inputs: inputs, targets: targets).total
        }
        return OptimizerPathsInput(grid: grid, paths: paths, xLabel: "w, weight", yLabel: "b, bias", model: "plain, adam")
    }

    /// The contour levels lie strictly inside the grid's loss range, evenly spaced in log(loss).
    @Test func levelsAreLogSpacedInsideTheRange() {
        let levels = OptimizerPaths.levels([0.01, 100, 3], count: 3)
        #expect(levels.count == 3)
        for (level, expected) in zip(levels, [0.1, 1, 10]) { #expect(abs(level - expected) < 1e-12 * expected) }
        #expect(OptimizerPaths.levels([2, 2]).isEmpty)
    }

    /// Every path starts at the spec's weights and its dots are the trace's values; the caption
    /// names where each run ends.
    @Test func pathsComeFromTheTraces() throws {
        let input = try Self.input()
        #expect(input.paths.allSatisfy { $0.points.first == Point(3, -1) && $0.points.count == 16 })
        let figure = OptimizerPaths.figure(input)
        #expect(figure.title == "Two optimizers on one loss surface")
        let end = input.paths[1].points.last!
        #expect(figure.caption.contains("Adam (η = 0.3) from (\(NumberFormat.compact(3)), \(NumberFormat.compact(-1))) to (\(NumberFormat.compact(end.x)), \(NumberFormat.compact(end.y)))"))
    }
}
