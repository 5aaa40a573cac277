import Foundation
import StepwiseTesting
import Testing
@testable import StepwiseCLI

/// Issue 15's fuzzer in the suite: a few hundred hostile variants of the repository's specs,
/// lessons and traces (seed 2026), run through `trace`, `render`, `report`, `build` and the
/// library entry points (`stepwise fuzz-load`) under time and memory limits; plus every fixed
/// case in Fixtures/fuzz-cases/ (crashes found once, kept). Failures are kept in
/// `fuzz-failures/` at the repository root, each with the command that reproduces it.
@Suite(.serialized) struct FuzzTests {
    static let repository = RepositoryTool.repository
    static let binary = StepwiseExecutable.url

    static func campaign(_ scratch: URL) -> FuzzCampaign {
        var runner = FuzzRunner(binary: binary)
        runner.timeScale = 1.5  // a debug build on a loaded machine
        return FuzzCampaign(runner: runner, scratch: scratch, keep: repository.appendingPathComponent("fuzz-failures"), parallel: 3)
    }

    @Test func hostileVariantsEndCleanly() throws {
        let scratch = StepwiseBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try FuzzCorpus(repository: Self.repository, binary: Self.binary, scratch: scratch.appendingPathComponent("seeds"))
        let cases = FuzzCaseGenerator(corpus: corpus, seed: 2026).cases(300)
        let summary = FuzzSummary(results: Self.campaign(scratch).run(cases))
        print(summary.countLine)
        for cause in summary.causes { print("  \(cause.count) × \(cause.cause)") }
        // Both verdicts occur, so the cases reach past the first check and the runs are real.
        #expect(summary.count(exit: 0) > 0)
        #expect(summary.count(exit: 1) > 0)
        #expect(summary.failures.count == 0, "\(summary.countLine)\n\(summary.failureReport)")
    }

    /// The crashes the fuzzer found, kept, and every path case (issue 18) each time.
    @Test func fixedAndPathCasesEndCleanly() throws {
        let scratch = StepwiseBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let fixed = try FuzzCase.load(StepwiseBinary.fixtures.appendingPathComponent("fuzz-cases"))
        #expect(!fixed.isEmpty)
        let corpus = try FuzzCorpus(repository: Self.repository, binary: Self.binary, scratch: scratch.appendingPathComponent("seeds"))
        let cases = fixed + FuzzPathCases.all(corpus)
        let summary = FuzzSummary(results: Self.campaign(scratch).run(cases))
        print("fixed and path cases: " + summary.countLine)
        #expect(summary.failures.count == 0, "\(summary.countLine)\n\(summary.failureReport)")
    }

    @Test func sameSeedSameCasesOtherSeedOthers() throws {
        let scratch = StepwiseBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let corpus = try FuzzCorpus(repository: Self.repository, binary: Self.binary, scratch: scratch)
        let first = FuzzCaseGenerator(corpus: corpus, seed: 2026).cases(40)
        #expect(first == FuzzCaseGenerator(corpus: corpus, seed: 2026).cases(40))
        #expect(first != FuzzCaseGenerator(corpus: corpus, seed: 2027).cases(40))
        // Every kind of case is made.
        let many = FuzzCaseGenerator(corpus: corpus, seed: 2026).cases(120).map(\.arguments)
        for command in ["trace", "render", "report", "build", "fuzz-load"] {
            #expect(many.contains { $0.first == command }, "no \(command) case")
        }
    }

    /// The classifier fails what it must: a crash, a second line, a file left behind on exit
    /// 1, an input changed, a half-written file, a timeout.
    @Test func classifierFailsBadEndings() throws {
        let folder = StepwiseBinary.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("work/spec.yaml")
        try FileManager.default.createDirectory(at: input.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("a: 1".utf8).write(to: input)
        let before = FolderSnapshot(folder)
        let fuzzCase = FuzzCase(name: "t", files: [], arguments: ["trace", "spec.yaml"], outputs: ["trace.json"])
        func run(_ status: Int32, _ stderr: String, signal: Int32? = nil, timedOut: Bool = false) -> FuzzOutcome {
            FuzzOutcome.classify(FuzzRunner.Run(status: status, signal: signal, timedOut: timedOut, stderr: stderr, before: before,
                                                after: FolderSnapshot(folder)), of: fuzzCase)
        }
        #expect(run(1, "stepwise: spec.yaml: bad\n") == .exit(1))
        #expect(run(1, "stepwise: spec.yaml: bad\nUsage: stepwise trace\n").isFailure)
        #expect(run(1, "").isFailure)
        #expect(run(64, "stepwise: x\n").isFailure)
        #expect(run(-1, "Fatal error: boom\n", signal: SIGILL).isFailure)
        #expect(run(-1, "", signal: SIGKILL, timedOut: true).isFailure)
        try Data("{}".utf8).write(to: folder.appendingPathComponent("work/trace.json"))
        #expect(run(0, "") == .exit(0))
        #expect(run(1, "stepwise: x\n").isFailure, "an output written on exit 1")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("work/trace.json"))
        try Data("{".utf8).write(to: folder.appendingPathComponent("work/.trace.json.partial-7"))
        #expect(run(0, "").isFailure, "a partial file left")
        try FileManager.default.removeItem(at: folder.appendingPathComponent("work/.trace.json.partial-7"))
        try Data("b: 2".utf8).write(to: input)
        #expect(run(0, "").isFailure, "the input changed")
    }
}
