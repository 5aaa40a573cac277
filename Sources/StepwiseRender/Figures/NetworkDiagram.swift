import StepwiseTrace
import StepwiseWords

public struct NetworkOptions: Sendable {
    public enum NodeColoring: String, CaseIterable, Sendable {
        /// Each neuron's output (sequential map).
        case activation
        /// dLoss/d(neuron output) (diverging map centred on zero).
        case gradient
    }

    public enum EdgeQuantity: String, CaseIterable, Sendable {
        case weight, gradient, update
    }

    public var nodes: NodeColoring = .activation
    /// False: nodes are white and show only their numbers (no node colour bar).
    public var colorNodes = true
    public var edges: EdgeQuantity = .weight
    public var showNodeValues = true
    public var showEdgeValues = false
    public var showBiases = false
    public var decimals = 2
    /// Which sample of the batch the neurons show (0-based).
    public var sample = 0
    /// What to highlight, one entry per column from the input (missing trailing columns
    /// highlight nothing): the neurons, and every edge between highlighted neurons of
    /// neighbouring columns — a path for a chain-rule walkthrough, a neuron with its inputs for
    /// a forward one.
    public var highlight: [HighlightedNeurons]?

    public init() {}
}

/// The neurons of one network column a highlight covers.
public enum HighlightedNeurons: Equatable, Sendable {
    case none, all
    case one(Int)

    /// `0,0,1` (a path: one neuron per column, 0-based), `*,0` (every input and hidden neuron
    /// 1), `_,0,*` (hidden neuron 1 and every output): an index, `*` for all, `_` for none.
    public static func parse(_ text: String) throws -> [HighlightedNeurons] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let parsed: [HighlightedNeurons?] = parts.map { part in
            switch part {
            case "*": return .all
            case "_": return HighlightedNeurons.none
            default: return Int(part).flatMap { $0 >= 0 ? .one($0) : nil }
            }
        }
        guard !parsed.isEmpty, parsed.allSatisfy({ $0 != nil }) else {
            throw RenderError.invalidInput("highlight: expected a node index (from 0), * or _ per column, comma-separated (0,0,1 or _,0,*), found \"\(text)\"")
        }
        return parsed.map { $0! }
    }

    /// The node indices of a column of `count` neurons.
    func indices(count: Int) -> [Int] {
        switch self {
        case .none: return []
        case .all: return Array(0..<count)
        case .one(let index): return [index]
        }
    }
}

/// Where the network diagram's parts go.
public struct NetworkLayout: Equatable, Sendable {
    public struct Column: Equatable, Sendable {
        /// `input` or the layer name.
        public var name: String
        public var heading: String
        public var centers: [Point]
    }

    public var size: Size
    public var radius: Double
    public var columns: [Column]
    public var nodeBar: Rect
    public var edgeBar: Rect
}

/// A dense network: neurons coloured by activation or gradient, edges whose width and colour
/// show a weight, its gradient or its update, optional numbers, and one highlighted path.
public enum NetworkDiagram {
    /// The sizes of the columns: the input, then each dense layer.
    static func columns(of architecture: Architecture) throws -> [(name: String, units: Int, activation: String?)] {
        guard architecture.inputShape.count == 1 else {
            throw RenderError.invalidInput("the network diagram draws dense networks on flat inputs; input shape is \(architecture.inputShape)")
        }
        var result: [(String, Int, String?)] = [("input", architecture.inputShape[0], nil)]
        for layer in architecture.layers {
            guard layer.type == "dense", layer.outputShape.count == 1 else {
                throw RenderError.invalidInput("the network diagram draws dense layers only; layer \(layer.name) is \(layer.type)")
            }
            var activation: String?
            if case .string(let name)? = layer.config["activation"] { activation = name }
            result.append((layer.name, layer.outputShape[0], activation))
        }
        return result
    }

    static func symbol(_ activation: String?, _ edition: Edition = .en) -> String {
        switch activation {
        case "sigmoid": return "σ"
        case "tanh": return "tanh"
        case "relu": return "ReLU"
        case "softmax": return "softmax"
        case "linear", nil: return NetworkWords.linear(edition)
        case let other?: return Markup.escape(other)
        }
    }

