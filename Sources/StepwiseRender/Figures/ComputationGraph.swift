import StepwiseTrace
import StepwiseWords

public struct GraphOptions: Sendable {
    /// Only ops whose scope starts with one of these (plus the records they read); all when empty.
    public var scopePrefixes: [String] = []
    /// Numbers shown per tensor before eliding.
    public var maxNumbers = 4
    public var decimals = 4
    /// The edition whose words the nodes and titles show.
    public var edition: Edition = .en
    /// The most op records drawn; more are refused with a message naming `--scope`. (A long
    /// LSTM's arrows from its weights need a lane in every column they pass, so the layout
    /// grows with records × columns; 5,415 records took minutes and 1 GB.)
    public static let maxRecords = 2_000

    public init() {}
}

/// Where the computation graph's nodes and arrows go (layered, as Sugiyama et al. lay out
/// directed graphs):
///
/// 1. Columns: every record that is read sits one column left of its first reader, and the
///    last op (the loss) one column right of its deepest input. A layer's parameters stand
///    beside the op that reads them, a side branch beside the op it feeds; the longest path
///    from the input to the loss sets the number of columns.
/// 2. An arrow that spans several columns gets a lane of its own in every column it passes:
///    a slot in that column's stack where no box is.
/// 3. Order within columns: boxes and lanes are sorted by the mean position of their
///    neighbours in the column before, then after, a few sweeps each way (ties keep the
///    current order, which starts with ops, then lanes, then leaves, each by record id); the
///    order with the fewest crossings wins, and neighbours then swap while that removes more.
/// 4. Each column is stacked from the top, boxes left-aligned. An arrow leaves its box's right
///    side, runs straight to the column's right edge, crosses each gap diagonally, runs through
///    its lanes, and enters its op's left side at the input's port (inputs top to bottom in
///    argument order). Arrows therefore never cross a box; they can only cross each other in
///    the gaps between columns, and `crossings` counts where.
///
/// Everything is computed from the step's records in order: the same step gives the same layout.
public struct GraphLayout: Equatable, Sendable {
    public struct Node: Equatable, Sendable {
        public var id: Int
        /// The column (0 at the left).
        public var depth: Int
        public var frame: Rect
        public var lines: [String]
    }

    public var size: Size
    public var nodes: [Node]
    /// (input id, op id) pairs, drawn as arrows.
    public var edges: [(from: Int, to: Int)]
    /// For each edge, in the same order, the arrow's path: from the input's right side to the
    /// op's left side (the last point, where the arrow head is).
    public var routes: [[Point]]
    /// Pairs of arrows that cross (in the gaps between columns; never over a box).
    public var crossings: Int

