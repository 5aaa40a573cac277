import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Builds the decision-boundary figure's input from a trace: the renderer cannot run a model,
/// so this rebuilds the dense model from the trace's architecture and the step's updated
/// parameters (the engine runs it on the grid), and takes the data points from the step's
/// `input` and `loss/targets` records.
public enum DecisionGridMaker {
    public static func input(trace: Trace, step: Int?, columns: Int = 60, rows: Int = 60) throws -> DecisionBoundaryInput {
        let lookup = try TraceLookup(trace, step: step)
        let architecture = trace.architecture
        guard architecture.inputShape == [2] else {
            throw RenderError.invalidInput("decision-boundary needs a model on 2 inputs, found input shape \(architecture.inputShape)")
        }
        var layers: [any Layer] = []
        var weights: [String: Tensor] = [:]
        for info in architecture.layers {
            guard info.type == "dense", case .int(let units)? = info.config["units"] else {
                throw RenderError.invalidInput("decision-boundary runs dense models only; layer \(info.name) is \(info.type)")
            }
            var activation = Activation.linear
            if case .string(let name)? = info.config["activation"], let known = Activation(rawValue: name) { activation = known }
            layers.append(Dense(name: info.name, units: units, activation: activation))
            for param in info.params {
                let value = try lookup.tensor("\(info.name)/\(param)", kind: .after)
                weights["\(info.name)/\(param)"] = Tensor(shape: value.shape, data: value.data)
            }
        }
        guard let outputUnits = architecture.layers.last?.outputShape.last, outputUnits <= 2 else {
            throw RenderError.invalidInput("decision-boundary needs one sigmoid output or two softmax outputs")
        }
        let model = Model(name: trace.model, inputShape: [2], layers: layers, loss: Loss(rawValue: architecture.loss) ?? .mse, weights: weights)
        let inputs = try lookup.tensor("input")
        let targets = try lookup.tensor("loss/targets")
        let count = inputs.shape[0]
        var points: [LabeledPoint] = []
        for k in 0..<count {
            let label: Int
            if targets.data.count == count {
                label = targets.data[k] >= 0.5 ? 1 : 0
            } else {
                let width = targets.data.count / count
                label = targets.data[(k * width)..<((k + 1) * width)].enumerated().max { $0.element < $1.element }!.offset >= 1 ? 1 : 0
            }
            points.append(LabeledPoint(x: inputs.data[2 * k], y: inputs.data[2 * k + 1], label: label))
        }
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        func padded(_ values: [Double]) -> ClosedRange<Double> {
            let low = values.min() ?? 0
            let high = values.max() ?? 1
            let pad = max(0.1 * (high - low), 0.1)
            return (low - pad)...(high + pad)
        }
        var grid = DecisionGrid(xRange: padded(xs), yRange: padded(ys), columns: columns, rows: rows,
                                values: [Double](repeating: 0, count: columns * rows))
        let centers = grid.centers
        let tape = Tape()
        let forward = model.forward(Tensor(shape: [centers.count, 2], data: centers.flatMap { [$0.x, $0.y] }), on: tape)
        let output = tape.value(forward.output)
        grid.values = outputUnits == 1 ? output.data : (0..<centers.count).map { output.data[2 * $0 + 1] }
        return DecisionBoundaryInput(grid: grid, points: points, model: trace.model, step: lookup.step.step)
    }
}
