import StepwiseTrace
import StepwiseWords

public struct FeatureMapOptions: Sendable {
    /// Which sample of the batch (0-based).
    public var sample = 0
    /// At most this many filters (rows).
    public var maxFilters = 8
    /// At most this many input channels, each with its kernel slice (a conv layer deep in a
    /// network reads 32 or 64 channels, which would make the figure thousands of pixels wide).
    public var maxInputChannels = 4
    /// Numbers in cells when a map is at most this many cells wide and tall.
    public var numbersUpTo = 6
    public var decimals = 2
    /// One output cell to outline with its window on the input and its kernel (the cell a
    /// walkthrough computes), as CNN Explainer does on hover.
    public var highlight: ConvCell?
    /// Outline every window the layer visits on the input, each output cell in its window's
    /// colour (for a stride or padding lesson; at most 16 windows).
    public var showWindows = false

    public init() {}
}

extension TensorValue {
    /// Channel `channel` of sample `sample` of a `[B, H, W, C]` tensor, row-major `[H, W]`.
    func channel(_ channel: Int, sample: Int) -> [Double] {
        let (h, w, c) = (shape[1], shape[2], shape[3])
        var result = [Double](repeating: 0, count: h * w)
        for y in 0..<h { for x in 0..<w { result[y * w + x] = data[((sample * h + y) * w + x) * c + channel] } }
        return result
    }
}

/// Feature maps of a conv layer, and the pooling figure.
public enum ConvFigures {
    static func requireRank4(_ tensor: TensorValue, _ scope: String) throws {
        guard tensor.shape.count == 4 else { throw RenderError.invalidInput("\(scope): expected a [batch, height, width, channels] tensor, found \(tensor.shape)") }
    }

