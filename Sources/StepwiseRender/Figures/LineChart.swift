import Foundation
import StepwiseTrace

/// One line of a chart.
public struct Series: Equatable, Sendable {
    /// Legend text (markup).
    public var name: String
    public var points: [Point]
    /// nil takes the next colour of `Color.series`.
    public var color: Color?
    public var dashed: Bool

    public init(name: String, points: [Point], color: Color? = nil, dashed: Bool = false) {
        self.name = name
        self.points = points
        self.color = color
        self.dashed = dashed
    }
}

public struct LineChartOptions: Sendable {
    /// Title (markup).
    public var title: String
    public var subtitle: String?
    public var xLabel: String
    public var yLabel: String
    /// Size of the plotting area.
    public var plotSize = Size(420, 240)
    /// Logarithmic y axis (non-positive values are left out).
    public var logY = false
    /// Forces the y range (otherwise the data's, with nice ticks).
    public var yRange: ValueRange?

    public init(title: String, xLabel: String, yLabel: String) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
    }
}

/// Where a line chart's parts go.
public struct LineChartLayout: Equatable, Sendable {
    public var size: Size
    public var plot: Rect
    public var xTicks: Ticks
    public var yTicks: Ticks
    /// Legend box (top right inside the plot area's right side).
    public var legend: Rect
    /// Each series' runs of points in figure units, clipped to the plot area.
    public var paths: [[[Point]]]

    /// Figure coordinates of a data point.
    public func position(x: Double, y: Double, logY: Bool) -> Point {
        let yy = logY ? log10(y) : y
        return Point(plot.minX + (x - xTicks.lower) / (xTicks.upper - xTicks.lower) * plot.width,
                     plot.maxY - (yy - yTicks.lower) / (yTicks.upper - yTicks.lower) * plot.height)
    }
}

/// Line charts with nice ticks, axis labels, grid and legend: loss curves, activation
/// functions and their derivatives, comparisons of runs.
public enum LineChart {
    public static func layout(_ series: [Series], options: LineChartOptions, top: Double, measurer: TextMeasurer) -> LineChartLayout {
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        if options.logY { ys = ys.filter { $0 > 0 }.map(log10) }
        let xTicks = Ticks.nice(xs.min() ?? 0, xs.max() ?? 1, target: 6)
        var yTicks = Ticks.nice(options.yRange?.lower ?? ys.min() ?? 0, options.yRange?.upper ?? ys.max() ?? 1, target: 5)
        if options.logY {
            // Whole decades.
            let low = floor(ys.min() ?? 0)
            let high = max(low + 1, ceil(ys.max() ?? 1))
            yTicks = Ticks(values: stride(from: low, through: high, by: 1).map { $0 }, step: 1, decimals: 0)
        }
        let yLabelWidths = yTickLabels(yTicks, logY: options.logY).map { measurer.width($0, size: Style.tickSize) }
        let yAxisTitle = measurer.measure(options.yLabel, size: Style.labelSize).height
        let left = Style.margin + yAxisTitle + 6 + (yLabelWidths.max() ?? 0) + Style.tickLength + 4
        let plot = Rect(x: left, y: top + 6, width: options.plotSize.width, height: options.plotSize.height)
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        let xTitle = measurer.measure(options.xLabel, size: Style.labelSize).height
        // Legend to the right of the plot.
        let entryWidths = series.map { measurer.width($0.name, size: Style.tickSize) }
        let entryHeight = max(14, measurer.measure("Ag", size: Style.tickSize).height + 3)
        let legend = Rect(x: plot.maxX + 14, y: plot.minY, width: 28 + (entryWidths.max() ?? 0) + 8,
                          height: Double(series.count) * entryHeight + 8)
        let width = max(legend.maxX, Style.margin + measurer.width(options.title, size: Style.titleSize, bold: true)) + Style.margin
        let height = max(plot.maxY + Style.tickLength + 3 + tickHeight + 6 + xTitle, legend.maxY) + Style.margin
        var layout = LineChartLayout(size: Size(width, height), plot: plot, xTicks: xTicks, yTicks: yTicks, legend: legend, paths: [])
        layout.paths = series.map { s in
            clip(s.points.filter { $0.x.isFinite && $0.y.isFinite && (!options.logY || $0.y > 0) }
                .map { layout.position(x: $0.x, y: $0.y, logY: options.logY) }, to: plot)
        }
        return layout
    }

