import StepwiseWords
import Foundation

/// One optimizer's way over a two-parameter loss: the parameters before the first update, then
/// after each update, in data units (x: the first parameter, y: the second).
public struct OptimizerPath: Equatable, Sendable {
    public var label: String
    public var points: [Point]
    public init(label: String, points: [Point]) {
        self.label = label
        self.points = points
    }
}

/// What the optimizer-paths figure draws: the loss over a grid of the two parameters (filled by
/// the caller, who can run the model: the lesson builder evaluates the engine's own loss at
/// every cell centre) and the paths of several runs from one start. Grid values are losses
/// (≥ 0); rows go up as in `DecisionGrid`. Points outside the grid's ranges are not drawn.
public struct OptimizerPathsInput: Equatable, Sendable {
    public var grid: DecisionGrid
    public var paths: [OptimizerPath]
    /// Axis titles (Pango markup): the reader's names of the two parameters.
    public var xLabel: String
    public var yLabel: String
    /// The traces' model names, for the subtitle.
    public var model: String

    public init(grid: DecisionGrid, paths: [OptimizerPath], xLabel: String, yLabel: String, model: String) {
        self.grid = grid
        self.paths = paths
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.model = model
    }
}

public enum OptimizerPaths {
    /// Contour levels spaced evenly in log(loss) between the grid's lowest and highest loss
    /// (losses span decades: a valley's floor and its walls), `count` of them, inside the range.
    public static func levels(_ values: [Double], count: Int = 12) -> [Double] {
        let finite = values.filter { $0.isFinite && $0 > 0 }
        guard let low = finite.min(), let high = finite.max(), high > low else { return [] }
        let (a, b) = (log(low), log(high))
        return (1...count).map { exp(a + (b - a) * Double($0) / Double(count + 1)) }
    }

