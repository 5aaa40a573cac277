import Foundation
import StepwiseTrace
import StepwiseWords

/// A tensor as the 2-D matrix a figure draws, cut to its first `maxRows` rows and
/// `maxColumns` columns so big layers stay readable; `note` says what was left out. A long
/// vector (or a matrix with a single row or column) can be wrapped into rows instead of
/// becoming a one-cell strip.
public struct MatrixView: Equatable, Sendable {
    public var values: [Double]
    public var rows: Int
    public var columns: Int
    /// Rows and columns before sampling.
    public var totalRows: Int
    public var totalColumns: Int
    /// Cells after the end of a wrapped vector: no value, drawn hatched.
    public var padding: Set<Int> = []
    /// For a wrapped vector: how many values it has, in rows of `columns`.
    public var wrappedCount: Int?

    /// The first `maxRows` × `maxColumns` of a row-major `rows` × `columns` matrix.
    public init(values: [Double], rows: Int, columns: Int, maxRows: Int, maxColumns: Int) {
        precondition(values.count == rows * columns && maxRows > 0 && maxColumns > 0)
        let keptRows = min(rows, maxRows)
        let keptColumns = min(columns, maxColumns)
        var kept: [Double] = []
        kept.reserveCapacity(keptRows * keptColumns)
        for row in 0..<keptRows { kept += values[(row * columns)..<(row * columns + keptColumns)] }
        self.values = kept
        self.rows = keptRows
        self.columns = keptColumns
        self.totalRows = rows
        self.totalColumns = columns
    }

    /// A tensor flattened to a matrix: a scalar is 1×1, a vector one row, a matrix itself, and
    /// a higher rank [product of the leading axes, last axis] (a conv kernel [kh, kw, in, out]
    /// becomes kh·kw·in rows, one column per filter). With `wrapVectorsAt`, a vector longer than
    /// that (or a matrix with one row or one column) is laid out in rows of at most that many.
    public init(flattening tensor: TensorValue, maxRows: Int, maxColumns: Int, wrapVectorsAt wrap: Int? = nil) {
        let (rows, columns) = Self.matrixShape(tensor.shape)
        if let wrap, min(rows, columns) == 1, rows * columns > wrap {
            let count = rows * columns
            let width = Self.wrapWidth(count, limit: wrap)
            let allRows = (count + width - 1) / width
            let keptRows = min(allRows, maxRows)
            let kept = min(count, keptRows * width)
            self.init(values: Array(tensor.data[0..<kept]) + [Double](repeating: 0, count: keptRows * width - kept),
                      rows: keptRows, columns: width, maxRows: keptRows, maxColumns: width)
            totalRows = allRows
            padding = Set(kept..<(keptRows * width))
            wrappedCount = count
            return
        }
        self.init(values: tensor.data, rows: rows, columns: columns, maxRows: maxRows, maxColumns: maxColumns)
    }

    public var isSampled: Bool { rows < totalRows || columns < totalColumns }

    /// "rows 1–32 of 50, columns 1–64 of 200" for the axes that were cut, or "200 values in
    /// rows of 25" for a wrapped vector; nil when the matrix is drawn whole as it is.
    public func note(rows rowNoun: String? = nil, columns columnNoun: String? = nil, edition: Edition = .en) -> String? {
        if let count = wrappedCount {
            let shown = min(count, rows * columns)
            return shown < count ? NetworkWords.someValuesInRows(edition, ["shown": "\(shown)", "count": "\(count)", "columns": "\(columns)"])
                : NetworkWords.valuesInRows(edition, ["count": "\(count)", "columns": "\(columns)"])
        }
        return Self.note(rows: rows, of: totalRows, columns: columns, of: totalColumns, rowNoun: rowNoun ?? NetworkWords.rowsNoun(edition),
                         columnNoun: columnNoun ?? NetworkWords.columnsNoun(edition), edition: edition)
    }

    /// The note of `MatrixView(flattening:…)` of a tensor of `shape`, without its values.
    public static func note(flattening shape: [Int], maxRows: Int, maxColumns: Int, wrapVectorsAt wrap: Int? = nil, edition: Edition = .en) -> String? {
        let count = shape.reduce(1, *)
        return MatrixView(flattening: TensorValue(shape: shape, data: [Double](repeating: 0, count: count)), maxRows: maxRows,
                          maxColumns: maxColumns, wrapVectorsAt: wrap).note(edition: edition)
    }

