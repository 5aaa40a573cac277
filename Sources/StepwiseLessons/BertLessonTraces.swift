import Foundation
import StepwiseEngine
import StepwiseTrace

/// BERT specs in lessons (`"kind": "bert"`): each checkpoint loaded once per build, each spec's
/// forward pass run once and kept as a trace with every op (a few megabytes of numbers for a
/// sentence on MiniLM); safe to use from several lessons built at the same time.
final class BertTraceLibrary: @unchecked Sendable {
    private let lock = NSLock()
    private var checkpoints: [URL: Result<BertCheckpoint, LessonError>] = [:]
    private var traces: [URL: Result<BertTraced, LessonError>] = [:]

    /// The forward trace of the BERT spec at `url` (recorded at the `ops` level).
    func trace(of url: URL) throws -> BertTraced {
        lock.lock()
        defer { lock.unlock() }
        if let cached = traces[url] { return try cached.get() }
        let result: Result<BertTraced, LessonError>
        do {
            let spec = try Self.spec(at: url)
            let run = try BertRun(checkpoint: try checkpoint(spec), text: spec.text, file: spec.file)
            let (step, nonFinite) = run.traceStep(record: .ops)
            if let nonFinite { throw LessonError(file: url.path, message: "the forward pass became non-finite at \(nonFinite)") }
            result = .success(BertTraced(trace: ForwardTrace(model: spec.name, architecture: run.architecture, steps: [step]), spec: spec))
        } catch let error as LessonError {
            result = .failure(error)
        } catch {
            result = .failure(LessonError(file: url.path, message: "\(error)"))
        }
        traces[url] = result
        return try result.get()
    }

    /// The tokenizer of the BERT spec at `url`'s checkpoint (its vocabulary only).
    func tokenizer(of url: URL) throws -> (spec: BertSpec, tokenizer: WordPieceTokenizer, config: BertConfig) {
        do {
            let spec = try Self.spec(at: url)
            let (config, tokenizer) = try BertCheckpoint.readTokenizer(folder: spec.checkpoint, shownAs: spec.checkpointShown)
            return (spec, tokenizer, config)
        } catch let error as LessonError {
            throw error
        } catch {
            throw LessonError(file: url.path, message: "\(error)")
        }
    }

    /// The checkpoint of `spec`, loaded once (the caller holds the lock).
    private func checkpoint(_ spec: BertSpec) throws -> BertCheckpoint {
        let folder = spec.checkpoint.standardizedFileURL
        if let cached = checkpoints[folder] { return try cached.get() }
        let result: Result<BertCheckpoint, LessonError>
        do {
            result = .success(try BertCheckpoint(folder: folder, shownAs: spec.checkpointShown))
        } catch {
            result = .failure(LessonError(file: spec.file, message: "\(error)"))
        }
        checkpoints[folder] = result
        return try result.get()
    }

    private static func spec(at url: URL) throws -> BertSpec {
        do {
            return try BertSpec.load(contentsOf: url)
        } catch {
            throw LessonError(file: url.path, message: "\(error)")
        }
    }
}

/// A BERT spec's forward trace and the spec it came from.
struct BertTraced: Sendable {
    let trace: ForwardTrace
    let spec: BertSpec
}
