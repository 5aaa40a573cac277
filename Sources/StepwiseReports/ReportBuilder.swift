import Foundation
import StepwiseEngine
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// What to report on and how: a spec, the run's length and sampling, and how the user called
/// the command (the page shows the commands that reproduce it).
public struct ReportRequest: Sendable {
    public var spec: ModelSpec
    /// The spec's path as the user typed it.
    public var specPath: String
    /// The output path as the user typed it: a folder, or the HTML file with `singleFile`.
    public var outPath: String
    /// Training steps (nil: the spec's `train.steps`).
    public var steps: Int?
    /// Record every K-th step, plus the first and the last (as `stepwise trace --every`).
    public var every: Int
    /// One HTML file with every figure embedded, instead of a folder.
    public var singleFile: Bool
    public var allowLarge: Bool
    /// At most this many recorded steps get per-layer figures: evenly spaced, the first and the
    /// last included; a step where a value became non-finite always gets them.
    public var maxFigureSteps: Int
    public var plan: ReportFigurePlan
    /// The language of the page and its figures (`stepwise report --lang`).
    public var edition: Edition

    public init(spec: ModelSpec, specPath: String, outPath: String, steps: Int? = nil, every: Int = 1, singleFile: Bool = false,
                allowLarge: Bool = false, maxFigureSteps: Int = 12, plan: ReportFigurePlan = ReportFigurePlan(), edition: Edition = .en) {
        self.spec = spec
        self.specPath = specPath
        self.outPath = outPath
        self.steps = steps
        self.every = max(1, every)
        self.singleFile = singleFile
        self.allowLarge = allowLarge
        self.maxFigureSteps = max(1, maxFigureSteps)
        self.plan = plan
        self.edition = edition
    }

    /// The number of training steps the run takes.
    public var totalSteps: Int { steps ?? spec.plan.steps }
}

/// How the user called `stepwise report`, for the file names and the commands a report page
/// shows: a model spec's request or a GAN spec's.
public protocol ReportInvocation: Sendable {
    /// The spec's path as the user typed it.
    var specPath: String { get }
    /// The output path as the user typed it: a folder, or the HTML file with `singleFile`.
    var outPath: String { get }
    var totalSteps: Int { get }
    var every: Int { get }
    var singleFile: Bool { get }
    var allowLarge: Bool { get }
    /// The language of the page (`--lang`).
    var edition: Edition { get }
}

extension ReportRequest: ReportInvocation {}

extension ReportInvocation {
    /// The trace file's name beside the page: `trace.json` in the folder, or
    /// `<name>.trace.json` beside a single file `<name>.html`.
    public var traceFileName: String {
        guard singleFile else { return "trace.json" }
        let file = URL(fileURLWithPath: outPath).lastPathComponent
        let stem = file.hasSuffix(".html") ? String(file.dropLast(5)) : file
        return "\(stem).trace.json"
    }

