/// One training step of a trace: the five contract keys plus the fine-grained `ops`.
public struct TraceStep: Codable, Equatable, Sendable {
    /// 1-based step number.
    public var step: Int
    /// The step's total loss (data loss plus regularization), with the weights before the update.
    public var loss: Double
    /// Every layer's output after its activation, keyed by layer name; shape `[batch, …]`.
    public var outputs: [String: TensorValue]
    /// Every parameter keyed `"<layer>/<param>"` (`hidden/kernel`).
    public var params: [String: ParamRecord]
    /// dLoss/dInput for the whole batch; nil for integer inputs or when not recorded.
    public var inputGrad: TensorValue?
    /// Every op in execution order; empty unless the trace was recorded at the `ops` level.
    public var ops: [OpRecord]
    /// A GAN's update: `"discriminator"` or `"generator"` (`step` is then the GAN step, shared by
    /// its updates); nil, and absent from the JSON, for a model spec's step.
    public var phase: String?

    public init(
        step: Int, loss: Double, outputs: [String: TensorValue], params: [String: ParamRecord],
        inputGrad: TensorValue?, ops: [OpRecord], phase: String? = nil
    ) {
        self.step = step
        self.loss = loss
        self.outputs = outputs
        self.params = params
        self.inputGrad = inputGrad
        self.ops = ops
        self.phase = phase
    }

    private enum CodingKeys: String, CodingKey {
        case step, loss, outputs, params, ops, phase
        case inputGrad = "input_grad"
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decode(Int.self, forKey: .step)
        loss = try container.decode(Double.self, forKey: .loss)
        outputs = try container.decode([String: TensorValue].self, forKey: .outputs)
        params = try container.decode([String: ParamRecord].self, forKey: .params)
        inputGrad = try container.decodeIfPresent(TensorValue.self, forKey: .inputGrad)
        ops = try container.decode([OpRecord].self, forKey: .ops)
        phase = try container.decodeIfPresent(String.self, forKey: .phase)
    }

    /// Writes `input_grad` as an explicit `null` when absent: the key is part of the contract.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encode(loss, forKey: .loss)
        try container.encode(outputs, forKey: .outputs)
        try container.encode(params, forKey: .params)
        try container.encode(inputGrad, forKey: .inputGrad)
        try container.encode(ops, forKey: .ops)
        try container.encodeIfPresent(phase, forKey: .phase)
    }

    /// The op record with this scope, if the step has one.
    public func op(scope: String) -> OpRecord? {
        ops.first { $0.scope == scope }
    }
}
