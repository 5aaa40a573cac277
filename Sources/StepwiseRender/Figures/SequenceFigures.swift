import Foundation
import StepwiseTrace
import StepwiseWords

/// LSTM unrolled over time, attention heads, positional encodings.
public enum SequenceFigures {
    public struct LSTMOptions: Sendable {
        public var sample = 0
        public var decimals = 2
        /// Numbers in the cells (nil: when there are at most 4 units).
        public var showValues: Bool?
        public init() {}
    }

    /// The rows of the unrolled LSTM: the trace's local name and the row's label.
    static let lstmRows: [(local: String, words: SequenceWords)] = [
        ("input_gate", .rowInputGate), ("forget_gate", .rowForgetGate),
        ("candidate", .rowCandidate), ("output_gate", .rowOutputGate),
        ("cell", .rowCell), ("hidden", .rowHidden),
    ]

    static func row(_ tensor: TensorValue, sample: Int, scope: String) throws -> [Double] {
        guard tensor.shape.count == 2, sample < tensor.shape[0] else {
            throw RenderError.invalidInput("\(scope): expected [batch, units] with sample \(sample + 1), found \(tensor.shape)")
        }
        let units = tensor.shape[1]
        return Array(tensor.data[(sample * units)..<((sample + 1) * units)])
    }

    /// A gradient in a cell: two significant digits, in scientific notation below 10⁻⁴ (as the
    /// norms above the columns), so that a gradient that has shrunk still reads as a number.
    static func gradientText(_ value: Double) -> String { NumberFormat.compact(value, digits: 2) }

    /// The network's prediction and its target for `sample`, when `layer` is the last recurrent
    /// layer before the output (its h_T is what the prediction reads), else nil.
    static func predictionAndTarget(_ lookup: TraceLookup, architecture: Architecture, layer: String, sample: Int) -> (Double, Double)? {
        guard let position = architecture.layers.firstIndex(where: { $0.name == layer }), let last = architecture.layers.last,
              !architecture.layers[(position + 1)...].contains(where: { $0.type == "lstm" }),
              let output = try? lookup.tensor("\(last.name)/activation"), let targets = try? lookup.tensor("loss/targets"),
              output.data.count == targets.data.count, output.shape.count == 2, output.shape[1] == 1, sample < output.shape[0] else { return nil }
        return (output.data[sample], targets.data[sample])
    }

