/// A value of an op's attribute in the trace: a number, an integer list, a string, a flag or a
/// list of strings (a BERT trace's tokens).
///
/// Encoded as the plain JSON value (`0.5`, `[1, 2]`, `"valid"`, `true`, `["[CLS]", "hello"]`).
public enum AttributeValue: Codable, Equatable, Sendable {
    case int(Int)
    case double(Double)
    case ints([Int])
    case string(String)
    case bool(Bool)
    case strings([String])

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int.self) {
            self = .int(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let integers = try? container.decode([Int].self) {
            self = .ints(integers)
        } else if let texts = try? container.decode([String].self) {
            self = .strings(texts)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .ints(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        }
    }
}
