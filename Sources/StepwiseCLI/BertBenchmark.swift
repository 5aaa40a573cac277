import Foundation
import StepwiseEngine

/// `stepwise bench` on a BERT spec: reading the checkpoint (config, vocabulary, every weight
/// converted to Double), then the forward pass on the spec's text untraced (every value on the
/// tape, no records) and traced (also every op record, as `stepwise trace --record ops` builds
/// them in memory; no JSON is written).
enum BertBenchmark {
    static func results(path: String, seconds: Double) throws -> [BenchCommand.Result] {
        let spec = try BertSpec.load(contentsOf: URL(fileURLWithPath: path))
        var checkpoint: BertCheckpoint?
        let loading = try milliseconds(seconds: seconds, minimumRuns: 3) {
            checkpoint = try BertCheckpoint(folder: spec.checkpoint, shownAs: spec.checkpointShown)
        }
        let run = try BertRun(checkpoint: checkpoint!, text: spec.text, file: path)
        let title = "\(spec.name) (\(run.ids.count) tokens)"
        printNote("timing \(spec.name) (untraced, traced)…")
        let untraced = try milliseconds(seconds: seconds) { _ = run.forward() }
        let traced = try milliseconds(seconds: seconds) { _ = run.traceStep(record: .ops) }
        return [
            BenchCommand.Result(name: "\(spec.name) checkpoint load", title: title, spec: path, msPerStep: loading, traced: false),
            BenchCommand.Result(name: spec.name, title: title, spec: path, msPerStep: untraced, traced: false),
            BenchCommand.Result(name: spec.name, title: title, spec: path, msPerStep: traced, traced: true),
        ]
    }

    /// Milliseconds per call of `body`, after two warm-up calls, over at least `seconds` and
    /// `minimumRuns` calls.
    private static func milliseconds(seconds: Double, minimumRuns: Int = 10, _ body: () throws -> Void) throws -> Double {
        for _ in 0..<2 { try body() }
        let clock = ContinuousClock()
        let start = clock.now
        var runs = 0
        while runs < minimumRuns || clock.now - start < .milliseconds(Int64(seconds * 1000)) {
            try body()
            runs += 1
        }
        let elapsed = (clock.now - start).components
        return (Double(elapsed.seconds) * 1000 + Double(elapsed.attoseconds) / 1e15) / Double(runs)
    }
}