    /// `stepwise report …` with every setting spelled out.
    public var reportCommand: String {
        var words = ["stepwise", "report", specPath, "--steps", String(totalSteps), "--every", String(every)]
        if singleFile { words.append("--single-file") }
        if allowLarge { words.append("--allow-large") }
        if edition != .en { words += ["--lang", edition.rawValue] }
        words += ["--out", outPath]
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    /// `stepwise trace …` that writes the same trace file, byte for byte.
    public var traceCommand: String {
        let directory = singleFile ? (outPath as NSString).deletingLastPathComponent : outPath
        let tracePath = directory.isEmpty ? traceFileName : (directory as NSString).appendingPathComponent(traceFileName)
        var words = ["stepwise", "trace", specPath, "--steps", String(totalSteps), "--every", String(every)]
        if allowLarge { words.append("--allow-large") }
        words += ["--out", tracePath]
        return words.map(Self.shellQuoted).joined(separator: " ")
    }

    static func shellQuoted(_ word: String) -> String {
        let plain = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,+-@%")
        if !word.isEmpty && word.unicodeScalars.allSatisfy({ plain.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A finished report page and what went into it.
public struct Report: Sendable {
    public let html: String
    /// PNG files made (written beside the page, or embedded in it).
    public let figureCount: Int
    public let recordedSteps: [Int]
    /// Steps that have per-layer figures.
    public let figureSteps: [Int]
    /// Where the run first produced NaN or infinity, if it did.
    public let nonFinite: NonFiniteValue?
    public let traceBytes: Int
}

/// A figure as the page places it: its image source (a file beside the page or a data: URI),
/// or why it could not be drawn.
struct PlacedFigure {
    let title: String
    let sampled: String?
    let source: String?
    let width: Int
    let height: Int
    /// The renderer's description of the figure: the image's alt text.
    let description: String
    /// The smallest text the figure draws (px), for `FigureHTML`; nil without text.
    var smallestText: Double? = nil
    let problem: String?
}

/// The figures of one recorded step.
struct StepFigures {
    let step: Int
    let loss: Double
    let groups: [(heading: String, figures: [PlacedFigure])]
}

/// Runs a spec and builds its report: the trace streams out as each step is made, each kept
/// step's figures are drawn as soon as the step exists, and only the few numbers the charts
/// need are kept — so long runs and big models need little memory.
public enum ReportBuilder {
    /// Runs `request`'s spec. The trace JSON goes to `trace` as it is made; each figure's PNG
    /// goes to `figure` with its file name, which returns the source the page uses for it.
    public static func build(
        _ request: ReportRequest, trace: @escaping (Data) throws -> Void, figure: (String, Data) throws -> String,
        progress: (String) -> Void = { _ in }
    ) throws -> Report {
        let spec = request.spec
        let edition = request.edition
        var run = spec.makeRun(steps: request.steps)
        let total = run.plan.steps
        let every = request.every
        let kept = (1...total).filter { TrainingRun.keeps(step: $0, every: every, lastStep: total) }
        let figureSteps = Set(evenlySpaced(kept, count: request.maxFigureSteps))
        let architecture = run.trainer.model.architecture(optimizer: spec.optimizer.type)
        let shell = Trace(model: spec.name, architecture: architecture, steps: [])
        var traceBytes = 0
        let writer = try TraceWriter(model: spec.name, architecture: architecture) { data in
            traceBytes += data.count
            try trace(data)
        }
        var metrics = TrainingMetrics(model: spec.name, architecture: architecture)
        var sections: [StepFigures] = []
        var parameterShapes: [String: [Int]] = [:]
        var tables: [PlacedFigure] = []
        var figureCount = 0

        func place(_ planned: ReportFigure) throws -> PlacedFigure {
            switch planned.figure {
            case .success(let drawn):
                let png: Data
                do {
                    png = try Renderer.render(drawn, as: .png)
                } catch {
                    return PlacedFigure(title: planned.title, sampled: planned.sampled, source: nil, width: 0, height: 0,
                                        description: drawn.caption, problem: "\(error)")
                }
                let source = try figure("\(planned.name).png", png)
                figureCount += 1
                return PlacedFigure(title: planned.title, sampled: planned.sampled, source: source, width: Int(drawn.size.width),
                                    height: Int(drawn.size.height), description: drawn.caption,
                                    smallestText: drawn.smallestTextSize, problem: nil)
            case .failure(let error):
                return PlacedFigure(title: planned.title, sampled: planned.sampled, source: nil, width: 0, height: 0,
                                    description: "", problem: error.description)
            }
        }

        progress("report: \(spec.name), \(total) step\(total == 1 ? "" : "s"), recording \(kept.count), figures for \(figureSteps.count)")
        let progressEvery = max(1, total / 10)
        let nonFinite = try run.run(record: .ops, every: every) { result in
            let step = result.trace
            try writer.append(step)
            metrics.add(step)
            if parameterShapes.isEmpty {
                parameterShapes = step.params.mapValues(\.before.shape)
                // Constant tables are drawn once, in the model section.
                for layer in architecture.layers where layer.type == "positional_encoding" {
                    let single = Trace(model: spec.name, architecture: architecture, steps: [step])
                    tables.append(try place(ReportFigure(
                        name: "\(ReportFigurePlan.slug(layer.name))-table", title: ReportWords.positionalTable(edition, ["layer": layer.name]),
                        sampled: nil, figure: attempt { try SequenceFigures.positionalEncoding(trace: single, layer: layer.name, edition: edition) })))
                }
            }
            if figureSteps.contains(step.step) || result.nonFinite != nil {
                let groups = try request.plan.figures(trace: shell, step: step, edition: edition).map { group in
                    (heading: group.heading, figures: try group.figures.map(place))
                }
                sections.append(StepFigures(step: step.step, loss: step.loss, groups: groups))
                progress("step \(step.step) of \(total): \(groups.reduce(0) { $0 + $1.figures.count }) figures")
            } else if step.step % progressEvery == 0 {
                progress("step \(step.step) of \(total)")
            }
        }
        try writer.finish()

        var charts: [PlacedFigure] = []
        if metrics.steps.count >= 2 {
            charts.append(try place(ReportFigure(name: "loss", title: ReportWords.lossPerStep(edition), sampled: nil, figure: .success(metrics.lossChart(edition: edition)))))
            if let accuracy = metrics.accuracyChart(edition: edition) {
                charts.append(try place(ReportFigure(name: "accuracy", title: ReportWords.accuracyPerStep(edition), sampled: nil, figure: .success(accuracy))))
            }
        }
        var gradientChart: PlacedFigure?
        if metrics.steps.count >= 2 && !metrics.layers.isEmpty {
            gradientChart = try place(ReportFigure(name: "gradient-flow", title: ReportWords.gradientNormPerStep(edition),
                                                   sampled: nil, figure: .success(metrics.gradientFlowChart(edition: edition))))
        }
        let page = ReportPage(request: request, summary: ModelSummary(model: spec.name, architecture: architecture, parameterShapes: parameterShapes),
                              metrics: metrics, tables: tables, charts: charts, gradientChart: gradientChart, sections: sections,
                              totalSteps: total, nonFinite: nonFinite, traceBytes: traceBytes)
        return Report(html: page.html(), figureCount: figureCount, recordedSteps: metrics.steps, figureSteps: sections.map(\.step),
                      nonFinite: nonFinite, traceBytes: traceBytes)
    }

    /// `count` of `values` spread evenly, the first and the last included.
    static func evenlySpaced(_ values: [Int], count: Int) -> [Int] {
        guard values.count > count else { return values }
        guard count > 1 else { return [values[0]] }
        return (0..<count).map { values[Int((Double($0) * Double(values.count - 1) / Double(count - 1)).rounded())] }
    }
}