    public static func layout(architecture: Architecture, measurer: TextMeasurer = .pango, top: Double = 60,
                              edition: Edition = .en) throws -> NetworkLayout {
        let columns = try columns(of: architecture)
        let most = columns.map(\.units).max() ?? 1
        let radius = most <= 6 ? 20.0 : most <= 12 ? 14.0 : 9.0
        let spacing = radius * 2 + (most <= 6 ? 34 : 14)
        let columnGap = 170.0
        let headingHeight = measurer.measure("Ag", size: Style.labelSize, bold: true).height * 2 + 6
        let height = Double(most - 1) * spacing
        let nameWidth = measurer.width("ŷ<sub>10</sub>", size: Style.labelSize) + 8
        var result: [NetworkLayout.Column] = []
        for (index, column) in columns.enumerated() {
            let x = Style.margin + nameWidth + radius + Double(index) * columnGap
            let offset = (height - Double(column.units - 1) * spacing) / 2
            let centers = (0..<column.units).map { Point(x, top + headingHeight + radius + offset + Double($0) * spacing) }
            // A long layer name is cut to its column; the caption names every layer in full.
            let heading = index == 0 ? NetworkWords.inputColumn(edition) : measurer.fitting(ReaderLabel(architecture, edition: edition).layer(column.name),
                                                                                       suffix: " (\(symbol(column.activation, edition)))",
                                                                  width: columnGap - 20, size: Style.labelSize, bold: true)
            result.append(NetworkLayout.Column(name: column.name, heading: heading, centers: centers))
        }
        let right = (result.last?.centers.first?.x ?? 0) + radius + nameWidth + 24
        let barTop = top + headingHeight + 16
        let barHeight = max(90, height + 2 * radius - 20)
        let nodeBar = Rect(x: right, y: barTop, width: Style.colorBarWidth, height: barHeight)
        let edgeBar = Rect(x: right + 90, y: barTop, width: Style.colorBarWidth, height: barHeight)
        let bottom = max(top + headingHeight + height + 2 * radius + 30, barTop + barHeight + 10)
        return NetworkLayout(size: Size(edgeBar.maxX + 70 + Style.margin, bottom + Style.margin), radius: radius,
                             columns: result, nodeBar: nodeBar, edgeBar: edgeBar)
    }

    /// Node name markup: x₁ for inputs, ŷ₁ for the output layer, h₁ (or h⁽ᵏ⁾₁) for hidden ones.
    static func nodeName(column: Int, count: Int, index: Int) -> String {
        if column == 0 { return "x<sub>\(index + 1)</sub>" }
        if column == count - 1 { return "ŷ<sub>\(index + 1)</sub>" }
        if count == 3 { return "h<sub>\(index + 1)</sub>" }
        return "h<sup>(\(column))</sup><sub>\(index + 1)</sub>"
    }

