import StepwiseTrace
import StepwiseWords

/// Every figure kind by name, with the settings they take: the one place that turns
/// "draw KIND of this trace" into a `Figure`, for `stepwise render` and the lesson builder alike.
public enum FigureKind: String, CaseIterable, Sendable {
    case network, graph, heatmap, featureMaps = "feature-maps", pooling, lstm, attention
    case positionalEncoding = "positional-encoding", loss, activations, decisionBoundary = "decision-boundary"
    case compareLoss = "compare-loss", lossFunctions = "loss-functions", accuracy
    case gradientThroughTime = "gradient-through-time"
    case discriminatorOutputs = "discriminator-outputs", generatorMap = "generator-map"
    case headView = "head-view", modelView = "model-view", embeddingSum = "embedding-sum", hiddenChange = "hidden-change", sentenceSimilarity = "sentence-similarity"
    case optimizerPaths = "optimizer-paths"
    case neuronPlane = "neuron-plane"
    case shapeFlow = "shape-flow"
    case lstmCell = "lstm-cell"

    public var summary: String {
        switch self {
        case .network: return "dense network: neurons coloured by activation or gradient, edges by weight, gradient or update (nodes, node-colours, edges, numbers, highlight, sample)"
        case .graph: return "computation graph of the step's ops, each node with op, scope, value and gradient (scope PREFIX keeps matching ops)"
        case .heatmap: return "one tensor as a heatmap with colour bar (scope NAME required; value, numbers, decimals)"
        case .featureMaps: return "conv layer: input channels, kernels, maps before and after the activation (scope LAYER, sample; cell ROW,COLUMN,FILTER outlines that output cell, its window and kernel; windows true outlines every window)"
        case .pooling: return "pooling layer: windows, winners, output, gradient back to the input (scope LAYER, sample, channel)"
        case .lstm: return "LSTM unrolled over time: gates, c_t, h_t and the gradient through time (scope LAYER, sample)"
        case .attention: return "attention heads: Q, K, V and weights with the causal mask hatched (scope LAYER, sample)"
        case .positionalEncoding: return "positional-encoding table <layer>/table as a heatmap (scope LAYER)"
        case .loss: return "training loss per recorded step, and a validation loss when given (log-y, y-max; mark-best train|validation rings the lowest point)"
        case .activations: return "sigmoid, tanh and relu with their derivatives (no trace needed)"
        case .decisionBoundary: return "2-D classifier: P(class 1) over the input plane, the boundary and the step's data (dense, 2 inputs; scope LAYER of 2 units: over that layer's output instead); for a 2-D GAN, the discriminator's D(x) with real and generated samples and the push on each generated one"
        case .compareLoss: return "loss of several runs on one chart, validation dashed; non-finite losses marked (log-y, y-max)"
        case .gradientThroughTime: return "LSTM: ‖∂L/∂c_t‖ of the cell state per time step on a log axis, one line per run (scope LAYER, sample)"
        case .accuracy: return "classifier accuracy per recorded step on 0…1, validation dashed (lessons and reports compute the accuracies)"
        case .discriminatorOutputs: return "GAN: histograms of D(x) for the real and generated samples of a step's last discriminator update, ½ marked"
        case .generatorMap: return "GAN with 2-D noise and samples: a grid of noise points and where the generator sends it, over the real samples"
        case .headView: return "BERT trace: the tokens in two columns, a line from each token to those it attends to, opacity = weight, one colour per head (layer N from 1, heads 1,2,… default all)"
        case .modelView: return "BERT trace: a grid of every layer's every head as a small attention map, tokens on the outer axes (heads 1,2,… default all)"
        case .embeddingSum: return "BERT trace: per token, word + position + type embeddings = sum, then LayerNorm, as heatmaps with numbers (features N, default 4; decimals)"
        case .hiddenChange: return "BERT trace: per token and layer, the cosine of its vector after the layer to before it, and the length of the change (decimals)"
        case .sentenceSimilarity: return "BERT traces, one per sentence (render: TRACE --with TRACE …): cosine similarity of their sentence embeddings (decimals)"
        case .optimizerPaths: return "two-parameter model: the loss over the plane of its parameters as contours, and the paths of several runs (specs) from one start (lessons compute the loss grid)"
        case .neuronPlane: return "dense network on 2 inputs: a neuron's output over the input plane, with the training points (scope LAYER, default the first; unit N from 1, default every unit of the layer side by side)"
        case .lstmCell: return "LSTM cell schematic: the cell-state line, the four gates, × and + nodes, with one time step's traced values (scope LAYER, time, sample)"
        case .shapeFlow: return "the data's shape through every layer, left to right: a box per layer sized by its output shape, with the layer in words and its parameter count"
        case .lossFunctions: return "squared error and cross-entropy of one prediction against target 1, with |∂L/∂z| through a sigmoid (no trace needed)"
        }
    }

