/// Stochastic gradient descent with optional momentum and Nesterov momentum, as Keras 3's
/// `SGD` computes it:
///
///     plain:     w ← w − lr·g
///     momentum:  m ← momentum·m − lr·g;  w ← w + m
///     nesterov:  m ← momentum·m − lr·g;  w ← w + momentum·m − lr·g
public struct SGD: Optimizer {
    public let learningRate: Double
    public let momentum: Double
    public let nesterov: Bool
    private var velocities: [String: [Double]] = [:]

    public init(learningRate: Double, momentum: Double = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public var type: String { "sgd" }

    public mutating func update(_ name: String, value: Tensor, gradient: Tensor, step: Int) -> Tensor {
        let lr = learningRate
        guard momentum != 0 else {
            return value.zip(gradient) { w, g in w - g * lr }
        }
        var velocity = velocities[name] ?? [Double](repeating: 0, count: value.count)
        var updated = value.data
        for index in updated.indices {
            let g = gradient.data[index]
            velocity[index] = velocity[index] * momentum - g * lr
            updated[index] += nesterov ? velocity[index] * momentum - g * lr : velocity[index]
        }
        velocities[name] = velocity
        return Tensor(shape: value.shape, data: updated)
    }
}
