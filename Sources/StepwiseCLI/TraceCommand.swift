import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseTrace

extension RecordLevel: ExpressibleByArgument {}

/// `stepwise trace SPEC`: run a spec and write its trace.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Run a model spec step by step and write its trace (JSON).",
        discussion: """
            Exit status: 0 on success; 1 on bad input (one line on stderr, nothing written); \
            3 when values became NaN or infinite (the trace is written up to and including that \
            step, and stderr names the first op where it happened).
            """
    )

    @Argument(help: "The model spec, JSON or YAML.")
    var spec: String

    @Option(help: "Number of training steps (overrides the spec's train.steps).")
    var steps: Int?

    @Option(help: "Write the trace to this file instead of standard output.")
    var out: String?

    @Option(help: "Also write the spec back with every weight filled in to this file (JSON).")
    var resolvedSpec: String?

    @Option(help: "What each step keeps: summary (loss, params), layers (adds outputs, input_grad) or ops (adds every op).")
    var record: RecordLevel = .ops

    @Option(help: "Keep every K-th step, plus the first and the last.")
    var every: Int = 1

    @Flag(help: "Allow models, data and working memory beyond the size limits (never beyond 3/4 of this machine's memory).")
    var allowLarge = false

    func validate() throws {
        if let steps, let problem = ModelSpec.stepsProblem(steps, allowLarge: allowLarge) { throw ValidationError("--steps: \(problem)") }
        if every < 1 { throw ValidationError("--every must be at least 1, found \(every)") }
    }

    func run() throws {
        MemoryTuning.keepFreedMemoryForReuse()
        try reportingErrors {
            try checkOutputs()
            let model: ModelSpec
            switch try SpecFile.load(contentsOf: URL(fileURLWithPath: spec), allowLarge: allowLarge) {
            case .model(let modelSpec): model = modelSpec
            case .gan(let ganSpec): return try traceGAN(ganSpec)
            case .bert(let bertSpec): return try BertTrace.write(bertSpec, record: record, out: out, resolvedSpec: resolvedSpec, steps: steps)
            }
            var run = model.makeRun(steps: steps)
            if let resolvedSpec {
                try AtomicFile.write(try ResolvedSpecWriter.json(for: model, model: run.trainer.model),
                                     to: URL(fileURLWithPath: resolvedSpec), shownAs: resolvedSpec)
            }
            let file = try out.map { try AtomicFile(URL(fileURLWithPath: $0), shownAs: $0) }
            let sink: (Data) throws -> Void = { data in
                if let file { try file.append(data) } else { FileHandle.standardOutput.write(data) }
            }
            let writer = try TraceWriter(model: model.name,
                                         architecture: run.trainer.model.architecture(optimizer: model.optimizer.type),
                                         sink: sink)
            let nonFinite = try run.run(record: record, every: every) { result in try writer.append(result.trace) }
            try writer.finish()
            try file?.commit()
            if let nonFinite {
                printError("\(spec): \(nonFinite) (trace written up to and including step \(nonFinite.step))")
                throw ExitCode(3)
            }
        }
    }

    /// Traces a GAN spec: one record per update, both phases of every kept step.
    private func traceGAN(_ gan: GANSpec) throws {
        if let steps, let problem = gan.stepsProblem(steps, allowLarge: allowLarge) { throw ValidationError("--steps: \(problem)") }
        var run = gan.makeRun(steps: steps)
        if let resolvedSpec {
            try AtomicFile.write(try ResolvedSpecWriter.json(for: gan, generator: run.trainer.generator, discriminator: run.trainer.discriminator),
                                 to: URL(fileURLWithPath: resolvedSpec), shownAs: resolvedSpec)
        }
        let file = try out.map { try AtomicFile(URL(fileURLWithPath: $0), shownAs: $0) }
        let writer = try TraceWriter(model: gan.name, architecture: gan.architecture()) { data in
            if let file { try file.append(data) } else { FileHandle.standardOutput.write(data) }
        }
        let nonFinite = try run.run(record: record, every: every) { try writer.append($0.trace) }
        try writer.finish()
        try file?.commit()
        if let nonFinite {
            printError("\(spec): \(nonFinite) (trace written up to and including that update)")
            throw ExitCode(3)
        }
    }

    /// Refuses an output that is the spec, and `--out` and `--resolved-spec` naming one file.
    private func checkOutputs() throws {
        let specURL = URL(fileURLWithPath: spec)
        for path in [out, resolvedSpec].compactMap({ $0 }) {
            try OutputTarget(URL(fileURLWithPath: path), shownAs: path).refuseSame(as: specURL, what: "the spec")
        }
        if let out, let resolvedSpec, OutputTarget.isSameFile(URL(fileURLWithPath: out), URL(fileURLWithPath: resolvedSpec)) {
            throw OutputError(path: out, reason: "--out and --resolved-spec name the same file; one would be lost")
        }
    }
}