    /// Whether the kind draws a BERT encoder's forward trace (`FigureCatalog.bertFigure`).
    public var drawsBertTrace: Bool {
        [.headView, .modelView, .embeddingSum, .hiddenChange, .sentenceSimilarity].contains(self)
    }

    /// The architecture layer types a missing scope defaults to (the first such layer).
    var layerTypes: [String] {
        switch self {
        case .featureMaps: return ["conv2d"]
        case .pooling: return ["max_pool2d", "avg_pool2d"]
        case .lstm, .gradientThroughTime, .lstmCell: return ["lstm"]
        case .attention: return ["multi_head_attention"]
        case .positionalEncoding: return ["positional_encoding"]
        default: return []
        }
    }

    /// The kind named `name`, or an error that suggests the nearest one.
    public static func named(_ name: String) throws -> FigureKind {
        guard let kind = FigureKind(rawValue: name) else {
            let names = allCases.map(\.rawValue)
            let nearest = TraceLookup.nearest(name, among: names, count: 1)
            throw RenderError.invalidInput("unknown figure kind \"\(name)\" (did you mean \(nearest.joined())?); known kinds: \(names.joined(separator: ", "))")
        }
        return kind
    }
}

/// The settings of one figure; each kind reads the ones that apply to it.
public struct FigureSettings: Sendable, Equatable {
    /// The trace step (nil: the last recorded).
    public var step: Int?
    /// A tensor (heatmap), a layer (conv, pooling, LSTM, attention figures) or a prefix (graph).
    public var scope: String?
    public var value: ValueKind = .value
    public var nodes: NetworkOptions.NodeColoring = .activation
    public var edges: NetworkOptions.EdgeQuantity = .weight
    public var numbers = false
    /// Whether a network diagram colours its nodes (`node-colours: false` draws them white:
    /// inputs and outputs are different quantities, which one colour scale would compare).
    public var nodeColours = true
    public var decimals = 2
    /// What a network diagram highlights, per column (`HighlightedNeurons.parse`).
    public var highlight: [HighlightedNeurons]?
    /// Which sample of the batch, 0-based.
    public var sample = 0
    /// Which channel for pooling, 0-based.
    public var channel = 0
    /// Which unit of a layer (neuron plane), 0-based; nil: every unit.
    public var unit: Int?
    public var logY = false
    /// The top of a loss chart's y axis at most (lines above it leave through the top).
    public var yMax: Double?
    /// BERT figures: the encoder layer (from 1), the heads (from 1; empty: all) and how many
    /// embedding features to show.
    public var layer = 1
    public var heads: [Int] = []
    public var features = 4
    /// Which curve a loss chart rings at its lowest point (`mark-best: validation`: early
    /// stopping's best step).
    public var markBest: LineChart.MarkedCurve?
    /// Feature maps: the output cell outlined with its window and kernel (`cell: row,column,filter`, from 1).
    public var convCell: ConvCell?
    /// Feature maps: every window the kernel visits outlined on the input (`windows: true`).
    public var convWindows = false
    /// LSTM cell: the time step drawn, from 1.
    public var time = 1
    /// The edition whose words the figure draws (`stepwise render --lang zh`).
    public var edition: Edition = .en

    public init(step: Int? = nil, scope: String? = nil) {
        self.step = step
        self.scope = scope
    }

