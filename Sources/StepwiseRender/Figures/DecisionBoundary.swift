import StepwiseWords
import Foundation

/// A classifier's predictions on a regular grid over a 2-D input plane. The renderer cannot run
/// a model: the caller (a test, the lesson builder, the CLI — which may use the engine) fills it.
///
/// Cell (row, column) is centred at x = xRange.lower + (column + ½)·Δx and
/// y = yRange.lower + (row + ½)·Δy: row 0 is the **bottom** row (smallest y), as on a plot.
/// `values` is row-major, `rows * columns` long, each the predicted probability of class 1.
public struct DecisionGrid: Equatable, Sendable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var columns: Int
    public var rows: Int
    public var values: [Double]

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int, values: [Double]) {
        precondition(values.count == rows * columns, "a \(columns)×\(rows) grid needs \(rows * columns) values")
        self.xRange = xRange
        self.yRange = yRange
        self.columns = columns
        self.rows = rows
        self.values = values
    }

    /// The centre of a cell.
    public func center(row: Int, column: Int) -> (x: Double, y: Double) {
        (xRange.lowerBound + (Double(column) + 0.5) * (xRange.upperBound - xRange.lowerBound) / Double(columns),
         yRange.lowerBound + (Double(row) + 0.5) * (yRange.upperBound - yRange.lowerBound) / Double(rows))
    }

    /// Every cell centre in `values` order, for the caller to run its model on as one batch.
    public var centers: [(x: Double, y: Double)] {
        (0..<rows).flatMap { row in (0..<columns).map { center(row: row, column: $0) } }
    }

    /// A grid filled by calling `predict` on each centre.
    public static func sampling(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, columns: Int, rows: Int,
                                predict: (Double, Double) -> Double) -> DecisionGrid {
        var grid = DecisionGrid(xRange: xRange, yRange: yRange, columns: columns, rows: rows, values: [Double](repeating: 0, count: rows * columns))
        grid.values = grid.centers.map { predict($0.x, $0.y) }
        return grid
    }
}

/// A data point of a 2-D, two-class data set.
public struct LabeledPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    /// 0 or 1.
    public var label: Int
    public init(x: Double, y: Double, label: Int) {
        self.x = x
        self.y = y
        self.label = label
    }
}

/// What the decision-boundary figure draws.
public struct DecisionBoundaryInput: Sendable {
    public var grid: DecisionGrid
    public var points: [LabeledPoint]
    /// The contour drawn as the boundary.
    public var threshold = 0.5
    public var model: String
    public var step: Int?
    public var xLabel = "x<sub>1</sub>"
    public var yLabel = "x<sub>2</sub>"
    /// Interpolate between grid cells (smooth shading) instead of flat cells.
    public var smooth = false
    /// What the plane is when it is not the model's input: the reader's name of a layer whose
    /// 2-D output the grid spans ("hidden layer"; the rest of the model classifies it); named in
    /// the title and caption.
    public var space: String?
    /// The title, instead of "Decision boundary of <model>" (a GAN's discriminator field).
    public var heading: String?
    /// The legend's names of class 0 (circles) and class 1 (squares).
    public var classNames = defaultClassNames
    public static let defaultClassNames = ["class 0", "class 1"]
    /// The field's name unless the caller names it (a figure writes it in its edition's words).
    public static let defaultFieldName = "P(class 1)"
    /// What the grid's values are, for the subtitle, colour bar and caption.
    public var fieldName = "P(class 1)"
    /// Arrows drawn from points, in data units (a GAN's push on its generated samples), and
    /// what they show, for the legend and caption.
    public var arrows: [DataArrow] = []
    public var arrowName = "arrow"
    public var arrowCaption = "arrows"

    public init(grid: DecisionGrid, points: [LabeledPoint], model: String, step: Int? = nil) {
        self.grid = grid
        self.points = points
        self.model = model
        self.step = step
    }
}

/// An arrow in a plane's data units: from (x, y) by (dx, dy).
public struct DataArrow: Equatable, Sendable {
    public var x: Double
    public var y: Double
    public var dx: Double
    public var dy: Double
    public init(x: Double, y: Double, dx: Double, dy: Double) {
        self.x = x
        self.y = y
        self.dx = dx
        self.dy = dy
    }
}

