import StepwiseTrace
import StepwiseWords

/// Options of the tensor heatmap.
public struct HeatmapOptions: Sendable {
    /// Which number of the scope to draw.
    public var kind: ValueKind = .value
    /// nil chooses: blue–white–red for gradients, updates and values of both signs, else viridis.
    public var colorMap: ColorMap?
    /// nil: the values' range (symmetric about zero for a diverging map).
    public var range: ValueRange?
    /// Numbers in the cells; nil shows them when there are at most 64 cells.
    public var showValues: Bool?
    /// Decimals of the numbers in the cells.
    public var decimals: Int = 2
    /// Side of a cell; nil fits the grid in about 320 px (14–44 px a cell).
    public var cellSize: Double?
    /// For tensors of rank > 2: the leading indices of the 2-D slice drawn (default all 0).
    public var slice: [Int] = []
    /// What the rows and columns index ("example", "hidden neuron"); nil: "row", "column".
    public var rowAxisLabel: String?
    public var columnAxisLabel: String?
    /// Replaces the row tick labels (counted from 1 otherwise), e.g. each example's input "(0, 1)".
    public var rowLabels: [String]?
    /// Replaces the generated title (markup).
    public var title: String?
    /// A secondary detail for the subtitle: the scope as the trace names it.
    public var traceName: String?
    /// The edition whose words the heatmap shows.
    public var edition: Edition = .en

    public init() {}
}

/// Where the heatmap's parts go.
public struct HeatmapLayout: Equatable, Sendable {
    public var size: Size
    public var matrix: MatrixPanel.Layout
    public var colorBar: Rect
}

