/// One primitive operation of a training step, as the trace records it.
///
/// Leaves are records too: the batch input (`op: "input"`), every parameter (`"parameter"`) and
/// every constant (`"constant"`, such as the loss's targets), so `inputs` always names records
/// of the same step by `id`. Records appear in execution order; `id` is the position in `ops`.
public struct OpRecord: Codable, Equatable, Sendable {
    /// Position of this record in the step's `ops`.
    public var id: Int
    /// The op kind (`matmul`, `sigmoid`, `parameter`, …); see docs/trace-format.md.
    public var op: String
    /// Stable, human-readable name (`hidden/matmul`, `loss/mean`).
    public var scope: String
    /// The `id`s of the records this op read, in argument order.
    public var inputs: [Int]
    /// Op settings (`axis`, `factor`, `min`, …); empty for most ops.
    public var attributes: [String: AttributeValue]
    /// The forward value.
    public var value: TensorValue
    /// dLoss/dValue, or nil when the loss does not depend on this value through a
    /// differentiable path (constants, targets).
    public var grad: TensorValue?

    public init(
        id: Int, op: String, scope: String, inputs: [Int],
        attributes: [String: AttributeValue], value: TensorValue, grad: TensorValue?
    ) {
        self.id = id
        self.op = op
        self.scope = scope
        self.inputs = inputs
        self.attributes = attributes
        self.value = value
        self.grad = grad
    }

    private enum CodingKeys: String, CodingKey {
        case id, op, scope, inputs, attributes, value, grad
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(Int.self, forKey: .id)
        op = try container.decode(String.self, forKey: .op)
        scope = try container.decode(String.self, forKey: .scope)
        inputs = try container.decode([Int].self, forKey: .inputs)
        attributes = try container.decode([String: AttributeValue].self, forKey: .attributes)
        value = try container.decode(TensorValue.self, forKey: .value)
        grad = try container.decodeIfPresent(TensorValue.self, forKey: .grad)
    }

    /// Writes `grad` as an explicit `null` when absent, so every record has the same keys.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(op, forKey: .op)
        try container.encode(scope, forKey: .scope)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(value, forKey: .value)
        try container.encode(grad, forKey: .grad)
    }
}
