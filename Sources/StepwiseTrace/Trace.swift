/// A whole trace file: what ran, and every recorded step.
///
/// `format`, `version`, `model` and `steps` are the contract's fixed keys; `architecture` is
/// Stepwise's addition. Read one with `TraceReader`, write one step at a time with `TraceWriter`.
public struct Trace: Codable, Equatable, Sendable {
    /// Always `"stepwise-trace"`.
    public var format: String
    /// The trace format version this library reads and writes.
    public var version: Int
    /// The spec's `name`.
    public var model: String
    public var architecture: Architecture
    public var steps: [TraceStep]

    public static let formatName = "stepwise-trace"
    public static let currentVersion = 1

    public init(model: String, architecture: Architecture, steps: [TraceStep]) {
        self.format = Trace.formatName
        self.version = Trace.currentVersion
        self.model = model
        self.architecture = architecture
        self.steps = steps
    }

    /// The recorded step with this number, if it was kept.
    public func step(_ number: Int) -> TraceStep? {
        steps.first { $0.step == number }
    }
}
