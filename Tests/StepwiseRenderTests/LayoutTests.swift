import Foundation
import StepwiseRender
import StepwiseTrace
import Testing

/// Layout values computed apart from drawing: ticks, colour maps, positions and sizes.
@Suite struct LayoutTests {
    @Test func niceTicks() {
        let ticks = Ticks.nice(0, 0.73)
        #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8])
        #expect(ticks.labels == ["0.0", "0.2", "0.4", "0.6", "0.8"])
        #expect(Ticks.nice(1, 400, target: 6).values == [0, 100, 200, 300, 400])
        #expect(Ticks.nice(-0.55, 0.55).labels == ["−0.6", "−0.4", "−0.2", "0.0", "0.2", "0.4", "0.6"])
        #expect(Ticks.nice(3, 3).values.count >= 2)
    }

    @Test func stepAxesTickOnWholeNumbers() {
        #expect(Ticks.nice(1, 2, target: 6).values == [1, 1.2, 1.4, 1.6, 1.8, 2])
        #expect(Ticks.nice(1, 2, target: 6, integers: true).values == [1, 2])
        #expect(Ticks.nice(1, 3, target: 6, integers: true).labels == ["1", "2", "3"])
        #expect(Ticks.nice(1, 1, target: 6, integers: true).values == [0, 1, 2])
        #expect(Ticks.nice(1, 400, target: 6, integers: true).values == [0, 100, 200, 300, 400])
        // Loss, comparison, accuracy and gradient-flow charts have step axes.
        let steps = (1...2).map { TraceStep(step: $0, loss: 1 / Double($0), outputs: [:], params: [:], inputGrad: nil, ops: []) }
        let trace = Trace(model: "m", architecture: EngineTraces.mazur.architecture, steps: steps)
        for figure in [LineChart.lossCurve(trace: trace), LineChart.compareRuns([("a", trace), ("b", trace)])] {
            let xTicks = figure.texts.filter { $0.horizontal == .center && $0.vertical == .top && $0.size == Style.tickSize }.map(\.markup)
            #expect(xTicks == ["1", "2"], "\(figure.kind)")
        }
    }

    @Test func figuresAreNeverNarrowerThanTheirTitle() {
        var builder = FigureBuilder()
        let title = "Decision boundary of a model with a long name over the output of hidden"
        _ = builder.title(title, subtitle: "step 1")
        let figure = builder.figure(kind: "test", size: Size(100, 50), title: title, caption: "", source: ("m", 1, []))
        let titleWidth = TextMeasurer.pango.width(title, size: Style.titleSize, bold: true)
        #expect(figure.size.width >= Style.margin + titleWidth + Style.margin)
        #expect(figure.size.height == 50)
    }

    @Test func matrixCellsSitOnWholePixels() {
        var panel = MatrixPanel(values: [1, 2, 3, 4], rows: 2, columns: 2, map: .viridis, range: ValueRange(0, 4), cellSize: 5)
        panel.title = "a₁ = act(z₁)"
        panel.rowLabels = ["0", "1"]
        let layout = panel.layout(at: Point(10.3, 7.7), measurer: .pango)
        #expect(layout.grid.x == layout.grid.x.rounded() && layout.grid.y == layout.grid.y.rounded())
        #expect(layout.cell(row: 1, column: 1).minY == layout.grid.y + 5)
    }

    @Test func numberCellsFitTheirWidestNumber() {
        let widest = TextMeasurer.pango.width("−12.50", size: Style.cellTextSize)
        let cell = MatrixPanel.cellSize(fitting: [0.25, -12.5, 3], decimals: 2, measurer: .pango, padding: 4)
        #expect(cell >= widest + 8 && cell < widest + 10)
        #expect(MatrixPanel.cellSize(fitting: [0, 1], decimals: 0, measurer: .pango) == 34)
    }