    static func note(rows: Int, of totalRows: Int, columns: Int, of totalColumns: Int,
                     rowNoun: String = "rows", columnNoun: String = "columns", edition: Edition = .en) -> String? {
        var parts: [String] = []
        if rows < totalRows { parts.append(NetworkWords.firstOf(edition, ["noun": rowNoun, "n": "\(rows)", "total": "\(totalRows)"])) }
        if columns < totalColumns { parts.append(NetworkWords.firstOf(edition, ["noun": columnNoun, "n": "\(columns)", "total": "\(totalColumns)"])) }
        return parts.isEmpty ? nil : parts.joined(separator: ChartWords.comma(edition))
    }

    /// Rows and columns of the flattened tensor.
    static func matrixShape(_ shape: [Int]) -> (rows: Int, columns: Int) {
        (shape.count <= 1 ? 1 : shape.dropLast().reduce(1, *), shape.last ?? 1)
    }

    /// The row length for `count` values: the largest divisor of `count` from `limit / 2` to
    /// `limit`, so that rows come out full (an LSTM's 4·50 biases at limit 32: rows of 25, two
    /// a gate), else `limit`.
    static func wrapWidth(_ count: Int, limit: Int) -> Int {
        guard count > limit else { return count }
        for width in stride(from: limit, through: max(1, limit / 2), by: -1) where count % width == 0 { return width }
        return limit
    }

    /// Decimals for numbers up to `magnitude`: two, or enough for two significant digits of
    /// small numbers (at most three, which fit a cell).
    static func decimals(forMagnitude magnitude: Double) -> Int {
        guard magnitude.isFinite, magnitude > 0 else { return 2 }
        return min(3, max(2, 1 - Int(floor(log10(magnitude)))))
    }
}

public struct ParameterUpdateOptions: Sendable {
    /// Each parameter shows at most this many rows and columns (the first ones).
    public var maxRows = 32
    public var maxColumns = 64
    /// Vectors (and matrices of one row or column) longer than this wrap into rows.
    public var wrapVectorsAt = 32
    /// Numbers in the cells of a parameter at most this many cells wide and tall.
    public var numbersUpTo = 6

    public init() {}
}

/// What one step's update did to a layer's parameters: for each parameter, its value before
/// the step, the gradient ∂L/∂w, the value after and the change, as matrices side by side.
public enum ParameterUpdate {
    static func columns(_ edition: Edition) -> [String] {
        [CommonWords.before(edition), "∂L/∂w", CommonWords.after(edition), NetworkWords.changeColumn(edition)]
    }

    /// What the figure leaves out of parameters of these shapes ("kernel: rows 1–32 of 50"), or
    /// nil when it draws them whole.
    public static func samplingNote(_ shapes: [(name: String, shape: [Int])], options: ParameterUpdateOptions = ParameterUpdateOptions(),
                                    edition: Edition = .en) -> String? {
        let notes = shapes.compactMap { param in
            MatrixView.note(flattening: param.shape, maxRows: options.maxRows, maxColumns: options.maxColumns, wrapVectorsAt: options.wrapVectorsAt, edition: edition)
                .map { "\(param.name)\(edition == .zh ? "：" : ": ")\($0)" }
        }
        return notes.isEmpty ? nil : notes.joined(separator: edition == .zh ? "；" : "; ")
    }

