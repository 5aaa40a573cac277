import Foundation

/// The campaign in words: the count line the test prints, and each failure with the command
/// that reproduces it, grouped by cause.
struct FuzzSummary {
    let results: [FuzzCampaign.Result]

    var failures: [FuzzCampaign.Result] { results.filter { $0.outcome.isFailure } }

    func count(exit status: Int32) -> Int { results.filter { $0.outcome == .exit(status) }.count }

    /// "fuzz: 300 cases: 41 exit 0, 230 exit 1, 12 exit 3, 17 failures"
    var countLine: String {
        "fuzz: \(results.count) cases: \(count(exit: 0)) exit 0, \(count(exit: 1)) exit 1, \(count(exit: 3)) exit 3, \(failures.count) failures"
    }

    /// One paragraph per failure: the reason, the case, and how to run it again.
    var failureReport: String {
        failures.map { result in
            guard case .failure(let reason) = result.outcome else { return "" }
            var text = "FAIL \(result.fuzzCase.name)\n  \(reason)\n  reproduce: "
            if let kept = result.kept {
                text += "cd \(kept.path)/work && \(result.fuzzCase.commandLine)   (or: stepwise fuzz --replay \(kept.path)/case.json)"
            } else {
                text += result.fuzzCase.commandLine + " (in a folder with the case's files; rerun with --keep-failures DIR to keep them)"
            }
            return text
        }.joined(separator: "\n")
    }

    /// Failures counted by their reason before any " — " ("crash: SIGILL at Plot.swift:12",
    /// "wrote: work/x").
    var causes: [(cause: String, count: Int)] {
        var counts: [String: Int] = [:]
        for result in failures {
            guard case .failure(let reason) = result.outcome else { continue }
            let cause = reason.components(separatedBy: " — ").first ?? reason
            counts[cause, default: 0] += 1
        }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { (cause: $0.key, count: $0.value) }
    }
}