    /// The norms above ∂L/∂c_t, over 20 time steps where they fall to 1e-4 (long labels such
    /// as "0.00015"): no two overlap.
    @Test func lstmGradientNormsDoNotOverlap() throws {
        let spec = """
            name: fading
            seed: 4
            input_shape: [20, 1]
            layers:
              - {type: lstm, name: lstm1, units: 2, weights: {bias: [0, 0, 1, 1, 0, 0, 0, 0]}}
              - {type: dense, name: output, units: 1}
            loss: mse
            optimizer: {type: sgd, learning_rate: 0.1}
            data: {generate: {samples: 1, kind: sine}}
            """
        let figure = try SequenceFigures.lstm(trace: try EngineTraces.run(spec).trace, layer: "lstm1")
        let labelRow = figure.texts.filter { $0.markup.hasPrefix("‖∂L/∂c") }
        try #require(labelRow.count == 1)
        let norms = figure.texts.filter { $0.size == Style.smallSize && $0.horizontal == .center && $0.position.y == labelRow[0].position.y }
        #expect(norms.count >= 10)
        let boxes = norms.map { text -> (Double, Double) in
            let width = TextMeasurer.pango.width(text.markup, size: text.size)
            return (text.position.x - width / 2, text.position.x + width / 2)
        }.sorted { $0.0 < $1.0 }
        for (left, right) in zip(boxes, boxes.dropFirst()) {
            #expect(right.0 - left.1 >= 12, "norm labels \(left) and \(right) nearly touch")
        }
    }

    @Test func numberFormats() {
        #expect(NumberFormat.fixed(-0.001, decimals: 2) == "0.00")
        #expect(NumberFormat.fixed(-0.5, decimals: 2) == "−0.50")
        #expect(NumberFormat.compact(0.7729) == "0.773")
        #expect(NumberFormat.compact(-0.0000123) == "−1.23e-5")
        #expect(NumberFormat.compact(.nan) == "NaN")
    }

    @Test func colorMaps() {
        #expect(ColorMap.viridis.color(at: 0).hexString == "#440154")
        #expect(ColorMap.viridis.color(at: 1).hexString == "#fde725")
        #expect(ColorMap.viridis.color(at: 128 / 255).hexString == "#21918c")
        #expect(ColorMap.blueWhiteRed.color(for: 0, in: .symmetric([-3, 1])) == .white)
        #expect(ValueRange.symmetric([-3, 1]) == ValueRange(-3, 3))
        #expect(ValueRange.covering([2, 2]) == ValueRange(1.5, 2.5))
        // Negative is blue, positive red.
        let negative = ColorMap.blueWhiteRed.color(at: 0)
        #expect(negative.blue > negative.red)
        let positive = ColorMap.blueWhiteRed.color(at: 1)
        #expect(positive.red > positive.blue)
    }

    @Test func heatmapLayout() throws {
        let panel = MatrixPanel(values: Array(repeating: 0.5, count: 12), rows: 3, columns: 4, map: .viridis, range: ValueRange(0, 1), cellSize: 20)
        let layout = Heatmap.layout(panel: panel, top: 50, titleWidth: 100, measurer: .pango)
        #expect(layout.matrix.grid.width == 80 && layout.matrix.grid.height == 60)
        #expect(layout.matrix.cell(row: 2, column: 3) == Rect(x: layout.matrix.grid.minX + 60, y: layout.matrix.grid.minY + 40, width: 20, height: 20))
        #expect(layout.colorBar.minX > layout.matrix.bounds.maxX)
        #expect(layout.size.width >= layout.colorBar.maxX)
        let figure = try Heatmap.figure(trace: EngineTraces.mazur, scope: "hidden/kernel")
        // Four cells, each with its number.
        let cellTexts = figure.texts.filter { $0.horizontal == .center && $0.vertical == .center && $0.size == Style.cellTextSize }
        #expect(cellTexts.map(\.markup) == ["0.15", "0.25", "0.20", "0.30"])
    }

