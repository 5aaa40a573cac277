import Foundation
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import Testing

/// The reader-label catalogue: every op kind the engine records gets a learner's phrase counted
/// from 1, with no scope name, underscore or 0-based index left in it.
@Suite struct ReaderLabelTests {
    /// Layer normalisation, an embedding and L1/L2 penalties: the op kinds the shared traces lack.
    static let extraSpec = """
        name: extra-kinds
        seed: 3
        input_shape: [3]
        layers:
          - {type: embedding, name: embed, input_dim: 5, output_dim: 2}
          - {type: layer_norm, name: norm}
          - {type: dense, name: hidden1, units: 2, activation: tanh, regularizer: {l2: 0.01}}
          - {type: dense, name: hidden2, units: 2, activation: relu, regularizer: {l1: 0.01}}
          - {type: dense, name: output, units: 1, activation: sigmoid}
        loss: binary_crossentropy
        optimizer: {type: sgd, learning_rate: 0.1}
        data: {inputs: [[1, 2, 3], [0, 4, 2]], targets: [[[1], [0], [1]], [[0], [1], [1]]]}
        """

    static var traces: [Trace] {
        [EngineTraces.mazur, EngineTraces.neuron, EngineTraces.cnn, EngineTraces.lstm, EngineTraces.attention]
    }

    @Test func denseLabelsNameTheNeuronAndTheExampleFromOne() {
        let labels = ReaderLabel(EngineTraces.mazur.architecture)
        #expect(labels.element("output/bias_add", index: [3, 0], shape: [4, 2]) == "z, net input of output neuron 1, example 4")
        #expect(labels.element("hidden/activation", index: [0, 1], shape: [1, 2]) == "a, output of hidden neuron 2, example 1")
        #expect(labels.element("output/activation", index: [0, 1], shape: [1, 2]) == "ŷ, prediction of output neuron 2, example 1")
        #expect(labels.element("hidden/matmul", index: [0, 0], shape: [1, 2]) == "Σ w·x, weighted sum of hidden neuron 1, example 1")
        #expect(labels.parameter("hidden/kernel", index: [0, 1]) == "w, weight from input 1 to hidden neuron 2")
        #expect(labels.parameter("output/kernel", index: [1, 0]) == "w, weight from hidden neuron 2 to output neuron 1")
        #expect(labels.parameter("output/bias", index: [1]) == "b, bias of output neuron 2")
        #expect(labels.layer("hidden") == "hidden layer")
        #expect(labels.quantity("output/kernel") == "w, weights of the output layer")
        #expect(labels.parameterAxes("output/kernel", rank: 2) == ["from hidden neuron", "to output neuron"])
        #expect(labels.parameterAxes("hidden/kernel", rank: 2) == ["from input", "to hidden neuron"])
    }

    @Test func lossLabelsUseTheTargetAndLossSymbols() {
        let labels = ReaderLabel(EngineTraces.mazur.architecture)
        #expect(labels.element("loss/targets", index: [0, 1], shape: [1, 2]) == "t, target of output neuron 2, example 1")
        #expect(labels.element("loss/mean", index: [], shape: []) == "L, the loss (mean over the batch)")
        #expect(labels.element("loss/error", index: [0, 0], shape: [1, 2]) == "ŷ − t, error of output neuron 1, example 1")
    }

    @Test func convolutionAndPoolingLabelsNameFilterRowAndColumn() {
        let labels = ReaderLabel(EngineTraces.cnn.architecture)
        #expect(labels.element("conv1/bias_add", index: [0, 1, 2, 2], shape: [2, 6, 6, 3]) == "z, net input of filter 3, row 2, column 3, example 1")
        #expect(labels.element("pool1/max_pool", index: [1, 0, 1, 0], shape: [2, 3, 3, 3]) == "p, maximum of the window of channel 1, row 1, column 2, example 2")
        #expect(labels.parameter("conv1/kernel", index: [0, 1, 1, 2]) == "k, kernel weight at row 1, column 2, input channel 2, filter 3")
        #expect(labels.parameter("output/kernel", index: [4, 1]) == "w, weight from flattened feature 5 to output neuron 2")
        #expect(labels.layer("conv1") == "convolution layer")
    }