    /// The LSTM layer unrolled: a column per time step with the input x_t, the four gates, c_t and
    /// h_t, then ∂L/∂c_t and ∂L/∂h_t, with arrows carrying the gradient back through time (width ∝
    /// ‖∂L/∂c_t‖); after the last column, the prediction read from h_T against its target.
    public static func lstm(trace: Trace, step: Int? = nil, layer: String, options: LSTMOptions = LSTMOptions(),
                            measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        var steps = 0
        while lookup.has("\(layer)/t\(steps + 1)/cell") { steps += 1 }
        guard steps > 0 else { throw lookup.missing("\(layer)/t1/cell") }
        var values: [String: [[Double]]] = [:]   // local name → per time step
        var grads: [String: [[Double]]] = [:]
        // x_t is drawn when the trace kept it (a report's layer-level trace may not).
        let hasInput = lookup.has("\(layer)/t1/input")
        for local in (hasInput ? ["input"] : []) + lstmRows.map(\.local) {
            for t in 1...steps {
                let record = try lookup.op("\(layer)/t\(t)/\(local)")
                values[local, default: []].append(try row(record.value, sample: options.sample, scope: record.scope))
                if local == "cell" || local == "hidden" {
                    let grad = record.grad ?? TensorValue(shape: record.value.shape, data: [Double](repeating: 0, count: record.value.data.count))
                    grads[local, default: []].append(try row(grad, sample: options.sample, scope: record.scope))
                }
            }
        }
        let units = values["cell"]![0].count
        let features = values["input"]?[0].count ?? 0
        let showValues = options.showValues ?? (units <= 4)
        let valueTexts = (hasInput ? ["input"] : []) + lstmRows.map(\.local)
        let texts = valueTexts.flatMap { values[$0]!.joined().map { NumberFormat.fixed($0, decimals: options.decimals) } }
            + grads.values.flatMap { $0.joined().map(gradientText) }
        let widest = texts.map { measurer.width($0, size: Style.cellTextSize) }.max() ?? 0
        // Cells as tall as before and as wide as their widest number.
        let cellHeight = showValues ? max(30, measurer.measure("0", size: Style.cellTextSize).height + 10) : min(18, max(8, 120 / Double(units)))
        let cellWidth = showValues ? max(cellHeight, (widest + 6).rounded(.up)) : cellHeight
        let stateRange = ValueRange.symmetric((["candidate", "cell", "hidden"].flatMap { values[$0]!.flatMap { $0 } }) + (values["input"] ?? []).joined())
        let gradRange = ValueRange.symmetric(grads.values.flatMap { $0.flatMap { $0 } })
        let gateRange = ValueRange(0, 1)

        var builder = FigureBuilder(measurer: measurer)
        let layerWords = ReaderLabel(trace.architecture, edition: edition).layer(layer)
        let trainingStep = ChartWords.trainingStep(edition, ["step": String(lookup.step.step)])
        let unitsWords = (units == 1 ? SequenceWords.unitsOne : .unitsMany)(edition, ["n": String(units)])
        let top = builder.title(SequenceWords.lstmTitle(edition, ["layer": Markup.escape(layerWords), "steps": String(steps)]),
                                subtitle: SequenceWords.lstmSubtitle(edition, ["step": trainingStep, "sample": String(options.sample + 1), "units": unitsWords,
                                                                               "trace": ChartWords.traceNote(edition, ["trace": Markup.escape(layer)])]))
        let labels = [SequenceWords.rowInput(edition)] + lstmRows.map { $0.words(edition) } + ["∂L/∂c<sub>t</sub>", "∂L/∂h<sub>t</sub>"]
        let labelWidth = labels.map { measurer.width($0, size: Style.labelSize) }.max()! + 12
        let columnGap = showValues ? (steps > 8 ? 12.0 : 22.0) : 34.0
        let rowGap = 12.0
        let headingHeight = measurer.measure("t = 1", size: Style.labelSize, bold: true).height + 6
        let left = Style.margin + labelWidth
        func columnX(_ t: Int) -> Double { left + Double(t) * (cellWidth + columnGap) }
        var y = top + headingHeight
        // Many time steps in narrow columns: bare numbers, with "t" at the left of the row.
        let pitch = cellWidth + columnGap
        let crowded = measurer.width("t = \(steps)", size: Style.labelSize, bold: true) > pitch - 6
        if crowded {
            builder.text("t", at: Point(Style.margin, top), vertical: .top, size: Style.labelSize, bold: true)
        }
        for t in 0..<steps {
            builder.text(crowded ? "\(t + 1)" : "t = \(t + 1)", at: Point(columnX(t) + cellWidth / 2, top), horizontal: .center, vertical: .top,
                         size: Style.labelSize, bold: true)
        }
        /// One column of cells, a cell per unit (or input feature), with its number.
        func column(_ data: [Double], map: ColorMap, range: ValueRange, at origin: Point, text: (Double) -> String) {
            builder.record(data)
            for (index, value) in data.enumerated() {
                let box = Rect(x: origin.x, y: origin.y + Double(index) * cellHeight, width: cellWidth, height: cellHeight)
                let color = map.color(for: value, in: range)
                builder.rect(box, fill: color)
                if showValues {
                    builder.text(text(value), at: box.center, horizontal: .center, vertical: .center, size: Style.cellTextSize, color: color.contrastingText)
                }
            }
            builder.rect(Rect(x: origin.x, y: origin.y, width: cellWidth, height: Double(data.count) * cellHeight), fill: nil, stroke: Stroke(.axis, width: 0.75))
        }
        let fixed = { (value: Double) in NumberFormat.fixed(value, decimals: options.decimals) }
        var rowTops: [Double] = []
        var rowHeights: [Double] = []
        for (index, label) in labels.enumerated() {
            if index == 0 && !hasInput {
                rowTops.append(y)
                rowHeights.append(0)
                continue
            }
            if index == 7 { y += 22 }  // gap before the backward rows
            let height = Double(index == 0 ? features : units) * cellHeight
            rowTops.append(y)
            rowHeights.append(height)
            builder.text(label, at: Point(Style.margin, y + height / 2), vertical: .center, size: Style.labelSize)
            for t in 0..<steps {
                let origin = Point(columnX(t), y)
                switch index {
                case 0: column(values["input"]![t], map: .blueWhiteRed, range: stateRange, at: origin, text: fixed)
                case 1, 2, 4: column(values[lstmRows[index - 1].local]![t], map: .viridis, range: gateRange, at: origin, text: fixed)
                case 3, 5, 6: column(values[lstmRows[index - 1].local]![t], map: .blueWhiteRed, range: stateRange, at: origin, text: fixed)
                case 7: column(grads["cell"]![t], map: .blueWhiteRed, range: gradRange, at: origin, text: gradientText)
                default: column(grads["hidden"]![t], map: .blueWhiteRed, range: gradRange, at: origin, text: gradientText)
                }
            }
            y += height + rowGap
        }
        // Forward: the cell state carried to the next step.
        let cellRow = 5, hiddenRow = 6, cellGradientRow = 7
        for t in 0..<(steps - 1) {
            let cy = rowTops[cellRow] + rowHeights[cellRow] / 2
            builder.add(.arrow(from: Point(columnX(t) + cellWidth + 3, cy), to: Point(columnX(t + 1) - 3, cy), stroke: Stroke(.mutedInk, width: 1.25), head: 6))
        }
        // The prediction read from the last hidden state, against its target.
        var right = columnX(steps)
        if let (prediction, target) = predictionAndTarget(lookup, architecture: trace.architecture, layer: layer, sample: options.sample) {
            let cy = rowTops[hiddenRow] + rowHeights[hiddenRow] / 2
            let start = columnX(steps - 1) + cellWidth + 3
            builder.add(.arrow(from: Point(start, cy), to: Point(start + 24, cy), stroke: Stroke(.mutedInk, width: 1.25), head: 6))
            let first = builder.text(SequenceWords.predictionIs(edition, ["value": NumberFormat.fixed(prediction, decimals: max(3, options.decimals))]), at: Point(start + 30, cy - 1),
                                     vertical: .bottom, size: Style.smallSize, bold: true)
            let second = builder.text(SequenceWords.targetIs(edition, ["value": NumberFormat.fixed(target, decimals: max(3, options.decimals))]), at: Point(start + 30, cy + 1),
                                      vertical: .top, size: Style.smallSize)
            builder.record([prediction, target])
            right = max(right, first.maxX + 10, second.maxX + 10)
        }
        // Backward: the gradient through time, width by the norm of ∂L/∂c at the earlier step.
        let norms = grads["cell"]!.map { ($0.map { $0 * $0 }.reduce(0, +)).squareRoot() }
        let largest = max(norms.max() ?? 0, 1e-300)
        for t in stride(from: steps - 1, to: 0, by: -1) {
            let cy = rowTops[cellGradientRow] + rowHeights[cellGradientRow] / 2
            let width = 1 + 5 * norms[t - 1] / largest
            builder.add(.arrow(from: Point(columnX(t) - 3, cy), to: Point(columnX(t - 1) + cellWidth + 3, cy),
                               stroke: Stroke(ColorMap.blueWhiteRed.color(at: 0.12), width: width), head: min(6 + width, columnGap - 6)))
        }
        // The norms above their columns, labelled once on the left; when they do not fit, only
        // every k-th, counting back from the last time step.
        let normTexts = norms.map { NumberFormat.compact($0, digits: 2) }
        let widestNorm = normTexts.map { measurer.width($0, size: Style.smallSize) }.max() ?? 0
        let every = Int((widestNorm + 8) / pitch) + 1
        builder.text("‖∂L/∂c<sub>t</sub>‖", at: Point(Style.margin, rowTops[cellGradientRow] - 4), vertical: .bottom, size: Style.smallSize, color: .mutedInk)
        for t in 0..<steps where (steps - 1 - t) % every == 0 {
            builder.text(normTexts[t], at: Point(columnX(t) + cellWidth / 2, rowTops[cellGradientRow] - 4),
                         horizontal: .center, vertical: .bottom, size: Style.smallSize, color: .mutedInk)
        }
        builder.record(norms)
        let barX = right + 10
        var box = builder.colorBar(.viridis, range: gateRange, in: Rect(x: barX, y: top + headingHeight + 14, width: Style.colorBarWidth, height: 100), label: SequenceWords.gates(edition))
        box = builder.colorBar(.blueWhiteRed, range: stateRange, in: Rect(x: box.maxX + 24, y: top + headingHeight + 14, width: Style.colorBarWidth, height: 100), label: hasInput ? "x, g, c, h" : "g, c, h")
        box = builder.colorBar(.blueWhiteRed, range: gradRange, in: Rect(x: box.maxX + 24, y: top + headingHeight + 14, width: Style.colorBarWidth, height: 100), label: SequenceWords.gradients(edition))
        let prediction = predictionAndTarget(lookup, architecture: trace.architecture, layer: layer, sample: options.sample)
        let caption = SequenceWords.lstmCaption(edition, [
            "layer": layerWords, "steps": String(steps), "step": trainingStep, "sample": String(options.sample + 1), "units": unitsWords,
            "inputs": hasInput ? SequenceWords.lstmCaptionInput(edition) : "",
            "low": NumberFormat.compact(stateRange.lower), "high": NumberFormat.compact(stateRange.upper),
            "last": NumberFormat.compact(norms.last!, digits: 3), "first": NumberFormat.compact(norms.first!, digits: 3),
        ]) + (prediction.map {
            SequenceWords.lstmCaptionPrediction(edition, ["prediction": NumberFormat.fixed($0.0, decimals: 3), "target": NumberFormat.fixed($0.1, decimals: 3)])
        } ?? ChartWords.period(edition))
        return builder.figure(kind: "lstm", size: Size(box.maxX + Style.margin + 10, y + Style.margin), title: SequenceWords.lstmShortTitle(edition, ["layer": layerWords]),
                              caption: caption, source: (trace.model, lookup.step.step, (1...steps).map { "\(layer)/t\($0)" }))
    }

