import ArgumentParser
import Foundation

/// `stepwise fuzz`: hostile variants of the repository's specs, lessons and traces run through
/// the real binary (hidden: a tool for the test suite and `scripts/fuzz`).
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract: "Run hostile variants of the example specs, lessons and traces through stepwise.",
        discussion: "Exit status 0 when every case passes (exit 0/1/3, one-line message, nothing half-written), else 1.",
        shouldDisplay: false
    )

    @Option(help: "The seed of the case generator.")
    var seed: UInt64 = 2026

    @Option(help: "The number of cases.")
    var cases: Int = 300

    @Option(help: "Keep each failing case's folder and case.json here.")
    var keepFailures: String?

    @Option(help: "Run only these cases (case.json files or folders of them), not generated ones.")
    var replay: [String] = []

    @Option(help: "The repository whose lessons and fixtures are the seeds.")
    var repository = "."

    @Option(help: "The largest array a mutation makes.")
    var hugeCount = 20_000

    @Option(help: "Cases run at the same time.")
    var parallel = 2

    @Option(help: "Multiplies every case's time limit.")
    var timeScale = 1.0

    func validate() throws {
        if cases < 0 { throw ValidationError("--cases must be at least 0, found \(cases)") }
        if parallel < 1 { throw ValidationError("--parallel must be at least 1, found \(parallel)") }
        if !(timeScale > 0 && timeScale <= 100) { throw ValidationError("--time-scale must be in (0, 100], found \(timeScale)") }
    }

    func run() throws {
        try reportingErrors {
            let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("stepwise-fuzz-\(getpid())")
            defer { try? FileManager.default.removeItem(at: scratch) }
            if replay.isEmpty { printNote("fuzz: seed \(seed), \(cases) cases") }
            let list: [FuzzCase]
            if replay.isEmpty {
                let corpus = try FuzzCorpus(repository: URL(fileURLWithPath: repository), binary: binary,
                                            scratch: scratch.appendingPathComponent("seeds"))
                var generator = FuzzCaseGenerator(corpus: corpus, seed: seed)
                generator.hugeCount = hugeCount
                list = generator.cases(cases)
            } else {
                list = try replay.flatMap { try FuzzCase.load(URL(fileURLWithPath: $0)) }
            }
            var runner = FuzzRunner(binary: binary)
            runner.timeScale = timeScale
            let campaign = FuzzCampaign(runner: runner, scratch: scratch, keep: keepFailures.map { URL(fileURLWithPath: $0) }, parallel: parallel)
            let summary = FuzzSummary(results: campaign.run(list) { printNote($0) })
            if !summary.failureReport.isEmpty { print(summary.failureReport) }
            for cause in summary.causes { print("  \(cause.count) × \(cause.cause)") }
            print(summary.countLine)
            if !summary.failures.isEmpty { throw ExitCode(1) }
        }
    }
}

extension FuzzCase {
    /// The cases of a `case.json` file, or of every `*.json` in a folder (sorted by name, each
    /// named after its file).
    static func load(_ url: URL) throws -> [FuzzCase] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw FuzzCorpusError("\(url.path): no such file")
        }
        if !isFolder.boolValue {
            do {
                return [try JSONDecoder().decode(FuzzCase.self, from: Data(contentsOf: url))]
            } catch {
                throw FuzzCorpusError("\(url.path): not a fuzz case (\(error.localizedDescription))")
            }
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".json") }.sorted()
        return try names.flatMap { try load(url.appendingPathComponent($0)) }
    }
}