    public static func == (lhs: GraphLayout, rhs: GraphLayout) -> Bool {
        lhs.size == rhs.size && lhs.nodes == rhs.nodes && lhs.routes == rhs.routes && lhs.crossings == rhs.crossings
            && lhs.edges.elementsEqual(rhs.edges) { $0.from == $1.from && $0.to == $1.to }
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

    /// `label` and the tensor's numbers: a small matrix (2–4 rows, at most 4 columns, such as a
    /// dense kernel [inputs, units]) as one bracketed line per row in a monospaced font, so a
    /// kernel reads as the matrix it is (row i: the weights from input i); anything else on one
    /// line, flat.
    static func tensorLines(_ label: String, _ tensor: TensorValue?, options: GraphOptions) -> [String] {
        guard let tensor, tensor.shape.count == 2, (2...4).contains(tensor.shape[0]), (1...4).contains(tensor.shape[1]) else {
            return [label + " " + tensorText(tensor, options: options)]
        }
        let (rows, columns) = (tensor.shape[0], tensor.shape[1])
        let texts = tensor.data.map { NumberFormat.fixed($0, decimals: options.decimals) }
        let widths = (0..<columns).map { c in (0..<rows).map { texts[$0 * columns + c].count }.max() ?? 0 }
        // A Han character is as wide as an ideographic space, a Latin one as a space.
        let indent = label.map { LatinWords.hasHan(String($0)) ? "\u{3000}" : " " }.joined() + " "
        return (0..<rows).map { r in
            let (open, close) = r == 0 ? ("⎡", "⎤") : r == rows - 1 ? ("⎣", "⎦") : ("⎢", "⎥")
            let cells = (0..<columns).map { c in
                String(repeating: " ", count: widths[c] - texts[r * columns + c].count) + texts[r * columns + c]
            }.joined(separator: "  ")
            return "<tt>" + (r == 0 ? label + " " : indent) + open + cells + close + "</tt>"
        }
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

    /// A box or an arrow's lane in one column.
    enum Item: Hashable {
        case node(Int)
        case lane(edge: Int, column: Int)
    }

    public static func layout(step: TraceStep, options: GraphOptions = GraphOptions(), top: Double = 50,
                              measurer: TextMeasurer = .pango) -> GraphLayout {
        let records = selectedRecords(step, options: options)
        let included = Set(records.map(\.id))

        // 1. Columns.
        var column: [Int: Int] = [:]
        var edges: [(from: Int, to: Int, port: Int, ports: Int)] = []
        var readers: [Int: [Int]] = [:]
        for record in records {
            let inputs = record.inputs.filter { included.contains($0) }
            column[record.id] = inputs.compactMap { column[$0] }.max().map { $0 + 1 } ?? 0
            for (port, input) in inputs.enumerated() {
                edges.append((input, record.id, port, inputs.count))
                readers[input, default: []].append(record.id)
            }
        }
        // As late as possible: a record with readers moves right to just before its first reader
        // (readers first, so from the last record back). Leaves join the op that reads them, side
        // branches (a constant's arithmetic, a regularizer) the op they feed; the longest path
        // from the input to the loss keeps its columns.
        for record in records.reversed() {
            if let first = readers[record.id]?.compactMap({ column[$0] }).min() { column[record.id] = first - 1 }
        }
        let columnCount = (column.values.max() ?? 0) + 1

        // 2. Chains of items: each edge through its lanes.
        var chains: [[Item]] = []
        for (index, edge) in edges.enumerated() {
            let (a, b) = (column[edge.from]!, column[edge.to]!)
            chains.append([.node(edge.from)] + ((a + 1)..<b).map { Item.lane(edge: index, column: $0) } + [.node(edge.to)])
        }
        var predecessors: [Item: [Item]] = [:]
        var successors: [Item: [Item]] = [:]
        for chain in chains {
            for (a, b) in zip(chain, chain.dropFirst()) {
                successors[a, default: []].append(b)
                predecessors[b, default: []].append(a)
            }
        }

        // 3. Order within columns: ops first, then lanes, then leaves; then barycentre sweeps.
        var order = [[Item]](repeating: [], count: columnCount)
        for record in records where record.inputs.contains(where: included.contains) { order[column[record.id]!].append(.node(record.id)) }
        for chain in chains { for case .lane(let edge, let c) in chain { order[c].append(.lane(edge: edge, column: c)) } }
        for record in records where !record.inputs.contains(where: included.contains) { order[column[record.id]!].append(.node(record.id)) }
        // Crossings between two neighbouring columns: pairs of arrows whose order flips from one
        // side of the gap to the other (an arrow into a box is placed at its port, so arrows into
        // one box in argument order do not cross; arrows out of one box fan out, not cross).
        let portOf: [Double] = edges.map { Double($0.port + 1) / Double($0.ports + 1) }
        var gapLinks = [[(from: Item, to: Item, port: Double)]](repeating: [], count: max(columnCount - 1, 0))
        for (index, chain) in chains.enumerated() {
            for (a, b) in zip(chain, chain.dropFirst()) {
                gapLinks[columnOf(a, column)].append((a, b, b == chain.last ? portOf[index] : 0.5))
            }
        }
        var position: [Item: Int] = [:]
        func place(_ c: Int) { for (index, item) in order[c].enumerated() { position[item] = index } }
        for c in 0..<columnCount { place(c) }
        func crossings(gap: Int) -> Int {
            guard gap >= 0, gap < gapLinks.count else { return 0 }
            return crossingPairs(gapLinks[gap].map { (Double(position[$0.from]!), Double(position[$0.to]!) + $0.port) })
        }
        func totalCrossings() -> Int { (0..<gapLinks.count).map { crossings(gap: $0) }.reduce(0, +) }
        var best = order
        var fewest = totalCrossings()
        // Barycentre sweeps, left to right by the column before, then right to left by the one after.
        for sweep in 0..<8 where fewest > 0 {
            let forward = sweep % 2 == 0
            for c in forward ? Array(1..<max(columnCount, 1)) : Array(stride(from: columnCount - 2, through: 0, by: -1)) {
                let keyed = order[c].enumerated().map { index, item -> (Double, Int, Item) in
                    let neighbours = (forward ? predecessors[item] : successors[item])?.map { position[$0]! } ?? []
                    let centre = neighbours.isEmpty ? Double(index) : Double(neighbours.reduce(0, +)) / Double(neighbours.count)
                    return (centre, index, item)
                }
                order[c] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
                place(c)
            }
            let count = totalCrossings()
            if count < fewest { (best, fewest) = (order, count) }
        }
        order = best
        for c in 0..<columnCount { place(c) }
        // Then neighbours within a column swap places while that removes crossings (on graphs
        // small enough to draw legibly; each try recounts the two gaps beside the column).
        if fewest > 0 && chains.count <= 400 {
            var improved = true
            var passes = 0
            while improved && passes < 20 {
                improved = false
                passes += 1
                for c in 0..<columnCount where order[c].count > 1 {
                    for i in 0..<(order[c].count - 1) {
                        let before = crossings(gap: c - 1) + crossings(gap: c)
                        order[c].swapAt(i, i + 1)
                        place(c)
                        let after = crossings(gap: c - 1) + crossings(gap: c)
                        if after < before {
                            fewest -= before - after
                            improved = true
                        } else {
                            order[c].swapAt(i, i + 1)
                            place(c)
                        }
                    }
                }
            }
        }

        // 4. Boxes, lanes and routes.
        let lineHeight = measurer.measure("Ag", size: Style.smallSize).height
        var texts: [Int: [String]] = [:]
        var columnWidths = [Double](repeating: 0, count: columnCount)
        for record in records {
            let shape = "[" + record.value.shape.map(String.init).joined(separator: "×") + "]"
            let lines = [
                "<b>\(Markup.escape(record.op))</b>  \(Markup.escape(shape))",
                Markup.escape(record.scope),
            ] + tensorLines(NetworkWords.graphValue(options.edition), record.value, options: options)
                + tensorLines(NetworkWords.graphGradient(options.edition), record.grad, options: options)
            texts[record.id] = lines
            let width = lines.map { measurer.width($0, size: Style.smallSize) }.max()! + 14
            columnWidths[column[record.id]!] = max(columnWidths[column[record.id]!], width)
        }
        let (gapX, gapY, laneHeight, stub) = (44.0, 14.0, 6.0, 10.0)
        var columnX: [Double] = []
        var x = Style.margin
        for c in 0..<columnCount {
            columnX.append(x)
            x += max(columnWidths[c], 12) + gapX
        }
        var frames: [Int: Rect] = [:]
        var laneY: [Item: Double] = [:]
        var bottom = top
        for c in 0..<columnCount {
            var y = top
            for item in order[c] {
                switch item {
                case .node(let id):
                    let height = lineHeight * Double(texts[id]!.count) + 10
                    frames[id] = Rect(x: columnX[c], y: y, width: columnWidths[c], height: height)
                    y += height + gapY
                case .lane:
                    laneY[item] = y + laneHeight / 2
                    y += laneHeight + gapY
                }
            }
            bottom = max(bottom, y - gapY)
        }
        func right(_ c: Int) -> Double { columnX[c] + max(columnWidths[c], 12) }
        var routes: [[Point]] = []
        for (index, edge) in edges.enumerated() {
            let source = frames[edge.from]!
            let target = frames[edge.to]!
            var points = [Point(source.maxX, source.center.y)]
            if right(column[edge.from]!) > source.maxX { points.append(Point(right(column[edge.from]!), source.center.y)) }
            for case .lane(_, let c) in chains[index] {
                let y = laneY[.lane(edge: index, column: c)]!
                points += [Point(columnX[c] - stub, y), Point(right(c), y)]
            }
            let portY = target.minY + target.height * portOf[index]
            points += [Point(target.minX - stub, portY), Point(target.minX, portY)]
            routes.append(points)
        }
        let nodes = records.map { GraphLayout.Node(id: $0.id, depth: column[$0.id]!, frame: frames[$0.id]!, lines: texts[$0.id]!) }
        return GraphLayout(size: Size(x - gapX + Style.margin, bottom + Style.margin), nodes: nodes,
                           edges: edges.map { ($0.from, $0.to) }, routes: routes, crossings: fewest)
    }

    static func columnOf(_ item: Item, _ column: [Int: Int]) -> Int {
        switch item {
        case .node(let id): return column[id]!
        case .lane(_, let c): return c
        }
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
        let count = selectedRecords(lookup.step, options: options).count
        if count > GraphOptions.maxRecords {
            throw RenderError.invalidInput("step \(lookup.step.step) of \(trace.model) has \(count) op records to draw, more than the graph figure's \(GraphOptions.maxRecords): narrow it with --scope PREFIX (scope: in a lesson), e.g. --scope \(lookup.step.ops.first { $0.op != "input" }?.scope.split(separator: "/").first.map(String.init) ?? "output")")
        }
        var builder = FigureBuilder(measurer: measurer)
        let edition = options.edition
        let title = NetworkWords.graphTitle(edition, ["model": ReaderLabel(trace.architecture, edition: edition).model])
        let top = builder.title(Markup.escape(title),
                                subtitle: NetworkWords.graphSubtitle(edition, ["step": "\(lookup.step.step)", "trace": Markup.escape(trace.model)]))
        let layout = self.layout(step: lookup.step, options: options, top: top, measurer: measurer)
        for route in layout.routes {
            builder.add(.polyline(Array(route.dropLast()), stroke: Stroke(.mutedInk, width: 1)))
            builder.add(.arrow(from: route[route.count - 2], to: route[route.count - 1], stroke: Stroke(.mutedInk, width: 1), head: 7))
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
        let readers = Set(layout.edges.map(\.to))
        let leafCount = layout.nodes.filter { !readers.contains($0.id) }.count
        let caption = NetworkWords.graphCaption(edition, ["title": title, "step": "\(lookup.step.step)", "records": "\(layout.nodes.count)",
                                                           "leaves": "\(leafCount)", "columns": "\((layout.nodes.map(\.depth).max() ?? 0) + 1)"])
        return builder.figure(kind: "graph", size: layout.size, title: title, caption: caption,
                              source: (trace.model, lookup.step.step, options.scopePrefixes))
    }
}
