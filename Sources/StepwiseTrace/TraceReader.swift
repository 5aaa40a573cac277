import Foundation

/// Why a trace could not be read.
public enum TraceReadError: Error, CustomStringConvertible, Equatable {
    case notATrace(file: String, found: String)
    case unsupportedVersion(file: String, found: Int)
    case malformed(file: String, detail: String)

    public var description: String {
        OneLine.escaped(line)
    }

    private var line: String {
        switch self {
        case .notATrace(let file, let found):
            return "\(file): format: expected \"\(Trace.formatName)\", found \(found)"
        case .unsupportedVersion(let file, let found):
            return "\(file): version: expected \(Trace.currentVersion), found \(found)"
        case .malformed(let file, let detail):
            return "\(file): \(detail)"
        }
    }
}

/// Reads trace files, checking `format` and `version` before anything else and every tensor and
/// op after decoding (`TraceValidator`).
public enum TraceReader {
    /// Decodes a trace from JSON bytes; `file` names the source in errors.
    public static func read(_ data: Data, file: String) throws -> Trace {
        let header = try checkedHeader(data, file: file)
        if header.architecture?.loss == "none" {
            throw TraceReadError.malformed(file: file, detail: "a forward pass only (a BERT encoder's trace, with no loss): draw it with the BERT figures (head-view, model-view, embedding-sum, hidden-change, sentence-similarity)")
        }
        let trace = try decoded(Trace.self, data, file: file)
        try TraceValidator.validate(trace, file: file)
        return trace
    }

    /// Decodes a forward-only trace (a BERT encoder's: `architecture.loss` "none", one step whose
    /// `loss` is null), checked as `read` checks a training trace; a training trace is refused.
    public static func readForward(_ data: Data, file: String) throws -> ForwardTrace {
        let header = try checkedHeader(data, file: file)
        guard header.architecture?.loss == "none" else {
            throw TraceReadError.malformed(file: file, detail: "a training trace (loss \"\(Excerpt(header.architecture?.loss ?? "missing"))\"): the BERT figures draw a BERT encoder's forward trace")
        }
        let trace = try decoded(ForwardTrace.self, data, file: file)
        try TraceValidator.validate(trace, file: file)
        return trace
    }

    /// Reads a forward-only trace file from disk.
    public static func readForward(contentsOf url: URL) throws -> ForwardTrace {
        try readForward(try contents(of: url), file: url.path)
    }

    private struct Header: Decodable {
        struct Architecture: Decodable { var loss: String? }
        var format: String?
        var version: Int?
        var architecture: Architecture?
    }

    /// The header, after checking `format` and `version`.
    private static func checkedHeader(_ data: Data, file: String) throws -> Header {
        let header: Header
        do {
            header = try TraceJSON.makeDecoder().decode(Header.self, from: data)
        } catch {
            throw TraceReadError.malformed(file: file, detail: "not valid JSON")
        }
        guard header.format == Trace.formatName else {
            throw TraceReadError.notATrace(file: file, found: header.format.map { "\"\($0)\"" } ?? "nothing")
        }
        guard header.version == Trace.currentVersion else {
            throw TraceReadError.unsupportedVersion(file: file, found: header.version ?? 0)
        }
        return header
    }

    /// Decodes the whole document, naming the field path of a decoding error.
    private static func decoded<T: Decodable>(_ type: T.Type, _ data: Data, file: String) throws -> T {
        let decoder = TraceJSON.makeDecoder()
        do {
            return try decoder.decode(T.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw TraceReadError.malformed(file: file, detail: "\(path(context.codingPath + [key])): missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw TraceReadError.malformed(file: file, detail: "\(path(context.codingPath)): \(context.debugDescription)")
        } catch let DecodingError.valueNotFound(_, context) {
            throw TraceReadError.malformed(file: file, detail: "\(path(context.codingPath)): missing value")
        } catch let DecodingError.dataCorrupted(context) {
            throw TraceReadError.malformed(file: file, detail: "\(path(context.codingPath)): \(context.debugDescription)")
        }
    }

    /// Reads a trace file from disk.
    public static func read(contentsOf url: URL) throws -> Trace {
        try read(try contents(of: url), file: url.path)
    }

    private static func contents(of url: URL) throws -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TraceReadError.malformed(file: url.path, detail: "cannot be read")
        }
    }

    /// `steps[0].ops[3].value` from a coding path.
    private static func path(_ keys: [CodingKey]) -> String {
        var result = ""
        for key in keys {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return result.isEmpty ? "(top level)" : result
    }
}