    /// The size ‖∂L/∂c_t‖ of an LSTM layer's cell-state gradient at every time step of one
    /// sample, one line per run, on a log axis: how much of the gradient reaches the early steps.
    public static func gradientThroughTime(runs: [(label: String, trace: Trace)], step: Int? = nil, layer: String, sample: Int = 0,
                                           measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        precondition(!runs.isEmpty, "gradientThroughTime needs a run")
        var series: [Series] = []
        var summaries: [String] = []
        for (index, run) in runs.enumerated() {
            let lookup = try TraceLookup(run.trace, step: step)
            var points: [Point] = []
            var t = 1
            while lookup.has("\(layer)/t\(t)/cell") {
                let record = try lookup.op("\(layer)/t\(t)/cell")
                let grad = try row(record.grad ?? TensorValue(shape: record.value.shape, data: [Double](repeating: 0, count: record.value.data.count)),
                                   sample: sample, scope: record.scope)
                points.append(Point(Double(t), grad.map { $0 * $0 }.reduce(0, +).squareRoot()))
                t += 1
            }
            guard let first = points.first, let last = points.last else { throw lookup.missing("\(layer)/t1/cell") }
            series.append(Series(name: Markup.escape(run.label), points: points, color: Color.series[index % Color.series.count]))
            summaries.append(SequenceWords.throughTimeRun(edition, ["run": run.label, "last": NumberFormat.compact(last.y, digits: 3),
                                                                    "steps": String(Int(last.x)), "first": NumberFormat.compact(first.y, digits: 3)]))
        }
        let layerWords = runs.first.map { ReaderLabel($0.trace.architecture, edition: edition).layer(layer) } ?? layer
        var options = LineChartOptions(title: SequenceWords.throughTimeTitle(edition, ["layer": Markup.escape(layerWords)]),
                                       xLabel: SequenceWords.timeStepAxis(edition), yLabel: SequenceWords.cellGradientNorm(edition))
        options.subtitle = SequenceWords.throughTimeSubtitle(edition, ["sample": String(sample + 1), "trace": ChartWords.traceNote(edition, ["trace": Markup.escape(layer)])])
        options.logY = true
        let caption = (runs.count == 1 ? SequenceWords.throughTimeCaptionOne : .throughTimeCaptionMany)(edition, ["layer": layerWords, "runs": String(runs.count)])
            + summaries.joined(separator: SequenceWords.runSeparator(edition)) + ChartWords.period(edition)
        return LineChart.figure(series, options: options, caption: caption,
                                source: (runs.map(\.trace.model).joined(separator: " vs "), step, ["\(layer)/t*/cell"]), kind: "gradient-through-time",
                                measurer: measurer)
    }

