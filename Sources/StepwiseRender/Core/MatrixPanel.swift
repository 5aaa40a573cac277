/// A grid of coloured cells with optional title, row and column labels, per-cell numbers,
/// masked (hatched) cells and outlined cells: the building block of heatmaps, attention
/// weights, kernels, feature maps and pooling figures.
public struct MatrixPanel: Sendable {
    public var values: [Double]
    public var rows: Int
    public var columns: Int
    public var map: ColorMap
    public var range: ValueRange
    public var cellSize: Double
    /// Per-cell numbers with this many decimals; nil for none.
    public var decimals: Int?
    /// Flat indices drawn grey and hatched instead of coloured (a causal mask).
    public var masked: Set<Int> = []
    /// Flat indices outlined in a colour (pooling winners).
    public var outlined: [Int: Color] = [:]
    /// Markup above the grid.
    public var title: String?
    public var rowLabels: [String]?
    public var columnLabels: [String]?
    /// Markup along the left (rotated) and below the column labels.
    public var rowAxisLabel: String?
    public var columnAxisLabel: String?

    public init(values: [Double], rows: Int, columns: Int, map: ColorMap, range: ValueRange, cellSize: Double, decimals: Int? = nil) {
        precondition(values.count == rows * columns, "matrix \(rows)×\(columns) needs \(rows * columns) values, found \(values.count)")
        self.values = values
        self.rows = rows
        self.columns = columns
        self.map = map
        self.range = range
        self.cellSize = cellSize
        self.decimals = decimals
    }

    /// The smallest cell (at least `minimum`) that holds each of `values` written with
    /// `decimals` decimals and a margin of `padding` on each side.
    public static func cellSize(fitting values: [Double], decimals: Int, measurer: TextMeasurer, minimum: Double = 34, padding: Double = 5) -> Double {
        let widest = values.map { measurer.width(NumberFormat.fixed($0, decimals: decimals), size: Style.cellTextSize) }.max() ?? 0
        return max(minimum, (widest + 2 * padding).rounded(.up))
    }

    /// Where everything goes when the panel's top-left corner is `origin`.
    public struct Layout: Equatable, Sendable {
        /// The whole panel, labels included.
        public var bounds: Rect
        /// The cell grid.
        public var grid: Rect
        public var cellSize: Double
        public var titleBaseline: Point?

        public func cell(row: Int, column: Int) -> Rect {
            Rect(x: grid.x + Double(column) * cellSize, y: grid.y + Double(row) * cellSize, width: cellSize, height: cellSize)
        }
    }

    public func layout(at origin: Point, measurer: TextMeasurer) -> Layout {
        var top = origin.y
        var titleBaseline: Point?
        if let title {
            let metrics = measurer.measure(title, size: Style.labelSize, bold: true)
            titleBaseline = Point(origin.x, top + metrics.baseline)
            top += metrics.height + 4
        }
        let columnLabelHeight = columnLabels == nil ? 0 : measurer.measure("0", size: Style.smallSize).height + 2
        let rowLabelWidth = (rowLabels?.map { measurer.width($0, size: Style.smallSize) }.max()).map { $0 + 4 } ?? 0
        let rowAxisWidth = rowAxisLabel == nil ? 0 : measurer.measure(rowAxisLabel!, size: Style.smallSize).height + 4
        // On whole pixels, so that neighbouring cells meet without anti-aliased seams.
        let grid = Rect(x: (origin.x + rowAxisWidth + rowLabelWidth).rounded(), y: (top + columnLabelHeight).rounded(),
                        width: Double(columns) * cellSize, height: Double(rows) * cellSize)
        var bottom = grid.maxY
        if let columnAxisLabel {
            bottom += 4 + measurer.measure(columnAxisLabel, size: Style.smallSize).height
        }
        var right = grid.maxX
        if let title { right = max(right, origin.x + measurer.width(title, size: Style.labelSize, bold: true)) }
        let bounds = Rect(x: origin.x, y: origin.y, width: right - origin.x, height: bottom - origin.y)
        return Layout(bounds: bounds, grid: grid, cellSize: cellSize, titleBaseline: titleBaseline)
    }
}

extension FigureBuilder {
    /// Draws `panel` with its top-left corner at `origin`; returns its layout.
    @discardableResult
    public mutating func draw(_ panel: MatrixPanel, at origin: Point) -> MatrixPanel.Layout {
        let layout = panel.layout(at: origin, measurer: measurer)
        record(panel.values)
        if let title = panel.title, let baseline = layout.titleBaseline {
            text(title, at: baseline, size: Style.labelSize, bold: true)
        }
        for row in 0..<panel.rows {
            for column in 0..<panel.columns {
                let index = row * panel.columns + column
                let cell = layout.cell(row: row, column: column)
                if panel.masked.contains(index) {
                    rect(cell, fill: Color(hex: 0xeeeeee))
                    add(.hatch(cell, color: Color(hex: 0xb0b0b0), spacing: max(3, panel.cellSize / 5)))
                    continue
                }
                let color = panel.map.color(for: panel.values[index], in: panel.range)
                rect(cell, fill: color)
                if let decimals = panel.decimals {
                    text(NumberFormat.fixed(panel.values[index], decimals: decimals), at: cell.center, horizontal: .center,
                         vertical: .center, size: Style.cellTextSize, color: color.contrastingText)
                }
            }
        }
        rect(layout.grid, fill: nil, stroke: Stroke(.axis, width: 0.75))
        for (index, color) in panel.outlined.sorted(by: { $0.key < $1.key }) {
            let cell = layout.cell(row: index / panel.columns, column: index % panel.columns)
            rect(cell.insetBy(1, 1), fill: nil, stroke: Stroke(color, width: 2))
        }
        if let labels = panel.columnLabels {
            for (column, label) in labels.enumerated() where column < panel.columns {
                let cell = layout.cell(row: 0, column: column)
                text(label, at: Point(cell.center.x, layout.grid.minY - 2), horizontal: .center, vertical: .bottom,
                     size: Style.smallSize, color: .mutedInk)
            }
        }
        if let labels = panel.rowLabels {
            for (row, label) in labels.enumerated() where row < panel.rows {
                let cell = layout.cell(row: row, column: 0)
                text(label, at: Point(layout.grid.minX - 4, cell.center.y), horizontal: .end, vertical: .center,
                     size: Style.smallSize, color: .mutedInk)
            }
        }
        if let label = panel.rowAxisLabel {
            text(label, at: Point(layout.bounds.minX, layout.grid.center.y), horizontal: .center, vertical: .top,
                 size: Style.smallSize, color: .mutedInk, rotation: 90)
        }
        if let label = panel.columnAxisLabel {
            text(label, at: Point(layout.grid.center.x, layout.grid.maxY + 4), horizontal: .center, vertical: .top,
                 size: Style.smallSize, color: .mutedInk)
        }
        return layout
    }
}
