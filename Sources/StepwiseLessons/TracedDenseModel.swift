import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// A dense model rebuilt from a trace's architecture with one step's parameters after its
/// update, for the figures that must run the network on points the trace never saw (decision
/// boundaries, neuron planes). `figure` names the figure in errors.
struct TracedDenseModel {
    let model: Model
    let layers: [any Layer]
    /// Parameter name ("hidden/kernel") → its value after the step's update.
    let weights: [String: Tensor]
    /// Layer name → its activation.
    let activations: [String: Activation]
    let loss: Loss

    init(trace: Trace, lookup: TraceLookup, figure: String) throws {
        let architecture = trace.architecture
        var layers: [any Layer] = []
        var weights: [String: Tensor] = [:]
        var activations: [String: Activation] = [:]
        for info in architecture.layers {
            guard info.type == "dense", case .int(let units)? = info.config["units"] else {
                throw RenderError.invalidInput("\(figure) runs dense models only; layer \(info.name) is \(info.type)")
            }
            var activation = Activation.linear
            if case .string(let name)? = info.config["activation"], let known = Activation(rawValue: name) { activation = known }
            activations[info.name] = activation
            layers.append(Dense(name: info.name, units: units, activation: activation))
            for param in info.params {
                let value = try lookup.tensor("\(info.name)/\(param)", kind: .after)
                weights["\(info.name)/\(param)"] = Tensor(shape: value.shape, data: value.data)
            }
        }
        let loss = Loss(rawValue: architecture.loss) ?? .mse
        self.model = Model(name: trace.model, inputShape: architecture.inputShape, layers: layers, loss: loss, weights: weights)
        self.layers = layers
        self.weights = weights
        self.activations = activations
        self.loss = loss
    }
}