    public struct AttentionOptions: Sendable {
        public var sample = 0
        public var decimals = 2
        /// Labels for the token positions (default 1…T).
        public var tokens: [String]?
        /// Numbers in the weight cells (nil: when T ≤ 8).
        public var showValues: Bool?
        public init() {}
    }

    /// Each head of an attention layer: Q, K, V and the weight matrix, query positions down and
    /// key positions across; masked (causal) cells hatched.
    public static func attention(trace: Trace, step: Int? = nil, layer: String, options: AttentionOptions = AttentionOptions(),
                                 measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        var heads = 0
        while lookup.has("\(layer)/head\(heads + 1)/weights") { heads += 1 }
        guard heads > 0 else { throw lookup.missing("\(layer)/head1/weights") }
        func slice(_ tensor: TensorValue, _ scope: String) throws -> (data: [Double], rows: Int, columns: Int) {
            guard tensor.shape.count == 3, options.sample < tensor.shape[0] else {
                throw RenderError.invalidInput("\(scope): expected [batch, T, n] with sample \(options.sample + 1), found \(tensor.shape)")
            }
            let (t, n) = (tensor.shape[1], tensor.shape[2])
            return (Array(tensor.data[(options.sample * t * n)..<((options.sample + 1) * t * n)]), t, n)
        }
        var qkv: [[(data: [Double], rows: Int, columns: Int)]] = []
        var weights: [(data: [Double], rows: Int, columns: Int)] = []
        for h in 1...heads {
            var row: [(data: [Double], rows: Int, columns: Int)] = []
            for local in ["query", "key", "value"] {
                let scope = "\(layer)/head\(h)/\(local)"
                row.append(try slice(try lookup.tensor(scope), scope))
            }
            qkv.append(row)
            let scope = "\(layer)/head\(h)/weights"
            weights.append(try slice(try lookup.tensor(scope), scope))
        }
        let t = weights[0].rows
        // Causal when every entry above the diagonal is exactly zero (in every head).
        let causal = t > 1 && weights.allSatisfy { w in (0..<t).allSatisfy { i in ((i + 1)..<t).allSatisfy { j in w.data[i * t + j] == 0 } } }
        let masked: Set<Int> = causal ? Set((0..<t).flatMap { i in ((i + 1)..<t).map { i * t + $0 } }) : []
        // Each position's token as the input holds it ("2 (pos 1)"), when the input is token ids.
        let ids = tokenIDs(lookup, sample: options.sample, positions: t)
        let positionLabels: [String] = (1...t).map(String.init)
        var tokenLabels: [String]? = nil
        if let ids {
            tokenLabels = ids.enumerated().map { (offset: Int, id: Int) -> String in
                SequenceWords.tokenAtPosition(edition, ["token": String(id), "position": String(offset + 1)])
            }
        }
        let tokens: [String] = options.tokens.map { $0.map(Markup.escape) } ?? tokenLabels ?? positionLabels
        guard tokens.count == t else { throw RenderError.invalidInput("\(tokens.count) token labels given for \(t) positions") }
        let qkvRange = ValueRange.symmetric(qkv.flatMap { $0.flatMap(\.data) })
        let weightRange = ValueRange(0, 1)
        let showWeights = options.showValues ?? (t <= 8)
        let widestToken = tokens.map { measurer.width($0, size: Style.smallSize) }.max() ?? 0
        let weightCell = showWeights ? max(32, (widestToken + 6).rounded(.up)) : min(24, max(8, 200 / Double(t)))
        // Key labels across: the whole label where it fits a cell, else the token alone.
        let idLabels: [String]? = ids.map { $0.map(String.init) }
        let keyTokens: [String] = widestToken + 4 <= weightCell ? tokens : idLabels ?? tokens
        let keyDim = qkv[0][0].columns
        let qkvCell = min(24, max(8, 110 / Double(max(keyDim, 1))), weightCell)

        var builder = FigureBuilder(measurer: measurer)
        let title = SequenceWords.attentionTitle(edition) + (causal ? SequenceWords.causalNote(edition) : "")
        let trainingStep = ChartWords.trainingStep(edition, ["step": String(lookup.step.step)])
        let headsWords = (heads == 1 ? SequenceWords.headsOne : .headsMany)(edition, ["n": String(heads)])
        var y = builder.title(title,
                              subtitle: SequenceWords.attentionSubtitle(edition, [
                                  "step": trainingStep, "sample": String(options.sample + 1), "heads": headsWords, "positions": String(t),
                                  "size": String(keyDim), "trace": ChartWords.traceNote(edition, ["trace": Markup.escape(layer)]),
                              ]))
        var right = 0.0
        for h in 0..<heads {
            var x = Style.margin
            var bottom = y
            for (index, name) in ["Q", "K", "V"].enumerated() {
                let m = qkv[h][index]
                var panel = MatrixPanel(values: m.data, rows: m.rows, columns: m.columns, map: .blueWhiteRed, range: qkvRange, cellSize: qkvCell,
                                        decimals: qkvCell >= 26 ? options.decimals : nil)
                panel.title = "\(name)<sub>\(h + 1)</sub>"
                panel.rowLabels = index == 0 ? tokens : nil
                panel.columnAxisLabel = SequenceWords.feature(edition)
                if index == 0 { panel.rowAxisLabel = ids == nil ? SequenceWords.position(edition) : SequenceWords.tokenPosition(edition) }
                let layout = builder.draw(panel, at: Point(x, y))
                x = layout.bounds.maxX + 14
                bottom = max(bottom, layout.bounds.maxY)
            }
            x += 16
            var panel = MatrixPanel(values: weights[h].data, rows: t, columns: t, map: .viridis, range: weightRange, cellSize: weightCell,
                                    decimals: showWeights ? options.decimals : nil)
            panel.title = SequenceWords.weightsOfHead(edition, ["head": String(h + 1), "formula": "softmax(QKᵀ/√d<sub>k</sub>)"])
            panel.masked = masked
            panel.rowLabels = tokens
            panel.columnLabels = keyTokens
            panel.rowAxisLabel = ids == nil ? SequenceWords.queryPosition(edition) : SequenceWords.queryTokenPosition(edition)
            panel.columnAxisLabel = ids == nil ? SequenceWords.keyPosition(edition) : SequenceWords.keyTokenPosition(edition)
            let layout = builder.draw(panel, at: Point(x, y))
            right = max(right, layout.bounds.maxX)
            bottom = max(bottom, layout.bounds.maxY)
            y = bottom + 20
        }
        var box = builder.colorBar(.viridis, range: weightRange, in: Rect(x: right + 24, y: Style.margin + 70, width: Style.colorBarWidth, height: 110), label: CommonWords.weight(edition))
        box = builder.colorBar(.blueWhiteRed, range: qkvRange, in: Rect(x: box.maxX + 24, y: Style.margin + 70, width: Style.colorBarWidth, height: 110), label: "Q, K, V")
        var legendBottom = box.maxY
        if causal {
            let swatch = Rect(x: right + 24, y: box.maxY + 16, width: 14, height: 14)
            builder.rect(swatch, fill: Color(hex: 0xeeeeee))
            builder.add(.hatch(swatch, color: Color(hex: 0xb0b0b0), spacing: 4))
            builder.rect(swatch, fill: nil, stroke: Stroke(.axis, width: 0.75))
            builder.text(SequenceWords.maskedKey(edition), at: Point(swatch.maxX + 6, swatch.center.y), vertical: .center, size: Style.tickSize, color: .mutedInk)
            legendBottom = swatch.maxY
        }
        let caption = SequenceWords.attentionCaption(edition, [
            "title": title, "step": trainingStep, "sample": String(options.sample + 1), "heads": headsWords, "positions": String(t), "size": String(keyDim),
            "low": NumberFormat.compact(qkvRange.lower), "high": NumberFormat.compact(qkvRange.upper),
        ])
            + (ids.map { SequenceWords.attentionCaptionTokens(edition, ["tokens": $0.map(String.init).joined(separator: " ")]) } ?? "")
            + (causal ? SequenceWords.attentionCaptionCausal(edition) : ChartWords.period(edition))
        return builder.figure(kind: "attention", size: Size(box.maxX + Style.margin + 20, max(y - 20, legendBottom) + Style.margin),
                              title: title, caption: caption,
                              source: (trace.model, lookup.step.step, (1...heads).map { "\(layer)/head\($0)" }))
    }