    /// Settings from text options as a lesson writes them (`nodes: gradient`, `numbers: true`,
    /// `highlight: 0,1,0`, `sample: 1` — sample and channel 1-based as on the command line).
    public init(step: Int?, scope: String?, options: [String: String]) throws {
        self.init(step: step, scope: scope)
        for (key, text) in options.sorted(by: { $0.key < $1.key }) {
            func fail(_ expected: String) -> RenderError { .invalidInput("option \(key): expected \(expected), found \"\(text)\"") }
            switch key {
            case "value":
                guard let kind = ValueKind(rawValue: text) else { throw fail(ValueKind.allCases.map(\.rawValue).joined(separator: ", ")) }
                value = kind
            case "nodes":
                guard let coloring = NetworkOptions.NodeColoring(rawValue: text) else { throw fail("activation or gradient") }
                nodes = coloring
            case "edges":
                guard let quantity = NetworkOptions.EdgeQuantity(rawValue: text) else { throw fail("weight, gradient or update") }
                edges = quantity
            case "numbers", "log-y", "node-colours":
                guard let flag = Bool(text.lowercased()) else { throw fail("true or false") }
                if key == "numbers" { numbers = flag } else if key == "log-y" { logY = flag } else { nodeColours = flag }
            case "decimals":
                guard let count = Int(text) else { throw fail("a whole number") }
                if let problem = DigitsRule.problem(decimals: count) { throw RenderError.invalidInput("option decimals: \(problem)") }
                decimals = count
            case "sample", "channel", "unit":
                guard let number = Int(text), number >= 1 else { throw fail("a number from 1") }
                if key == "sample" { sample = number - 1 } else if key == "unit" { unit = number - 1 } else { channel = number - 1 }
            case "time":
                guard let number = Int(text), number >= 1 else { throw fail("a time step from 1") }
                time = number
            case "y-max":
                guard let limit = Double(text), limit.isFinite, limit > 0 else { throw fail("a positive number") }
                yMax = limit
            case "highlight":
                highlight = try HighlightedNeurons.parse(text)
            case "layer", "features":
                guard let number = Int(text), number >= 1 else { throw fail("a number from 1") }
                if key == "layer" { layer = number } else { features = number }
            case "heads":
                heads = try Self.heads(text)
            case "mark-best":
                guard let curve = LineChart.MarkedCurve(rawValue: text) else { throw fail(LineChart.MarkedCurve.allCases.map(\.rawValue).joined(separator: " or ")) }
                markBest = curve
            case "cell":
                convCell = try ConvCell.parse(text)
            case "windows":
                guard let flag = Bool(text.lowercased()) else { throw fail("true or false") }
                convWindows = flag
            default:
                throw RenderError.invalidInput("unknown option \"\(key)\" (known: value, nodes, node-colours, edges, numbers, decimals, highlight, sample, channel, unit, log-y, y-max, mark-best, layer, heads, features, cell, windows, time)")
            }
        }
    }
}

extension FigureSettings {
    /// `1,3,5`: head numbers from 1, at most 1024 of them.
    public static func heads(_ text: String) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.filter { !$0.isWhitespace } }
        guard parts.count <= 1024 else { throw RenderError.invalidInput("option heads: at most 1024 heads") }
        return try parts.map {
            guard let head = Int($0), head >= 1 else {
                throw RenderError.invalidInput("option heads: expected head numbers from 1 separated by commas, found \"\(Excerpt(text))\"")
            }
            return head
        }
    }
}