    public static func figure(trace: Trace, step: Int? = nil, layer: String, options: ParameterUpdateOptions = ParameterUpdateOptions(),
                              measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let lookup = try TraceLookup(trace, step: step)
        guard let info = trace.architecture.layers.first(where: { $0.name == layer }) else {
            throw RenderError.invalidInput("no layer \"\(layer)\" in \(trace.model) (layers: \(trace.architecture.layers.map(\.name).joined(separator: ", ")))")
        }
        guard !info.params.isEmpty else { throw RenderError.invalidInput("layer \(layer) has no parameters") }
        struct Row {
            let name: String
            let shape: [Int]
            let views: [MatrixView]  // before, grad, after, update
        }
        var rows: [Row] = []
        for param in info.params {
            let key = "\(layer)/\(param)"
            guard let record = lookup.step.params[key] else { throw lookup.missing(key) }
            let update = TensorValue(shape: record.after.shape, data: zip(record.after.data, record.before.data).map { $0 - $1 })
            let views = [record.before, record.grad, record.after, update].map {
                MatrixView(flattening: $0, maxRows: options.maxRows, maxColumns: options.maxColumns, wrapVectorsAt: options.wrapVectorsAt)
            }
            rows.append(Row(name: param, shape: record.before.shape, views: views))
        }
        // Each parameter its own colour ranges (a bias's gradient is often far larger than its
        // kernel's), symmetric about zero: weights before and after share one.
        func ranges(_ row: Row) -> [ValueRange] {
            let weights = ValueRange.symmetric(row.views[0].values + row.views[2].values)
            return [weights, .symmetric(row.views[1].values), weights, .symmetric(row.views[3].values)]
        }
        // Each parameter its own cell size: numbers in small ones, else as big as fits about
        // 220 × 240 px (3 to 24 px a cell).
        func numbers(_ row: Row) -> Bool { max(row.views[0].rows, row.views[0].columns) <= options.numbersUpTo }
        func cell(_ row: Row) -> Double {
            numbers(row) ? 44 : min(24, max(3, min((220 / Double(row.views[0].columns)).rounded(.down), (240 / Double(row.views[0].rows)).rounded(.down))))
        }

        var builder = FigureBuilder(measurer: measurer)
        let names = rows.map { "\($0.name) [\($0.shape.map(String.init).joined(separator: ", "))]" }
        let layerWords = ReaderLabel(trace.architecture, edition: edition).layer(layer)
        let title = NetworkWords.parameterUpdateTitle(edition, ["layer": Markup.escape(layerWords)])
        let subtitle = ChartWords.trainingStep(edition, ["step": "\(lookup.step.step)"]) + " · \(Markup.escape(ReaderLabel.optimizer(trace.architecture.optimizer, edition))) · "
            + ChartWords.traceNote(edition, ["trace": Markup.escape(names.joined(separator: ", "))])
        let top = builder.title(title, subtitle: subtitle)
        var right = Style.margin + max(measurer.width(title, size: Style.titleSize, bold: true), measurer.width(subtitle, size: Style.labelSize))
        func panel(_ row: Row, _ column: Int) -> MatrixPanel {
            let view = row.views[column]
            let range = ranges(row)[column]
            var panel = MatrixPanel(values: view.values, rows: view.rows, columns: view.columns, map: .blueWhiteRed, range: range,
                                    cellSize: cell(row), decimals: numbers(row) ? MatrixView.decimals(forMagnitude: range.upper) : nil)
            panel.title = columns(edition)[column]
            panel.masked = view.padding
            return panel
        }
        // Column x positions: each column as wide as its widest panel.
        var columnX: [Double] = []
        var x = Style.margin
        for column in 0..<4 {
            columnX.append(x)
            let width = rows.map { panel($0, column).layout(at: Point(0, 0), measurer: measurer).bounds.width }.max() ?? 0
            x += width + (column == 1 ? 30 : 18)
        }
        right = max(right, x)
        var y = top
        var notes: [String] = []
        var rangeTexts: [String] = []
        for (index, row) in rows.enumerated() {
            var label = "<b>\(Markup.escape(names[index]))</b>"
            if let note = row.views[0].note(edition: edition) {
                label += "  " + NetworkWords.shown(edition, ["parts": note])
                notes.append("\(row.name)\(edition == .zh ? "：" : ": ")\(note)")
            } else if row.shape.count > 2 {
                label += "  " + NetworkWords.shownAs(edition, ["shape": "\(row.views[0].rows) × \(row.views[0].columns)"])
            }
            let box = builder.text(label, at: Point(Style.margin, y), vertical: .top, size: Style.labelSize)
            right = max(right, box.maxX)
            y = box.maxY + 6
            var bottom = y
            var grid = Rect(x: 0, y: y, width: 0, height: 0)
            for column in 0..<4 {
                let layout = builder.draw(panel(row, column), at: Point(columnX[column], y))
                bottom = max(bottom, layout.bounds.maxY)
                grid = layout.grid
            }
            let rowRanges = ranges(row)
            let barHeight = max(70, grid.height)
            var bar = Rect(x: x - 4, y: grid.minY, width: 0, height: 0)
            for (range, name) in [(rowRanges[0], "w"), (rowRanges[1], "∂L/∂w"), (rowRanges[3], "Δw")] {
                bar = builder.colorBar(.blueWhiteRed, range: range, in: Rect(x: bar.maxX + 24, y: grid.minY, width: Style.colorBarWidth, height: barHeight),
                                       label: name)
            }
            right = max(right, bar.maxX)
            bottom = max(bottom, grid.minY + barHeight + 8)
            rangeTexts.append(NetworkWords.parameterRanges(edition, ["name": row.name, "weights": NumberFormat.compact(rowRanges[0].upper),
                                                                     "gradients": NumberFormat.compact(rowRanges[1].upper),
                                                                     "changes": NumberFormat.compact(rowRanges[3].upper)]))
            y = bottom + 16
        }
        let plainNames = names.joined(separator: ", ")
        let semicolon = edition == .zh ? "；" : "; "
        var caption = NetworkWords.parameterUpdateCaption(edition, ["layer": layerWords, "step": "\(lookup.step.step)",
                                                                    "optimizer": ReaderLabel.optimizer(trace.architecture.optimizer, edition),
                                                                    "names": plainNames, "ranges": rangeTexts.joined(separator: semicolon)])
        if !notes.isEmpty { caption += NetworkWords.shownSentence(edition, ["notes": notes.joined(separator: semicolon)]) }
        return builder.figure(kind: "parameter-update", size: Size(right + Style.margin, y - 16 + Style.margin),
                              title: NetworkWords.parameterUpdateTitle(edition, ["layer": layerWords]), caption: caption,
                              source: (trace.model, lookup.step.step, info.params.map { "\(layer)/\($0)" }))
    }
}

