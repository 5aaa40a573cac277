import Foundation
import StepwiseEngine
import StepwiseTrace

/// Runs each spec a build needs once, at the `ops` level, and hands out its trace; safe to use
/// from several lessons built at the same time.
final class TraceLibrary: @unchecked Sendable {
    private let lock = NSLock()
    private var traces: [URL: Result<TracedSpec, LessonError>] = [:]

    /// The full trace of the spec at `url`.
    func trace(of url: URL) throws -> TracedSpec {
        lock.lock()
        if let cached = traces[url] {
            lock.unlock()
            return try cached.get()
        }
        lock.unlock()
        let result = Self.run(url)
        lock.lock()
        traces[url] = result
        lock.unlock()
        return try result.get()
    }

    private static func run(_ url: URL) -> Result<TracedSpec, LessonError> {
        do {
            let spec = try ModelSpec.load(contentsOf: url)
            var run = spec.makeRun()
            var steps: [TraceStep] = []
            let nonFinite = run.run(record: .ops) { steps.append($0.trace) }
            if let nonFinite {
                return .failure(LessonError(file: url.path, message: "\(nonFinite)"))
            }
            let architecture = run.trainer.model.architecture(optimizer: spec.optimizer.type)
            return .success(TracedSpec(trace: Trace(model: spec.name, architecture: architecture, steps: steps), optimizer: spec.optimizer))
        } catch {
            return .failure(LessonError(file: url.path, message: "\(error)"))
        }
    }
}

/// A spec's trace and the optimizer settings a walkthrough needs to write out an update.
struct TracedSpec: Sendable {
    let trace: Trace
    let optimizer: OptimizerSpec

    /// The step a directive asks for, or an error at the directive's line.
    func step(_ reference: TraceReference) throws -> TraceStep {
        guard let step = trace.step(reference.step) else {
            throw reference.error("spec \"\(reference.spec)\" has no step \(reference.step) (it runs \(trace.steps.count))")
        }
        return step
    }

    /// The op record with `scope`, or an error naming the scopes that do exist nearby.
    func op(_ scope: String, in step: TraceStep, _ reference: TraceReference) throws -> OpRecord {
        guard let record = step.op(scope: scope) else {
            let prefix = scope.split(separator: "/").first.map(String.init) ?? ""
            let near = step.ops.map(\.scope).filter { $0.hasPrefix(prefix) }.prefix(8)
            throw reference.error("the trace of \"\(reference.spec)\" has no scope \"\(scope)\"\(near.isEmpty ? "" : " (it has: \(near.joined(separator: ", ")))")")
        }
        return record
    }
}