    @Test func networkLayout() throws {
        let layout = try NetworkDiagram.layout(architecture: EngineTraces.mazur.architecture)
        #expect(layout.columns.map(\.centers.count) == [2, 2, 2])
        #expect(layout.columns.map(\.name) == ["input", "hidden", "output"])
        for column in layout.columns {
            // Same x in a column, top to bottom, circles not touching.
            #expect(Set(column.centers.map(\.x)).count == 1)
            #expect(column.centers[1].y - column.centers[0].y > 2 * layout.radius)
        }
        #expect(layout.columns[1].centers[0].x > layout.columns[0].centers[0].x)
        #expect(layout.nodeBar.minX > layout.columns[2].centers[0].x + layout.radius)
    }

    @Test func columnHeadingsAreReaderWordsNotLayerNames() throws {
        let long = "a_remarkably_long_hidden_layer_name_that_no_column_could_hold"
        var architecture = EngineTraces.mazur.architecture
        architecture.layers[0].name = long
        let layout = try NetworkDiagram.layout(architecture: architecture)
        // The scope name, however long, is not a heading: the layer's role is.
        #expect(layout.columns[1].heading == "hidden layer (σ)")
        #expect(layout.columns[2].heading == "output layer (σ)")
        let gap = layout.columns[2].centers[0].x - layout.columns[1].centers[0].x
        #expect(TextMeasurer.pango.width(layout.columns[1].heading, size: Style.labelSize, bold: true) <= gap - 20)

        var trace = EngineTraces.mazur
        trace.architecture = architecture
        for index in trace.steps.indices {
            trace.steps[index] = renamed(trace.steps[index], from: "hidden", to: long)
        }
        let figure = try NetworkDiagram.figure(trace: trace)
        #expect(figure.caption.contains("hidden layer (2 neurons, σ)") && !figure.caption.contains(long))
    }

    @Test func uncolouredNodesDrawNoNodeColourBar() throws {
        var options = NetworkOptions()
        let coloured = try NetworkDiagram.figure(trace: EngineTraces.mazur, options: options)
        options.colorNodes = false
        let plain = try NetworkDiagram.figure(trace: EngineTraces.mazur, options: options)
        func texts(_ figure: Figure) -> [String] {
            figure.elements.compactMap { if case .text(let t) = $0 { return t.markup } else { return nil } }
        }
        #expect(texts(coloured).contains("node a") && !texts(plain).contains("node a"))
        #expect(texts(plain).contains("edge w"))
        #expect(plain.caption.contains("Nodes show their activations as numbers, uncoloured."))
        #expect(try FigureSettings(step: nil, scope: nil, options: ["node-colours": "false"]).nodeColours == false)
    }

    /// The step with every scope and output under layer `from` moved to layer `to`.
    private func renamed(_ step: TraceStep, from: String, to: String) -> TraceStep {
        var step = step
        step.ops = step.ops.map { op in
            var op = op
            if op.scope.hasPrefix(from + "/") { op.scope = to + op.scope.dropFirst(from.count) }
            return op
        }
        if let output = step.outputs.removeValue(forKey: from) { step.outputs[to] = output }
        for key in step.params.keys where key.hasPrefix(from + "/") {
            step.params[to + key.dropFirst(from.count)] = step.params.removeValue(forKey: key)
        }
        return step
    }

