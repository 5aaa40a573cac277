import Foundation

/// Runs jobs 0..<count on a fixed number of worker threads, each worker pulling the next index;
/// results are kept by index, so their order never depends on scheduling.
final class ParallelJobs<Output>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var finished = 0
    private var outputs: [Output?]

    private init(count: Int) {
        outputs = Array(repeating: nil, count: count)
    }

    /// Runs `job` for every index on up to `workers` threads; `done` is told of each finished
    /// job (its index, its output and how many have finished), one at a time.
    static func run(
        count: Int, workers: Int, _ job: @Sendable (Int) -> Output,
        done: @Sendable (Int, Output, Int) -> Void = { _, _, _ in }
    ) -> [Output] {
        let jobs = ParallelJobs(count: count)
        DispatchQueue.concurrentPerform(iterations: max(1, min(workers, count))) { _ in
            while let index = jobs.claim() {
                let output = job(index)
                jobs.lock.lock()
                jobs.outputs[index] = output
                jobs.finished += 1
                done(index, output, jobs.finished)
                jobs.lock.unlock()
            }
        }
        return jobs.outputs.map { $0! }
    }

    private func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < outputs.count else { return nil }
        next += 1
        return next - 1
    }
}
