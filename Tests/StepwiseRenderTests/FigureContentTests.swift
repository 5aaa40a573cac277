import Foundation
import StepwiseRender
import StepwiseTrace
import Testing

/// The conv, pooling and sequence figures drawn from real engine traces (EngineTraces) show
/// what they claim: the cells outlined as pooling winners are the argmax the engine recorded
/// (and the largest cell of each window), the hatched attention cells are exactly the masked
/// ones, and the LSTM's arrows back through time are as wide as ‖∂L/∂c_t‖ says.
@Suite struct FigureContentTests {
    /// Outlined cells (row-major indices) of the first matrix panel of a figure.
    static func outlinedCellsOfFirstPanel(_ figure: Figure, columns: Int) -> [Int] {
        var grid: Rect?
        var cells: [Int] = []
        for element in figure.elements {
            guard case .rect(let rect, nil, let stroke?) = element else { continue }
            if grid == nil, stroke == Stroke(.axis, width: 0.75) {
                grid = rect
            } else if let grid, stroke == Stroke(.highlight, width: 2), grid.contains(rect.center) {
                let size = grid.width / Double(columns)
                cells.append(Int((rect.center.y - grid.minY) / size) * columns + Int((rect.center.x - grid.minX) / size))
            }
        }
        return cells.sorted()
    }

    /// Highlighted edges (halos) and neurons (rings) of a network diagram, as (from, to) centre
    /// pairs and centres.
    static func highlighted(_ figure: Figure) -> (edges: Int, rings: [Point]) {
        var edges = 0
        var rings: [Point] = []
        for element in figure.elements {
            if case .polyline(_, let stroke) = element, stroke == Stroke(.highlight, width: 10) { edges += 1 }
            if case .circle(let center, _, _, let stroke?) = element, stroke == Stroke(.highlight, width: 4) { rings.append(center) }
        }
        return (edges, rings)
    }