/// Makes the figure of a kind. The decision boundary and the generator map need predictions
/// the renderer cannot compute, so its caller passes `decisionBoundary` (and `generatorMap`), which turns the trace and settings (step,
/// scope) into the grid and points; likewise `neuronPlane` (step, scope, unit). Loss charts draw `runs`: `compare-loss` every one of them,
/// `loss` the validation points of the first (the trace's own run), named `validationLabel`;
/// `accuracy` draws the runs' points as accuracies; `gradient-through-time` reads each run's
/// trace (the trace alone without runs).
public enum FigureCatalog {
    public static func figure(
        _ kind: FigureKind, of trace: Trace?, settings: FigureSettings,
        runs: [LineChart.LossRun] = [], validationLabel: String? = nil,
        decisionBoundary: (Trace, FigureSettings) throws -> DecisionBoundaryInput,
        generatorMap: (Trace, FigureSettings) throws -> GeneratorMapInput = { _, _ in
            throw RenderError.invalidInput("generator-map needs the engine to run the generator; draw it with stepwise render")
        },
        neuronPlane: (Trace, FigureSettings) throws -> NeuronPlaneInput = { _, _ in
            throw RenderError.invalidInput("neuron-plane needs the engine to run the network; draw it with stepwise render")
        },
        optimizerPaths: OptimizerPathsInput? = nil
    ) throws -> Figure {
        let edition = settings.edition
        if kind == .activations { return LineChart.activations(edition: edition) }
        if kind == .lossFunctions { return LineChart.lossFunctions(edition: edition) }
        guard let trace else { throw RenderError.invalidInput("figure \(kind.rawValue) needs a trace") }
        let step = settings.step
        let validationLabel = validationLabel ?? CommonWords.validation(edition)
        switch kind {
        case .network:
            var options = NetworkOptions()
            options.nodes = settings.nodes
            options.colorNodes = settings.nodeColours
            options.edges = settings.edges
            options.showEdgeValues = settings.numbers
            options.showBiases = settings.numbers
            options.decimals = settings.decimals
            options.sample = settings.sample
            options.highlight = settings.highlight
            return try NetworkDiagram.figure(trace: trace, step: step, options: options, edition: edition)
        case .graph:
            var options = GraphOptions()
            options.edition = edition
            if let scope = settings.scope { options.scopePrefixes = [scope] }
            return try ComputationGraph.figure(trace: trace, step: step, options: options)
        case .heatmap:
            guard let scope = settings.scope else {
                let lookup = try TraceLookup(trace, step: step)
                throw RenderError.invalidInput("heatmap needs a scope; some scopes of step \(lookup.step.step): \(lookup.scopes.prefix(6).joined(separator: ", "))")
            }
            var options = HeatmapOptions()
            options.edition = edition
            options.kind = settings.value
            options.decimals = settings.decimals
            if settings.numbers { options.showValues = true }
            return try Heatmap.figure(trace: trace, step: step, scope: scope, options: options)
        case .featureMaps:
            var options = FeatureMapOptions()
            options.sample = settings.sample
            options.decimals = settings.decimals
            options.highlight = settings.convCell
            options.showWindows = settings.convWindows
            return try ConvFigures.featureMaps(trace: trace, step: step, layer: try layer(kind, settings, trace), options: options, edition: edition)
        case .pooling:
            var options = ConvFigures.PoolingOptions()
            options.sample = settings.sample
            options.channel = settings.channel
            options.decimals = settings.decimals
            return try ConvFigures.pooling(trace: trace, step: step, layer: try layer(kind, settings, trace), options: options, edition: edition)
        case .lstm:
            var options = SequenceFigures.LSTMOptions()
            options.sample = settings.sample
            options.decimals = settings.decimals
            return try SequenceFigures.lstm(trace: trace, step: step, layer: try layer(kind, settings, trace), options: options, edition: edition)
        case .attention:
            var options = SequenceFigures.AttentionOptions()
            options.sample = settings.sample
            options.decimals = settings.decimals
            return try SequenceFigures.attention(trace: trace, step: step, layer: try layer(kind, settings, trace), options: options, edition: edition)
        case .positionalEncoding:
            return try SequenceFigures.positionalEncoding(trace: trace, step: step, layer: try layer(kind, settings, trace), edition: edition)
        case .loss:
            let extra = runs.first?.validation.map {
                [Series(name: ChartWords.namedLoss(edition, ["name": Markup.escape(validationLabel)]), points: $0, color: Color.series[0], dashed: true)]
            } ?? []
            return LineChart.lossCurve(trace: trace, train: runs.first?.points, trainLabel: runs.first?.label, extra: extra,
                                       logY: settings.logY, yMax: settings.yMax, clock: runs.first?.clock ?? .steps, markBest: settings.markBest,
                                       edition: edition)
        case .compareLoss:
            guard !runs.isEmpty else { throw RenderError.invalidInput("compare-loss needs the runs to compare") }
            if settings.markBest != nil { throw RenderError.invalidInput("option mark-best: only the loss figure of one run takes it") }
            return LineChart.compareRuns(runs, validationLabel: validationLabel, logY: settings.logY, yMax: settings.yMax, edition: edition)
        case .gradientThroughTime:
            let lines = runs.isEmpty ? [(label: trace.model, trace: trace)] : runs.map { (label: $0.label, trace: $0.trace) }
            return try SequenceFigures.gradientThroughTime(runs: lines, step: step, layer: try layer(kind, settings, trace), sample: settings.sample,
                                                           edition: edition)
        case .accuracy:
            guard !runs.isEmpty else {
                throw RenderError.invalidInput("accuracy needs accuracies per step, which the engine computes: draw it from a lesson (stepwise-figure) or see it in stepwise report")
            }
            var series: [Series] = []
            for (index, run) in runs.enumerated() {
                let color = Color.series[index % Color.series.count]
                series.append(Series(name: Markup.escape(run.label), points: run.points, color: color))
                if let validation = run.validation {
                    series.append(Series(name: Markup.escape(runs.count == 1 ? validationLabel
                                                             : ChartWords.validationNamed(edition, ["label": run.label, "validation": validationLabel])),
                                         points: validation, color: color, dashed: true))
                }
            }
            // Which parameters each point was computed with is the caller's clock (lessons: the
            // untrained network, then after each update), so the subtitle claims none.
            let steps = runs[0].trace.steps.count
            return LineChart.accuracyCurve(model: trace.model, series: series,
                                           subtitle: ChartWords.recordedSteps(edition, ["n": "\(steps)"]),
                                           measured: ChartWords.overRecordedSteps(edition, ["n": "\(steps)"]), clock: runs[0].clock, edition: edition)
        case .decisionBoundary:
            return DecisionBoundary.figure(try decisionBoundary(trace, settings), edition: edition)
        case .discriminatorOutputs:
            return try GANFigures.discriminatorOutputs(trace: trace, step: step, edition: edition)
        case .generatorMap:
            return GeneratorMap.figure(try generatorMap(trace, settings), edition: edition)
        case .optimizerPaths:
            guard let optimizerPaths else {
                throw RenderError.invalidInput("optimizer-paths needs the engine to evaluate the loss over the parameters' plane: draw it from a lesson (stepwise-figure with specs)")
            }
            return OptimizerPaths.figure(optimizerPaths, edition: edition)
        case .neuronPlane:
            return NeuronPlane.figure(try neuronPlane(trace, settings), edition: edition)
        case .shapeFlow:
            return try ShapeFlow.figure(trace: trace, step: step, edition: edition)
        case .lstmCell:
            var options = LSTMCell.Options()
            options.sample = settings.sample
            options.time = settings.time
            options.decimals = settings.decimals
            return try LSTMCell.figure(trace: trace, step: step, layer: try layer(kind, settings, trace), options: options, edition: edition)
        case .activations:
            return LineChart.activations(edition: edition)
        case .lossFunctions:
            return LineChart.lossFunctions(edition: edition)
        case .headView, .modelView, .embeddingSum, .hiddenChange, .sentenceSimilarity:
            throw RenderError.invalidInput("\(kind.rawValue) draws a BERT encoder's forward trace, not a training trace")
        }
    }

