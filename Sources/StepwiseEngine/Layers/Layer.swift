import StepwiseTrace

/// One layer of a sequential model: its parameters' shapes and initialisation, and its forward
/// computation recorded on a tape under the layer's name as scope.
///
/// A layer holds configuration only; parameter values live in the `Model`, keyed `name/param`.
public protocol Layer: Sendable {
    /// Unique within the model; the scope of every op the layer records.
    var name: String { get }
    /// The spec's layer type (`dense`).
    var type: String { get }
    /// The settings a reader of the trace needs (`units`, `activation`, …).
    var config: [String: AttributeValue] { get }
    /// The kernel regularizer, if any.
    var regularizer: Regularizer? { get }

    /// One sample's output shape for one sample's `inputShape` (no batch axis).
    func outputShape(for inputShape: [Int]) -> [Int]
    /// Parameter names in order, with their shapes, for one sample's `inputShape`.
    func parameterShapes(for inputShape: [Int]) -> [(name: String, shape: [Int])]
    /// A fresh value for parameter `name` of `shape`, drawn from `random`.
    func initialValue(for name: String, shape: [Int], random: inout SeededRandom) -> Tensor
    /// Records the layer's forward pass on `tape`: `input [batch, …]` → output `[batch, …]`.
    /// `parameters` holds the leaves of this layer's parameters, keyed by parameter name.
    func callAsFunction(_ input: Variable, parameters: [String: Variable], on tape: Tape) -> Variable
}

/// Glorot (Xavier) uniform initialisation, Keras's default for kernels:
/// uniform in ±√(6 / (fanIn + fanOut)).
public func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, random: inout SeededRandom) -> Tensor {
    let limit = (6 / Double(fanIn + fanOut)).squareRoot()
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in random.uniform(-limit, limit) })
}
