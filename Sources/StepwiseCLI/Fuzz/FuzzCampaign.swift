import Foundation

/// Runs cases through a `FuzzRunner`, a few at a time, each in its own numbered folder under
/// `scratch`; keeps the folders (and a replayable `case.json`) of failures in `keep` when set.
struct FuzzCampaign {
    var runner: FuzzRunner
    var scratch: URL
    var keep: URL?
    /// Cases run at the same time.
    var parallel = 2

    struct Result {
        var fuzzCase: FuzzCase
        var outcome: FuzzOutcome
        /// The kept folder of a failure.
        var kept: URL?
    }

    func run(_ cases: [FuzzCase], progress: (String) -> Void = { _ in }) -> [Result] {
        let results = LockedResults(count: cases.count)
        let next = LockedCounter()
        let group = DispatchGroup()
        for _ in 0..<max(1, parallel) {
            group.enter()
            Thread.detachNewThread {
                while let index = next.take(below: cases.count) {
                    results.set(index, runOne(cases[index], number: index))
                }
                group.leave()
            }
        }
        var finished = 0
        while group.wait(timeout: .now() + 10) == .timedOut {
            let done = results.done
            if done > finished { progress("fuzz: \(done) of \(cases.count) cases run"); finished = done }
        }
        return results.all
    }

    func runOne(_ fuzzCase: FuzzCase, number: Int) -> Result {
        let folder = scratch.appendingPathComponent(String(format: "case-%05d", number))
        try? FileManager.default.removeItem(at: folder)
        let outcome: FuzzOutcome
        do {
            let run = try runner.run(fuzzCase, in: folder)
            outcome = FuzzOutcome.classify(run, of: fuzzCase)
        } catch {
            outcome = .failure("setup: \(error)")
        }
        var kept: URL?
        if outcome.isFailure, let keep {
            let destination = keep.appendingPathComponent(folder.lastPathComponent)
            try? FileManager.default.createDirectory(at: keep, withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: destination)
            if (try? FileManager.default.moveItem(at: folder, to: destination)) != nil {
                kept = destination
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                try? encoder.encode(fuzzCase).write(to: destination.appendingPathComponent("case.json"))
            }
        }
        try? FileManager.default.removeItem(at: folder)
        return Result(fuzzCase: fuzzCase, outcome: outcome, kept: kept)
    }
}

private final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

private final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [FuzzCampaign.Result?]
    init(count: Int) { results = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: FuzzCampaign.Result) { lock.lock(); results[index] = result; lock.unlock() }
    var done: Int { lock.lock(); defer { lock.unlock() }; return results.filter { $0 != nil }.count }
    var all: [FuzzCampaign.Result] { lock.lock(); defer { lock.unlock() }; return results.map { $0! } }
}
