import ArgumentParser
import Foundation
import StepwiseEngine
import StepwiseTrace

/// `stepwise bench`: milliseconds per full training step, with tracing on and off, and
/// milliseconds per rendered figure.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time full training steps (forward, loss, backward, update) with tracing on and off.",
        discussion: """
            Each spec's whole data set is one batch. A traced step also builds the step's trace \
            record at the ops level in memory (no JSON is written). With no SPEC, a built-in \
            suite runs; a SPEC named builtin:NAME (builtin:cifar-cnn-b4, …) is one of its cases. \
            The first line says what the binary was built for (CPU target, hardware fused \
            multiply-add); a build without a CPU target has a slow matrix kernel. Large matrix products are shared with one helper thread; set \
            STEPWISE_THREADS=1 to time a single thread (results are identical either way). \
            Timings vary with whatever else the machine runs.
            """
    )

    @Argument(help: "Model specs to time (JSON or YAML, or builtin:NAME); the built-in suite when none are given.")
    var specs: [String] = []

    @Flag(help: "Print the results as JSON on standard output.")
    var json = false

    @Flag(help: "Print the results as the README's Markdown tables.")
    var markdown = false

    @Flag(help: "Also time figure rendering (always on with the built-in suite).")
    var render = false

    @Flag(help: "Time figure rendering only.")
    var renderOnly = false

    @Flag(help: "Time the matrix products of one CIFAR CNN step one by one, in GFLOP/s.")
    var products = false

    @Option(help: "The batch size of the CIFAR CNN step whose products --products times.")
    var batch: Int = 4

    @Option(help: "Time building this lessons folder into a site: cold, then with one lesson changed.")
    var site: String?

    @Option(help: "Seconds to spend timing each case.")
    var seconds: Double = 0.5

    func validate() throws {
        if seconds <= 0 { throw ValidationError("--seconds must be positive") }
        if !(1...1024).contains(batch) { throw ValidationError("--batch must be from 1 to 1024") }
        if json && markdown { throw ValidationError("--json and --markdown cannot be combined") }
        for path in specs where path.hasPrefix("builtin:") && BuiltinBenchmarks.entry(named: path) == nil {
            let names = BuiltinBenchmarks.specs.map(\.file).joined(separator: ", ")
            throw ValidationError("\(path): no such built-in benchmark (there are \(names))")
        }
    }

    /// A training case (`spec`, `ms_per_step`, `traced`) or a rendering case (`ms_per_figure`).
    struct Result: Encodable {
        let name: String
        /// The row title in the Markdown table: the built-in case's description, else the spec's name.
        var title: String?
        var spec: String?
        var msPerStep: Double?
        var traced: Bool?
        var msPerFigure: Double?
        var msPerBuild: Double?
        var msPerProduct: Double?
        var gflops: Double?

        enum CodingKeys: String, CodingKey {
            case name, title, spec, traced, gflops
            case msPerProduct = "ms_per_product"
            case msPerStep = "ms_per_step"
            case msPerFigure = "ms_per_figure"
            case msPerBuild = "ms_per_build"
        }
    }

    func run() throws {
        MemoryTuning.keepFreedMemoryForReuse()
        try reportingErrors {
            printNote("built for \(BuildTarget.summary)")
            if let warning = BuildTarget.slowKernelWarning { printNote("warning: \(warning)") }
            var cases: [(file: String, title: String, spec: SpecFile)] = []
            var bertResults: [Result] = []
            if renderOnly || products || (site != nil && specs.isEmpty) {
                // No training cases.
            } else if specs.isEmpty {
                for builtin in BuiltinBenchmarks.specs {
                    cases.append((builtin.file, builtin.title, try SpecFile.parse(builtin.text, file: builtin.file)))
                }
            } else {
                for path in specs {
                    if let builtin = BuiltinBenchmarks.entry(named: path) {
                        cases.append((path, builtin.title, try SpecFile.parse(builtin.text, file: path)))
                    } else {
                        let spec = try SpecFile.load(contentsOf: URL(fileURLWithPath: path))
                        if case .bert(let bert) = spec {
                            bertResults += try BertBenchmark.results(bert, path: path, seconds: seconds)
                        } else {
                            cases.append((path, spec.name, spec))
                        }
                    }
                }
            }
            var results = bertResults
            for (file, title, spec) in cases {
                for traced in [false, true] {
                    printNote("timing \(spec.name) (\(traced ? "traced" : "untraced"))…")
                    results.append(Result(name: spec.name, title: title, spec: file, msPerStep: time(spec, traced: traced), traced: traced))
                }
            }
            if (specs.isEmpty && site == nil && !products) || render || renderOnly {
                for benchCase in try RenderBenchmarks.cases() {
                    printNote("timing \(benchCase.name)…")
                    results.append(Result(name: benchCase.name, title: benchCase.title, msPerFigure: try RenderBenchmarks.time(benchCase, seconds: seconds)))
                }
            }
            if products {
                for product in MatrixProductBenchmark.cifarCNNProducts(batch: batch) {
                    printNote("timing \(product.name)…")
                    let ms = milliseconds(MatrixProductBenchmark.multiplication(product))
                    let title = "\(product.name): \(product.m) × \(product.k) · \(product.k) × \(product.n)"
                    results.append(Result(name: product.name, title: title, msPerProduct: ms,
                                          gflops: 2 * Double(product.multiplyAdds) / ms / 1e6))
                }
            }
            if let site {
                printNote("timing the site build of \(site)…")
                for timing in try SiteBenchmark.run(lessons: URL(fileURLWithPath: site)) {
                    results.append(Result(name: timing.name, title: timing.title, msPerBuild: timing.milliseconds))
                }
            }
            if json {
                struct Build: Encodable {
                    let architecture = BuildTarget.architecture
                    let hardwareFMA = BuildTarget.hasHardwareFMA
                    let avx2 = BuildTarget.hasAVX2
                    let summary = BuildTarget.summary
                    enum CodingKeys: String, CodingKey {
                        case architecture, avx2, summary
                        case hardwareFMA = "hardware_fma"
                    }
                }
                struct Report: Encodable { let build: Build; let results: [Result] }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                FileHandle.standardOutput.write(try encoder.encode(Report(build: Build(), results: results)) + Data("\n".utf8))
            } else if markdown {
                print(BenchMarkdown.tables(results, batch: batch), terminator: "")
            } else {
                print("built for \(BuildTarget.summary)")
                print("name                      traced   ms/step")
                for result in results {
                    let name = result.name.padding(toLength: 25, withPad: " ", startingAt: 0)
                    if let msPerFigure = result.msPerFigure {
                        print("\(name) figure   \(String(format: "%.4f", msPerFigure)) ms/figure")
                        continue
                    }
                    if let msPerProduct = result.msPerProduct {
                        print("\(result.title ?? name) \(String(format: "%.4f", msPerProduct)) ms/product, \(String(format: "%.1f", result.gflops ?? .nan)) GFLOP/s")
                        continue
                    }
                    if let msPerBuild = result.msPerBuild {
                        print("\(name) site     \(String(format: "%.1f", msPerBuild)) ms/build")
                        continue
                    }
                    let traced = (result.traced == true ? "yes" : "no").padding(toLength: 8, withPad: " ", startingAt: 0)
                    print("\(name) \(traced) \(String(format: "%.4f", result.msPerStep ?? .nan))")
                }
            }
        }
    }

    /// Mean milliseconds per step over as many steps as fit in `seconds`, after a warm-up.
    private func time(_ spec: SpecFile, traced: Bool) -> Double {
        switch spec {
        case .model(let model): return time(model, traced: traced)
        case .gan(let gan): return time(gan, traced: traced)
        case .bert: preconditionFailure("BERT specs are timed by BertBenchmark, never added to the training cases")
        }
    }

    /// A GAN step: its discriminator updates and its generator update, the whole real data as
    /// one batch with fresh noise; untraced steps record the summary level only.
    private func time(_ spec: GANSpec, traced: Bool) -> Double {
        var trainer = spec.makeRun().trainer
        let real = spec.realSamples
        var random = SeededRandom(seed: spec.seed, label: "noise")
        let noise = Tensor(shape: [real.shape[0], spec.latentDim], data: (0..<(real.shape[0] * spec.latentDim)).map { _ in random.normal() })
        let level: RecordLevel = traced ? .ops : .summary
        return milliseconds {
            for _ in 0..<spec.discriminatorSteps { _ = trainer.discriminatorUpdate(real: real, noise: noise, step: 1, record: level) }
            _ = trainer.generatorUpdate(noise: noise, step: 1, record: level)
        }
    }

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
        return milliseconds(step)
    }

    /// Mean milliseconds per call of `step` over as many calls as fit in `seconds`, after a warm-up.
    private func milliseconds(_ step: () -> Void) -> Double {
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
