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
    /// A GAN's two networks, generator first (nil for a model spec, and then absent from the
    /// JSON). `layers` then lists the generator's layers and then the discriminator's, each
    /// named `<network>/<layer>` as the trace's `outputs` keys are, and `input_shape` is the
    /// generator's (the noise, `[latent_dim]`).
    public var networks: [NetworkInfo]?

    public init(inputShape: [Int], integerInputs: Bool, layers: [LayerInfo], loss: String, optimizer: String,
                networks: [NetworkInfo]? = nil) {
        self.inputShape = inputShape
        self.integerInputs = integerInputs
        self.layers = layers
        self.loss = loss
        self.optimizer = optimizer
        self.networks = networks
    }

    private enum CodingKeys: String, CodingKey {
        case layers, loss, optimizer, networks
        case inputShape = "input_shape"
        case integerInputs = "integer_inputs"
    }
}

/// One network of a GAN's `Architecture`.
public struct NetworkInfo: Codable, Equatable, Sendable {
    /// `generator` or `discriminator`, the prefix of its layers' names.
    public var name: String
    /// One sample's input shape: `[latent_dim]` for the generator, a sample's for the discriminator.
    public var inputShape: [Int]
    /// The number of its layers in `Architecture.layers`.
    public var layerCount: Int
    /// Its optimizer's name (`sgd`, `adam`).
    public var optimizer: String

    public init(name: String, inputShape: [Int], layerCount: Int, optimizer: String) {
        self.name = name
        self.inputShape = inputShape
        self.layerCount = layerCount
        self.optimizer = optimizer
    }

    private enum CodingKeys: String, CodingKey {
        case name, optimizer
        case inputShape = "input_shape"
        case layerCount = "layer_count"
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