/// A tensor as a grid of coloured cells, with a colour bar and optional per-cell numbers.
public enum Heatmap {
    /// The heatmap of `scope` in step `step` (the last step when nil).
    public static func figure(trace: Trace, step: Int? = nil, scope: String, options: HeatmapOptions = HeatmapOptions()) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        let tensor = try lookup.tensor(scope, kind: options.kind)
        return try figure(tensor: tensor, name: scope, model: trace.model, step: lookup.step.step,
                          options: readerWords(for: scope, tensor: tensor, lookup: lookup, options: options))
    }

    /// Fills the title and axes the caller left nil with reader words: the tensor's label from
    /// `ReaderLabel`, what its rows and columns index, and each example's input as its row
    /// label when the inputs are short (two or three numbers).
    static func readerWords(for scope: String, tensor: TensorValue, lookup: TraceLookup, options: HeatmapOptions) -> HeatmapOptions {
        var options = options
        let edition = options.edition
        let labels = ReaderLabel(lookup.trace.architecture, edition: edition)
        let isParameter = lookup.step.params[scope] != nil
        let quantity = Markup.escape(labels.quantity(scope))
        let symbol = Markup.escape(labels.symbol(scope))
        if options.title == nil {
            switch options.kind {
            case .value: options.title = quantity
            case .grad: options.title = NetworkWords.gradientTitle(edition, ["symbol": symbol, "words": Self.words(quantity)])
            case .after: options.title = NetworkWords.afterUpdateTitle(edition, ["quantity": quantity])
            case .update: options.title = NetworkWords.updateTitle(edition, ["symbol": symbol, "words": Self.words(quantity)])
            }
        }
        let names: [String]
        if isParameter {
            names = labels.parameterAxes(scope, rank: tensor.shape.count)
        } else {
            let axes = labels.axes(scope, shape: tensor.shape)
            names = axes.map(labels.axisName)
            if axes.count == 2, axes[0] == .example, let input = lookup.step.ops.first(where: { $0.op == "input" }),
               input.value.shape.count == 2, input.value.shape[0] == tensor.shape[0], (2...3).contains(input.value.shape[1]) {
                let width = input.value.shape[1]
                options.rowLabels = options.rowLabels ?? (0..<tensor.shape[0]).map { row in
                    "(" + (0..<width).map { NumberFormat.compact(input.value.data[row * width + $0]) }.joined(separator: ", ") + ")"
                }
                options.rowAxisLabel = options.rowAxisLabel ?? CommonWords.input(edition)
            }
        }
        if names.count >= 2 { options.rowAxisLabel = options.rowAxisLabel ?? names[names.count - 2] }
        options.columnAxisLabel = options.columnAxisLabel ?? names.last
        options.traceName = options.traceName ?? scope
        return options
    }

    /// "w, weights of …" → "weights of …": the words after the symbol.
    private static func words(_ quantity: String) -> String {
        guard let comma = quantity.range(of: ", ") ?? quantity.range(of: "，") else { return quantity }
        return String(quantity[comma.upperBound...])
    }

    /// The heatmap of any tensor; `name` labels it.
    public static func figure(tensor: TensorValue, name: String, model: String, step: Int?, options: HeatmapOptions = HeatmapOptions(),
                              measurer: TextMeasurer = .pango) throws -> Figure {
        let edition = options.edition
        let (values, rows, columns, sliceNote) = try matrix(of: tensor, slice: options.slice, edition: edition)
        let map = options.colorMap ?? ((options.kind == .grad || options.kind == .update || (values.contains { $0 < 0 } && values.contains { $0 > 0 })) ? .blueWhiteRed : .viridis)
        let range = options.range ?? .forMap(map, values: values)
        let showValues = options.showValues ?? (rows * columns <= 64)
        let cellSize = options.cellSize ?? min(44, max(14, (320 / Double(max(rows, columns))).rounded(.down)))
        var panel = MatrixPanel(values: values, rows: rows, columns: columns, map: map, range: range, cellSize: cellSize,
                                decimals: showValues ? options.decimals : nil)
        // Index labels counted from 1; where the widest does not fit a cell's width, only every k-th.
        let widest = measurer.width(String(columns), size: Style.smallSize) + 3
        let every = widest > cellSize ? Int((widest / cellSize).rounded(.up)) : 1
        if let rowLabels = options.rowLabels, rowLabels.count == rows { panel.rowLabels = rowLabels }
        else if rows <= 40 { panel.rowLabels = (0..<rows).map { String($0 + 1) } }
        else { panel.rowLabels = (0..<rows).map { $0 == 0 || ($0 + 1) % 10 == 0 ? String($0 + 1) : "" } }
        if columns <= 40 { panel.columnLabels = (0..<columns).map { $0 % every == 0 ? String($0 + 1) : "" } }
        panel.rowAxisLabel = options.rowAxisLabel ?? (tensor.shape.count >= 2 ? ChartWords.row(edition) : nil)
        panel.columnAxisLabel = options.columnAxisLabel ?? ChartWords.column(edition)

        let quantity = options.kind.label(Markup.escape(name), edition)
        let title = options.title ?? quantity
        var builder = FigureBuilder(measurer: measurer)
        let shapeText = tensor.shape.map(String.init).joined(separator: "×")
        let trace = (options.traceName ?? (options.title == nil ? nil : name)).map { ChartWords.traceNote(edition, ["trace": "\(model.isEmpty ? "" : model + " ")\($0)"]) }
        let subtitle = [step.map { ChartWords.trainingStep(edition, ["step": "\($0)"]) }, NetworkWords.shapeValues(edition, ["shape": shapeText]) + sliceNote, trace]
            .compactMap { $0 }.joined(separator: " · ")
        let top = builder.title(title, subtitle: Markup.escape(subtitle))
        let layout = Heatmap.layout(panel: panel, top: top, titleWidth: measurer.width(title, size: Style.titleSize, bold: true), measurer: measurer)
        builder.draw(panel, at: layout.matrix.bounds.origin)
        builder.colorBar(map, range: range, in: layout.colorBar)
        builder.record(tensor.shape.map(Double.init))
        let caption = NetworkWords.heatmapCaption(edition, [
            "title": Markup.plain(title), "inStep": step.map { NetworkWords.inTrainingStep(edition, ["step": "\($0)"]) } ?? "",
            "rows": "\(rows)", "columns": "\(columns)", "slice": sliceNote,
            "min": NumberFormat.compact(values.min() ?? 0), "max": NumberFormat.compact(values.max() ?? 0),
            "map": map.words(edition), "low": NumberFormat.compact(range.lower), "high": NumberFormat.compact(range.upper),
        ]) + (map.isDiverging ? NetworkWords.whiteIsZero(edition) : ChartWords.period(edition))
        return builder.figure(kind: "heatmap", size: layout.size, title: Markup.plain(title), caption: caption,
                              source: (model, step, [name]))
    }

    /// Places the matrix below `top` and the colour bar to its right.
    public static func layout(panel: MatrixPanel, top: Double, titleWidth: Double, measurer: TextMeasurer) -> HeatmapLayout {
        let matrix = panel.layout(at: Point(Style.margin, top + 6), measurer: measurer)
        let bar = Rect(x: matrix.bounds.maxX + 18, y: matrix.grid.minY, width: Style.colorBarWidth,
                       height: max(matrix.grid.height, 80))
        let labelWidth = FigureBuilder(measurer: measurer).colorBarLabelWidth(range: panel.range)
        let width = max(bar.maxX + labelWidth, Style.margin + titleWidth) + Style.margin
        let height = max(matrix.bounds.maxY, bar.maxY + 8) + Style.margin
        return HeatmapLayout(size: Size(width, height), matrix: matrix, colorBar: bar)
    }

    /// The 2-D matrix a tensor shows: scalar → 1×1, vector → 1×n, matrix as is, higher ranks
    /// sliced at `slice` along the leading axes.
    static func matrix(of tensor: TensorValue, slice: [Int], edition: Edition = .en) throws -> (values: [Double], rows: Int, columns: Int, note: String) {
        switch tensor.shape.count {
        case 0: return (tensor.data, 1, 1, "")
        case 1: return (tensor.data, 1, tensor.shape[0], "")
        case 2: return (tensor.data, tensor.shape[0], tensor.shape[1], "")
        default:
            let leading = Array(tensor.shape.dropLast(2))
            let index = slice.isEmpty ? [Int](repeating: 0, count: leading.count) : slice
            guard index.count == leading.count, zip(index, leading).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
                throw RenderError.invalidInput("slice \(index) does not fit the leading axes \(leading) of the tensor")
            }
            let rows = tensor.shape[tensor.shape.count - 2]
            let columns = tensor.shape[tensor.shape.count - 1]
            var offset = 0
            for (i, n) in zip(index, leading) { offset = offset * n + i }
            offset *= rows * columns
            let note = NetworkWords.sliceNote(edition, ["index": index.map { String($0 + 1) }.joined(separator: ", ")])
            return (Array(tensor.data[offset..<(offset + rows * columns)]), rows, columns, note)
        }
    }
}

extension Rect {
    public var origin: Point { Point(x, y) }
}
