/// The trace of a forward-only run (a pretrained encoder, `"kind": "bert"`): one step whose
/// `loss` is null, `params` {} and `input_grad` null (model-spec.md, "BERT specs"), written as
/// one JSON document with the same keys as `Trace`. Op records carry no gradients.
/// `TraceReader.readForward` reads one back.
public struct ForwardTrace: Codable, Sendable {
    public var model: String
    public var architecture: Architecture
    public var steps: [ForwardTraceStep]

    public init(model: String, architecture: Architecture, steps: [ForwardTraceStep]) {
        self.model = model
        self.architecture = architecture
        self.steps = steps
    }

    private enum CodingKeys: String, CodingKey { case format, version, model, architecture, steps }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Trace.formatName, forKey: .format)
        try container.encode(Trace.currentVersion, forKey: .version)
        try container.encode(model, forKey: .model)
        try container.encode(architecture, forKey: .architecture)
        try container.encode(steps, forKey: .steps)
    }

    /// Reads `model`, `architecture` and `steps` (`TraceReader` has checked `format` and `version`).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decode(String.self, forKey: .model)
        architecture = try container.decode(Architecture.self, forKey: .architecture)
        steps = try container.decode([ForwardTraceStep].self, forKey: .steps)
    }

    /// The step numbered `number`, or nil.
    public func step(_ number: Int) -> ForwardTraceStep? {
        steps.first { $0.step == number }
    }
}

/// One forward-only step: `outputs` and `ops` as in `TraceStep`; `loss`, `params` and
/// `input_grad` written as null, {} and null.
public struct ForwardTraceStep: Codable, Equatable, Sendable {
    public var step: Int
    public var outputs: [String: TensorValue]
    public var ops: [OpRecord]

    public init(step: Int, outputs: [String: TensorValue], ops: [OpRecord]) {
        self.step = step
        self.outputs = outputs
        self.ops = ops
    }

    /// The op record with this scope, if the step has one.
    public func op(scope: String) -> OpRecord? {
        ops.first { $0.scope == scope }
    }

    private enum CodingKeys: String, CodingKey {
        case step, loss, outputs, params, ops
        case inputGrad = "input_grad"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(step, forKey: .step)
        try container.encodeNil(forKey: .loss)
        try container.encode(outputs, forKey: .outputs)
        try container.encode([String: ParamRecord](), forKey: .params)
        try container.encodeNil(forKey: .inputGrad)
        try container.encode(ops, forKey: .ops)
    }

    /// Reads `step`, `outputs` and `ops`; `loss` must be null (a forward pass has none).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        step = try container.decode(Int.self, forKey: .step)
        if try container.decodeIfPresent(Double.self, forKey: .loss) != nil {
            throw DecodingError.dataCorruptedError(forKey: .loss, in: container, debugDescription: "expected null (a forward pass has no loss)")
        }
        outputs = try container.decode([String: TensorValue].self, forKey: .outputs)
        ops = try container.decode([OpRecord].self, forKey: .ops)
    }
}
