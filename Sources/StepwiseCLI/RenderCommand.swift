import ArgumentParser
import Foundation
import StepwiseLessons
import StepwiseRender
import StepwiseTrace
import StepwiseWords

extension ValueKind: ExpressibleByArgument {}
extension NetworkOptions.NodeColoring: ExpressibleByArgument {}
extension NetworkOptions.EdgeQuantity: ExpressibleByArgument {}

/// `stepwise render TRACE --figure KIND`: draw one figure of a trace as PNG, SVG or PDF.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a figure of a trace as PNG, SVG or PDF.",
        discussion: """
            The format comes from --out's extension (.png, .svg, .pdf); without --out the SVG \
            goes to standard output. --list describes every figure kind. Exit status 1 on bad \
            input (one line on stderr, nothing written).
            """
    )

    @Argument(help: "The trace (JSON) to draw from.")
    var trace: String?

    @Option(help: "The figure kind (see --list).")
    var figure: String?

    @Flag(help: "List the figure kinds and their options.")
    var list = false

    @Option(help: "The step to draw (default: the last recorded step).")
    var step: Int?

    @Option(help: "The scope: a tensor for heatmap, a layer for conv/pool/lstm/attention figures, a prefix for graph.")
    var scope: String?

    @Option(help: "Write the figure to this file; the extension chooses PNG, SVG or PDF.")
    var out: String?

    @Option(help: "Which number to draw for heatmap: value, grad, after or update.")
    var value: ValueKind = .value

    @Option(help: "Colour network nodes by activation or gradient.")
    var nodes: NetworkOptions.NodeColoring = .activation

    @Option(help: "Network edges show weight, gradient or update.")
    var edges: NetworkOptions.EdgeQuantity = .weight

    @Flag(help: "Show numbers (heatmap cells, network edges and biases).")
    var numbers = false

    @Option(help: "Decimals of the numbers shown (0 to 17).")
    var decimals: Int = 2

    @Option(help: "Network neurons to highlight, per column: an index from 0, * for all, _ for none (0,1,0 is a path; _,0,* hidden neuron 1 and every output).")
    var highlight: String?

    @Option(help: "Which sample of the batch, 1-based.")
    var sample: Int = 1

    @Option(help: "Which channel for pooling, 1-based.")
    var channel: Int = 1

    @Option(help: "neuron-plane: which unit of the layer, 1-based (default: every unit).")
    var unit: Int?
    @Option(help: "feature-maps: outline this output cell (ROW,COLUMN,FILTER, 1-based) with its window on the input and its kernel.")
    var cell: String?

    @Flag(help: "feature-maps: outline every window the kernel visits on the input (at most 16).")
    var windows = false

    @Option(help: "lstm-cell: the time step drawn, 1-based.")
    var time: Int = 1

    @Flag(help: "Logarithmic loss axis.")
    var logY = false

    @Option(help: "The top of a loss chart's y axis at most; lines above it leave through the top.")
    var yMax: Double?

    @Option(help: "head-view: the encoder layer, from 1.")
    var layer: Int = 1

    @Option(help: "head-view, model-view: the heads to draw, from 1, separated by commas (default: all).")
    var heads: String?

    @Option(help: "embedding-sum: how many features to show.")
    var features: Int = 4

    @Option(name: .customLong("with"), help: "compare-loss, sentence-similarity: another trace to compare with TRACE (repeatable).")
    var others: [String] = []

    @Option(help: "Pixels per figure unit in PNG output.")
    var scale: Double = 1

    @Option(help: "The language of the figure's words: en (English) or zh (Chinese).")
    var lang: String = "en"

    func validate() throws {
        if list { return }
        guard figure != nil else { throw ValidationError("--figure is required (see --list)") }
        if figure != FigureKind.activations.rawValue && figure != FigureKind.lossFunctions.rawValue && trace == nil { throw ValidationError("a TRACE is required for --figure \(figure!)") }
        if sample < 1 { throw ValidationError("--sample must be at least 1, found \(sample)") }
        if channel < 1 { throw ValidationError("--channel must be at least 1, found \(channel)") }
        if let unit, unit < 1 { throw ValidationError("--unit must be at least 1, found \(unit)") }
        if time < 1 { throw ValidationError("--time must be at least 1, found \(time)") }
        if let problem = DigitsRule.problem(decimals: decimals) { throw ValidationError("--decimals: \(problem)") }
        if !(scale > 0 && scale <= 8) { throw ValidationError("--scale must be in (0, 8], found \(scale)") }
        if let yMax, !(yMax > 0 && yMax.isFinite) { throw ValidationError("--y-max must be a positive number, found \(yMax)") }
        if !others.isEmpty && figure != FigureKind.compareLoss.rawValue && figure != FigureKind.sentenceSimilarity.rawValue {
            throw ValidationError("--with is for --figure compare-loss and sentence-similarity")
        }
        if layer < 1 { throw ValidationError("--layer must be at least 1, found \(layer)") }
        if features < 1 { throw ValidationError("--features must be at least 1, found \(features)") }
        if Edition(option: lang) == nil { throw ValidationError("--lang: expected en or zh, found \"\(lang)\"") }
    }

    func run() throws {
        if list {
            print("Figure kinds (stepwise render TRACE --figure KIND [--step N] [--scope S] [--out FILE.png|.svg|.pdf]):")
            // Names in full (the longest sets the column), so each can be copied as it stands.
            let width = FigureKind.allCases.map(\.rawValue.count).max()!
            for kind in FigureKind.allCases {
                print("  \(kind.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)) \(kind.summary)")
            }
            return
        }
        try reportingErrors {
            let kind = try FigureKind.named(figure!)
            var format = OutputFormat.svg
            if let out {
                let ext = URL(fileURLWithPath: out).pathExtension
                guard let chosen = OutputFormat(pathExtension: ext) else {
                    throw RenderCommandError("\(out): expected a .png, .svg or .pdf file name, found \(ext.isEmpty ? "no extension" : ".\(ext)")")
                }
                format = chosen
                let target = try OutputTarget(URL(fileURLWithPath: out), shownAs: out)
                for input in [trace].compactMap({ $0 }) + others {
                    try target.refuseSame(as: URL(fileURLWithPath: input), what: "the trace")
                }
            }
            let figure = try make(kind)
            let data = try Renderer.render(figure, as: format, options: RenderOptions(scale: scale))
            if let out {
                try AtomicFile.write(data, to: URL(fileURLWithPath: out))
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }

    private func make(_ kind: FigureKind) throws -> Figure {
        if kind.drawsBertTrace { return try makeBert(kind) }
        let loaded = try trace.map { try TraceReader.read(contentsOf: URL(fileURLWithPath: $0)) }
        var settings = FigureSettings(step: step, scope: scope)
        settings.edition = Edition(option: lang) ?? .en
        settings.value = value
        settings.nodes = nodes
        settings.edges = edges
        settings.numbers = numbers
        settings.decimals = decimals
        settings.sample = sample - 1
        settings.channel = channel - 1
        settings.unit = unit.map { $0 - 1 }
        settings.logY = logY
        settings.yMax = yMax
        settings.convWindows = windows
        settings.time = time
        if let cell {
            do {
                settings.convCell = try ConvCell.parse(cell)
            } catch let error as RenderError {
                throw RenderCommandError("--\(error.description.replacingOccurrences(of: "option ", with: ""))")
            }
        }
        if let highlight {
            do {
                settings.highlight = try HighlightedNeurons.parse(highlight)
            } catch let error as RenderError {
                throw RenderCommandError("--\(error.description)")
            }
        }
        do {
            var runs: [LineChart.LossRun] = []
            if kind == .compareLoss, let loaded {
                runs = [LineChart.LossRun(label: loaded.model, trace: loaded)]
                for other in others {
                    let trace = try TraceReader.read(contentsOf: URL(fileURLWithPath: other))
                    runs.append(LineChart.LossRun(label: trace.model, trace: trace))
                }
            }
            return try FigureCatalog.figure(kind, of: loaded, settings: settings, runs: runs) {
                try DecisionGridMaker.input(trace: $0, step: $1.step, layer: $1.scope, edition: $1.edition)
            } generatorMap: {
                try GeneratorMapMaker.input(trace: $0, step: $1.step)
            } neuronPlane: {
                try NeuronPlaneMaker.input(trace: $0, step: $1.step, layer: $1.scope, unit: $1.unit, edition: $1.edition)
            }
        } catch let error as RenderError {
            throw RenderCommandError("\(trace ?? "stepwise render"): \(error.description)")
        }
    }
}

extension RenderCommand {
    /// A BERT figure from forward traces (TRACE, then every --with).
    private func makeBert(_ kind: FigureKind) throws -> Figure {
        let traces = try ([trace!] + others).map { try TraceReader.readForward(contentsOf: URL(fileURLWithPath: $0)) }
        var settings = FigureSettings(step: step, scope: scope)
        settings.edition = Edition(option: lang) ?? .en
        settings.decimals = decimals
        settings.layer = layer
        settings.features = features
        do {
            if let heads { settings.heads = try FigureSettings.heads(heads) }
            return try FigureCatalog.bertFigure(kind, of: traces, settings: settings)
        } catch let error as RenderError {
            throw RenderCommandError("\(trace!): \(error.description)")
        }
    }
}

/// A user-facing render error, printed as one line.
struct RenderCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
