import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// One network of a GAN trace rebuilt as an engine model, for the GAN figures that must run it
/// (the renderer cannot): its dense layers from the trace's architecture, its parameters as an
/// update of the trace left them.
enum GANTraceNetwork {
    /// The network at `index` of `trace.architecture.networks` (0 the generator, 1 the
    /// discriminator), with the `after` values of its parameters in `record`. `figure` names
    /// the figure in errors.
    static func model(_ trace: Trace, network index: Int, after record: TraceStep, figure: String) throws -> Model {
        guard let networks = trace.architecture.networks, networks.count == 2 else {
            throw RenderError.invalidInput("\(figure) needs the trace of a GAN spec (kind: gan); \(trace.model) is a single model")
        }
        let network = networks[index]
        let first = index == 0 ? 0 : networks[0].layerCount
        var layers: [any Layer] = []
        var weights: [String: Tensor] = [:]
        for info in trace.architecture.layers.dropFirst(first).prefix(network.layerCount) {
            let name = String(info.name.dropFirst(network.name.count + 1))
            guard info.type == "dense", case .int(let units)? = info.config["units"] else {
                throw RenderError.invalidInput("\(figure) runs dense networks only; layer \(info.name) is \(info.type)")
            }
            var activation = Activation.linear
            if case .string(let spelled)? = info.config["activation"], let known = Activation(rawValue: spelled) { activation = known }
            layers.append(Dense(name: name, units: units, activation: activation))
            for param in info.params {
                guard let value = record.params["\(info.name)/\(param)"]?.after else {
                    throw RenderError.invalidInput("step \(record.step)'s \(record.phase ?? "") update has no parameter \(info.name)/\(param)")
                }
                weights["\(name)/\(param)"] = Tensor(value)
            }
        }
        return Model(name: network.name, inputShape: network.inputShape, layers: layers, loss: .binaryCrossentropy, weights: weights)
    }
}