    /// Splits a polyline into the runs inside `rect`, cutting segments at its top and bottom.
    static func clip(_ points: [Point], to rect: Rect) -> [[Point]] {
        let low = rect.minY - 0.5
        let high = rect.maxY + 0.5
        var runs: [[Point]] = []
        var current: [Point] = []
        func inside(_ p: Point) -> Bool { p.y >= low && p.y <= high }
        func cut(_ a: Point, _ b: Point, at y: Double) -> Point {
            Point(a.x + (b.x - a.x) * (y - a.y) / (b.y - a.y), y)
        }
        for (index, point) in points.enumerated() {
            if index == 0 {
                if inside(point) { current.append(point) }
                continue
            }
            let previous = points[index - 1]
            switch (inside(previous), inside(point)) {
            case (true, true): current.append(point)
            case (true, false):
                current.append(cut(previous, point, at: point.y < low ? low : high))
                runs.append(current)
                current = []
            case (false, true):
                current = [cut(previous, point, at: previous.y < low ? low : high), point]
            case (false, false):
                if (previous.y < low) != (point.y < low) {
                    runs.append([cut(previous, point, at: low), cut(previous, point, at: high)])
                }
            }
        }
        if !current.isEmpty { runs.append(current) }
        return runs
    }

    static func yTickLabels(_ ticks: Ticks, logY: Bool) -> [String] {
        logY ? ticks.values.map { "10<sup>\(NumberFormat.fixed($0, decimals: 0))</sup>" } : ticks.labels
    }

    public static func figure(_ series: [Series], options: LineChartOptions, caption: String,
                              source: (model: String, step: Int?, scopes: [String]), kind: String = "line-chart",
                              measurer: TextMeasurer = .pango) -> Figure {
        var builder = FigureBuilder(measurer: measurer)
        let top = builder.title(options.title, subtitle: options.subtitle)
        let layout = self.layout(series, options: options, top: top, measurer: measurer)
        let plot = layout.plot
        // Grid and ticks.
        for (value, label) in zip(layout.yTicks.values, yTickLabels(layout.yTicks, logY: options.logY)) {
            let y = plot.maxY - (value - layout.yTicks.lower) / (layout.yTicks.upper - layout.yTicks.lower) * plot.height
            builder.line(Point(plot.minX, y), Point(plot.maxX, y), Stroke(.grid, width: 1))
            builder.line(Point(plot.minX - Style.tickLength, y), Point(plot.minX, y), Stroke(.axis, width: 1))
            builder.text(label, at: Point(plot.minX - Style.tickLength - 3, y), horizontal: .end, vertical: .center,
                         size: Style.tickSize, color: .mutedInk)
        }
        for (value, label) in zip(layout.xTicks.values, layout.xTicks.labels) {
            let x = plot.minX + (value - layout.xTicks.lower) / (layout.xTicks.upper - layout.xTicks.lower) * plot.width
            builder.line(Point(x, plot.minY), Point(x, plot.maxY), Stroke(.grid, width: 1))
            builder.line(Point(x, plot.maxY), Point(x, plot.maxY + Style.tickLength), Stroke(.axis, width: 1))
            builder.text(label, at: Point(x, plot.maxY + Style.tickLength + 2), horizontal: .center, vertical: .top,
                         size: Style.tickSize, color: .mutedInk)
        }
        // Zero line when zero is inside a linear y range.
        if !options.logY, layout.yTicks.lower < 0, layout.yTicks.upper > 0 {
            let y = layout.position(x: layout.xTicks.lower, y: 0, logY: false).y
            builder.line(Point(plot.minX, y), Point(plot.maxX, y), Stroke(.mutedInk, width: 0.75))
        }
        builder.rect(plot, fill: nil, stroke: Stroke(.axis, width: 1))
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        builder.text(options.xLabel, at: Point(plot.center.x, plot.maxY + Style.tickLength + 4 + tickHeight + 4),
                     horizontal: .center, vertical: .top, size: Style.labelSize)
        builder.text(options.yLabel, at: Point(Style.margin, plot.center.y), horizontal: .center, vertical: .top,
                     size: Style.labelSize, rotation: 90)
        // Lines.
        for (index, s) in series.enumerated() {
            let color = s.color ?? Color.series[index % Color.series.count]
            builder.record(s.points.flatMap { [$0.x, $0.y] })
            for path in layout.paths[index] {
                if path.count == 1 {
                    builder.add(.circle(center: path[0], radius: 2.5, fill: color, stroke: nil))
                } else if !path.isEmpty {
                    builder.add(.polyline(path, stroke: Stroke(color, width: 2, dash: s.dashed ? [6, 4] : [])))
                }
            }
        }
        // Legend.
        if !series.isEmpty {
            builder.rect(layout.legend, fill: .white, stroke: Stroke(.grid, width: 1))
            let entryHeight = (layout.legend.height - 8) / Double(series.count)
            for (index, s) in series.enumerated() {
                let color = s.color ?? Color.series[index % Color.series.count]
                let y = layout.legend.minY + 4 + entryHeight * (Double(index) + 0.5)
                builder.add(.polyline([Point(layout.legend.minX + 6, y), Point(layout.legend.minX + 26, y)],
                                      stroke: Stroke(color, width: 2, dash: s.dashed ? [5, 3] : [])))
                builder.text(s.name, at: Point(layout.legend.minX + 32, y), vertical: .center, size: Style.tickSize)
            }
        }
        return builder.figure(kind: kind, size: layout.size, title: Markup.plain(options.title), caption: caption, source: source)
    }