    public static func figure(trace: Trace, step: Int? = nil, options: NetworkOptions = NetworkOptions(),
                              measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let traceStep = lookup.step
        var builder = FigureBuilder(measurer: measurer)
        let nodesWord = (options.nodes == .activation ? NetworkWords.nodesActivations : .nodesGradients)(edition)
        let edgesWord = (options.edges == .weight ? NetworkWords.edgesWeights : options.edges == .gradient ? .edgesGradients : .edgesUpdates)(edition)
        let labels = ReaderLabel(trace.architecture, edition: edition)
        let title = NetworkWords.networkTitle(edition, ["model": labels.model])
        let top = builder.title(Markup.escape(title),
                                subtitle: NetworkWords.networkSubtitle(edition, ["step": "\(traceStep.step)", "example": "\(options.sample + 1)", "nodes": nodesWord,
                                                                                 "edges": edgesWord, "trace": Markup.escape(trace.model)]))
        let layout = try self.layout(architecture: trace.architecture, measurer: measurer, top: top, edition: edition)
        let columns = layout.columns

        // Node values per column for the chosen sample.
        func row(_ tensor: TensorValue?, units: Int) throws -> [Double]? {
            guard let tensor else { return nil }
            guard tensor.shape.count == 2, tensor.shape[1] == units else {
                throw RenderError.invalidInput("expected a [batch, \(units)] tensor, found \(tensor.shape)")
            }
            guard options.sample < tensor.shape[0] else {
                throw RenderError.invalidInput("sample \(options.sample + 1) is not in the batch of \(tensor.shape[0])")
            }
            return Array(tensor.data[(options.sample * units)..<((options.sample + 1) * units)])
        }
        var nodeValues: [[Double]?] = []
        for (index, column) in columns.enumerated() {
            let units = column.centers.count
            switch options.nodes {
            case .activation:
                if index == 0 {
                    nodeValues.append(try row(traceStep.op(scope: "input")?.value, units: units))
                } else {
                    nodeValues.append(try row(traceStep.outputs[column.name] ?? traceStep.op(scope: "\(column.name)/activation")?.value, units: units))
                }
            case .gradient:
                let grad = index == 0 ? traceStep.inputGrad : traceStep.op(scope: "\(column.name)/activation")?.grad
                guard let grad else {
                    throw RenderError.invalidInput("colouring nodes by gradient needs a trace recorded at the ops level (step \(traceStep.step) has no gradient for \(column.name))")
                }
                nodeValues.append(try row(grad, units: units))
            }
        }
        let allNodeValues = nodeValues.compactMap { $0 }.flatMap { $0 }
        let nodeMap: ColorMap = options.nodes == .gradient ? .blueWhiteRed : .viridis
        let nodeRange = ValueRange.forMap(nodeMap, values: allNodeValues)

        // Edge quantities per layer: [in, units].
        let kind: ValueKind = options.edges == .weight ? .value : options.edges == .gradient ? .grad : .update
        var edgeValues: [[Double]] = []
        for column in columns.dropFirst() {
            edgeValues.append(try lookup.tensor("\(column.name)/kernel", kind: kind).data)
        }
        let edgeRange = ValueRange.symmetric(edgeValues.flatMap { $0 })
        let maxMagnitude = edgeRange.upper

        // The highlighted neurons of each column.
        var lit: [Set<Int>] = Array(repeating: [], count: columns.count)
        if let highlight = options.highlight {
            guard highlight.count <= columns.count else {
                throw RenderError.invalidInput("highlight has \(highlight.count) columns; the network has \(columns.count) (\(columns.map { String($0.centers.count) }.joined(separator: ", ")) neurons)")
            }
            for (index, entry) in highlight.enumerated() {
                if case .one(let n) = entry, n >= columns[index].centers.count {
                    throw RenderError.invalidInput("highlight: column \(index + 1) has \(columns[index].centers.count) neurons (0 to \(columns[index].centers.count - 1)), found \(n)")
                }
                lit[index] = Set(entry.indices(count: columns[index].centers.count))
            }
        }
        // Edges: halos for the highlighted path first, then edges by increasing magnitude.
        var edgeLabels: [(Point, String)] = []
        for layer in 1..<columns.count {
            let sources = columns[layer - 1].centers
            let targets = columns[layer].centers
            let values = edgeValues[layer - 1]
            builder.record(values)
            var order: [(Int, Int)] = []
            for i in sources.indices { for j in targets.indices { order.append((i, j)) } }
            order.sort { abs(values[$0.0 * targets.count + $0.1]) < abs(values[$1.0 * targets.count + $1.1]) }
            for i in lit[layer - 1].sorted() {
                for j in lit[layer].sorted() {
                    builder.line(edgePoint(sources[i], toward: targets[j], layout.radius), edgePoint(targets[j], toward: sources[i], layout.radius),
                                 Stroke(Color.highlight, width: 10))
                }
            }
            for (i, j) in order {
                let value = values[i * targets.count + j]
                let width = 0.75 + 4.25 * abs(value) / maxMagnitude
                let a = edgePoint(sources[i], toward: targets[j], layout.radius)
                let b = edgePoint(targets[j], toward: sources[i], layout.radius)
                builder.line(a, b, Stroke(ColorMap.blueWhiteRed.color(for: value, in: edgeRange).mixed(with: .black, 0.08), width: width))
                if options.showEdgeValues {
                    // A label sits on its edge near the source neuron, before any crossing, so it
                    // can only belong to one edge: 30 % of the way, 36 % on an edge running down,
                    // whose label would otherwise touch the bias label under the source neuron.
                    let at = b.y > a.y + 1 ? 0.36 : 0.3
                    edgeLabels.append((Point(a.x + (b.x - a.x) * at, a.y + (b.y - a.y) * at), NumberFormat.fixed(value, decimals: options.decimals)))
                }
            }
        }
        for (point, text) in edgeLabels {
            let metrics = measurer.measure(text, size: Style.smallSize)
            let box = builder.textBox(metrics, at: point, horizontal: .center, vertical: .center).insetBy(-2, -1)
            builder.rect(box, fill: Color.white.withAlpha(0.85))
            builder.text(text, at: point, horizontal: .center, vertical: .center, size: Style.smallSize)
        }
        // Nodes.
        for (index, column) in columns.enumerated() {
            builder.text(column.heading, at: Point(column.centers[0].x, top), horizontal: .center, vertical: .top,
                         size: Style.labelSize, bold: true)
            let values = nodeValues[index]
            let biases = index > 0 && options.showBiases ? try? lookup.tensor("\(column.name)/bias", kind: kind == .value ? .value : kind).data : nil
            for (n, center) in column.centers.enumerated() {
                let onPath = lit[index].contains(n)
                let fill = !options.colorNodes ? Color.white : values.map { nodeMap.color(for: $0[n], in: nodeRange) } ?? Color.masked
                builder.add(.circle(center: center, radius: layout.radius, fill: fill,
                                    stroke: onPath ? Stroke(Color.highlight, width: 4) : Stroke(.axis, width: 1.25)))
                if options.showNodeValues, let values {
                    builder.text(NumberFormat.fixed(values[n], decimals: options.decimals), at: center, horizontal: .center,
                                 vertical: .center, size: Style.cellTextSize,
                                 color: fill.contrastingText)
                }
                // Names outside the edges: left of inputs, right of outputs; in between straight
                // above the node, where no edge runs (above-left when the nodes sit too close).
                let isLast = index == columns.count - 1
                let name = nodeName(column: index, count: columns.count, index: n)
                if !isLast && index > 0 && layout.radius >= 20 {
                    builder.text(name, at: Point(center.x, center.y - layout.radius - 1), horizontal: .center, vertical: .bottom,
                                 size: Style.labelSize, color: .mutedInk)
                } else {
                    builder.text(name, at: isLast ? Point(center.x + layout.radius + 5, center.y) :
                                     Point(center.x - layout.radius - 4, index == 0 ? center.y : center.y - layout.radius * 0.7),
                                 horizontal: isLast ? .start : .end, vertical: .center, size: Style.labelSize, color: .mutedInk)
                }
                if let biases, n < biases.count {
                    let label = (kind == .value ? "b = " : kind == .grad ? "∂L/∂b = " : "Δb = ") + NumberFormat.fixed(biases[n], decimals: options.decimals)
                    builder.text(label, at: Point(center.x, center.y + layout.radius + 3), horizontal: .center, vertical: .top,
                                 size: Style.smallSize, color: .mutedInk)
                }
            }
            if let values { builder.record(values) }
        }
        if options.colorNodes {
            builder.colorBar(nodeMap, range: nodeRange, in: layout.nodeBar,
                             label: (options.nodes == .activation ? NetworkWords.nodeActivationBar : .nodeGradientBar)(edition))
        }
        builder.colorBar(.blueWhiteRed, range: edgeRange, in: layout.edgeBar,
                         label: (options.edges == .weight ? NetworkWords.edgeWeightBar : options.edges == .gradient ? .edgeGradientBar : .edgeUpdateBar)(edition))

        let structure = columns.enumerated().map { index, column in
            let units = column.centers.count
            guard index > 0 else { return NetworkWords.inputsCount(edition, ["n": "\(units)"]) }
            let activation = trace.architecture.layers[index - 1].config["activation"].flatMap { if case .string(let s) = $0 { return s } else { return nil } }
            return (units == 1 ? NetworkWords.layerStructureOne : .layerStructure)(edition, [
                "layer": labels.layer(column.name), "n": "\(units)", "activation": Markup.plain(symbol(activation, edition))])
        }.joined(separator: ChartWords.comma(edition))
        var caption = NetworkWords.networkCaption(edition, ["title": title, "step": "\(traceStep.step)", "example": "\(options.sample + 1)", "structure": structure])
        let range = { (range: ValueRange) in ["low": NumberFormat.compact(range.lower), "high": NumberFormat.compact(range.upper)] }
        caption += allNodeValues.isEmpty ? NetworkWords.nodesNotRecorded(edition) : !options.colorNodes ? NetworkWords.nodesAsNumbers(edition, ["nodes": nodesWord]) :
            NetworkWords.nodesColoured(edition, range(nodeRange).merging([
                "quantity": (options.nodes == .activation ? NetworkWords.nodeQuantityActivation : .nodeQuantityGradient)(edition),
                "map": nodeMap.words(edition)]) { $1 })
        let edgesPlain = (options.edges == .weight ? NetworkWords.edgesWeightsPlain : options.edges == .gradient ? .edgesGradientsPlain : .edgesUpdatesPlain)(edition)
        caption += NetworkWords.edgesColoured(edition, range(edgeRange).merging(["edges": edgesPlain]) { $1 })
        if lit.contains(where: { !$0.isEmpty }) {
            let isPath = lit.allSatisfy { $0.count == 1 }
            caption += (isPath ? NetworkWords.highlightedPath : .highlighted)(edition) + lit.enumerated().filter { !$0.element.isEmpty }.map { column, nodes in
                nodes.sorted().map { Markup.plain(nodeName(column: column, count: columns.count, index: $0)) }.joined(separator: ChartWords.enumerationComma(edition))
            }.joined(separator: " → ") + ChartWords.period(edition)
        }
        return builder.figure(kind: "network", size: layout.size, title: title, caption: caption,
                              source: (trace.model, traceStep.step, columns.dropFirst().map { "\($0.name)/kernel" }))
    }

    /// The point on a node's circle facing `other`.
    static func edgePoint(_ center: Point, toward other: Point, _ radius: Double) -> Point {
        let dx = other.x - center.x
        let dy = other.y - center.y
        let length = max(1e-9, (dx * dx + dy * dy).squareRoot())
        return Point(center.x + dx / length * radius, center.y + dy / length * radius)
    }
}
