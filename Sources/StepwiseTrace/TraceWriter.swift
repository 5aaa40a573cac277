import Foundation

/// Writes a trace one step at a time, so a long run never holds the whole document in memory.
///
/// The bytes go to `sink` in order: the header when created, each step as it is appended
/// (one line per step), and the closing brackets on `finish()`. Together they are exactly the
/// JSON of the `Trace` value with the same contents, with `format`, `version`, `model` and
/// `architecture` first.
public final class TraceWriter {
    private let sink: (Data) throws -> Void
    private let encoder = TraceJSON.makeEncoder()
    private var stepsWritten = 0
    private var finished = false

    public init(model: String, architecture: Architecture, sink: @escaping (Data) throws -> Void) throws {
        self.sink = sink
        let header = try "{\"format\":\(json(Trace.formatName)),\"version\":\(Trace.currentVersion)"
            + ",\"model\":\(json(model)),\"architecture\":\(json(architecture)),\"steps\":["
        try sink(Data(header.utf8))
    }

    /// Appends one step.
    public func append(_ step: TraceStep) throws {
        precondition(!finished, "TraceWriter.append after finish")
        var chunk = Data((stepsWritten == 0 ? "\n" : ",\n").utf8)
        chunk.append(try encoder.encode(step))
        try sink(chunk)
        stepsWritten += 1
    }

    /// Closes the document.
    public func finish() throws {
        precondition(!finished, "TraceWriter.finish twice")
        finished = true
        try sink(Data((stepsWritten == 0 ? "]}\n" : "\n]}\n").utf8))
    }

    private func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
