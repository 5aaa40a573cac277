import StepwiseTrace

public struct GraphOptions: Sendable {
    /// Only ops whose scope starts with one of these (plus the records they read); all when empty.
    public var scopePrefixes: [String] = []
    /// Numbers shown per tensor before eliding.
    public var maxNumbers = 4
    public var decimals = 4

    public init() {}
}

/// Where the computation graph's nodes go: columns by dependency depth (a leaf is depth 0, an
/// op is one more than its deepest input), ordered by record id within a column.
public struct GraphLayout: Equatable, Sendable {
    public struct Node: Equatable, Sendable {
        public var id: Int
        public var depth: Int
        public var frame: Rect
        public var lines: [String]
    }

    public var size: Size
    public var nodes: [Node]
    /// (input id, op id) pairs, drawn as arrows.
    public var edges: [(from: Int, to: Int)]

    public static func == (lhs: GraphLayout, rhs: GraphLayout) -> Bool {
        lhs.size == rhs.size && lhs.nodes == rhs.nodes && lhs.edges.elementsEqual(rhs.edges) { $0.from == $1.from && $0.to == $1.to }
    }

    public func node(_ id: Int) -> Node? { nodes.first { $0.id == id } }
}

/// The traced ops of a step as a graph, each node showing op, scope, value and gradient —
/// micrograd's `draw_dot` at tensor level, laid out here (layered by dependency depth).
public enum ComputationGraph {
    static func tensorText(_ tensor: TensorValue?, options: GraphOptions) -> String {
        guard let tensor else { return "—" }
        let numbers = tensor.data.prefix(options.maxNumbers).map { NumberFormat.fixed($0, decimals: options.decimals) }
        let body = numbers.joined(separator: ", ") + (tensor.data.count > options.maxNumbers ? ", …" : "")
        if tensor.shape.isEmpty { return body }
        return "[" + body + "]"
    }

    static func selectedRecords(_ step: TraceStep, options: GraphOptions) -> [OpRecord] {
        guard !options.scopePrefixes.isEmpty else { return step.ops }
        var keep = Set<Int>()
        for record in step.ops where options.scopePrefixes.contains(where: { record.scope == $0 || record.scope.hasPrefix($0 + "/") || record.scope.hasPrefix($0) }) {
            keep.insert(record.id)
            keep.formUnion(record.inputs)
        }
        return step.ops.filter { keep.contains($0.id) }
    }

    public static func layout(step: TraceStep, options: GraphOptions = GraphOptions(), top: Double = 50,
                              measurer: TextMeasurer = .pango) -> GraphLayout {
        let records = selectedRecords(step, options: options)
        let included = Set(records.map(\.id))
        var depth: [Int: Int] = [:]
        for record in records {
            depth[record.id] = (record.inputs.filter { included.contains($0) }.compactMap { depth[$0] }.max()).map { $0 + 1 } ?? 0
        }
        let lineHeight = measurer.measure("Ag", size: Style.smallSize).height
        var nodes: [GraphLayout.Node] = []
        var columnWidths: [Int: Double] = [:]
        var texts: [Int: [String]] = [:]
        for record in records {
            let shape = "[" + record.value.shape.map(String.init).joined(separator: "×") + "]"
            let lines = [
                "<b>\(Markup.escape(record.op))</b>  \(Markup.escape(shape))",
                Markup.escape(record.scope),
                "value " + tensorText(record.value, options: options),
                "grad " + tensorText(record.grad, options: options),
            ]
            texts[record.id] = lines
            let width = lines.map { measurer.width($0, size: Style.smallSize) }.max()! + 14
            columnWidths[depth[record.id]!] = max(columnWidths[depth[record.id]!] ?? 0, width)
        }
        let nodeHeight = lineHeight * 4 + 10
        let gapX = 36.0
        let gapY = 14.0
        var x = Style.margin
        var columnX: [Int: Double] = [:]
        for column in 0...(depth.values.max() ?? 0) {
            columnX[column] = x
            x += (columnWidths[column] ?? 0) + gapX
        }
        var rowInColumn: [Int: Int] = [:]
        var bottom = top
        for record in records {
            let column = depth[record.id]!
            let row = rowInColumn[column, default: 0]
            rowInColumn[column] = row + 1
            let frame = Rect(x: columnX[column]!, y: top + Double(row) * (nodeHeight + gapY), width: columnWidths[column]!, height: nodeHeight)
            bottom = max(bottom, frame.maxY)
            nodes.append(GraphLayout.Node(id: record.id, depth: column, frame: frame, lines: texts[record.id]!))
        }
        var edges: [(Int, Int)] = []
        for record in records {
            for input in record.inputs where included.contains(input) { edges.append((input, record.id)) }
        }
        return GraphLayout(size: Size(x - gapX + Style.margin, bottom + Style.margin), nodes: nodes, edges: edges)
    }

    public static func figure(trace: Trace, step: Int? = nil, options: GraphOptions = GraphOptions(),
                              measurer: TextMeasurer = .pango) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        guard !lookup.step.ops.isEmpty else {
            throw RenderError.invalidInput("step \(lookup.step.step) of \(trace.model) has no op records (record the trace at the ops level)")
        }
        for prefix in options.scopePrefixes where !lookup.step.ops.contains(where: { $0.scope.hasPrefix(prefix) }) {
            throw lookup.missing(prefix)
        }
        var builder = FigureBuilder(measurer: measurer)
        let top = builder.title("Computation graph of \(Markup.escape(trace.model))",
                                subtitle: "step \(lookup.step.step) · each node: op, scope, value, gradient ∂L/∂value")
        let layout = self.layout(step: lookup.step, options: options, top: top, measurer: measurer)
        let frames = Dictionary(uniqueKeysWithValues: layout.nodes.map { ($0.id, $0.frame) })
        for (from, to) in layout.edges {
            let a = frames[from]!
            let b = frames[to]!
            builder.add(.arrow(from: Point(a.maxX, a.center.y), to: Point(b.minX, b.center.y), stroke: Stroke(.mutedInk, width: 1), head: 7))
        }
        let lineHeight = measurer.measure("Ag", size: Style.smallSize).height
        let records = Dictionary(uniqueKeysWithValues: lookup.step.ops.map { ($0.id, $0) })
        for node in layout.nodes {
            let record = records[node.id]!
            let fill: Color = ["input", "parameter", "constant"].contains(record.op) ? Color(hex: 0xeef4fb) : Color(hex: 0xfdf6e8)
            builder.rect(node.frame, fill: fill, stroke: Stroke(.axis, width: 1))
            for (index, line) in node.lines.enumerated() {
                builder.text(line, at: Point(node.frame.minX + 7, node.frame.minY + 5 + Double(index) * lineHeight), vertical: .top,
                             size: Style.smallSize, color: index == 1 ? .mutedInk : .ink)
            }
            builder.record(record.value.data)
            if let grad = record.grad { builder.record(grad.data) }
        }
        let leafCount = layout.nodes.filter { $0.depth == 0 }.count
        let caption = "Computation graph of \(trace.model) at step \(lookup.step.step): \(layout.nodes.count) records"
            + " (\(leafCount) leaves) in \((layout.nodes.map(\.depth).max() ?? 0) + 1) columns by dependency depth, arrows from each input to the op that reads it; "
            + "each node lists its op, scope, value and gradient."
        return builder.figure(kind: "graph", size: layout.size, title: "Computation graph of \(trace.model)", caption: caption,
                              source: (trace.model, lookup.step.step, options.scopePrefixes))
    }
}
