import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Builds the decision-boundary figure's input from a trace: the renderer cannot run a model,
/// so this rebuilds the dense model from the trace's architecture and the step's updated
/// parameters (the engine runs it on the grid), and takes the data points from the step's
/// `input` and `loss/targets` records. "Step N" therefore shows the network after N updates,
/// the same clock as the x of the loss and accuracy charts (`LossCurves`).
///
/// With `layer`, the plane is that layer's output instead of the input: the layer must have two
/// units; the points are the data's activations there (with the same updated parameters) and
/// the grid is classified by the layers after it. This shows what a hidden layer does — it
/// moves the points until one straight line separates them.
public enum DecisionGridMaker {
    /// For a GAN trace, the discriminator's field over the plane (`GANFieldMaker`).
    public static func input(trace: Trace, step: Int?, layer: String? = nil, columns: Int = 60, rows: Int = 60,
                             edition: Edition = .en) throws -> DecisionBoundaryInput {
        if trace.architecture.networks != nil, layer == nil {
            return try GANFieldMaker.input(trace: trace, step: step, columns: columns, rows: rows, edition: edition)
        }
        let lookup = try TraceLookup(trace, step: step)
        let architecture = trace.architecture
        guard architecture.inputShape == [2] || layer != nil else {
            throw RenderError.invalidInput("decision-boundary needs a model on 2 inputs, found input shape \(architecture.inputShape)")
        }
        let dense = try TracedDenseModel(trace: trace, lookup: lookup, figure: "decision-boundary")
        let (layers, weights, activations, loss, model) = (dense.layers, dense.weights, dense.activations, dense.loss, dense.model)
        guard let outputUnits = architecture.layers.last?.outputShape.last, outputUnits <= 2 else {
            throw RenderError.invalidInput("decision-boundary needs one sigmoid output or two softmax outputs")
        }
        let inputs = try lookup.tensor("input")
        let targets = try lookup.tensor("loss/targets")
        let count = inputs.shape[0]

        // The plane: the inputs, or a layer's outputs; and the model that classifies its points.
        var plane = Tensor(shape: inputs.shape, data: inputs.data)
        var classifier = model
        var range: ClosedRange<Double>?
        if let layer {
            guard let index = architecture.layers.firstIndex(where: { $0.name == layer }) else {
                throw RenderError.invalidInput("decision-boundary: no layer \"\(layer)\" (layers: \(architecture.layers.map(\.name).joined(separator: ", ")))")
            }
            guard architecture.layers[index].outputShape == [2], index + 1 < architecture.layers.count else {
                throw RenderError.invalidInput("decision-boundary over a layer needs a hidden layer of 2 units; \(layer) has output shape \(architecture.layers[index].outputShape)\(index + 1 < architecture.layers.count ? "" : " and is the last layer")")
            }
            let tape = Tape()
            let forward = model.forward(plane, on: tape)
            plane = tape.value(forward.layerOutputs[index].variable)
            let rest = Array(layers[(index + 1)...])
            classifier = Model(name: trace.model, inputShape: [2], layers: rest, loss: loss,
                               weights: weights.filter { name, _ in rest.contains { name.hasPrefix("\($0.name)/") } })
            switch activations[layer] {
            case .tanh?: range = -1.1...1.1
            case .sigmoid?: range = -0.1...1.1
            default: range = nil
            }
        }
        let points = classLabels(targets, count: count).enumerated().map { k, label in
            LabeledPoint(x: plane.data[2 * k], y: plane.data[2 * k + 1], label: label)
        }
        let xs = points.map(\.x)
        let ys = points.map(\.y)
        var grid = DecisionGrid(xRange: range ?? padded(xs), yRange: range ?? padded(ys), columns: columns, rows: rows,
                                values: [Double](repeating: 0, count: columns * rows))
        let centers = grid.centers
        let output = classifier.predict(Tensor(shape: [centers.count, 2], data: centers.flatMap { [$0.x, $0.y] }))
        grid.values = outputUnits == 1 ? output.data : (0..<centers.count).map { output.data[2 * $0 + 1] }
        var input = DecisionBoundaryInput(grid: grid, points: points, model: trace.model, step: lookup.step.step)
        if let layer {
            let labels = ReaderLabel(trace.architecture, edition: edition)
            input.space = labels.layer(layer)
            input.xLabel = ChartWords.outputOf(edition, ["unit": Markup.escape(labels.unit(layer, 0))])
            input.yLabel = ChartWords.outputOf(edition, ["unit": Markup.escape(labels.unit(layer, 1))])
        }
        return input
    }

    /// The values' range widened by a tenth of its width on each side (at least 0.1), so that
    /// no point sits on the plot's edge.
    static func padded(_ values: [Double]) -> ClosedRange<Double> {
        let low = values.min() ?? 0
        let high = values.max() ?? 1
        let pad = max(0.1 * (high - low), 0.1)
        return (low - pad)...(high + pad)
    }

    /// Each of `count` samples' class, 0 or 1: its target when there is one per sample (≥ ½
    /// is 1), else whether the largest of its targets is not the first.
    static func classLabels(_ targets: TensorValue, count: Int) -> [Int] {
        (0..<count).map { k in
            if targets.data.count == count { return targets.data[k] >= 0.5 ? 1 : 0 }
            let width = targets.data.count / count
            return targets.data[(k * width)..<((k + 1) * width)].enumerated().max { $0.element < $1.element }!.offset >= 1 ? 1 : 0
        }
    }
}