    public static func figure(_ input: OptimizerPathsInput, measurer: TextMeasurer = .pango, edition: Edition = .en) -> Figure {
        let grid = input.grid
        var builder = FigureBuilder(measurer: measurer)
        let count = input.paths.count
        let title = count == 1 ? ChartWords.oneOptimizer(edition)
            : count < 6 && edition == .en ? "\(["", "", "Two", "Three", "Four", "Five"][count]) optimizers on one loss surface"
            : ChartWords.optimizersCompared(edition, ["n": "\(count)"])
        let updates = input.paths.map { $0.points.count - 1 }.max() ?? 0
        let levels = levels(grid.values)
        let top = builder.title(Markup.escape(title),
                                subtitle: Markup.escape(ChartWords.optimizerPathsSubtitle(edition, ["n": "\(updates)", "grid": "\(grid.columns)×\(grid.rows)",
                                                                                                     "trace": input.model])))
        let xTicks = Ticks.nice(grid.xRange.lowerBound, grid.xRange.upperBound, target: 5)
        let yTicks = Ticks.nice(grid.yRange.lowerBound, grid.yRange.upperBound, target: 5)
        let yLabelWidth = yTicks.labels.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0
        let left = Style.margin + measurer.measure(input.yLabel, size: Style.labelSize).height + 8 + yLabelWidth + Style.tickLength
        let plot = Rect(x: left, y: top + 6, width: 360, height: 360)
        func position(_ p: Point) -> Point {
            Point(plot.minX + (p.x - grid.xRange.lowerBound) / (grid.xRange.upperBound - grid.xRange.lowerBound) * plot.width,
                  plot.maxY - (p.y - grid.yRange.lowerBound) / (grid.yRange.upperBound - grid.yRange.lowerBound) * plot.height)
        }
        // The surface: log(loss) in a light viridis, low dark, so the valley reads as a valley.
        let logs = grid.values.map { $0 > 0 && $0.isFinite ? log($0) : -Double.infinity }
        let finiteLogs = logs.filter(\.isFinite)
        let range = ValueRange(finiteLogs.min() ?? 0, max((finiteLogs.max() ?? 1), (finiteLogs.min() ?? 0) + 1e-9))
        var colors: [Color] = []
        for row in stride(from: grid.rows - 1, through: 0, by: -1) {
            for column in 0..<grid.columns {
                let value = logs[row * grid.columns + column]
                colors.append(ColorMap.viridis.color(for: value.isFinite ? value : range.lower, in: range).mixed(with: .white, 0.55))
            }
        }
        builder.record(grid.values)
        builder.add(.raster(plot, columns: grid.columns, rows: grid.rows, colors: colors, smooth: true))
        for level in levels {
            for (a, b) in DecisionBoundary.contour(grid, threshold: level) {
                builder.line(position(a), position(b), Stroke(Color.mutedInk.withAlpha(0.7), width: 0.8))
            }
        }
        builder.record(levels)
        // The paths, each a line through its points with a dot per update.
        for (index, path) in input.paths.enumerated() {
            let color = Color.series[index % Color.series.count]
            let points = path.points.map(position)
            // Pieces of the path inside the plot only (a caller's grid may not cover every point).
            var piece: [Point] = []
            for point in points + [Point(.infinity, .infinity)] {
                if plot.contains(point) {
                    piece.append(point)
                } else {
                    if piece.count > 1 { builder.add(.polyline(piece, stroke: Stroke(color, width: 2))) }
                    piece = []
                }
            }
            for point in points.dropFirst() where plot.contains(point) {
                builder.add(.circle(center: point, radius: 2.5, fill: color, stroke: nil))
            }
            if let end = points.last, plot.contains(end) {
                builder.add(.circle(center: end, radius: 4.5, fill: color, stroke: Stroke(.white, width: 1.5)))
            }
            builder.record(path.points.flatMap { [$0.x, $0.y] })
            builder.record(path.label)
        }
        let start = input.paths.first?.points.first.map(position)
        if let start, plot.contains(start) {
            builder.add(.circle(center: start, radius: 5.5, fill: .white, stroke: Stroke(.black, width: 2)))
        }
        let tickHeight = builder.planeAxes(plot, xRange: grid.xRange, yRange: grid.yRange, xTicks: xTicks, yTicks: yTicks,
                                           xLabel: input.xLabel, yLabel: input.yLabel)
        // Legend: one line per path with its final loss point, the start, the contours.
        let legendX = plot.maxX + 20
        var y = plot.minY + 8
        var legendRight = legendX
        for (index, path) in input.paths.enumerated() {
            let color = Color.series[index % Color.series.count]
            builder.line(Point(legendX, y), Point(legendX + 20, y), Stroke(color, width: 2))
            builder.add(.circle(center: Point(legendX + 20, y), radius: 4.5, fill: color, stroke: Stroke(.white, width: 1.5)))
            legendRight = max(legendRight, builder.text(Markup.escape(path.label), at: Point(legendX + 30, y), vertical: .center, size: Style.tickSize).maxX)
            y += 20
        }
        builder.add(.circle(center: Point(legendX + 10, y), radius: 5.5, fill: .white, stroke: Stroke(.black, width: 2)))
        legendRight = max(legendRight, builder.text(ChartWords.start(edition), at: Point(legendX + 30, y), vertical: .center, size: Style.tickSize).maxX)
        y += 20
        builder.line(Point(legendX, y), Point(legendX + 20, y), Stroke(Color.mutedInk.withAlpha(0.7), width: 0.8))
        legendRight = max(legendRight, builder.text(ChartWords.equalLoss(edition), at: Point(legendX + 30, y), vertical: .center, size: Style.tickSize).maxX)
        y += 16
        if let first = levels.first, let last = levels.last {
            legendRight = max(legendRight, builder.text(ChartWords.contourLines(edition, ["n": "\(levels.count)", "first": NumberFormat.compact(first),
                                                                                          "last": NumberFormat.compact(last)]),
                                                        at: Point(legendX + 30, y), vertical: .center, size: Style.tickSize, color: .mutedInk).maxX)
        }
        let low = grid.values.min() ?? 0, high = grid.values.max() ?? 0
        let ends = input.paths.map { path -> String in
            guard let first = path.points.first, let last = path.points.last else { return ChartWords.pathNoPoints(edition, ["label": path.label]) }
            return ChartWords.pathEnds(edition, ["label": path.label, "first": "(\(NumberFormat.compact(first.x)), \(NumberFormat.compact(first.y)))",
                                                 "last": "(\(NumberFormat.compact(last.x)), \(NumberFormat.compact(last.y)))"])
        }
        let caption = ChartWords.optimizerPathsCaption(edition, [
            "title": title, "xLow": NumberFormat.compact(grid.xRange.lowerBound), "xHigh": NumberFormat.compact(grid.xRange.upperBound),
            "yLow": NumberFormat.compact(grid.yRange.lowerBound), "yHigh": NumberFormat.compact(grid.yRange.upperBound),
            "low": NumberFormat.compact(low), "high": NumberFormat.compact(high), "levels": "\(levels.count)", "n": "\(updates)",
            "ends": ends.joined(separator: edition == .zh ? "；" : "; ")])
        let width = legendRight + Style.margin
        let height = plot.maxY + Style.tickLength + 6 + tickHeight + measurer.measure("x", size: Style.labelSize).height + Style.margin
        return builder.figure(kind: "optimizer-paths", size: Size(width, height), title: title,
                              caption: caption, source: (input.model, nil, ["loss-grid"] + input.paths.map(\.label)))
    }
}