public enum DecisionBoundary {
    /// Segments of the `threshold` contour by marching squares over cell centres, in data units.
    public static func contour(_ grid: DecisionGrid, threshold: Double) -> [(Point, Point)] {
        var segments: [(Point, Point)] = []
        func p(_ row: Int, _ column: Int) -> Point {
            let c = grid.center(row: row, column: column)
            return Point(c.x, c.y)
        }
        func value(_ row: Int, _ column: Int) -> Double { grid.values[row * grid.columns + column] }
        func cut(_ a: Point, _ va: Double, _ b: Point, _ vb: Double) -> Point {
            let t = va == vb ? 0.5 : (threshold - va) / (vb - va)
            return Point(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)
        }
        guard grid.rows > 1, grid.columns > 1 else { return [] }
        for row in 0..<(grid.rows - 1) {
            for column in 0..<(grid.columns - 1) {
                let corners = [(row, column), (row, column + 1), (row + 1, column + 1), (row + 1, column)]
                let points = corners.map { p($0.0, $0.1) }
                let values = corners.map { value($0.0, $0.1) }
                var crossings: [Point] = []
                for k in 0..<4 {
                    let (a, b) = (k, (k + 1) % 4)
                    if (values[a] >= threshold) != (values[b] >= threshold) {
                        crossings.append(cut(points[a], values[a], points[b], values[b]))
                    }
                }
                if crossings.count == 2 {
                    segments.append((crossings[0], crossings[1]))
                } else if crossings.count == 4 {
                    segments.append((crossings[0], crossings[1]))
                    segments.append((crossings[2], crossings[3]))
                }
            }
        }
        return segments
    }

