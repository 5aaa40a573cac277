import ArgumentParser
import Foundation
import StepwiseRender
import StepwiseTrace

extension ValueKind: ExpressibleByArgument {}
extension NetworkOptions.NodeColoring: ExpressibleByArgument {}
extension NetworkOptions.EdgeQuantity: ExpressibleByArgument {}

/// The figure kinds `stepwise render` knows, with what `--scope` means for each.
enum FigureKind: String, CaseIterable {
    case network, graph, heatmap, featureMaps = "feature-maps", pooling, lstm, attention
    case positionalEncoding = "positional-encoding", loss, activations, decisionBoundary = "decision-boundary"

    var summary: String {
        switch self {
        case .network: return "dense network: neurons coloured by activation or gradient, edges by weight, gradient or update (--nodes, --edges, --numbers, --highlight, --sample)"
        case .graph: return "computation graph of the step's ops, each node with op, scope, value and gradient (--scope PREFIX keeps matching ops)"
        case .heatmap: return "one tensor as a heatmap with colour bar (--scope NAME required; --value, --numbers, --decimals)"
        case .featureMaps: return "conv layer: input channels, kernels, maps before and after the activation (--scope LAYER, --sample)"
        case .pooling: return "pooling layer: windows, winners, output, gradient back to the input (--scope LAYER, --sample, --channel)"
        case .lstm: return "LSTM unrolled over time: gates, c_t, h_t and the gradient through time (--scope LAYER, --sample)"
        case .attention: return "attention heads: Q, K, V and weights with the causal mask hatched (--scope LAYER, --sample)"
        case .positionalEncoding: return "positional-encoding table <layer>/table as a heatmap (--scope LAYER)"
        case .loss: return "training loss per recorded step (--log-y)"
        case .activations: return "sigmoid, tanh and relu with their derivatives (no trace needed)"
        case .decisionBoundary: return "2-D classifier: P(class 1) over the input plane, the boundary and the step's data (dense, 2 inputs; --step)"
        }
    }