public struct LayerActivityOptions: Sendable {
    /// A `[batch, n]` output shows at most this many samples (rows) …
    public var maxSamples = 16
    /// … and a one-sample matrix (`[T, d]`, `[H, W]`) at most this many rows.
    public var maxRows = 32
    public var maxColumns = 64
    /// The sample drawn for outputs of rank 3 or more (0-based).
    public var sample = 0
    /// The channel drawn for image outputs `[batch, H, W, C]` (0-based).
    public var channel = 0
    /// Numbers in the cells when the matrix is at most this many cells wide and tall.
    public var numbersUpTo = 6

    public init() {}
}

/// Any layer's output a = f(…) for the step's batch next to its gradient ∂L/∂a: the figure for
/// layers too big for the network diagram and for those without a figure of their own.
public enum LayerActivity {
    /// How an output of some shape becomes the matrix the figure draws.
    struct Shown {
        var rows: Int
        var columns: Int
        var keptRows: Int
        var keptColumns: Int
        var rowNoun: String
        var columnNoun: String
        var rowAxis: String
        var columnAxis: String
        /// The slice drawn ("example 1 of 8"), for outputs of rank 3 or more.
        var context: String?
        /// The full matrix of the slice, row-major.
        var matrix: ([Double]) -> [Double]

        /// The edition of the nouns and the note.
        var edition: Edition = .en

        var note: String? {
            MatrixView.note(rows: keptRows, of: rows, columns: keptColumns, of: columns, rowNoun: rowNoun, columnNoun: columnNoun, edition: edition)
        }

        func view(_ data: [Double]) -> MatrixView {
            MatrixView(values: matrix(data), rows: rows, columns: columns, maxRows: keptRows, maxColumns: keptColumns)
        }
    }

    /// `[batch]` and `[batch, n]`: samples down, units across; `[batch, T, d]`: one sample's
    /// positions down, features across; `[batch, H, W, C]`: one channel of one sample.
    static func shown(_ shape: [Int], name: String, options: LayerActivityOptions, edition: Edition = .en) throws -> Shown {
        var shown = try shownShape(shape, name: name, options: options, edition: edition)
        shown.edition = edition
        return shown
    }