    /// Input channels, each filter's kernel (one slice per input channel), and each output map
    /// before (`<layer>/bias_add`) and after (`<layer>/activation`) the activation.
    public static func featureMaps(trace: Trace, step: Int? = nil, layer: String, options: FeatureMapOptions = FeatureMapOptions(),
                                   measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let convolution = try lookup.op("\(layer)/convolution")
        let input = try lookup.step.ops.first { $0.id == convolution.inputs.first } ?? lookup.op("input")
        let kernel = try lookup.tensor("\(layer)/kernel")
        let pre = try lookup.tensor("\(layer)/bias_add")
        let post = try lookup.tensor("\(layer)/activation")
        try requireRank4(input.value, input.scope)
        try requireRank4(pre, "\(layer)/bias_add")
        try requireRank4(post, "\(layer)/activation")
        guard kernel.shape.count == 4 else { throw RenderError.invalidInput("\(layer)/kernel: expected [kh, kw, in, filters], found \(kernel.shape)") }
        let (kh, kw, cin, filters) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        let b = options.sample
        guard b < input.value.shape[0] else { throw RenderError.invalidInput("sample \(b + 1) is not in the batch of \(input.value.shape[0])") }
        let (h, w) = (input.value.shape[1], input.value.shape[2])
        let (ho, wo) = (pre.shape[1], pre.shape[2])
        let shown = min(filters, options.maxFilters)
        // The activation by name, as the lessons write it (ReLU, σ, tanh).
        let activationName: String = {
            guard case .string(let name)? = trace.architecture.layers.first(where: { $0.name == layer })?.config["activation"] else { return "f" }
            return ["relu": "ReLU", "sigmoid": "σ", "tanh": "tanh", "linear": "id", "identity": "id"][name] ?? Markup.escape(name)
        }()
        let shownChannels = min(cin, max(1, options.maxInputChannels))
        let geometry = ConvGeometry(convolution, kernelRows: kh, kernelColumns: kw)
        if let cell = options.highlight {
            guard cell.row < ho, cell.column < wo, cell.filter < shown else {
                throw RenderError.invalidInput("option cell: the output is \(ho)×\(wo) with filters 1–\(shown) drawn; row \(cell.row + 1), column \(cell.column + 1), filter \(cell.filter + 1) is not in it")
            }
        }
        if options.showWindows && ho * wo > 16 {
            throw RenderError.invalidInput("option windows: the output has \(ho * wo) cells; windows are drawn for at most 16")
        }

        /// "filter 1", "filters 1–8".
        func first(_ count: Int, filters: Bool) -> String {
            let n = ["n": "\(count)"]
            if filters { return count == 1 ? NetworkWords.filterNumber(edition, n) : NetworkWords.filtersUpTo(edition, n) }
            return count == 1 ? NetworkWords.inputChannelNumber(edition, n) : NetworkWords.inputChannelsUpTo(edition, n)
        }
        let inputMaps = (0..<shownChannels).map { input.value.channel($0, sample: b) }
        func kernelSlice(_ c: Int, _ f: Int) -> [Double] {
            (0..<(kh * kw)).map { kernel.data[(($0 / kw * kw + $0 % kw) * cin + c) * filters + f] }
        }
        let preMaps = (0..<shown).map { pre.channel($0, sample: b) }
        let postMaps = (0..<shown).map { post.channel($0, sample: b) }
        let inputMap: ColorMap = inputMaps.joined().contains { $0 < 0 } ? .blueWhiteRed : .viridis
        let inputRange = ValueRange.forMap(inputMap, values: Array(inputMaps.joined()))
        let kernelRange = ValueRange.symmetric(kernel.data)
        let preRange = ValueRange.symmetric(Array(preMaps.joined()))
        let postMap: ColorMap = postMaps.joined().contains { $0 < 0 } ? .blueWhiteRed : .viridis
        let postRange = ValueRange.forMap(postMap, values: Array(postMaps.joined()))

        func decimals(_ rows: Int, _ columns: Int) -> Int? { max(rows, columns) <= options.numbersUpTo ? options.decimals : nil }
        // One cell size for every panel that shows numbers, wide enough for the widest of them.
        let numbered = [(h, w, Array(inputMaps.joined())), (kh, kw, (0..<shownChannels).flatMap { c in (0..<shown).flatMap { kernelSlice(c, $0) } }),
                        (ho, wo, Array(preMaps.joined()) + Array(postMaps.joined()))]
            .filter { decimals($0.0, $0.1) != nil }.flatMap(\.2)
        let numberCell = MatrixPanel.cellSize(fitting: numbered, decimals: options.decimals, measurer: measurer, padding: 3)
        func cellSize(_ rows: Int, _ columns: Int, fit: Double) -> Double {
            decimals(rows, columns) != nil ? numberCell : min(22, max(6, (fit / Double(max(rows, columns))).rounded(.down)))
        }
        let mapCell = cellSize(h, w, fit: 150)
        let outCell = cellSize(ho, wo, fit: 150)
        let kernelCell = cellSize(kh, kw, fit: 70)

        var builder = FigureBuilder(measurer: measurer)
        let layerWords = ReaderLabel(trace.architecture, edition: edition).layer(layer)
        let channelCount = (cin == 1 ? NetworkWords.inputChannelCountOne : .inputChannelCount)(edition, ["n": "\(cin)"])
        let filterCount = (filters == 1 ? NetworkWords.filterCountOne : .filterCount)(edition, ["n": "\(filters)"])
        let shownParts = [shownChannels < cin ? first(shownChannels, filters: false) : nil, shown < filters ? first(shown, filters: true) : nil].compactMap { $0 }
        var y = builder.title(NetworkWords.featureMapsTitle(edition, ["layer": Markup.escape(layerWords)]),
                              subtitle: NetworkWords.featureMapsSubtitle(edition, ["step": "\(lookup.step.step)", "example": "\(b + 1)", "kernel": "\(kh)×\(kw)",
                                                                                  "channels": channelCount, "filters": filterCount])
                                + (shownParts.isEmpty ? "" : " · " + NetworkWords.shown(edition, ["parts": shownParts.joined(separator: ChartWords.comma(edition))]))
                                + " · " + ChartWords.traceNote(edition, ["trace": Markup.escape(layer)]))
        var right = 0.0
        var x = Style.margin
        var rowBottom = y
        var inputLayouts: [MatrixPanel.Layout] = []
        var kernelLayouts: [[MatrixPanel.Layout]] = []
        var mapLayouts: [[MatrixPanel.Layout]] = []
        // Windows that reach into the padding: the input's ring of zeros drawn around it, the
        // channel's title above the ring.
        let padRoom = options.highlight != nil || options.showWindows ? geometry.pads : [0, 0, 0, 0]
        let titleHeight = measurer.measure(NetworkWords.inputChannelNumber(edition, ["n": "1"]), size: Style.labelSize, bold: true).height + 4
        for c in 0..<shownChannels {
            let title = NetworkWords.inputChannelNumber(edition, ["n": "\(c + 1)"])
            var panel = MatrixPanel(values: inputMaps[c], rows: h, columns: w, map: inputMap, range: inputRange, cellSize: mapCell, decimals: decimals(h, w))
            var origin = Point(x, y)
            if padRoom != [0, 0, 0, 0] {
                builder.text(title, at: Point(x, y), vertical: .top, size: Style.labelSize, bold: true)
                origin = Point(x + Double(padRoom[2]) * mapCell, y + titleHeight + Double(padRoom[0]) * mapCell)
                drawPadding(&builder, rows: h, columns: w, pads: padRoom, cell: mapCell, gridOrigin: origin, zeros: decimals(h, w) != nil)
            } else {
                panel.title = title
            }
            let layout = builder.draw(panel, at: origin)
            inputLayouts.append(layout)
            x = max(layout.bounds.maxX + Double(padRoom[3]) * mapCell, x + measurer.width(title, size: Style.labelSize, bold: true)) + 16
            rowBottom = max(rowBottom, layout.bounds.maxY + Double(padRoom[1]) * mapCell)
        }
        right = max(right, x)
        y = rowBottom + 18
        for f in 0..<shown {
            x = Style.margin
            rowBottom = y
            var kernelPanels: [MatrixPanel.Layout] = []
            for c in 0..<shownChannels {
                var panel = MatrixPanel(values: kernelSlice(c, f), rows: kh, columns: kw, map: .blueWhiteRed, range: kernelRange,
                                        cellSize: kernelCell, decimals: decimals(kh, kw))
                panel.title = NetworkWords.kernelOfChannel(edition, ["kernel": "k<sub>\(f + 1)</sub>", "channel": "\(c + 1)"])
                let layout = builder.draw(panel, at: Point(x, y))
                kernelPanels.append(layout)
                x = layout.bounds.maxX + 10
                rowBottom = max(rowBottom, layout.bounds.maxY)
            }
            kernelLayouts.append(kernelPanels)
            let arrowY = kernelPanels.first.map { $0.grid.center.y } ?? y + 20
            builder.add(.arrow(from: Point(x, arrowY), to: Point(x + 22, arrowY), stroke: Stroke(.mutedInk, width: 1.25), head: 7))
            x += 32
            var prePanel = MatrixPanel(values: preMaps[f], rows: ho, columns: wo, map: .blueWhiteRed, range: preRange, cellSize: outCell, decimals: decimals(ho, wo))
            prePanel.title = "z<sub>\(f + 1)</sub> = x ⋆ k<sub>\(f + 1)</sub> + b<sub>\(f + 1)</sub>"
            var layout = builder.draw(prePanel, at: Point(x, y))
            mapLayouts.append([layout])
            x = layout.bounds.maxX + 10
            rowBottom = max(rowBottom, layout.bounds.maxY)
            builder.add(.arrow(from: Point(x, layout.grid.center.y), to: Point(x + 22, layout.grid.center.y), stroke: Stroke(.mutedInk, width: 1.25), head: 7))
            x += 32
            var postPanel = MatrixPanel(values: postMaps[f], rows: ho, columns: wo, map: postMap, range: postRange, cellSize: outCell, decimals: decimals(ho, wo))
            postPanel.title = "a<sub>\(f + 1)</sub> = \(activationName)(z<sub>\(f + 1)</sub>)"
            layout = builder.draw(postPanel, at: Point(x, y))
            mapLayouts[f].append(layout)
            x = layout.bounds.maxX + 16
            rowBottom = max(rowBottom, layout.bounds.maxY)
            right = max(right, x)
            y = rowBottom + 14
        }
        var outlinedWords = ""
        if options.showWindows {
            // Every window in its own colour, with the output cell it makes in the same colour.
            let palette = [0, 1, 2, 4, 5, 3, 7].map { Color.series[$0] }
            for index in 0..<(ho * wo) {
                let (i, j) = (index / wo, index % wo)
                let color = palette[index % palette.count]
                for layout in inputLayouts {
                    builder.outline(geometry.window(row: i, column: j, on: layout, inset: 2 + Double(index % 2) * 2), color, dashed: index % 2 == 1)
                }
                for layout in mapLayouts.joined() { builder.outline(layout.cell(row: i, column: j).insetBy(2, 2), color) }
            }
            outlinedWords = NetworkWords.windowsOutlined(edition, ["n": "\(ho * wo)", "stride": "\(geometry.strides[0])"])
        }
        if let cell = options.highlight {
            for layout in inputLayouts { builder.outline(geometry.window(row: cell.row, column: cell.column, on: layout, inset: 1), .highlight, width: 3) }
            for layout in kernelLayouts[cell.filter] { builder.outline(layout.grid, .highlight, width: 3) }
            for layout in mapLayouts[cell.filter] { builder.outline(layout.cell(row: cell.row, column: cell.column).insetBy(1, 1), .highlight, width: 3) }
            outlinedWords = NetworkWords.cellOutlined(edition, ["size": "\(kh)×\(kw)", "filter": "\(cell.filter + 1)", "row": "\(cell.row + 1)", "column": "\(cell.column + 1)"])
        }
        // Colour bars, side by side at the right.
        let barTop = Style.margin + 60
        var barX = right + 20
        for (map, range, label) in [(inputMap, inputRange, CommonWords.input(edition)), (.blueWhiteRed, kernelRange, NetworkWords.kernel(edition)),
                                    (.blueWhiteRed, preRange, "z"), (postMap, postRange, "a")] {
            let box = builder.colorBar(map, range: range, in: Rect(x: barX, y: barTop, width: Style.colorBarWidth, height: 110), label: label)
            barX = box.maxX + 22
        }
        let inputs = shownChannels < cin ? NetworkWords.someInputChannels(edition, ["first": first(shownChannels, filters: false), "n": "\(cin)"])
            : (cin == 1 ? NetworkWords.allInputChannelsOne : .allInputChannels)(edition, ["n": "\(cin)"])
        let caption = NetworkWords.featureMapsCaption(edition, [
            "layer": layerWords, "step": "\(lookup.step.step)", "example": "\(b + 1)", "inputs": inputs, "size": "\(h)×\(w)",
            "shown": "\(shown)", "filters": "\(filters)", "kernel": "\(kh)×\(kw)", "shownNote": shownChannels < cin ? NetworkWords.shownNote(edition) : "",
            "kernelLow": NumberFormat.compact(kernelRange.lower), "kernelHigh": NumberFormat.compact(kernelRange.upper), "outSize": "\(ho)×\(wo)",
            "preLow": NumberFormat.compact(preMaps.joined().min() ?? 0), "preHigh": NumberFormat.compact(preMaps.joined().max() ?? 0),
            "postLow": NumberFormat.compact(postMaps.joined().min() ?? 0), "postHigh": NumberFormat.compact(postMaps.joined().max() ?? 0),
        ]) + outlinedWords
        return builder.figure(kind: "feature-maps", size: Size(barX + Style.margin, max(y, barTop + 150) + Style.margin - 14),
                              title: NetworkWords.featureMapsTitle(edition, ["layer": layerWords]), caption: caption,
                              source: (trace.model, lookup.step.step, ["\(layer)/convolution", "\(layer)/kernel", "\(layer)/bias_add", "\(layer)/activation"]))
    }