    /// The token ids of example `sample` when the step's input is one sequence of `positions`
    /// whole numbers per example (an embedding's input), else nil.
    static func tokenIDs(_ lookup: TraceLookup, sample: Int, positions: Int) -> [Int]? {
        guard let input = lookup.step.ops.first(where: { $0.op == "input" })?.value, input.shape.count == 2,
              input.shape[1] == positions, sample < input.shape[0] else { return nil }
        let row = input.data[(sample * positions)..<((sample + 1) * positions)]
        guard row.allSatisfy({ $0.isFinite && $0 == $0.rounded() && abs($0) < 1e9 }) else { return nil }
        return row.map { Int($0) }
    }

    /// The positional-encoding table `<layer>/table` [T, d] as a heatmap on −1…1.
    public static func positionalEncoding(trace: Trace, step: Int? = nil, layer: String, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let scope = "\(layer)/table"
        let table = try lookup.tensor(scope)
        guard table.shape.count == 2 else { throw RenderError.invalidInput("\(scope): expected [T, d], found \(table.shape)") }
        var options = HeatmapOptions()
        options.colorMap = .blueWhiteRed
        options.range = ValueRange(-1, 1)
        // Every position labelled when few, else the first and every 5th, counted from 1 like
        // every position in the course (the formula's t counts from 0).
        let positions = table.shape[0]
        options.rowLabels = (0..<positions).map { positions <= 20 || $0 == 0 || ($0 + 1) % 5 == 0 ? String($0 + 1) : "" }
        options.rowAxisLabel = SequenceWords.encodingPositionAxis(edition)
        options.columnAxisLabel = SequenceWords.encodingDimensionAxis(edition)
        options.title = SequenceWords.encodingTitle(edition)
        options.traceName = scope
        options.edition = edition
        var figure = try Heatmap.figure(tensor: table, name: scope, model: trace.model, step: lookup.step.step, options: options, measurer: measurer)
        figure.kind = "positional-encoding"
        figure.caption = SequenceWords.encodingCaption(edition, ["positions": String(table.shape[0]), "dimensions": String(table.shape[1])])
        return figure
    }
}