    private static func shownShape(_ shape: [Int], name: String, options: LayerActivityOptions, edition: Edition) throws -> Shown {
        guard let batch = shape.first, batch > 0 else {
            throw RenderError.invalidInput("\(name): expected an output [batch, …], found \(shape)")
        }
        switch shape.count {
        case 1, 2:
            let columns = shape.count == 2 ? shape[1] : 1
            return Shown(rows: batch, columns: columns, keptRows: min(batch, options.maxSamples), keptColumns: min(columns, options.maxColumns),
                         rowNoun: NetworkWords.examplesNoun(edition), columnNoun: NetworkWords.unitsNoun(edition),
                         rowAxis: CommonWords.example(edition), columnAxis: NetworkWords.unitAxis(edition), context: nil, matrix: { $0 })
        default:
            guard options.sample < batch else { throw RenderError.invalidInput("sample \(options.sample + 1) is not in the batch of \(batch)") }
            let sample = options.sample
            if shape.count == 3 {
                let (t, d) = (shape[1], shape[2])
                return Shown(rows: t, columns: d, keptRows: min(t, options.maxRows), keptColumns: min(d, options.maxColumns),
                             rowNoun: NetworkWords.positionsNoun(edition), columnNoun: NetworkWords.featuresNoun(edition),
                             rowAxis: NetworkWords.positionAxis(edition), columnAxis: NetworkWords.featureAxis(edition),
                             context: batch > 1 ? NetworkWords.exampleOf(edition, ["n": "\(sample + 1)", "total": "\(batch)"]) : nil,
                             matrix: { Array($0[(sample * t * d)..<((sample + 1) * t * d)]) })
            }
            let (h, w) = (shape[1], shape[2])
            let channels = shape.dropFirst(3).reduce(1, *)
            let channel = options.channel
            guard channel < channels else { throw RenderError.invalidInput("channel \(channel + 1) is not in \(name)'s \(channels)") }
            let context = (batch > 1 ? NetworkWords.exampleOf(edition, ["n": "\(sample + 1)", "total": "\(batch)"]) + ChartWords.comma(edition) : "")
                + NetworkWords.channelOf(edition, ["n": "\(channel + 1)", "total": "\(channels)"])
            return Shown(rows: h, columns: w, keptRows: min(h, options.maxRows), keptColumns: min(w, options.maxColumns),
                         rowNoun: NetworkWords.rowsNoun(edition), columnNoun: NetworkWords.columnsNoun(edition),
                         rowAxis: ChartWords.row(edition), columnAxis: ChartWords.column(edition), context: context,
                         matrix: { data in
                             var image = [Double](repeating: 0, count: h * w)
                             for y in 0..<h { for x in 0..<w { image[y * w + x] = data[((sample * h + y) * w + x) * channels + channel] } }
                             return image
                         })
        }
    }

    /// 1-based index labels for `count` cells: every one when they fit `spacing` px apart, else
    /// the first and every 2nd, 5th, 10th, … (blank between).
    static func indexLabels(_ count: Int, cell: Double, spacing: Double) -> [String] {
        let every = [1, 2, 5, 10, 20, 50, 100].first { Double($0) * cell >= spacing } ?? 100
        return (0..<count).map { $0 == 0 || ($0 + 1) % every == 0 ? String($0 + 1) : "" }
    }

