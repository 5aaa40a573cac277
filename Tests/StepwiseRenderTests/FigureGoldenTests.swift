import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTesting
import StepwiseTrace
import Testing

/// Goldens of every figure kind, PNG and SVG (looked at by a person before committing).
@Suite struct FigureGoldenTests {
    @Test func networkActivations() throws {
        var options = NetworkOptions()
        options.showEdgeValues = true
        options.showBiases = true
        options.highlight = [.one(0), .one(0), .one(1)]
        assertFigureGolden(try NetworkDiagram.figure(trace: EngineTraces.mazur, options: options), named: "mazur")
    }

    @Test func networkGradients() throws {
        var options = NetworkOptions()
        options.nodes = .gradient
        options.edges = .gradient
        assertFigureGolden(try NetworkDiagram.figure(trace: EngineTraces.mazur, options: options), named: "mazur-gradients")
    }

    @Test func computationGraph() throws {
        assertFigureGolden(try ComputationGraph.figure(trace: EngineTraces.neuron), named: "neuron")
    }

    @Test func heatmap() throws {
        var options = HeatmapOptions()
        options.kind = .grad
        options.decimals = 4
        assertFigureGolden(try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel", options: options), named: "hidden-kernel-grad")
    }

    @Test func lossCurve() throws {
        assertFigureGolden(LineChart.lossCurve(trace: EngineTraces.xorAdam.trace), named: "xor-adam")
    }

    @Test func activations() throws {
        assertFigureGolden(LineChart.activations(), named: "sigmoid-tanh-relu")
    }

    @Test func lossFunctions() throws {
        assertFigureGolden(LineChart.lossFunctions(), named: "mse-vs-cross-entropy")
    }

    @Test func compareRuns() throws {
        assertFigureGolden(LineChart.compareRuns([("Adam 0.05", EngineTraces.xorAdam.trace), ("SGD 0.5", EngineTraces.xorSGD)]), named: "adam-vs-sgd")
    }

    /// compare-loss: three runs of one linear neuron, one with a dashed validation curve, one
    /// that overflows (dotted line with "NaN"), on a log axis clipped at 10⁴ (arrow at the exit).
    @Test func compareLossWithValidationAndDivergence() throws {
        func neuron(_ rate: String, x: String = "1", t: String = "3", steps: Int = 12) -> String {
            """
            name: neuron-\(rate)
            input_shape: [1]
            layers: [{type: dense, units: 1, weights: {kernel: [[1]], bias: [0]}}]
            loss: mse
            optimizer: {type: sgd, learning_rate: \(rate)}
            train: {steps: \(steps)}
            data: {inputs: [[\(x)]], targets: [[\(t)]]}
            """
        }
        let good = try EngineTraces.run(neuron("0.1"), record: .summary).trace
        let wild = try EngineTraces.run(neuron("1.3"), record: .summary).trace
        let boom = try EngineTraces.run(neuron("1e100", x: "1e6", t: "0"), record: .summary).trace
        let validation = good.steps.map { Point(Double($0.step), 0.5 + 0.05 * Double($0.step)) }
        let figure = LineChart.compareRuns([
            .init(label: "η = 0.1", trace: good, validation: validation),
            .init(label: "η = 1.3", trace: wild),
            .init(label: "η = 1e100", trace: boom),
        ], logY: true, yMax: 1e4)
        #expect(figure.caption.contains("η = 1e100 becomes NaN at step") || figure.caption.contains("η = 1e100 becomes ∞ at step"))
        assertFigureGolden(figure, named: "rates")
    }

    /// accuracy: the XOR run's accuracy on its 48 training points and on the same points moved by
    /// (0.1, 0.1), from each kept step's parameters, computed by the engine.
    @Test func accuracyCurve() throws {
        let spec = try ModelSpec.parse(EngineTraces.xorSpec(optimizer: "{type: adam, learning_rate: 0.05}", steps: 400), file: "xor.yaml")
        let (trace, _) = EngineTraces.xorAdam
        let data = spec.dataset
        let moved = Tensor(shape: data.inputs.shape, data: data.inputs.data.map { $0 + 0.1 })
        let initial = spec.makeModel()
        func accuracy(_ inputs: Tensor) -> [Point] {
            trace.steps.map { step in
                let model = initial.replacingParameters(step.params.mapValues { Tensor(shape: $0.before.shape, data: $0.before.data) })
                return Point(Double(step.step), model.accuracy(inputs: inputs, targets: data.targets)!)
            }
        }
        let run = LineChart.LossRun(label: "training set", trace: trace, points: accuracy(data.inputs), validation: accuracy(moved))
        let figure = try FigureCatalog.figure(.accuracy, of: trace, settings: FigureSettings(), runs: [run], validationLabel: "moved points") { _, _ in
            throw RenderError.invalidInput("no decision boundary here")
        }
        #expect(figure.caption.hasPrefix("Line chart of the accuracy over 41 recorded steps: training set from"))
        #expect(run.points.last!.y == 1)
        assertFigureGolden(figure, named: "xor")
    }

    /// gradient-through-time: the same small LSTM with the forget gate's bias at +2 and −2.
    @Test func gradientThroughTime() throws {
        let (plus, minus) = (try EngineTraces.forgetBiasLSTM(2), try EngineTraces.forgetBiasLSTM(-2))
        let figure = try FigureCatalog.figure(.gradientThroughTime, of: plus, settings: FigureSettings(),
                                              runs: [.init(label: "bias +2", trace: plus), .init(label: "bias −2", trace: minus)]) { _, _ in
            throw RenderError.invalidInput("no decision boundary here")
        }
        #expect(figure.caption.contains("for 2 runs: bias +2 from"))
        assertFigureGolden(figure, named: "forget-bias")
    }

    /// optimizer-paths: plain descent and Adam on one linear neuron's loss (`OptimizerPathsTests.input`).
    @Test func optimizerPaths() throws {
        assertFigureGolden(OptimizerPaths.figure(try OptimizerPathsTests.input()), named: "plain-vs-adam")
    }

    @Test func decisionBoundary() throws {
        let (trace, model) = EngineTraces.xorAdam
        var input = DecisionBoundaryInput(grid: EngineTraces.decisionGrid(model), points: EngineTraces.xorPoints, model: trace.model)
        input.step = trace.steps.last?.step
        assertFigureGolden(DecisionBoundary.figure(input), named: "xor")
    }

    // Small engine traces (EngineTraces.swift): a 6×6×2 CNN, an LSTM over 5 steps, causal attention.

    @Test func featureMaps() throws {
        assertFigureGolden(try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1"), named: "conv1")
    }

    /// A layer with more input channels and filters than the figure draws: the first 4 channels
    /// and 8 filters, and the figure says so.
    @Test func featureMapsOfADeepLayer() throws {
        let figure = try ConvFigures.featureMaps(trace: try EngineTraces.deepConv(), layer: "conv")
        #expect(figure.caption.contains("input channels 1–4 of 6, each 6×6, then for 8 of 10 filters the 3×3 kernel per input channel shown"))
        assertFigureGolden(figure, named: "deep")
    }

    /// A wide table from the engine: 32 dimensions in 14 px cells, every other column labelled.
    @Test func positionalEncodingWide() throws {
        let (trace, _) = try EngineTraces.run("""
            name: positions
            seed: 1
            input_shape: [20]
            layers: [{type: embedding, name: embed, input_dim: 4, output_dim: 32}, {type: positional_encoding, name: position}, {type: dense, units: 4, activation: softmax}]
            loss: sparse_categorical_crossentropy
            optimizer: {type: sgd}
            data: {generate: {samples: 1}}
            """)
        assertFigureGolden(try SequenceFigures.positionalEncoding(trace: trace, layer: "position"), named: "table")
    }

    @Test func pooling() throws {
        var options = ConvFigures.PoolingOptions()
        options.channel = 1
        assertFigureGolden(try ConvFigures.pooling(trace: EngineTraces.cnn, layer: "pool1", options: options), named: "pool1")
    }

    @Test func lstm() throws {
        assertFigureGolden(try SequenceFigures.lstm(trace: EngineTraces.lstm, layer: "lstm1"), named: "lstm1")
    }

    /// lstm-cell: the schematic at time step 2 of the 3-unit LSTM, its values from the trace.
    @Test func lstmCell() throws {
        var options = LSTMCell.Options()
        options.time = 2
        let figure = try LSTMCell.figure(trace: EngineTraces.lstm, layer: "lstm1", options: options)
        #expect(figure.caption.hasPrefix("Schematic of the LSTM cell of the LSTM layer at time step 2"))
        options.time = 6
        #expect(throws: RenderError.self) { try LSTMCell.figure(trace: EngineTraces.lstm, layer: "lstm1", options: options) }
        assertFigureGolden(figure, named: "lstm1-t2")
    }

    /// shape-flow: the small CNN's shapes, with parameter counts by hand: conv1 has 3·3·2·3 + 3 =
    /// 57, the output layer 27·2 + 2 = 56 (the 3×3×3 pooled maps flattened).
    @Test func shapeFlow() throws {
        let figure = try ShapeFlow.figure(trace: EngineTraces.cnn)
        for words in ["input 6 × 6 × 2", "6 × 6 × 3 (57 parameters)", "3 × 3 × 3", "flatten into one row 27", "2 (56 parameters)", "113 parameters in all"] {
            #expect(figure.caption.contains(words), "\(words)")
        }
        assertFigureGolden(figure, named: "small-cnn")
    }

    /// feature-maps with `cell`: the window of output (1, 2) of filter 2 under same padding reaches
    /// one pixel over the top edge, into the ring of zeros drawn around the input.
    @Test func featureMapsWithAnOutlinedCell() throws {
        var options = FeatureMapOptions()
        options.highlight = ConvCell(row: 0, column: 1, filter: 1)
        let figure = try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1", options: options)
        #expect(figure.caption.hasSuffix("Outlined: the 3×3 window of the input and the kernel of filter 2 that make output cell row 1, column 2."))
        #expect(try ConvCell.parse("1, 2,2") == ConvCell(row: 0, column: 1, filter: 1))
        #expect(throws: RenderError.self) { try ConvCell.parse("0,1,1") }
        options.highlight = ConvCell(row: 6, column: 0, filter: 0)
        #expect(throws: RenderError.self) { try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1", options: options) }
        assertFigureGolden(figure, named: "conv1-cell")
    }

    /// feature-maps with `windows`: stride 2 on a 5×5 input visits 2×2 windows, each outlined.
    @Test func featureMapsWithStrideWindows() throws {
        let (trace, _) = try EngineTraces.run("""
            name: stride-conv
            seed: 3
            input_shape: [5, 5, 1]
            layers: [{type: conv2d, name: conv, filters: 1, kernel_size: [3, 3], strides: [2, 2], activation: relu}, {type: flatten}, {type: dense, units: 1}]
            loss: mse
            optimizer: {type: sgd}
            data: {generate: {samples: 1}}
            """)
        var options = FeatureMapOptions()
        options.showWindows = true
        let figure = try ConvFigures.featureMaps(trace: trace, layer: "conv", options: options)
        #expect(figure.caption.contains("Each of the 4 windows the kernel visits (stride 2)"))
        // 6×6 outputs are 36 windows: too many to outline.
        #expect(throws: RenderError.self) { try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1", options: options) }
        assertFigureGolden(figure, named: "stride")
    }

    @Test func attention() throws {
        assertFigureGolden(try SequenceFigures.attention(trace: EngineTraces.attention, layer: "attn"), named: "attn")
    }

    /// The neurons of a hidden layer over the input plane: each panel is tanh(w₁x₁ + w₂x₂ + b)
    /// of one neuron, computed here from the trained parameters.
    @Test func neuronPlane() throws {
        let (trace, _) = EngineTraces.xorAdam
        let step = try #require(trace.steps.last)
        let kernel = try #require(step.params["hidden/kernel"]).after.data, bias = try #require(step.params["hidden/bias"]).after.data
        let units = bias.count
        let panels = (0..<4).map { j in
            NeuronPlaneInput.Panel(name: "neuron \(j + 1)", grid: DecisionGrid.sampling(xRange: -0.1...1.1, yRange: -0.1...1.1, columns: 40, rows: 40) { x, y in
                Foundation.tanh(x * kernel[j] + y * kernel[units + j] + bias[j])
            })
        }
        var input = NeuronPlaneInput(panels: panels, points: EngineTraces.xorPoints, range: ValueRange(-1, 1), layer: "hidden layer",
                                     activation: "tanh", model: trace.model, step: step.step)
        input.switchLevel = 0
        let figure = NeuronPlane.figure(input)
        #expect(figure.caption.contains("4 panels, one per neuron (neuron 1 to neuron 4)"))
        assertFigureGolden(figure, named: "xor-hidden")
        var single = input
        single.panels = [panels[1]]
        single.panels[0].name = "hidden neuron 2"
        #expect(NeuronPlane.figure(single).title == "What hidden neuron 2 computes over the input plane")
    }

    /// Early stopping's best step: the lowest point of the validation curve, ringed and labelled
    /// on the updates clock (the first of two equal lows).
    @Test func lossCurveMarksTheLowestValidationLoss() throws {
        let trace = EngineTraces.xorSGD
        let validation = [0.9, 0.5, 0.31, 0.4, 0.31, 0.6].enumerated().map { Point(Double($0.offset * 10), $0.element) }
        let train = trace.steps.map { Point(Double($0.step - 1), $0.loss) }
        let figure = LineChart.lossCurve(trace: trace, train: train, extra: [Series(name: "validation loss", points: validation, dashed: true)],
                                         clock: .updates, markBest: .validation)
        #expect(figure.caption.contains("lowest validation loss, after 20 updates: 0.31, marked by a ring and a dotted line"))
        assertFigureGolden(figure, named: "early-stopping")
        let trainMarked = LineChart.lossCurve(trace: trace, train: train, clock: .updates, markBest: .train)
        let lowest = try #require(trace.steps.min { $0.loss < $1.loss })
        #expect(trainMarked.caption.contains("lowest training loss, after \(lowest.step - 1) updates"))
        #expect(LineChart.lowest([Point(1, .nan), Point(2, 3), Point(3, 1), Point(4, 1)]) == Point(3, 1))
        #expect(LineChart.lowest([Point(1, .infinity)]) == nil)
    }

    @Test func positionalEncoding() throws {
        assertFigureGolden(try SequenceFigures.positionalEncoding(trace: EngineTraces.attention, layer: "pos"), named: "pos")
    }
}
