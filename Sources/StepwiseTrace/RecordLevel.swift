/// How much of each step a trace keeps.
///
/// - `summary`: `step`, `loss` and `params`; `outputs` is empty, `input_grad` null, `ops` empty.
/// - `layers`: adds every layer's `outputs` and `input_grad`.
/// - `ops`: adds every op record: forward value, gradient, inputs, attributes.
public enum RecordLevel: String, CaseIterable, Codable, Sendable {
    case summary, layers, ops

    public var keepsOutputs: Bool { self != .summary }
    public var keepsOps: Bool { self == .ops }
}