    // MARK: Figures built on line charts

    /// Training loss per kept step of `trace`, plus `extra` series (validation loss, …).
    public static func lossCurve(trace: Trace, extra: [Series] = [], logY: Bool = false) -> Figure {
        let train = Series(name: "train loss", points: trace.steps.map { Point(Double($0.step), $0.loss) })
        var options = LineChartOptions(title: "Loss of \(Markup.escape(trace.model))", xLabel: "step", yLabel: "loss")
        options.logY = logY
        options.subtitle = "\(trace.steps.count) recorded steps · loss \(Markup.escape(trace.architecture.loss)) · optimizer \(Markup.escape(trace.architecture.optimizer))"
        let losses = trace.steps.map(\.loss)
        let caption = "Line chart of the training loss of \(trace.model) over \(trace.steps.count) recorded steps"
            + (losses.isEmpty ? "." : ", from \(NumberFormat.compact(losses.first!, digits: 4)) at step \(trace.steps.first!.step) to \(NumberFormat.compact(losses.last!, digits: 4)) at step \(trace.steps.last!.step)")
            + (extra.isEmpty ? "" : "; also \(extra.map { Markup.plain($0.name) }.joined(separator: ", "))") + (losses.isEmpty ? "" : ".")
        return figure([train] + extra, options: options, caption: caption, source: (trace.model, nil, ["loss"]), kind: "loss")
    }

    /// Loss per step of several runs on one chart.
    public static func compareRuns(_ runs: [(label: String, trace: Trace)], logY: Bool = false) -> Figure {
        let series = runs.map { run in Series(name: Markup.escape(run.label), points: run.trace.steps.map { Point(Double($0.step), $0.loss) }) }
        var options = LineChartOptions(title: "Loss of \(runs.count) runs", xLabel: "step", yLabel: "loss")
        options.logY = logY
        let finals = runs.map { "\($0.label) ends at \(NumberFormat.compact($0.trace.steps.last?.loss ?? .nan, digits: 4))" }
        let caption = "Line chart comparing the training loss of \(runs.count) runs: " + finals.joined(separator: "; ") + "."
        return figure(series, options: options, caption: caption, source: (runs.map(\.trace.model).joined(separator: " vs "), nil, ["loss"]),
                      kind: "compare")
    }

    /// Activation functions and their derivatives, computed here: f solid, f′ dashed, same colour.
    public static func activations(_ functions: [ActivationFunction] = ActivationFunction.allCases, from lower: Double = -4,
                                   to upper: Double = 4, samples: Int = 161) -> Figure {
        var series: [Series] = []
        for (index, function) in functions.enumerated() {
            let color = Color.series[index % Color.series.count]
            let xs = (0..<samples).map { lower + (upper - lower) * Double($0) / Double(samples - 1) }
            series.append(Series(name: function.markup, points: xs.map { Point($0, function.value($0)) }, color: color))
            series.append(Series(name: function.derivativeMarkup, points: xs.map { Point($0, function.derivative($0)) }, color: color, dashed: true))
        }
        var options = LineChartOptions(title: "Activation functions and their derivatives", xLabel: "x", yLabel: "f(x), f′(x)")
        options.plotSize = Size(420, 260)
        options.yRange = ValueRange(-1.25, 1.5)
        let caption = "Line chart of " + functions.map { "\($0.rawValue) (solid) and its derivative (dashed)" }.joined(separator: ", ")
            + " for x from \(NumberFormat.compact(lower)) to \(NumberFormat.compact(upper))."
        return figure(series, options: options, caption: caption, source: ("activations", nil, functions.map(\.rawValue)), kind: "activations")
    }
}

/// Activation functions the renderer plots itself (it never calls the engine).
public enum ActivationFunction: String, CaseIterable, Sendable {
    case sigmoid, tanh, relu

    public func value(_ x: Double) -> Double {
        switch self {
        case .sigmoid: return 1 / (1 + exp(-x))
        case .tanh: return Foundation.tanh(x)
        case .relu: return max(0, x)
        }
    }

    /// The derivative (relu′(0) taken as 0, as the engine does).
    public func derivative(_ x: Double) -> Double {
        switch self {
        case .sigmoid:
            let s = value(x)
            return s * (1 - s)
        case .tanh:
            let t = Foundation.tanh(x)
            return 1 - t * t
        case .relu: return x > 0 ? 1 : 0
        }
    }

    var markup: String {
        switch self {
        case .sigmoid: return "σ(x)"
        case .tanh: return "tanh(x)"
        case .relu: return "relu(x)"
        }
    }

    var derivativeMarkup: String {
        switch self {
        case .sigmoid: return "σ′(x) = σ(1 − σ)"
        case .tanh: return "tanh′(x) = 1 − tanh²"
        case .relu: return "relu′(x)"
        }
    }
}
