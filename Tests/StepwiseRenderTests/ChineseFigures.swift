import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords
import Testing

/// Part A's figure kinds drawn in the Chinese edition on the traces `FigureGoldenTests` draws in
/// English, each with the Latin words it may show because they are data shown as they are (the
/// trace's model and scope names, the graph's op names, run labels).
enum ChineseFigures {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let data: Set<String>
        let make: @Sendable () throws -> Figure
        var testDescription: String { name }
    }

    /// Words of every trace's model and layer names (`mazur`, `hidden`, `conv1`, …).
    static func names(of traces: [Trace]) -> Set<String> {
        Set(traces.flatMap { trace in
            LatinWords.words(in: trace.model) + trace.architecture.layers.flatMap { LatinWords.words(in: $0.name) }
        })
    }

    /// Labels `ReaderLabel` would leave English: none since it speaks Chinese.
    static let pendingReaderLabels: Set<String> = []

    static var chinese: FigureSettings {
        var settings = FigureSettings()
        settings.edition = .zh
        return settings
    }

    static func catalogue(_ kind: FigureKind, _ trace: Trace?, settings: FigureSettings = chinese, runs: [LineChart.LossRun] = [],
                          validationLabel: String? = nil) throws -> Figure {
        try FigureCatalog.figure(kind, of: trace, settings: settings, runs: runs, validationLabel: validationLabel) { _, _ in
            throw RenderError.invalidInput("no decision boundary here")
        }
    }

    static let cases: [Case] = [
        Case(name: "mazur", data: names(of: [EngineTraces.mazur])) {
            var settings = chinese
            settings.numbers = true
            settings.highlight = [.one(0), .one(0), .one(1)]
            return try catalogue(.network, EngineTraces.mazur, settings: settings)
        },
        Case(name: "mazur-gradients", data: names(of: [EngineTraces.mazur])) {
            var settings = chinese
            settings.nodes = .gradient
            settings.edges = .gradient
            return try catalogue(.network, EngineTraces.mazur, settings: settings)
        },
        Case(name: "neuron-graph", data: names(of: [EngineTraces.neuron]).union(
            EngineTraces.neuron.steps.flatMap { $0.ops.flatMap { LatinWords.words(in: $0.op) + LatinWords.words(in: $0.scope) } })) {
            try catalogue(.graph, EngineTraces.neuron)
        },
        Case(name: "hidden-kernel-grad", data: names(of: [EngineTraces.mazur]).union(["kernel"])) {
            var settings = chinese
            settings.scope = "hidden/kernel"
            settings.value = .grad
            settings.decimals = 4
            return try catalogue(.heatmap, EngineTraces.mazur, settings: settings)
        },
        Case(name: "xor-adam", data: names(of: [EngineTraces.xorAdam.trace])) { try catalogue(.loss, EngineTraces.xorAdam.trace) },
        Case(name: "sigmoid-tanh-relu", data: []) { try catalogue(.activations, nil) },
        Case(name: "mse-vs-cross-entropy", data: []) { try catalogue(.lossFunctions, nil) },
        Case(name: "adam-vs-sgd", data: names(of: [EngineTraces.xorAdam.trace, EngineTraces.xorSGD])) {
            try catalogue(.compareLoss, EngineTraces.xorAdam.trace, runs: [
                .init(label: "Adam 0.05", trace: EngineTraces.xorAdam.trace), .init(label: "SGD 0.5", trace: EngineTraces.xorSGD),
            ])
        },
        Case(name: "early-stopping", data: names(of: [EngineTraces.xorSGD])) {
            let trace = EngineTraces.xorSGD
            let validation = [0.9, 0.5, 0.31, 0.4, 0.31, 0.6].enumerated().map { Point(Double($0.offset * 10), $0.element) }
            let train = trace.steps.map { Point(Double($0.step - 1), $0.loss) }
            var settings = chinese
            settings.markBest = .validation
            return try catalogue(.loss, trace, settings: settings, runs: [.init(label: "训练损失", trace: trace, points: train, validation: validation,
                                                                                 clock: .updates)])
        },
        Case(name: "xor-accuracy", data: names(of: [EngineTraces.xorAdam.trace])) {
            let trace = EngineTraces.xorAdam.trace
            let points = trace.steps.map { Point(Double($0.step), min(1, 0.5 + Double($0.step) / 800)) }
            return try catalogue(.accuracy, trace, runs: [.init(label: "训练集", trace: trace, points: points, validation: points.map { Point($0.x, $0.y * 0.9) })],
                                 validationLabel: "移动后的点")
        },
        Case(name: "plain-vs-adam", data: ["plain", "adam"]) {
            var input = try OptimizerPathsTests.input()
            input.paths[0].label = "普通梯度下降 (η = 0.05)"
            input.xLabel = "w，权重"
            input.yLabel = "b，偏置"
            return OptimizerPaths.figure(input, edition: .zh)
        },
        Case(name: "xor-boundary", data: names(of: [EngineTraces.xorAdam.trace])) {
            let (trace, model) = EngineTraces.xorAdam
            var input = DecisionBoundaryInput(grid: EngineTraces.decisionGrid(model), points: EngineTraces.xorPoints, model: trace.model)
            input.step = trace.steps.last?.step
            return DecisionBoundary.figure(input, edition: .zh)
        },
        Case(name: "conv1", data: names(of: [EngineTraces.cnn])) {
            var settings = chinese
            settings.scope = "conv1"
            return try catalogue(.featureMaps, EngineTraces.cnn, settings: settings)
        },
        Case(name: "conv1-cell", data: names(of: [EngineTraces.cnn])) {
            var settings = chinese
            settings.scope = "conv1"
            settings.convCell = ConvCell(row: 0, column: 1, filter: 1)
            return try catalogue(.featureMaps, EngineTraces.cnn, settings: settings)
        },
        Case(name: "deep", data: ["deep", "conv"]) { try catalogue(.featureMaps, try EngineTraces.deepConv()) },
        Case(name: "pool1", data: names(of: [EngineTraces.cnn])) {
            var settings = chinese
            settings.scope = "pool1"
            settings.channel = 1
            return try catalogue(.pooling, EngineTraces.cnn, settings: settings)
        },
        Case(name: "small-cnn", data: names(of: [EngineTraces.cnn])) { try catalogue(.shapeFlow, EngineTraces.cnn) },
        Case(name: "xor-hidden", data: names(of: [EngineTraces.xorAdam.trace])) {
            let (trace, _) = EngineTraces.xorAdam
            let step = try #require(trace.steps.last)
            let kernel = try #require(step.params["hidden/kernel"]).after.data, bias = try #require(step.params["hidden/bias"]).after.data
            let units = bias.count
            let panels = (0..<4).map { j in
                NeuronPlaneInput.Panel(name: ChartWords.neuronNumber(.zh, ["n": "\(j + 1)"]),
                                       grid: DecisionGrid.sampling(xRange: -0.1...1.1, yRange: -0.1...1.1, columns: 40, rows: 40) { x, y in
                                           Foundation.tanh(x * kernel[j] + y * kernel[units + j] + bias[j])
                                       })
            }
            var input = NeuronPlaneInput(panels: panels, points: EngineTraces.xorPoints, range: ValueRange(-1, 1), layer: "隐藏层",
                                         activation: "tanh", model: trace.model, step: step.step)
            input.switchLevel = 0
            return NeuronPlane.figure(input, edition: .zh)
        },
    ]
}