    @Test func networkHighlightsPathsNeuronsWithTheirInputsAndFanOuts() throws {
        func figure(_ text: String) throws -> Figure {
            var options = NetworkOptions()
            options.highlight = try HighlightedNeurons.parse(text)
            return try NetworkDiagram.figure(trace: EngineTraces.mazur, options: options)
        }
        // A path: one neuron per column, one edge per layer.
        let path = try figure("0,0,1")
        #expect(Self.highlighted(path).edges == 2 && Self.highlighted(path).rings.count == 3)
        #expect(path.caption.hasSuffix("Highlighted path: x1 → h1 → ŷ2."))
        // A hidden neuron with its inputs (the forward pass of h₂): two edges, three rings.
        let forward = try figure("*,1")
        #expect(Self.highlighted(forward).edges == 2 && Self.highlighted(forward).rings.count == 3)
        #expect(forward.caption.hasSuffix("Highlighted: x1, x2 → h2."))
        // w₁'s gradient: x₁ → h₁, then h₁ to both outputs.
        let fanOut = try figure("0,0,*")
        #expect(Self.highlighted(fanOut).edges == 3 && Self.highlighted(fanOut).rings.count == 4)
        // One weight: an edge between two neurons, nothing in the input column.
        let weight = try figure("_,1,0")
        #expect(Self.highlighted(weight).edges == 1 && Self.highlighted(weight).rings.count == 2)
        #expect(Self.highlighted(try figure("_,_,*")).edges == 0)
        // Bad highlights name what is wrong.
        #expect(throws: RenderError.invalidInput("highlight: column 2 has 2 neurons (0 to 1), found 2")) { try figure("0,2") }
        #expect(throws: RenderError.invalidInput("highlight has 4 columns; the network has 3 (2, 2, 2 neurons)")) { try figure("0,0,0,0") }
        #expect(throws: RenderError.invalidInput("highlight: expected a node index (from 0), * or _ per column, comma-separated (0,0,1 or _,0,*), found \"0,x\"")) {
            try HighlightedNeurons.parse("0,x")
        }
    }

    @Test func poolingOutlinesTheEngineArgmaxAndTheGradientReachesOnlyThere() throws {
        let step = EngineTraces.cnn.steps[0]
        let pool = try #require(step.op(scope: "pool1/max_pool"))
        let input = try #require(step.ops.first { $0.id == pool.inputs[0] })
        #expect(input.scope == "conv1/activation")
        guard case .ints(let argmax) = pool.attributes["argmax"] else {
            Issue.record("pool1/max_pool has no argmax")
            return
        }
        let (h, w, channels) = (input.value.shape[1], input.value.shape[2], input.value.shape[3])
        let (ho, wo) = (pool.value.shape[1], pool.value.shape[2])
        let inputGrad = try #require(input.grad)
        let outputGrad = try #require(pool.grad)
        for channel in 0..<channels {
            let x = (0..<(h * w)).map { input.value.data[$0 * channels + channel] }
            // The first largest cell of each 2×2 window, in row-major order (TensorFlow's tie rule).
            var expected: [Int] = []
            for oy in 0..<ho {
                for ox in 0..<wo {
                    let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (2 * oy + $0.0) * w + 2 * ox + $0.1 }
                    let best = window.reduce(window[0]) { x[$1] > x[$0] ? $1 : $0 }
                    expected.append(best)
                    let recorded = argmax[(oy * wo + ox) * channels + channel]
                    #expect(recorded == best * channels + channel, "channel \(channel + 1), window (\(oy), \(ox))")
                    // ∂L/∂y of the window arrives at its winner, and nowhere else in the window.
                    for cell in window {
                        let grad = inputGrad.data[cell * channels + channel]
                        #expect(grad == (cell == best ? outputGrad.data[(oy * wo + ox) * channels + channel] : 0))
                    }
                }
            }
            var options = ConvFigures.PoolingOptions()
            options.channel = channel
            let figure = try ConvFigures.pooling(trace: EngineTraces.cnn, layer: "pool1", options: options)
            #expect(Self.outlinedCellsOfFirstPanel(figure, columns: w) == expected.sorted(), "channel \(channel + 1)")
        }
    }

    @Test func featureMapsDrawAtMostTheInputChannelsAskedForAndSaySo() throws {
        let all = try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1")
        #expect(all.texts.filter { $0.markup.hasPrefix("input channel ") }.count == 2)
        #expect(!all.texts.contains { $0.markup.contains("shown:") })
        var options = FeatureMapOptions()
        options.maxInputChannels = 1
        options.maxFilters = 2
        let cut = try ConvFigures.featureMaps(trace: EngineTraces.cnn, layer: "conv1", options: options)
        #expect(cut.texts.filter { $0.markup.hasPrefix("input channel ") }.map(\.markup) == ["input channel 1"])
        #expect(cut.texts.filter { $0.markup.hasPrefix("k<sub>") }.map(\.markup) == ["k<sub>1</sub>, channel 1", "k<sub>2</sub>, channel 1"])
        #expect(cut.texts.contains { $0.markup.contains("2 input channels, 3 filters · shown: input channel 1, filters 1–2 · trace: conv1") })
        #expect(cut.caption.contains("example 1: input channel 1 of 2, each 6×6, then for 2 of 3 filters the 3×3 kernel per input channel shown"))
        #expect(cut.size.width < all.size.width)
    }

    @Test func attentionHatchesExactlyTheCausalMask() throws {
        let step = EngineTraces.attention.steps[0]
        let t = 5
        for head in 1...2 {
            let weights = try #require(step.op(scope: "attn/head\(head)/weights")).value
            #expect(weights.shape == [2, t, t])
            for sample in 0..<2 {
                for i in 0..<t {
                    let row = weights.data[((sample * t + i) * t)..<((sample * t + i + 1) * t)]
                    #expect(row[(row.startIndex + i + 1)...].allSatisfy { $0 == 0 })
                    #expect(abs(row.reduce(0, +) - 1) < 1e-12)
                }
            }
        }
        let figure = try SequenceFigures.attention(trace: EngineTraces.attention, layer: "attn")
        let hatches = figure.elements.filter { if case .hatch = $0 { return true } else { return false } }
        // 10 cells above the diagonal in each of 2 heads, plus the legend's swatch.
        #expect(hatches.count == 2 * t * (t - 1) / 2 + 1)
        #expect(figure.caption.contains("causal mask"))
    }

    @Test func lstmArrowsBackThroughTimeAreAsWideAsTheCellGradient() throws {
        let step = EngineTraces.lstm.steps[0]
        let norms = try (1...5).map { t -> Double in
            let grad = try #require(step.op(scope: "lstm1/t\(t)/cell")?.grad)
            return grad.data.prefix(3).map { $0 * $0 }.reduce(0, +).squareRoot()  // sample 1 of [2, 3]
        }
        let figure = try SequenceFigures.lstm(trace: EngineTraces.lstm, layer: "lstm1")
        let backward = Stroke(ColorMap.blueWhiteRed.color(at: 0.12), width: 1).color
        let widths = figure.elements.compactMap { element -> Double? in
            guard case .arrow(_, _, let stroke, _) = element, stroke.color == backward else { return nil }
            return stroke.width
        }
        // One arrow from each t = 5…2 into t − 1, its width 1 + 5·‖∂L/∂c_{t−1}‖ / the largest norm.
        #expect(widths.count == 4)
        let largest = norms.max()!
        for (index, t) in stride(from: 5, to: 1, by: -1).enumerated() {
            #expect(abs(widths[index] - (1 + 5 * norms[t - 2] / largest)) < 1e-12, "arrow into t = \(t - 1)")
        }
        #expect(norms.last == largest, "the loss reads h_5, so ∂L/∂c is largest at t = 5")
    }
}
