import StepwiseTrace

/// A sequential model: layers in order, their parameter values, and the loss.
///
/// Parameters are keyed `"<layer>/<param>"` (`hidden/kernel`), the trace's `params` keys.
public struct Model: Sendable {
    public let name: String
    /// One sample's input shape, no batch axis.
    public let inputShape: [Int]
    /// True when inputs are integer token ids (an `embedding` model): no input gradient.
    public let integerInputs: Bool
    public let layers: [any Layer]
    public let loss: Loss
    /// Every parameter's full name, in layer order and each layer's parameter order.
    public let parameterNames: [String]
    /// Current parameter values by full name.
    public internal(set) var parameters: [String: Tensor]
    /// Each layer's input shape (no batch axis).
    public let layerInputShapes: [[Int]]

    /// Builds a model; parameters missing from `weights` are initialised from `seed`, each from
    /// its own stream (`init/<layer>/<param>`), so given weights never shift the others.
    /// Shapes of given weights must already be checked (the spec reader does so).
    public init(
        name: String, inputShape: [Int], layers: [any Layer], loss: Loss, seed: UInt64 = 0,
        weights: [String: Tensor] = [:], integerInputs: Bool = false
    ) {
        self.name = name
        self.inputShape = inputShape
        self.layers = layers
        self.loss = loss
        self.integerInputs = integerInputs
        var shapes: [[Int]] = []
        var names: [String] = []
        var values: [String: Tensor] = [:]
        var shape = inputShape
        for layer in layers {
            shapes.append(shape)
            for (param, paramShape) in layer.parameterShapes(for: shape) {
                let fullName = "\(layer.name)/\(param)"
                names.append(fullName)
                if let given = weights[fullName] {
                    precondition(given.shape == paramShape, "\(fullName): shape \(given.shape), expected \(paramShape)")
                    values[fullName] = given
                } else {
                    var random = SeededRandom(seed: seed, label: "init/\(fullName)")
                    values[fullName] = layer.initialValue(for: param, shape: paramShape, random: &random)
                }
            }
            shape = layer.outputShape(for: shape)
        }
        self.layerInputShapes = shapes
        self.parameterNames = names
        self.parameters = values
    }

    /// One sample's output shape.
    public var outputShape: [Int] {
        layers.last.map { $0.outputShape(for: layerInputShapes.last!) } ?? inputShape
    }

    /// The number of trainable numbers.
    public var parameterCount: Int {
        parameters.values.reduce(0) { $0 + $1.count }
    }

    /// The model as a trace describes it.
    public func architecture(optimizer: String) -> Architecture {
        let infos = layers.indices.map { index in
            let layer = layers[index]
            let inputShape = layerInputShapes[index]
            return LayerInfo(name: layer.name, type: layer.type, outputShape: layer.outputShape(for: inputShape),
                             config: layer.config, params: layer.parameterShapes(for: inputShape).map(\.name))
        }
        return Architecture(inputShape: inputShape, integerInputs: integerInputs, layers: infos,
                            loss: loss.rawValue, optimizer: optimizer)
    }

    /// The variables of one forward pass.
    public struct Forward {
        public let input: Variable
        /// The last layer's output.
        public let output: Variable
        /// Each layer's output, in layer order.
        public let layerOutputs: [(layer: String, variable: Variable)]
        /// Each parameter's leaf by full name.
        public let parameters: [String: Variable]
    }

    /// Records the forward pass of `input [batch, …]` on `tape`: the input leaf, then for each
    /// layer its parameter leaves (`<layer>/<param>`) followed by its ops.
    public func forward(_ input: Tensor, on tape: Tape) -> Forward {
        forward(from: tape.input(input, differentiable: !integerInputs), on: tape)
    }

    /// Records the forward pass from `inputVariable [batch, …]`, a value already on `tape` (a
    /// GAN's discriminator reads the generator's output this way); `frozen` parameters get no
    /// gradient (the discriminator during the generator's update).
    public func forward(from inputVariable: Variable, on tape: Tape, frozen: Bool = false) -> Forward {
        var current = inputVariable
        var outputs: [(String, Variable)] = []
        var leaves: [String: Variable] = [:]
        for (index, layer) in layers.enumerated() {
            var layerLeaves: [String: Variable] = [:]
            tape.scoped(layer.name) {
                for (param, _) in layer.parameterShapes(for: layerInputShapes[index]) {
                    let leaf = tape.parameter(parameters["\(layer.name)/\(param)"]!, name: param, frozen: frozen)
                    layerLeaves[param] = leaf
                    leaves["\(layer.name)/\(param)"] = leaf
                }
            }
            current = layer(current, parameters: layerLeaves, on: tape)
            outputs.append((layer.name, current))
        }
        return Forward(input: inputVariable, output: current, layerOutputs: outputs, parameters: leaves)
    }

    /// Records the total loss: the data loss, plus each regularized layer's kernel penalty
    /// (summed as `loss/regularization` when there are several) as `loss/total`.
    public func totalLoss(of forward: Forward, targets: Tensor, on tape: Tape) -> Variable {
        losses(of: forward, targets: targets, on: tape).total
    }

    /// Records the data loss and the total loss (the same variable without regularizers).
    func losses(of forward: Forward, targets: Tensor, on tape: Tape) -> (total: Variable, data: Variable) {
        let dataLoss = loss.apply(prediction: forward.output, targets: targets, on: tape)
        var penalties: [Variable] = []
        for layer in layers {
            guard let regularizer = layer.regularizer, let kernel = forward.parameters["\(layer.name)/kernel"] else { continue }
            if let penalty = tape.scoped(layer.name, { regularizer.penalty(of: kernel, on: tape) }) {
                penalties.append(penalty)
            }
        }
        guard var regularization = penalties.first else { return (dataLoss, dataLoss) }
        let total = tape.scoped("loss") {
            for penalty in penalties.dropFirst() { regularization = tape.add(regularization, penalty, "regularization") }
            return tape.add(dataLoss, regularization, "total")
        }
        return (total, dataLoss)
    }
}
