import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Builds the neuron-plane figure's input from a trace: the dense model of the step's updated
/// parameters (`TracedDenseModel`, so "step N" shows the network after N updates, as the
/// decision boundary does) runs on a grid over the input plane, and each panel keeps one
/// neuron's output of `layer`; the training points come from the step's `input` and
/// `loss/targets` records.
public enum NeuronPlaneMaker {
    /// `layer` nil: the first layer; `unit` nil: every unit of the layer, 0-based otherwise.
    public static func input(trace: Trace, step: Int?, layer: String?, unit: Int?, columns: Int = 60, rows: Int = 60,
                             edition: Edition = .en) throws -> NeuronPlaneInput {
        let architecture = trace.architecture
        guard architecture.networks == nil, architecture.inputShape == [2] else {
            throw RenderError.invalidInput("neuron-plane needs a dense model on 2 inputs, found input shape \(architecture.inputShape)")
        }
        let lookup = try TraceLookup(trace, step: step)
        let dense = try TracedDenseModel(trace: trace, lookup: lookup, figure: "neuron-plane")
        let name = layer ?? architecture.layers.first?.name ?? ""
        guard let index = architecture.layers.firstIndex(where: { $0.name == name }) else {
            throw RenderError.invalidInput("neuron-plane: no layer \"\(name)\" (layers: \(architecture.layers.map(\.name).joined(separator: ", ")))")
        }
        let units = architecture.layers[index].outputShape.last ?? 0
        if let unit, unit >= units {
            throw RenderError.invalidInput("neuron-plane: no unit \(unit + 1) in layer \(name), which has \(units) unit\(units == 1 ? "" : "s")")
        }
        let inputs = try lookup.tensor("input")
        let targets = try lookup.tensor("loss/targets")
        let count = inputs.shape[0]
        let points = DecisionGridMaker.classLabels(targets, count: count).enumerated().map { k, label in
            LabeledPoint(x: inputs.data[2 * k], y: inputs.data[2 * k + 1], label: label)
        }
        let empty = DecisionGrid(xRange: DecisionGridMaker.padded(points.map(\.x)), yRange: DecisionGridMaker.padded(points.map(\.y)),
                                 columns: columns, rows: rows, values: [Double](repeating: 0, count: columns * rows))
        let centers = empty.centers
        let tape = Tape()
        let forward = dense.model.forward(Tensor(shape: [centers.count, 2], data: centers.flatMap { [$0.x, $0.y] }), on: tape)
        let outputs = tape.value(forward.layerOutputs[index].variable)
        let labels = ReaderLabel(architecture, edition: edition)
        let shown = unit.map { [$0] } ?? Array(0..<units)
        let panels = shown.map { u -> NeuronPlaneInput.Panel in
            var grid = empty
            grid.values = (0..<centers.count).map { outputs.data[$0 * units + u] }
            // Side by side, the title names the layer and each panel its neuron's number.
            return NeuronPlaneInput.Panel(name: Markup.escape(shown.count == 1 ? labels.unit(name, u) : ChartWords.neuronNumber(edition, ["n": "\(u + 1)"])), grid: grid)
        }
        let activation = dense.activations[name] ?? .linear
        let values = panels.flatMap(\.grid.values)
        let range: ValueRange
        let level: Double?
        switch activation {
        case .tanh: (range, level) = (ValueRange(-1, 1), 0)
        case .sigmoid, .softmax: (range, level) = (ValueRange(0, 1), 0.5)
        case .relu: (range, level) = (ValueRange.symmetric(values), nil)
        case .linear: (range, level) = (ValueRange.symmetric(values), 0)
        }
        var input = NeuronPlaneInput(panels: panels, points: points, range: range, layer: labels.layer(name),
                                     activation: activation == .linear ? "" : activation.rawValue, model: trace.model, step: lookup.step.step)
        input.switchLevel = level
        return input
    }
}
