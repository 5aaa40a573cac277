import StepwiseTrace

/// A problem with a user's spec: one line naming the file, the field path (or line) and what
/// was expected and found, as in `spec.yaml: layers[1].units: expected a positive integer, found "two"`.
public struct SpecError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// The field path (`layers[0].weights.kernel`), or `line:column` for a syntax error.
    public let location: String
    public let message: String

    public init(file: String, location: String, message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        OneLine.escaped(location.isEmpty ? "\(file): \(message)" : "\(file): \(location): \(message)")
    }
}