    /// The zeros a padded convolution adds around its input: light cells (with "0" when the
    /// input shows numbers), `pads` = [top, bottom, left, right] cells wide, around a grid whose
    /// top-left corner is `gridOrigin`.
    static func drawPadding(_ builder: inout FigureBuilder, rows: Int, columns: Int, pads: [Int], cell: Double, gridOrigin: Point, zeros: Bool) {
        for r in -pads[0]..<(rows + pads[1]) {
            for c in -pads[2]..<(columns + pads[3]) where r < 0 || r >= rows || c < 0 || c >= columns {
                let box = Rect(x: gridOrigin.x + Double(c) * cell, y: gridOrigin.y + Double(r) * cell, width: cell, height: cell)
                builder.rect(box, fill: Color(hex: 0xf4f4f4), stroke: Stroke(Color(hex: 0xcccccc), width: 0.75, dash: [2, 2]))
                if zeros { builder.text("0", at: box.center, horizontal: .center, vertical: .center, size: Style.cellTextSize, color: .mutedInk) }
            }
        }
    }

    public struct PoolingOptions: Sendable {
        public var sample = 0
        public var channel = 0
        public var decimals = 2
        public init() {}
    }

    /// A pooling layer for one sample and channel: the input with each window and its winning
    /// cell (max pooling), the output, the gradient arriving at the output and the gradient
    /// sent back to the input (only winners receive it under max pooling).
    public static func pooling(trace: Trace, step: Int? = nil, layer: String, options: PoolingOptions = PoolingOptions(),
                               measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let pool: OpRecord
        if let max = lookup.step.op(scope: "\(layer)/max_pool") {
            pool = max
        } else if let average = lookup.step.op(scope: "\(layer)/avg_pool") {
            pool = average
        } else {
            throw lookup.missing("\(layer)/max_pool")
        }
        let isMax = pool.op == "max_pool2d" || pool.scope.hasSuffix("/max_pool")
        guard let inputRecord = lookup.step.ops.first(where: { $0.id == pool.inputs.first }) else {
            throw RenderError.invalidInput("\(pool.scope): its input record \(pool.inputs.first.map(String.init) ?? "—") is missing")
        }
        let input = inputRecord.value
        try requireRank4(input, inputRecord.scope)
        try requireRank4(pool.value, pool.scope)
        let (b, c) = (options.sample, options.channel)
        guard b < input.shape[0], c < input.shape[3] else {
            throw RenderError.invalidInput("sample \(b + 1), channel \(c + 1) are not in \(inputRecord.scope) of shape \(input.shape)")
        }
        let (h, w, channels) = (input.shape[1], input.shape[2], input.shape[3])
        let (ho, wo) = (pool.value.shape[1], pool.value.shape[2])
        func ints(_ key: String) -> [Int]? { if case .ints(let v)? = pool.attributes[key] { return v } else { return nil } }
        let poolSize = ints("pool_size") ?? [2, 2]
        let strides = ints("strides") ?? poolSize

        // Winners: for each output cell of this sample and channel, the input cell chosen.
        var winners: [Int: Color] = [:]
        var winnerOf: [Int] = []
        if isMax {
            guard let argmax = ints("argmax"), argmax.count == pool.value.data.count else {
                throw RenderError.invalidInput("\(pool.scope): attribute argmax must list one input index per output element")
            }
            for oy in 0..<ho {
                for ox in 0..<wo {
                    let flat = argmax[((b * ho + oy) * wo + ox) * pool.value.shape[3] + c]
                    let cell = flat / channels
                    let (yx, _) = (cell % (h * w), flat % channels)
                    winnerOf.append(yx)
                    winners[yx] = Color.highlight
                }
            }
        }
        let inputMap = input.channel(c, sample: b)
        let outputMap = pool.value.channel(c, sample: b)
        let valueValues = inputMap + outputMap
        let valueColors: ColorMap = valueValues.contains { $0 < 0 } ? .blueWhiteRed : .viridis
        let valueRange = ValueRange.forMap(valueColors, values: valueValues)
        let outGrad = pool.grad.map { $0.channel(c, sample: b) }
        let inGrad = inputRecord.grad.map { $0.channel(c, sample: b) }
        let gradRange = ValueRange.symmetric((outGrad ?? []) + (inGrad ?? []))
        let decimals: Int? = max(h, w) <= 8 ? options.decimals : nil
        // Cells wide enough for every number shown (winners' outlines take room inside the cell).
        let cell = decimals.map { MatrixPanel.cellSize(fitting: valueValues + (outGrad ?? []) + (inGrad ?? []), decimals: $0, measurer: measurer, padding: 4) }
            ?? min(32, max(12, (170 / Double(max(h, w))).rounded(.down)))

        var builder = FigureBuilder(measurer: measurer)
        let layerWords = ReaderLabel(trace.architecture, edition: edition).layer(layer)
        let title = (isMax ? NetworkWords.maxPoolingTitle : .averagePoolingTitle)(edition)
        let top = builder.title(title,
                                subtitle: NetworkWords.poolingSubtitle(edition, ["step": "\(lookup.step.step)", "example": "\(b + 1)", "layer": Markup.escape(layerWords),
                                                                                 "channel": "\(c + 1)", "pool": "\(poolSize[0])×\(poolSize[1])",
                                                                                 "stride": "\(strides[0])×\(strides[1])", "trace": Markup.escape(layer)]))
        var x = Style.margin
        var panels: [(MatrixPanel, String)] = []
        var p1 = MatrixPanel(values: inputMap, rows: h, columns: w, map: valueColors, range: valueRange, cellSize: cell, decimals: decimals)
        p1.outlined = winners
        panels.append((p1, (isMax ? NetworkWords.poolInputWinners : .poolInput)(edition)))
        panels.append((MatrixPanel(values: outputMap, rows: ho, columns: wo, map: valueColors, range: valueRange, cellSize: cell, decimals: decimals),
                       (isMax ? NetworkWords.poolOutputMax : .poolOutputMean)(edition)))
        if let outGrad {
            panels.append((MatrixPanel(values: outGrad, rows: ho, columns: wo, map: .blueWhiteRed, range: gradRange, cellSize: cell, decimals: decimals), "∂L/∂y"))
        }
        if let inGrad {
            var p4 = MatrixPanel(values: inGrad, rows: h, columns: w, map: .blueWhiteRed, range: gradRange, cellSize: cell, decimals: decimals)
            p4.outlined = winners
            panels.append((p4, "∂L/∂x"))
        }
        var bottom = top
        var layouts: [MatrixPanel.Layout] = []
        for (index, (panel, title)) in panels.enumerated() {
            var titled = panel
            titled.title = title
            let layout = builder.draw(titled, at: Point(x, top + 4))
            layouts.append(layout)
            // Window boundaries on the input-shaped panels when windows tile the map.
            if (index == 0 || index == 3), strides == poolSize {
                for k in stride(from: poolSize[1], to: w, by: poolSize[1]) {
                    let lineX = layout.grid.minX + Double(k) * cell
                    builder.line(Point(lineX, layout.grid.minY), Point(lineX, layout.grid.maxY), Stroke(.black, width: 2))
                }
                for k in stride(from: poolSize[0], to: h, by: poolSize[0]) {
                    let lineY = layout.grid.minY + Double(k) * cell
                    builder.line(Point(layout.grid.minX, lineY), Point(layout.grid.maxX, lineY), Stroke(.black, width: 2))
                }
            }
            x = layout.bounds.maxX + 44
            bottom = max(bottom, layout.bounds.maxY)
            if index < panels.count - 1 {
                let arrowY = layout.grid.center.y
                let forward = index == 0
                let backward = index == 2
                // x → y (forward), and ∂L/∂y → ∂L/∂x (the gradient routed back, in blue): both point
                // from the panel that is read to the panel that is made.
                if forward || backward {
                    builder.add(.arrow(from: Point(x - 36, arrowY), to: Point(x - 12, arrowY),
                                       stroke: Stroke(backward ? ColorMap.blueWhiteRed.color(at: 0.1) : .mutedInk, width: 1.5), head: 7))
                }
            }
        }
        var barX = x
        let barTop = top + 24
        let box1 = builder.colorBar(valueColors, range: valueRange, in: Rect(x: barX, y: barTop, width: Style.colorBarWidth, height: 110), label: "x, y")
        barX = box1.maxX + 22
        var right = box1.maxX
        if outGrad != nil || inGrad != nil {
            right = builder.colorBar(.blueWhiteRed, range: gradRange, in: Rect(x: barX, y: barTop, width: Style.colorBarWidth, height: 110),
                                     label: CommonWords.gradient(edition)).maxX
        }
        let caption = NetworkWords.poolingCaption(edition, ["title": title, "layer": layerWords, "step": "\(lookup.step.step)", "example": "\(b + 1)",
                                                             "channel": "\(c + 1)", "size": "\(h)×\(w)", "pool": "\(poolSize[0])×\(poolSize[1])",
                                                             "stride": "\(strides[0])×\(strides[1])", "outSize": "\(ho)×\(wo)"])
            + (isMax ? NetworkWords.winnersOutlined(edition) : "")
            + ((outGrad != nil && inGrad != nil) ? NetworkWords.poolingGradients(edition) + (isMax ? NetworkWords.reachesWinners : .spreadEvenly)(edition)
               : ChartWords.period(edition))
        return builder.figure(kind: "pooling", size: Size(right + Style.margin + 30, max(bottom, barTop + 120) + Style.margin),
                              title: title, caption: caption,
                              source: (trace.model, lookup.step.step, [pool.scope, inputRecord.scope]))
    }
}