    /// The figure of a BERT kind (`FigureKind.drawsBertTrace`) from forward traces: `traces[0]`
    /// for every kind; sentence-similarity compares all of them.
    public static func bertFigure(_ kind: FigureKind, of traces: [ForwardTrace], settings: FigureSettings) throws -> Figure {
        guard kind.drawsBertTrace else { throw RenderError.invalidInput("\(kind.rawValue) draws a training trace, not a BERT encoder's forward trace") }
        let views = try traces.map { try BertTraceView($0, edition: settings.edition) }
        guard let view = views.first else { throw RenderError.invalidInput("figure \(kind.rawValue) needs a trace") }
        let edition = settings.edition
        switch kind {
        case .headView: return try BertHeadView.figure(view, layer: settings.layer, heads: settings.heads, edition: edition)
        case .modelView: return try BertModelView.figure(view, heads: settings.heads, edition: edition)
        case .embeddingSum: return try BertEmbeddingSum.figure(view, features: settings.features, decimals: settings.decimals, edition: edition)
        case .hiddenChange: return try BertHiddenChange.figure(view, decimals: settings.decimals, edition: edition)
        default: return try BertSentenceSimilarity.figure(views, decimals: settings.decimals, edition: edition)
        }
    }

    /// The layer a figure draws: the scope given, else the first layer of a fitting type.
    private static func layer(_ kind: FigureKind, _ settings: FigureSettings, _ trace: Trace) throws -> String {
        if let scope = settings.scope { return scope }
        guard let found = trace.architecture.layers.first(where: { kind.layerTypes.contains($0.type) }) else {
            throw RenderError.invalidInput("no \(kind.layerTypes.joined(separator: " or ")) layer in \(trace.model); name one with a scope")
        }
        return found.name
    }
}
