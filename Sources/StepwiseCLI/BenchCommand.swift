import ArgumentParser
import Foundation
import StepwiseEngine

/// `stepwise bench`: milliseconds per full training step, with tracing on and off.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time full training steps (forward, loss, backward, update) with tracing on and off.",
        discussion: """
            Each spec's whole data set is one batch. A traced step also builds the step's trace \
            record at the ops level in memory (no JSON is written). With no SPEC, a built-in \
            suite runs. Large matrix products are shared with one helper thread; set \
            STEPWISE_THREADS=1 to time a single thread (results are identical either way). \
            Timings vary with whatever else the machine runs.
            """
    )

    @Argument(help: "Model specs to time (JSON or YAML); the built-in suite when none are given.")
    var specs: [String] = []

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @Option(help: "Seconds to spend timing each case.")
    var seconds: Double = 0.5

    func validate() throws {
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
    }

    struct Result: Encodable {
        let name: String
        let spec: String
        let msPerStep: Double
        let traced: Bool

        enum CodingKeys: String, CodingKey {
            case name, spec, traced
            case msPerStep = "ms_per_step"
        }
    }

    func run() throws {
        MemoryTuning.keepFreedMemoryForReuse()
        try reportingErrors {
            var cases: [(file: String, spec: ModelSpec)] = []
            if specs.isEmpty {
                for builtin in BuiltinBenchmarks.specs {
                    cases.append((builtin.file, try ModelSpec.parse(builtin.text, file: builtin.file)))
                }
            } else {
                for path in specs {
                    cases.append((path, try ModelSpec.load(contentsOf: URL(fileURLWithPath: path))))
                }
            }
            var results: [Result] = []
            for (file, spec) in cases {
                for traced in [false, true] {
                    printNote("timing \(spec.name) (\(traced ? "traced" : "untraced"))…")
                    results.append(Result(name: spec.name, spec: file, msPerStep: time(spec, traced: traced), traced: traced))
                }
            }
            if json {
                struct Report: Encodable { let results: [Result] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                FileHandle.standardOutput.write(try encoder.encode(Report(results: results)) + Data("\n".utf8))
            } else {
                print("name                      traced   ms/step")
                for result in results {
                    let name = result.name.padding(toLength: 25, withPad: " ", startingAt: 0)
                    let traced = (result.traced ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0)
                    print("\(name) \(traced) \(String(format: "%.4f", result.msPerStep))")
                }
            }
        }
    }

    /// Mean milliseconds per step over as many steps as fit in `seconds`, after a warm-up.
    private func time(_ spec: ModelSpec, traced: Bool) -> Double {
        var trainer = Trainer(model: spec.makeModel(), optimizer: spec.optimizer.make())
        let (inputs, targets) = (spec.dataset.inputs, spec.dataset.targets)
        func step() {
            if traced {
                _ = trainer.step(inputs: inputs, targets: targets, record: .ops)
            } else {
                _ = trainer.stepUntraced(inputs: inputs, targets: targets)
            }
        }
        for _ in 0..<10 { step() }
        let clock = ContinuousClock()
        let start = clock.now
        let budget = Duration.milliseconds(Int64(seconds * 1000))
        var count = 0
        repeat {
            for _ in 0..<10 { step() }
            count += 10
        } while clock.now - start < budget
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        return milliseconds / Double(count)
    }
}
