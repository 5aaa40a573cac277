/// The model a trace came from, so a reader can draw it without the spec: layers in order with
/// their output shapes, plus the loss and optimizer names. An addition of Stepwise's to the
/// contract's fixed keys (see docs/trace-format.md).
public struct Architecture: Codable, Equatable, Sendable {
    /// One sample's input shape, no batch axis.
    public var inputShape: [Int]
    /// True when inputs are integer token ids (then `input_grad` is null).
    public var integerInputs: Bool
    public var layers: [LayerInfo]
    /// The spec's loss name (`mse`, `cross_entropy`, …).
    public var loss: String
    /// The spec's optimizer name (`sgd`, `adam`).
    public var optimizer: String

    public init(inputShape: [Int], integerInputs: Bool, layers: [LayerInfo], loss: String, optimizer: String) {
        self.inputShape = inputShape
        self.integerInputs = integerInputs
        self.layers = layers
        self.loss = loss
        self.optimizer = optimizer
    }

    private enum CodingKeys: String, CodingKey {
        case layers, loss, optimizer
        case inputShape = "input_shape"
        case integerInputs = "integer_inputs"
    }
}

/// One layer of an `Architecture`.
public struct LayerInfo: Codable, Equatable, Sendable {
    /// Unique layer name (`hidden`, `dense0`).
    public var name: String
    /// The spec's layer type (`dense`, `conv2d`, …).
    public var type: String
    /// One sample's output shape, no batch axis.
    public var outputShape: [Int]
    /// Layer settings as the spec gave them (`units`, `activation`, …).
    public var config: [String: AttributeValue]
    /// Parameter names in the layer's order (`kernel`, `bias`); `params` keys are `name/param`.
    public var params: [String]

    public init(name: String, type: String, outputShape: [Int], config: [String: AttributeValue], params: [String]) {
        self.name = name
        self.type = type
        self.outputShape = outputShape
        self.config = config
        self.params = params
    }

    private enum CodingKeys: String, CodingKey {
        case name, type, config, params
        case outputShape = "output_shape"
    }
}
