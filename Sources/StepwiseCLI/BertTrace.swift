import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseTrace

/// `stepwise trace` on a BERT spec: one forward step of the pretrained encoder, written as a
/// trace (to `out` atomically, or stdout). Exit 3 when a value became NaN or infinite.
enum BertTrace {
    static func write(spec: String, record: RecordLevel, out: String?, resolvedSpec: String?, steps: Int?) throws {
        if steps != nil { throw ValidationError("--steps: a BERT spec runs one forward step") }
        if resolvedSpec != nil {
            throw ValidationError("--resolved-spec: a BERT spec has no weights to fill in (they are in its checkpoint)")
        }
        let bert = try BertSpec.load(contentsOf: URL(fileURLWithPath: spec))
        let checkpoint = try BertCheckpoint(folder: bert.checkpoint, shownAs: bert.checkpointShown)
        let run = try BertRun(checkpoint: checkpoint, text: bert.text, file: spec)
        let (step, nonFinite) = run.traceStep(record: record)
        let data = try TraceJSON.makeEncoder().encode(ForwardTrace(model: bert.name, architecture: run.architecture, steps: [step]))
            + Data("\n".utf8)
        if let out {
            let file = try AtomicFile(URL(fileURLWithPath: out), shownAs: out)
            try file.append(data)
            try file.commit()
        } else {
            FileHandle.standardOutput.write(data)
        }
        if let nonFinite {
            printError("\(spec): step 1: first non-finite value in the forward value of \(nonFinite) (trace written)")
            throw ExitCode(3)
        }
    }
}
