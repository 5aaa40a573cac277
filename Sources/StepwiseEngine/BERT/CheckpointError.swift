import StepwiseTrace

/// A problem with a pretrained checkpoint folder or the text given to it: one line naming the
/// file (`models/x/model.safetensors`), what in it (a tensor name, a config key, a line) and what
/// was expected and found.
public struct CheckpointError: Error, Equatable, CustomStringConvertible, Sendable {
    public let file: String
    /// The tensor, key or line the problem is in; empty when the whole file is meant.
    public let location: String
    public let message: String

    public init(file: String, location: String = "", message: String) {
        self.file = file
        self.location = location
        self.message = message
    }

    public var description: String {
        OneLine.escaped(location.isEmpty ? "\(file): \(message)" : "\(file): \(location): \(message)")
    }
}