    @Test func graphLayoutColumnsPutEachRecordBesideItsFirstReader() throws {
        let step = EngineTraces.neuron.steps[0]
        let layout = ComputationGraph.layout(step: step)
        #expect(layout.nodes.count == step.ops.count)
        func depth(_ scope: String) -> Int? { layout.nodes.first { $0.id == step.op(scope: scope)?.id }?.depth }
        #expect(depth("input") == 0 && depth("neuron/kernel") == 0 && depth("neuron/matmul") == 1)
        // The bias beside bias_add, the targets beside the error that reads them.
        #expect(depth("neuron/bias") == 1 && depth("neuron/bias_add") == 2 && depth("neuron/activation") == 3)
        #expect(depth("loss/targets") == 3 && depth("loss/error") == 4 && depth("loss/mean") == 6)
        #expect(layout.edges.count == step.ops.map(\.inputs.count).reduce(0, +))
        // Nodes never overlap.
        for a in layout.nodes { for b in layout.nodes where a.id < b.id { #expect(!a.frame.intersects(b.frame)) } }
        // Scope filter keeps the ops and the records they read.
        var options = GraphOptions()
        options.scopePrefixes = ["loss"]
        let filtered = ComputationGraph.layout(step: step, options: options)
        #expect(filtered.nodes.count == 5)
    }

    /// A 2-2-1 XOR network with an L2 regularizer and binary cross-entropy: constants read far
    /// from where they are made, a regularizer branch, arrows that span several columns.
    static let regularizedXOR = try! EngineTraces.run("""
        name: xor-l2
        seed: 7
        input_shape: [2]
        layers:
          - {type: dense, name: hidden, units: 2, activation: tanh, regularizer: {l2: 0.001}}
          - {type: dense, name: output, units: 1, activation: sigmoid}
        loss: binary_crossentropy
        optimizer: {type: sgd, learning_rate: 0.5}
        data: {inputs: [[0, 0], [0, 1]], targets: [[0], [1]]}
        """).trace

    @Test func graphArrowsGoAroundEveryBox() throws {
        for trace in [EngineTraces.neuron, EngineTraces.mazur, Self.regularizedXOR] {
            let layout = ComputationGraph.layout(step: trace.steps[0])
            #expect(layout.routes.count == layout.edges.count)
            let frames = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.frame) })
            for (edge, route) in zip(layout.edges, layout.routes) {
                let (source, target) = (frames[edge.from]!, frames[edge.to]!)
                // Out of the input's right side, into the op's left side, always rightwards.
                #expect(route.first!.x == source.maxX && route.first!.y > source.minY && route.first!.y < source.maxY)
                #expect(route.last!.x == target.minX && route.last!.y > target.minY && route.last!.y < target.maxY)
                #expect(zip(route, route.dropFirst()).allSatisfy { $0.x <= $1.x })
                // Every point along the way (each 0.5 px) is outside every box, its ends on their boxes' edges.
                for (a, b) in zip(route, route.dropFirst()) {
                    let steps = Int(max(abs(b.x - a.x), abs(b.y - a.y)) * 2) + 1
                    for k in 0...steps {
                        let t = Double(k) / Double(steps)
                        let point = Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
                        for node in layout.nodes where node.frame.insetBy(0.5, 0.5).contains(point) {
                            Issue.record("\(trace.model): the arrow \(edge.from) → \(edge.to) crosses box \(node.id) at \(point)")
                        }
                    }
                }
            }
        }
    }

    @Test func graphLayoutIsDeterministicWithFewCrossings() throws {
        let mazur = ComputationGraph.layout(step: EngineTraces.mazur.steps[0])
        #expect(mazur == ComputationGraph.layout(step: EngineTraces.mazur.steps[0]))
        #expect(mazur.crossings == 0)
        // Two rows: the path from input to loss along the top, each parameter below the op that reads it.
        let rows = Set(mazur.nodes.map(\.frame.minY))
        #expect(rows.count == 2)
        let step = EngineTraces.mazur.steps[0]
        for node in mazur.nodes {
            let isLeaf = ["input", "parameter", "constant"].contains(step.ops[node.id].op) && step.ops[node.id].scope != "input"
            #expect((node.frame.minY == rows.min()!) != isLeaf, "\(step.ops[node.id].scope)")
        }
        let xor = ComputationGraph.layout(step: Self.regularizedXOR.steps[0])
        #expect(xor == ComputationGraph.layout(step: Self.regularizedXOR.steps[0]))
        #expect(xor.routes.contains { $0.count > 4 }, "some arrow passes through lanes")
        #expect(xor.crossings <= 5)
        // The count is where drawn arrows cross: segments over the same gap whose order flips.
        for layout in [mazur, xor] {
            var segments: [[Point]] = []
            for route in layout.routes {
                for (a, b) in zip(route, route.dropFirst()) where a.x < b.x && !layout.nodes.contains(where: { $0.frame.minX == b.x }) {
                    segments.append([a, b])
                }
            }
            var drawn = 0
            for i in 0..<segments.count {
                for j in (i + 1)..<segments.count where segments[i][0].x == segments[j][0].x && segments[i][1].x == segments[j][1].x {
                    if (segments[i][0].y - segments[j][0].y) * (segments[i][1].y - segments[j][1].y) < 0 { drawn += 1 }
                }
            }
            #expect(drawn == layout.crossings)
        }
    }

    @Test func lineChartLayoutMapsDataToThePlot() {
        let series = [Series(name: "a", points: [Point(0, 0), Point(10, 1)])]
        let layout = LineChart.layout(series, options: LineChartOptions(title: "t", xLabel: "x", yLabel: "y"), top: 40, measurer: .pango)
        #expect(layout.paths[0][0].first == Point(layout.plot.minX, layout.plot.maxY))
        #expect(layout.paths[0][0].last == Point(layout.plot.maxX, layout.plot.minY))
        // Clipping cuts a line leaving the plot.
        let runs = LineChart.layout([Series(name: "b", points: [Point(0, 0), Point(1, 1), Point(2, 10)])],
                                    options: { var o = LineChartOptions(title: "t", xLabel: "x", yLabel: "y"); o.yRange = ValueRange(0, 2); return o }(),
                                    top: 40, measurer: .pango).paths[0]
        #expect(runs.count == 1 && runs[0].count == 3 && abs(runs[0][2].y - layoutTop(runs)) < 1)
        func layoutTop(_ r: [[Point]]) -> Double { r[0].map(\.y).min()! }
    }

    @Test func decisionGridOrientationAndContour() {
        let grid = DecisionGrid.sampling(xRange: 0...1, yRange: 0...2, columns: 4, rows: 2) { x, _ in x }
        #expect(grid.center(row: 0, column: 0) == (x: 0.125, y: 0.5))
        #expect(grid.center(row: 1, column: 3) == (x: 0.875, y: 1.5))
        let segments = DecisionBoundary.contour(grid, threshold: 0.5)
        #expect(!segments.isEmpty && segments.allSatisfy { abs($0.0.x - 0.5) < 1e-12 && abs($0.1.x - 0.5) < 1e-12 })
    }

    @Test func markupAndSVGIds() {
        #expect(Markup.escape("a<b & c>") == "a&lt;b &amp; c&gt;")
        #expect(Markup.plain("W<sub>1</sub> &amp; x") == "W1 & x")
        let svg = "<use xlink:href=\"#glyph7-3\"/><symbol id=\"glyph7-3\"/><g id=\"surface42\"><use href=\"#glyph2-1\"/><image xlink:href=\"data:image/png;base64,surface9\"/>"
        let renumbered = ImageComparison.normalizedSVG(svg)
        #expect(renumbered == "<use xlink:href=\"#glyph1\"/><symbol id=\"glyph1\"/><g id=\"surface1\"><use href=\"#glyph2\"/><image xlink:href=\"data:image/png;base64,surface9\"/>")
    }

    @Test func missingScopeNamesTheNearest() throws {
        let lookup = try TraceLookup(EngineTraces.mazur, step: nil)
        #expect(throws: RenderError.invalidInput("scope \"hiden/kernel\" is not in step 1 of mazur-2-2-2; nearest: hidden/kernel, hidden/matmul, output/kernel")) {
            try lookup.tensor("hiden/kernel")
        }
        #expect(throws: RenderError.self) { try TraceLookup(EngineTraces.mazur, step: 7) }
        #expect(TraceLookup.editDistance("kitten", "sitting") == 3)
        // A dense-only figure refuses other layers with a reason.
        #expect(throws: RenderError.self) { try NetworkDiagram.figure(trace: EngineTraces.cnn) }
    }
}