    @Test func lstmLabelsNameGateUnitAndTimeStep() {
        let labels = ReaderLabel(EngineTraces.lstm.architecture)
        #expect(labels.element("lstm1/t3/forget_gate", index: [0, 1], shape: [2, 3]) == "f, forget gate of LSTM unit 2, t = 3, example 1")
        #expect(labels.element("lstm1/t2/cell", index: [1, 0], shape: [2, 3]) == "c, cell state of LSTM unit 1, t = 2, example 2")
        // Column 4 of a 3-unit LSTM's kernel is block 2 (forget gate), unit 2.
        #expect(labels.parameter("lstm1/kernel", index: [1, 4]) == "W, input weight from input feature 2 to the forget gate of LSTM unit 2")
        #expect(labels.parameter("lstm1/recurrent_kernel", index: [2, 9]) == "U, recurrent weight from LSTM unit 3 to the output gate of LSTM unit 1")
    }

    @Test func attentionLabelsNameQueryAndKeyPositions() {
        let labels = ReaderLabel(EngineTraces.attention.architecture)
        #expect(labels.element("attn/head1/weights", index: [0, 2, 1], shape: [2, 5, 5])
                == "α, attention weight of the attention layer, query position 3, key position 2, head 1, example 1")
        #expect(labels.element("attn/head2/scores", index: [1, 0, 0], shape: [2, 5, 5])
                == "s, score (scaled dot product) of the attention layer, query position 1, key position 1, head 2, example 2")
        #expect(labels.element("attn/head1/query", index: [0, 1, 0], shape: [2, 5, 2])
                == "q, query of the attention layer, position 2, component 1, head 1, example 1")
        #expect(labels.parameter("attn/wq", index: [0, 3]) == "W_Q, query weight from feature 1 to query component 4")
        #expect(labels.axes("attn/head1/weights", shape: [2, 5, 5]).map(labels.axisName) == ["example", "query position", "key position"])
    }

    @Test func extraKindsGetWords() throws {
        let trace = try EngineTraces.run(Self.extraSpec).trace
        let labels = ReaderLabel(trace.architecture)
        #expect(labels.layer("hidden1") == "first hidden layer")
        #expect(labels.element("hidden2/activation", index: [0, 0, 1], shape: [2, 3, 2]) == "a, output of neuron 2 of the second hidden layer, position 1, example 1")
        #expect(labels.element("norm/variance", index: [0, 1, 0], shape: [2, 3, 1]).hasPrefix("σ², variance over the features"))
        #expect(labels.quantity("hidden1/regularizer/l2") == "L2 penalty on the weights of the first hidden layer")
        #expect(labels.parameter("embed/embeddings", index: [4, 1]) == "E, embedding of token 4, feature 2")
        try checkEveryOp(of: trace)
    }

    /// Every element of every op and parameter of every shared trace reads as words: no scope
    /// separator, no snake_case name, no bracketed index, no number 0 used as a position.
    @Test func everyRecordedOpReadsAsWords() throws {
        for trace in Self.traces { try checkEveryOp(of: trace) }
    }

    private func checkEveryOp(of trace: Trace) throws {
        let labels = ReaderLabel(trace.architecture)
        let step = try #require(trace.steps.first)
        let snakeCase = try Regex(#"[a-z]_[a-z]"#)
        let zeroPosition = try Regex(#"(example|neuron|filter|row|column|position|unit|component|channel|feature|input|head|t =) 0\b"#)
        for record in step.ops {
            let shape = record.value.shape
            let count = shape.reduce(1, *)
            for flat in Set([0, count / 2, max(0, count - 1)]) {
                let text = labels.element(record.scope, index: ReaderLabel.indices(flat, shape), shape: shape)
                #expect(!text.contains("/") && !text.contains("[") && text.firstMatch(of: snakeCase) == nil, "\(record.scope) (\(record.op)): \(text)")
                #expect(text.firstMatch(of: zeroPosition) == nil, "\(record.scope): \(text)")
            }
            #expect(!labels.quantity(record.scope).contains("/"), "\(record.scope)")
        }
        for (key, param) in step.params {
            let shape = param.before.shape
            let text = labels.parameter(key, index: ReaderLabel.indices(shape.reduce(1, *) - 1, shape))
            #expect(!text.contains("/") && !text.contains("["), "\(key): \(text)")
            #expect(text.firstMatch(of: zeroPosition) == nil, "\(key): \(text)")
        }
    }
}

/// Every figure kind drawn from the shared engine traces shows words: no scope name, bracketed
/// 0-based index or "axis 0" in any text or the caption, except after "trace:" (the secondary
/// detail) and in the computation graph's nodes (its subject is the trace's ops and scopes).
@Suite struct FigureWordsTests {
    static var engineName: Regex<AnyRegexOutput> { try! Regex(#"\b[a-z][a-z0-9_]*/(bias_add|activation|matmul|kernel|bias|targets|mean|t[0-9]+|head[0-9]+|convolution|max_pool)\b|\[[0-9]+(, [0-9]+)+\]|\baxis [0-9]\b"#) }

    /// The words of a figure a reader sees, with each "trace: …" detail cut off.
    static func words(_ figure: Figure) -> [String] {
        (figure.texts.map { Markup.plain($0.markup) } + [figure.title, figure.caption]).map { text in
            text.range(of: "trace:").map { String(text[..<$0.lowerBound]) } ?? text
        }
    }

    static func check(_ figure: Figure, _ name: String) {
        for text in words(figure) {
            #expect(text.firstMatch(of: engineName) == nil, "\(name): \(text)")
        }
    }

    @Test func everyFigureKindSpeaksWords() throws {
        func settings(_ scope: String? = nil) -> FigureSettings { FigureSettings(step: 1, scope: scope) }
        let noBoundary: (Trace, FigureSettings) throws -> DecisionBoundaryInput = { _, _ in throw RenderError.invalidInput("none") }
        let cases: [(FigureKind, Trace, String?)] = [
            (.network, EngineTraces.mazur, nil), (.heatmap, EngineTraces.mazur, "hidden/kernel"), (.heatmap, EngineTraces.mazur, "hidden/activation"),
            (.heatmap, EngineTraces.mazur, "output/bias_add"), (.loss, EngineTraces.mazur, nil),
            (.featureMaps, EngineTraces.cnn, "conv1"), (.pooling, EngineTraces.cnn, "pool1"), (.lstm, EngineTraces.lstm, "lstm1"),
            (.attention, EngineTraces.attention, "attn"), (.positionalEncoding, EngineTraces.attention, "pos"),
            (.gradientThroughTime, EngineTraces.lstm, "lstm1"),
        ]
        for (kind, trace, scope) in cases {
            let figure = try FigureCatalog.figure(kind, of: trace, settings: settings(scope), decisionBoundary: noBoundary)
            Self.check(figure, "\(kind.rawValue) \(scope ?? "")")
        }
        Self.check(LineChart.activations(), "activations")
        Self.check(LineChart.lossFunctions(), "loss-functions")
        let grid = EngineTraces.decisionGrid(EngineTraces.xorAdam.model)
        Self.check(DecisionBoundary.figure(DecisionBoundaryInput(grid: grid, points: EngineTraces.xorPoints, model: "xor", step: 400)), "decision-boundary")
    }

    @Test func theCheckCatchesAScopeName() {
        #expect("hidden/activation[0, 1]".firstMatch(of: Self.engineName) != nil)
        #expect("axis 0".firstMatch(of: Self.engineName) != nil)
        #expect("a, output of hidden neuron 2 · trace: hidden/activation".firstMatch(of: Self.engineName) != nil)
        #expect(Self.words(LineChart.activations()).allSatisfy { !$0.contains("trace:") })
    }
}