    /// What the figure leaves out of an output of `shape` ("example 1 of 8, features 1–64 of
    /// 100"), or nil when it draws all of it.
    public static func samplingNote(shape: [Int], options: LayerActivityOptions = LayerActivityOptions(), edition: Edition = .en) -> String? {
        guard let shown = try? shown(shape, name: "output", options: options, edition: edition) else { return nil }
        let parts = [shown.context, shown.note].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ChartWords.comma(edition))
    }

    /// `value` is the layer's output `[batch, …]`, `grad` ∂L/∂output of the same shape (nil
    /// when not recorded); `type` is the layer's spec type, shown in the title.
    public static func figure(layer: String, type: String, value: TensorValue, grad: TensorValue?, model: String, step: Int,
                              options: LayerActivityOptions = LayerActivityOptions(), measurer: TextMeasurer = .pango,
                              edition: Edition = .en) throws -> Figure {
        if let grad, grad.shape != value.shape {
            throw RenderError.invalidInput("\(layer): gradient shape \(grad.shape) differs from the output's \(value.shape)")
        }
        let shape = value.shape
        let shown = try shown(shape, name: layer, options: options, edition: edition)
        let valueView = shown.view(value.data)
        let gradView = grad.map { shown.view($0.data) }
        let valueMap: ColorMap = valueView.values.contains { $0 < 0 } ? .blueWhiteRed : .viridis
        let valueRange = ValueRange.forMap(valueMap, values: valueView.values)
        let gradRange = ValueRange.symmetric(gradView?.values ?? [])
        let numbers = max(valueView.rows, valueView.columns) <= options.numbersUpTo
        // About 400 × 300 px a panel (two side by side), 4 to 22 px a cell.
        let cell = numbers ? 40 : min(22, max(4, min((400 / Double(valueView.columns)).rounded(.down), (300 / Double(valueView.rows)).rounded(.down))))
        func panel(_ view: MatrixView, map: ColorMap, range: ValueRange, title: String) -> MatrixPanel {
            var panel = MatrixPanel(values: view.values, rows: view.rows, columns: view.columns, map: map, range: range, cellSize: cell,
                                    decimals: numbers ? MatrixView.decimals(forMagnitude: max(abs(range.lower), abs(range.upper))) : nil)
            panel.title = title
            panel.rowLabels = Self.indexLabels(view.rows, cell: cell, spacing: 12)
            panel.columnLabels = Self.indexLabels(view.columns, cell: cell, spacing: 18)
            panel.rowAxisLabel = shown.rowAxis
            panel.columnAxisLabel = shown.columnAxis
            return panel
        }
        let note = shown.note
        let shapeText = shape.map(String.init).joined(separator: "×")
        var builder = FigureBuilder(measurer: measurer)
        let subtitle = [ChartWords.trainingStep(edition, ["step": "\(step)"]), NetworkWords.outputShape(edition, ["shape": shapeText]), shown.context,
                        note.map { NetworkWords.shown(edition, ["parts": $0]) }].compactMap { $0 }.joined(separator: " · ")
        let title = NetworkWords.layerActivityTitle(edition, ["layer": Markup.escape(layer), "type": Markup.escape(type)])
        let top = builder.title(title, subtitle: subtitle)
        var layout = builder.draw(panel(valueView, map: valueMap, range: valueRange, title: NetworkWords.outputOfLayer(edition, ["layer": Markup.escape(layer)])),
                                  at: Point(Style.margin, top))
        // Each colour bar right of its grid (the panel's title is above the grid, so may be wider).
        var bar = builder.colorBar(valueMap, range: valueRange,
                                   in: Rect(x: layout.grid.maxX + 14, y: layout.grid.minY, width: Style.colorBarWidth, height: max(80, layout.grid.height)))
        var right = max(bar.maxX, layout.bounds.maxX)
        var bottom = max(layout.bounds.maxY, bar.maxY)
        if let gradView {
            layout = builder.draw(panel(gradView, map: .blueWhiteRed, range: gradRange, title: "∂L/∂a"), at: Point(right + 30, top))
            bar = builder.colorBar(.blueWhiteRed, range: gradRange,
                                   in: Rect(x: layout.grid.maxX + 14, y: layout.grid.minY, width: Style.colorBarWidth, height: max(80, layout.grid.height)))
            right = max(bar.maxX, layout.bounds.maxX)
            bottom = max(bottom, layout.bounds.maxY, bar.maxY)
        }
        builder.record(shape.map(Double.init))
        var caption = NetworkWords.layerActivityCaption(edition, [
            "layer": layer, "type": type, "model": model, "step": "\(step)", "shape": shapeText,
            "context": shown.context.map { ChartWords.comma(edition) + $0 } ?? "",
            "min": NumberFormat.compact(valueView.values.min() ?? 0), "max": NumberFormat.compact(valueView.values.max() ?? 0), "map": valueMap.words(edition)])
        if let gradView {
            caption += NetworkWords.andItsGradient(edition, ["min": NumberFormat.compact(gradView.values.min() ?? 0), "max": NumberFormat.compact(gradView.values.max() ?? 0)])
        } else {
            caption += NetworkWords.gradientNotRecorded(edition)
        }
        caption += note.map { ChartWords.period(edition) + NetworkWords.shownSentence(edition, ["notes": $0]) } ?? ChartWords.period(edition)
        let titleWidth = max(measurer.width(title, size: Style.titleSize, bold: true), measurer.width(subtitle, size: Style.labelSize))
        return builder.figure(kind: "layer-activity", size: Size(max(right, Style.margin + titleWidth) + Style.margin, bottom + Style.margin),
                              title: NetworkWords.layerActivityShortTitle(edition, ["layer": layer]), caption: caption, source: (model, step, [layer]))
    }
}