    /// The architecture layer type `--scope` defaults to.
    var layerType: String? {
        switch self {
        case .featureMaps: return "conv2d"
        case .pooling: return "max_pool2d"
        case .lstm: return "lstm"
        case .attention: return "multi_head_attention"
        case .positionalEncoding: return "positional_encoding"
        default: return nil
        }
    }
}

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

    @Option(help: "Decimals of the numbers shown.")
    var decimals: Int = 2

    @Option(help: "Network path to highlight: one node index per column, comma-separated (0,1,0).")
    var highlight: String?

    @Option(help: "Which sample of the batch, 1-based.")
    var sample: Int = 1

    @Option(help: "Which channel for pooling, 1-based.")
    var channel: Int = 1

    @Flag(help: "Logarithmic loss axis.")
    var logY = false

    @Option(help: "Pixels per figure unit in PNG output.")
    var scale: Double = 1

    func validate() throws {
        if list { return }
        guard figure != nil else { throw ValidationError("--figure is required (see --list)") }
        if figure != FigureKind.activations.rawValue && trace == nil { throw ValidationError("a TRACE is required for --figure \(figure!)") }
        if sample < 1 { throw ValidationError("--sample must be at least 1, found \(sample)") }
        if channel < 1 { throw ValidationError("--channel must be at least 1, found \(channel)") }
        if decimals < 0 || decimals > 10 { throw ValidationError("--decimals must be in 0...10, found \(decimals)") }
        if !(scale > 0 && scale <= 8) { throw ValidationError("--scale must be in (0, 8], found \(scale)") }
    }

    func run() throws {
        if list {
            print("Figure kinds (stepwise render TRACE --figure KIND [--step N] [--scope S] [--out FILE.png|.svg|.pdf]):")
            for kind in FigureKind.allCases {
                print("  \(kind.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(kind.summary)")
            }
            return
        }
        try reportingErrors {
            guard let kind = FigureKind(rawValue: figure!) else {
                let names = FigureKind.allCases.map(\.rawValue)
                let nearest = TraceLookup.nearest(figure!, among: names, count: 1)
                throw RenderCommandError("unknown figure kind \"\(figure!)\" (did you mean \(nearest.joined())?); known kinds: \(names.joined(separator: ", "))")
            }
            var format = OutputFormat.svg
            if let out {
                let ext = URL(fileURLWithPath: out).pathExtension
                guard let chosen = OutputFormat(pathExtension: ext) else {
                    throw RenderCommandError("\(out): expected a .png, .svg or .pdf file name, found \(ext.isEmpty ? "no extension" : ".\(ext)")")
                }
                format = chosen
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
        if kind == .activations { return LineChart.activations() }
        let path = trace!
        let loaded = try TraceReader.read(contentsOf: URL(fileURLWithPath: path))
        do {
            return try make(kind, loaded)
        } catch let error as RenderError {
            throw RenderCommandError("\(path): \(error.description)")
        }
    }

    private func layer(for kind: FigureKind, in trace: Trace) throws -> String {
        if let scope { return scope }
        let types = kind == .pooling ? ["max_pool2d", "avg_pool2d"] : [kind.layerType!]
        guard let found = trace.architecture.layers.first(where: { types.contains($0.type) }) else {
            throw RenderError.invalidInput("no \(types.joined(separator: " or ")) layer in \(trace.model); name one with --scope")
        }
        return found.name
    }

    private func make(_ kind: FigureKind, _ trace: Trace) throws -> Figure {
        switch kind {
        case .network:
            var options = NetworkOptions()
            options.nodes = nodes
            options.edges = edges
            options.showEdgeValues = numbers
            options.showBiases = numbers
            options.decimals = decimals
            options.sample = sample - 1
            if let highlight {
                let parts = highlight.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard parts.allSatisfy({ $0 != nil }) else { throw RenderCommandError("--highlight: expected comma-separated node indices, found \(highlight)") }
                options.highlightPath = parts.map { $0! }
            }
            return try NetworkDiagram.figure(trace: trace, step: step, options: options)
        case .graph:
            var options = GraphOptions()
            if let scope { options.scopePrefixes = [scope] }
            return try ComputationGraph.figure(trace: trace, step: step, options: options)
        case .heatmap:
            guard let scope else {
                let lookup = try TraceLookup(trace, step: step)
                throw RenderError.invalidInput("heatmap needs --scope; some scopes of step \(lookup.step.step): \(lookup.scopes.prefix(6).joined(separator: ", "))")
            }
            var options = HeatmapOptions()
            options.kind = value
            options.decimals = decimals
            if numbers { options.showValues = true }
            return try Heatmap.figure(trace: trace, step: step, scope: scope, options: options)
        case .featureMaps:
            var options = FeatureMapOptions()
            options.sample = sample - 1
            options.decimals = decimals
            return try ConvFigures.featureMaps(trace: trace, step: step, layer: try layer(for: kind, in: trace), options: options)
        case .pooling:
            var options = ConvFigures.PoolingOptions()
            options.sample = sample - 1
            options.channel = channel - 1
            options.decimals = decimals
            return try ConvFigures.pooling(trace: trace, step: step, layer: try layer(for: kind, in: trace), options: options)
        case .lstm:
            var options = SequenceFigures.LSTMOptions()
            options.sample = sample - 1
            options.decimals = decimals
            return try SequenceFigures.lstm(trace: trace, step: step, layer: try layer(for: kind, in: trace), options: options)
        case .attention:
            var options = SequenceFigures.AttentionOptions()
            options.sample = sample - 1
            options.decimals = decimals
            return try SequenceFigures.attention(trace: trace, step: step, layer: try layer(for: kind, in: trace), options: options)
        case .positionalEncoding:
            return try SequenceFigures.positionalEncoding(trace: trace, step: step, layer: try layer(for: kind, in: trace))
        case .loss:
            return LineChart.lossCurve(trace: trace, logY: logY)
        case .decisionBoundary:
            return try DecisionGridMaker.figure(trace: trace, step: step)
        case .activations:
            return LineChart.activations()
        }
    }
}

/// A user-facing render error, printed as one line.
struct RenderCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