    public static func figure(_ input: DecisionBoundaryInput, measurer: TextMeasurer = .pango, edition: Edition = .en) -> Figure {
        let grid = input.grid
        var builder = FigureBuilder(measurer: measurer)
        let title = input.heading ?? input.space.map { ChartWords.boundaryInSpace(edition, ["space": $0]) } ?? ChartWords.decisionBoundary(edition)
        let updates = input.step.map { ($0 == 1 ? ChartWords.afterUpdate : .afterUpdates)(edition, ["n": "\($0)"]) }
        let isDefault = input.classNames == DecisionBoundaryInput.defaultClassNames
        let classNames = isDefault ? [ChartWords.classNumber(edition, ["n": "0"]), ChartWords.classNumber(edition, ["n": "1"])] : input.classNames
        let fieldName = input.fieldName == DecisionBoundaryInput.defaultFieldName ? ChartWords.probabilityOfClass1(edition) : input.fieldName
        let top = builder.title(Markup.escape(title),
                                subtitle: Markup.escape((updates.map { "\($0) · " } ?? "") + ChartWords.boundarySubtitle(edition, [
                                    "field": fieldName, "grid": "\(grid.columns)×\(grid.rows)", "threshold": NumberFormat.compact(input.threshold),
                                    "trace": input.model])))
        let xTicks = Ticks.nice(grid.xRange.lowerBound, grid.xRange.upperBound, target: 5)
        let yTicks = Ticks.nice(grid.yRange.lowerBound, grid.yRange.upperBound, target: 5)
        let yLabelWidth = yTicks.labels.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0
        let left = Style.margin + measurer.measure(input.yLabel, size: Style.labelSize).height + 8 + yLabelWidth + Style.tickLength
        let plot = Rect(x: left, y: top + 6, width: 300, height: 300)
        // Data → figure, over the grid's ranges (ticks inside them only).
        func position(_ x: Double, _ y: Double) -> Point {
            Point(plot.minX + (x - grid.xRange.lowerBound) / (grid.xRange.upperBound - grid.xRange.lowerBound) * plot.width,
                  plot.maxY - (y - grid.yRange.lowerBound) / (grid.yRange.upperBound - grid.yRange.lowerBound) * plot.height)
        }
        let probability = ValueRange(0, 1)
        var colors: [Color] = []
        for row in stride(from: grid.rows - 1, through: 0, by: -1) {
            for column in 0..<grid.columns {
                colors.append(ColorMap.blueWhiteRed.color(for: grid.values[row * grid.columns + column], in: probability).mixed(with: .white, 0.25))
            }
        }
        builder.record(grid.values)
        builder.add(.raster(plot, columns: grid.columns, rows: grid.rows, colors: colors, smooth: input.smooth))
        for (a, b) in contour(grid, threshold: input.threshold) {
            builder.line(position(a.x, a.y), position(b.x, b.y), Stroke(.black, width: 2))
        }
        let classColors = [Color.series[0], Color.series[1]]
        for point in input.points {
            let center = position(point.x, point.y)
            guard plot.contains(center) else { continue }
            if point.label == 0 {
                builder.add(.circle(center: center, radius: 5, fill: classColors[0], stroke: Stroke(.white, width: 1.5)))
            } else {
                builder.rect(Rect(x: center.x - 4.5, y: center.y - 4.5, width: 9, height: 9), fill: classColors[1], stroke: Stroke(.white, width: 1.5))
            }
            builder.record([point.x, point.y, Double(point.label)])
        }
        let arrowStroke = Stroke(.black, width: 1.5)
        for arrow in input.arrows {
            let (from, to) = (position(arrow.x, arrow.y), position(arrow.x + arrow.dx, arrow.y + arrow.dy))
            guard plot.contains(from) else { continue }
            builder.add(.arrow(from: from, to: to, stroke: arrowStroke, head: 6))
            builder.record([arrow.x, arrow.y, arrow.dx, arrow.dy])
        }
        let tickHeight = builder.planeAxes(plot, xRange: grid.xRange, yRange: grid.yRange, xTicks: xTicks, yTicks: yTicks,
                                           xLabel: input.xLabel, yLabel: input.yLabel)
        // Legend: classes, boundary, colour bar.
        let legendX = plot.maxX + 20
        var y = plot.minY + 8
        builder.add(.circle(center: Point(legendX + 6, y), radius: 5, fill: classColors[0], stroke: Stroke(.white, width: 1.5)))
        let nameBoxes = [builder.text(Markup.escape(classNames[0]), at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize)]
        y += 20
        builder.rect(Rect(x: legendX + 1.5, y: y - 4.5, width: 9, height: 9), fill: classColors[1], stroke: Stroke(.white, width: 1.5))
        let secondBox = builder.text(Markup.escape(classNames[1]), at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize)
        y += 20
        builder.line(Point(legendX, y), Point(legendX + 12, y), Stroke(.black, width: 2))
        let boundaryBox = builder.text("P = \(NumberFormat.compact(input.threshold))", at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize)
        // The class names' widths count only when they are not the default ones (which the
        // boundary's label has always covered).
        var legendRight = isDefault && edition == .en
            ? boundaryBox.maxX : ([boundaryBox, secondBox] + nameBoxes).map(\.maxX).max()!
        if !input.arrows.isEmpty {
            y += 20
            builder.add(.arrow(from: Point(legendX, y), to: Point(legendX + 14, y), stroke: arrowStroke, head: 6))
            legendRight = max(legendRight, builder.text(Markup.escape(input.arrowName), at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize).maxX)
        }
        let barBox = builder.colorBar(.blueWhiteRed, range: probability, in: Rect(x: legendX, y: y + 40, width: Style.colorBarWidth, height: 150), label: Markup.escape(fieldName))
        let counts = [0, 1].map { label in input.points.filter { $0.label == label }.count }
        let field = input.fieldName == DecisionBoundaryInput.defaultFieldName ? ChartWords.predictedProbability(edition) : input.fieldName
        let caption = ChartWords.boundaryCaption(edition, [
            "title": title, "updates": updates.map { (edition == .en ? " " : "，") + $0 } ?? "", "field": field,
            "xLow": NumberFormat.compact(grid.xRange.lowerBound), "xHigh": NumberFormat.compact(grid.xRange.upperBound),
            "yLow": NumberFormat.compact(grid.yRange.lowerBound), "yHigh": NumberFormat.compact(grid.yRange.upperBound),
            "min": NumberFormat.compact(grid.values.min() ?? 0), "max": NumberFormat.compact(grid.values.max() ?? 0),
            "threshold": NumberFormat.compact(input.threshold), "count0": "\(counts[0])", "count1": "\(counts[1])",
            "class0": isDefault ? ChartWords.classPoints(edition, ["n": "0"]) : input.classNames[0],
            "class1": isDefault ? ChartWords.classPoints(edition, ["n": "1"]) : input.classNames[1],
        ]) + (input.arrows.isEmpty ? ChartWords.period(edition) : ChartWords.withArrows(edition, ["n": "\(input.arrows.count)", "caption": input.arrowCaption]))
        let width = max(barBox.maxX, legendRight) + Style.margin
        let height = plot.maxY + Style.tickLength + 6 + tickHeight + measurer.measure("x", size: Style.labelSize).height + Style.margin
        return builder.figure(kind: "decision-boundary", size: Size(width, height), title: title,
                              caption: caption, source: (input.model, input.step, ["decision-grid"]))
    }
}
