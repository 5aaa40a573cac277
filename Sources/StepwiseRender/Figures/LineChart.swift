import Foundation
import StepwiseTrace
import StepwiseWords

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
    /// The top of the y axis at most: a line that climbs above it leaves the chart through the
    /// top edge, where an arrow marks it (for runs that blow up).
    public var yMax: Double?
    /// The x axis counts training steps: ticks on whole numbers only (a two-step run gets 1
    /// and 2, not 1.0, 1.2, … 2.0).
    public var stepAxis = false
    /// What x counts (training steps or updates made), for the words drawn on the chart.
    public var clock: LineChart.LossRun.Clock = .steps
    /// A point singled out on the chart (early stopping's best step): a dotted vertical line,
    /// a ring around the point and its label.
    public var marker: LineChart.Marker?
    /// The edition of the words the chart writes itself (where a line stops being finite).
    public var edition: Edition = .en

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
        return Point(plot.minX + xTicks.fraction(of: x) * plot.width, plot.maxY - yTicks.fraction(of: yy) * plot.height)
    }
}

/// Line charts with nice ticks, axis labels, grid and legend: loss curves, activation
/// functions and their derivatives, comparisons of runs.
public enum LineChart {
    public static func layout(_ series: [Series], options: LineChartOptions, top: Double, measurer: TextMeasurer) -> LineChartLayout {
        let xs = series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)
        var ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        if let yMax = options.yMax {
            ys = ys.map { Swift.min($0, yMax) }
        }
        if options.logY { ys = ys.filter { $0 > 0 }.map(log10) }
        let xTicks = Ticks.nice(xs.min() ?? 0, xs.max() ?? 1, target: 6, integers: options.stepAxis)
        var yTicks = Ticks.nice(options.yRange?.lower ?? ys.min() ?? 0, options.yRange?.upper ?? ys.max() ?? 1, target: 5)
        if options.logY {
            // Whole decades; every 2nd, 5th, 10th, … decade when there are many.
            let low = floor(ys.min() ?? 0)
            let high = max(low + 1, ceil(ys.max() ?? 1))
            let step = [1.0, 2, 5, 10, 20, 50, 100].first { (high - low) / $0 <= 8 } ?? 100
            let first = floor(low / step) * step
            let last = ceil(high / step) * step
            yTicks = Ticks(values: stride(from: first, through: last, by: step).map { $0 }, step: step, decimals: 0)
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

    /// The x positions (figure units) where a series climbs out through the top of the plot (or
    /// starts above it).
    static func exits(_ series: Series, layout: LineChartLayout, logY: Bool) -> [Double] {
        let top = layout.plot.minY - 0.5
        let points = series.points.filter { $0.x.isFinite && $0.y.isFinite && (!logY || $0.y > 0) }
            .map { layout.position(x: $0.x, y: $0.y, logY: logY) }
        var result: [Double] = []
        if let first = points.first, first.y < top { result.append(first.x) }
        for (a, b) in zip(points, points.dropFirst()) where a.y >= top && b.y < top {
            result.append(a.x + (b.x - a.x) * (top - a.y) / (b.y - a.y))
        }
        return result
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
            let y = plot.maxY - layout.yTicks.fraction(of: value) * plot.height
            builder.line(Point(plot.minX, y), Point(plot.maxX, y), Stroke(.grid, width: 1))
            builder.line(Point(plot.minX - Style.tickLength, y), Point(plot.minX, y), Stroke(.axis, width: 1))
            builder.text(label, at: Point(plot.minX - Style.tickLength - 3, y), horizontal: .end, vertical: .center,
                         size: Style.tickSize, color: .mutedInk)
        }
        for (value, label) in zip(layout.xTicks.values, layout.xTicks.labels) {
            let x = plot.minX + layout.xTicks.fraction(of: value) * plot.width
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
            // Where the line leaves through the top: an arrow pointing up.
            for x in options.yMax == nil ? [] : exits(s, layout: layout, logY: options.logY) {
                builder.add(.arrow(from: Point(x, plot.minY + 16), to: Point(x, plot.minY + 1), stroke: Stroke(color, width: 2), head: 6))
            }
            // Where the values stop being numbers: a dotted line and what they became.
            if let bad = s.points.first(where: { !$0.y.isFinite && $0.x.isFinite }) {
                let x = layout.position(x: bad.x, y: 1, logY: false).x
                builder.line(Point(x, plot.minY), Point(x, plot.maxY), Stroke(color, width: 1.5, dash: [2, 3]))
                // Left of the line, or right of it when there is no room on the left.
                let label = ChartWords.nonFiniteLabel(options.edition, ["value": NumberFormat.compact(bad.y), "when": LineChart.when(bad.x, options.clock, options.edition)])
                let left = measurer.width(label, size: Style.labelSize, bold: true) + 30 < x - plot.minX
                builder.text(label, at: Point(left ? x - 4 : x + 4, plot.minY + 20), horizontal: left ? .end : .start, vertical: .top,
                             size: Style.labelSize, color: color, bold: true)
            }
        }
        if let marker = options.marker, marker.x.isFinite, marker.y.isFinite {
            drawMarker(marker, layout: layout, logY: options.logY, builder: &builder, measurer: measurer)
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

    /// Training loss per kept step of `trace` (or the `train` points given, named `trainLabel`),
    /// plus `extra` series (validation, …); `markBest` rings the lowest point of the training
    /// curve or of the first extra one (early stopping's best step).
    public static func lossCurve(trace: Trace, train points: [Point]? = nil, trainLabel: String? = nil, extra: [Series] = [],
                                 logY: Bool = false, yMax: Double? = nil, clock: LossRun.Clock = .steps,
                                 markBest: MarkedCurve? = nil, edition: Edition = .en) -> Figure {
        if trace.architecture.networks != nil && points == nil && extra.isEmpty { return ganLosses(trace: trace, logY: logY, yMax: yMax, edition: edition) }
        let trainLabel = trainLabel ?? ChartWords.trainLoss(edition)
        let train = Series(name: Markup.escape(trainLabel), points: points ?? trace.steps.map { Point(Double($0.step), $0.loss) })
        var options = LineChartOptions(title: ChartWords.lossTitle(edition), xLabel: clock.axisTitle(edition), yLabel: CommonWords.loss(edition))
        options.clock = clock
        options.edition = edition
        options.stepAxis = true
        options.logY = logY
        options.yMax = yMax
        options.subtitle = ChartWords.lossSubtitle(edition, ["n": "\(trace.steps.count)", "loss": ReaderLabel.loss(trace.architecture.loss, edition),
                                                            "optimizer": Markup.escape(ReaderLabel.optimizer(trace.architecture.optimizer, edition)), "trace": Markup.escape(trace.model)])
        if let markBest {
            let marked = markBest == .train ? train : extra.first
            options.marker = marked.flatMap { lowest($0.points) }.map {
                Marker(x: $0.x, y: $0.y, label: ChartWords.lowestMarker(edition, ["words": markBest.words(edition), "when": when($0.x, clock, edition)]),
                       color: marked?.color ?? .black)
            }
        }
        let losses = trace.steps.map(\.loss)
        let model = ReaderLabel(trace.architecture, edition: edition).model
        let caption = (points == nil ? ChartWords.lossCaption(edition, ["model": model, "n": "\(trace.steps.count)"])
                       : ChartWords.lossCaptionNamed(edition, ["name": trainLabel, "model": model, "n": "\(trace.steps.count)"]))
            + (losses.isEmpty ? ChartWords.period(edition) : ChartWords.comma(edition) + runSummary(train.points, clock: clock, edition))
            + extra.map { ChartWords.runSummaryNamed(edition, ["name": Markup.plain($0.name), "summary": runSummary($0.points, clock: clock, edition)]) }.joined()
            + clipNote(yMax, edition)
            + (options.marker.map { ChartWords.markerNote(edition, ["label": $0.label, "value": NumberFormat.compact($0.y, digits: 4)]) } ?? "")
            + (losses.isEmpty ? "" : ChartWords.period(edition))
        return figure([train] + extra, options: options, caption: caption, source: (trace.model, nil, ["loss"]), kind: "loss")
    }

    /// A GAN trace's two losses per recorded step — the discriminator's (the mean over the
    /// step's discriminator updates) and the generator's — with ln 2 ≈ 0.693 dashed: each loss's
    /// value when the discriminator outputs ½ everywhere, the game's equilibrium.
    public static func ganLosses(trace: Trace, logY: Bool = false, yMax: Double? = nil, edition: Edition = .en) -> Figure {
        var discriminator: [Point] = []
        var generator: [Point] = []
        var pending: [Double] = []
        for record in trace.steps {
            if record.phase == "generator" {
                generator.append(Point(Double(record.step), record.loss))
                if !pending.isEmpty { discriminator.append(Point(Double(record.step), pending.reduce(0, +) / Double(pending.count))) }
                pending = []
            } else {
                pending.append(record.loss)
            }
        }
        if let last = trace.steps.last, !pending.isEmpty {
            discriminator.append(Point(Double(last.step), pending.reduce(0, +) / Double(pending.count)))
        }
        let steps = (discriminator + generator).map(\.x)
        let equilibrium = log(2.0)
        let span = [steps.min() ?? 1, steps.max() ?? 1]
        let series = [
            Series(name: ChartWords.discriminatorLoss(edition), points: discriminator, color: Color.series[0]),
            Series(name: ChartWords.generatorLoss(edition), points: generator, color: Color.series[1]),
            Series(name: ChartWords.equilibriumLine(edition), points: span.map { Point($0, equilibrium) }, color: .mutedInk, dashed: true),
        ]
        var options = LineChartOptions(title: ChartWords.ganLossTitle(edition, ["model": Markup.escape(trace.model)]), xLabel: ChartWords.stepAxis(edition),
                                       yLabel: CommonWords.loss(edition))
        options.edition = edition
        options.stepAxis = true
        options.logY = logY
        options.yMax = yMax
        let recorded = Set(trace.steps.map(\.step)).count
        options.subtitle = ChartWords.ganLossSubtitle(edition, ["n": "\(recorded)", "optimizer": Markup.escape(trace.architecture.optimizer)])
        let caption = ChartWords.ganLossCaption(edition, ["model": trace.model, "n": "\(recorded)", "discriminator": runSummary(discriminator, edition: edition),
                                                          "generator": runSummary(generator, edition: edition), "clip": clipNote(yMax, edition)])
        return figure(series, options: options, caption: caption, source: (trace.model, nil, ["generator/loss/mean", "discriminator/loss/mean"]),
                      kind: "loss")
    }

    /// Accuracy per recorded step on 0…1, one line per series (a validation curve dashed in
    /// its run's colour). `measured` says what the accuracy was measured on ("on each recorded
    /// step's batch"); `scopes` are the figure's source scopes. Reports and lessons both draw it.
    public static func accuracyCurve(model: String, series: [Series], subtitle: String, measured: String,
                                     scopes: [String] = ["loss/targets"], clock: LossRun.Clock = .steps, edition: Edition = .en) -> Figure {
        var options = LineChartOptions(title: ChartWords.accuracyTitle(edition), xLabel: clock.axisTitle(edition), yLabel: CommonWords.accuracy(edition))
        options.clock = clock
        options.edition = edition
        options.stepAxis = true
        options.subtitle = subtitle + " · " + ChartWords.traceNote(edition, ["trace": Markup.escape(model)])
        options.yRange = ValueRange(0, 1)
        let summaries = series.map { line -> String in
            let summary: String
            if let first = line.points.first, let last = line.points.last {
                summary = ChartWords.accuracyFromTo(edition, ["first": NumberFormat.compact(first.y, digits: 3), "firstWhen": when(first.x, clock, edition),
                                                              "last": NumberFormat.compact(last.y, digits: 3), "lastWhen": when(last.x, clock, edition)])
            } else {
                summary = ChartWords.withNoSteps(edition)
            }
            guard series.count > 1 else { return summary }
            return line.dashed ? ChartWords.dashedSeries(edition, ["name": Markup.plain(line.name), "summary": summary])
                : ChartWords.runEnd(edition, ["label": Markup.plain(line.name), "end": summary])
        }
        let caption = (series.count == 1 ? ChartWords.accuracyCaption : .accuracyCaptionMany)(edition, [
            "measured": measured, "summaries": summaries.joined(separator: edition == .zh ? "；" : "; ")])
        return figure(series, options: options, caption: caption, source: (model, nil, scopes), kind: "accuracy")
    }

    /// One run of a comparison: its label, its trace, the loss drawn per step (the trace's
    /// own by default), and optionally a second curve (the loss on validation data at each kept
    /// step), drawn dashed in the run's colour.
    public struct LossRun: Equatable, Sendable {
        /// What a point's x counts: the training step it was recorded in, or the updates made to
        /// the parameters it was computed with (lessons: 0 for the untrained network).
        public enum Clock: Equatable, Sendable {
            case steps, updates

            /// The x axis's title.
            public func axisTitle(_ edition: Edition = .en) -> String { (self == .steps ? ChartWords.trainingStepAxis : .updatesMadeAxis)(edition) }
        }

        public var label: String
        public var trace: Trace
        public var points: [Point]
        public var validation: [Point]?
        public var clock: Clock

        public init(label: String, trace: Trace, points: [Point]? = nil, validation: [Point]? = nil, clock: Clock = .steps) {
            self.label = label
            self.trace = trace
            self.points = points ?? trace.steps.map { Point(Double($0.step), $0.loss) }
            self.validation = validation
            self.clock = clock
        }
    }

    /// Loss per step of several runs on one chart.
    public static func compareRuns(_ runs: [(label: String, trace: Trace)], logY: Bool = false) -> Figure {
        compareRuns(runs.map { LossRun(label: $0.label, trace: $0.trace) }, logY: logY)
    }

    /// Loss per step of several runs on one chart; runs with validation points get a dashed
    /// second line named "<label> · <validationLabel>". Non-finite losses end a line with a
    /// dotted marker; with `yMax`, lines that climb above it leave through the top, marked
    /// with an arrow.
    public static func compareRuns(_ runs: [LossRun], validationLabel: String? = nil, logY: Bool = false,
                                   yMax: Double? = nil, edition: Edition = .en) -> Figure {
        let validationLabel = validationLabel ?? CommonWords.validation(edition)
        var series: [Series] = []
        var summaries: [String] = []
        for (index, run) in runs.enumerated() {
            let color = Color.series[index % Color.series.count]
            let points = run.points
            series.append(Series(name: Markup.escape(run.label), points: points, color: color))
            summaries.append(ChartWords.runEnd(edition, ["label": run.label, "end": endSummary(points, clock: run.clock, edition)]))
            if let validation = run.validation {
                series.append(Series(name: Markup.escape(ChartWords.validationNamed(edition, ["label": run.label, "validation": validationLabel])),
                                     points: validation, color: color, dashed: true))
                summaries.append(ChartWords.runValidationEnd(edition, ["validation": validationLabel, "end": endSummary(validation, clock: run.clock, edition)]))
            }
        }
        let clock = runs.allSatisfy { $0.clock == .updates } ? LossRun.Clock.updates : .steps
        var options = LineChartOptions(title: ChartWords.compareTitle(edition, ["n": "\(runs.count)"]), xLabel: clock.axisTitle(edition),
                                       yLabel: CommonWords.loss(edition))
        options.clock = clock
        options.edition = edition
        options.stepAxis = true
        options.logY = logY
        options.yMax = yMax
        let caption = ChartWords.compareCaption(edition, ["n": "\(runs.count)", "summaries": summaries.joined(separator: edition == .zh ? "；" : "; "),
                                                          "clip": clipNote(yMax, edition)])
        return figure(series, options: options, caption: caption, source: (runs.map(\.trace.model).joined(separator: " vs "), nil, ["loss"]),
                      kind: "compare")
    }

    /// Which curve of a loss chart `markBest` rings at its lowest point.
    public enum MarkedCurve: String, CaseIterable, Sendable {
        case train, validation

        /// The curve's quantity in the marker's label.
        func words(_ edition: Edition) -> String { (self == .train ? ChartWords.trainingLoss : .validationLoss)(edition) }
    }

    /// A point singled out on a line chart, with its label (markup) drawn in `color`.
    public struct Marker: Equatable, Sendable {
        public var x: Double
        public var y: Double
        public var label: String
        public var color: Color

        public init(x: Double, y: Double, label: String, color: Color) {
            self.x = x
            self.y = y
            self.label = label
            self.color = color
        }
    }

    /// The finite point with the smallest y (the first of equal ones), or nil.
    public static func lowest(_ points: [Point]) -> Point? {
        points.filter { $0.x.isFinite && $0.y.isFinite }.min { $0.y < $1.y }
    }

    /// A dotted vertical line through the marker's x, a ring around its point and its label at
    /// the top of the plot, left of the line or right of it when there is no room on the left.
    private static func drawMarker(_ marker: Marker, layout: LineChartLayout, logY: Bool, builder: inout FigureBuilder, measurer: TextMeasurer) {
        guard !logY || marker.y > 0 else { return }
        let plot = layout.plot
        let point = layout.position(x: marker.x, y: marker.y, logY: logY)
        guard plot.insetBy(-1, -1).contains(point) else { return }
        builder.line(Point(point.x, plot.minY), Point(point.x, plot.maxY), Stroke(marker.color, width: 1.5, dash: [2, 3]))
        builder.add(.circle(center: point, radius: 6, fill: nil, stroke: Stroke(marker.color, width: 2)))
        let width = measurer.width(marker.label, size: Style.tickSize, bold: true)
        let left = width + 8 < point.x - plot.minX
        builder.text(marker.label, at: Point(left ? point.x - 5 : point.x + 5, plot.minY + 6), horizontal: left ? .end : .start, vertical: .top,
                     size: Style.tickSize, color: marker.color, bold: true)
        builder.record([marker.x, marker.y])
    }

    /// "from A at step 1 to B at step N", or where the values stopped being finite.
    static func runSummary(_ points: [Point], clock: LossRun.Clock = .steps, _ edition: Edition = .en) -> String {
        guard let first = points.first, let last = points.last else { return ChartWords.withNoSteps(edition) }
        if let nonFinite = nonFiniteSummary(points, clock: clock, edition) {
            return ChartWords.fromBecomes(edition, ["firstValue": value(first), "firstWhen": when(first.x, clock, edition), "becomes": nonFinite])
        }
        return ChartWords.fromTo(edition, ["firstValue": value(first), "firstWhen": when(first.x, clock, edition),
                                           "lastValue": value(last), "lastWhen": when(last.x, clock, edition)])
    }

    static func runSummary(_ points: [Point], edition: Edition) -> String { runSummary(points, clock: .steps, edition) }

    /// "ends at B", or where the values stopped being finite.
    static func endSummary(_ points: [Point], clock: LossRun.Clock = .steps, _ edition: Edition = .en) -> String {
        guard let last = points.last else { return ChartWords.hasNoSteps(edition) }
        return nonFiniteSummary(points, clock: clock, edition) ?? ChartWords.endsAt(edition, ["value": value(last)])
    }

    /// A loss as captions write it: "0.25".
    private static func value(_ p: Point) -> String { NumberFormat.compact(p.y, digits: 4) }

    /// "at step 3", or on the updates clock "after 3 updates".
    static func when(_ x: Double, _ clock: LossRun.Clock, _ edition: Edition = .en) -> String {
        let count = ["n": NumberFormat.compact(x)]
        return clock == .steps ? ChartWords.atStep(edition, count) : (x == 1 ? ChartWords.afterUpdate : .afterUpdates)(edition, count)
    }

    private static func nonFiniteSummary(_ points: [Point], clock: LossRun.Clock, _ edition: Edition) -> String? {
        guard let bad = points.firstIndex(where: { !$0.y.isFinite }) else { return nil }
        var words = ["value": NumberFormat.compact(points[bad].y), "when": when(points[bad].x, clock, edition)]
        guard bad > 0 else { return ChartWords.becomes(edition, words) }
        words["previousValue"] = value(points[bad - 1])
        words["previousWhen"] = when(points[bad - 1].x, clock, edition)
        return (clock == .steps ? ChartWords.becomesAfter : .becomesBefore)(edition, words)
    }

    static func clipNote(_ yMax: Double?, _ edition: Edition = .en) -> String {
        yMax.map { ChartWords.clipNote(edition, ["value": NumberFormat.compact($0)]) } ?? ""
    }

    /// Activation functions and their derivatives, computed here: f solid, f′ dashed, same colour.
    public static func activations(_ functions: [ActivationFunction] = ActivationFunction.allCases, from lower: Double = -4,
                                   to upper: Double = 4, samples: Int = 161, edition: Edition = .en) -> Figure {
        var series: [Series] = []
        for (index, function) in functions.enumerated() {
            let color = Color.series[index % Color.series.count]
            let xs = (0..<samples).map { lower + (upper - lower) * Double($0) / Double(samples - 1) }
            series.append(Series(name: function.markup, points: xs.map { Point($0, function.value($0)) }, color: color))
            series.append(Series(name: function.derivativeMarkup, points: xs.map { Point($0, function.derivative($0)) }, color: color, dashed: true))
        }
        var options = LineChartOptions(title: ChartWords.activationsTitle(edition), xLabel: ChartWords.netInputZ(edition), yLabel: "a = f(z), f′(z)")
        options.plotSize = Size(420, 260)
        options.yRange = ValueRange(-1.25, 1.5)
        let caption = ChartWords.activationsCaption(edition, [
            "parts": functions.map { ChartWords.activationsPart(edition, ["name": $0.rawValue]) }.joined(separator: ChartWords.comma(edition)),
            "lower": NumberFormat.compact(lower), "upper": NumberFormat.compact(upper)])
        return figure(series, options: options, caption: caption, source: ("activations", nil, functions.map(\.rawValue)), kind: "activations")
    }
}

extension LineChart {
    /// The loss of one prediction y of a sigmoid output against the target 1 — squared error
    /// (1 − y)² and cross-entropy −log y (solid) — and the size of the gradient each sends back
    /// to the output's net input z (dashed): 2(1 − y)·y(1 − y) and 1 − y. Computed here.
    public static func lossFunctions(samples: Int = 200, edition: Edition = .en) -> Figure {
        let ys = (1...samples).map { Double($0) / Double(samples) }
        let mse = Color.series[0], crossEntropy = Color.series[1]
        let series = [
            Series(name: ChartWords.squaredError(edition), points: ys.map { Point($0, (1 - $0) * (1 - $0)) }, color: mse),
            Series(name: "|∂L/∂z| = 2(1 − ŷ)·ŷ(1 − ŷ)", points: ys.map { Point($0, 2 * (1 - $0) * $0 * (1 - $0)) }, color: mse, dashed: true),
            Series(name: ChartWords.crossEntropy(edition), points: ys.map { Point($0, -Foundation.log($0)) }, color: crossEntropy),
            Series(name: "|∂L/∂z| = 1 − ŷ", points: ys.map { Point($0, 1 - $0) }, color: crossEntropy, dashed: true),
        ]
        var options = LineChartOptions(title: ChartWords.lossFunctionsTitle(edition), xLabel: ChartWords.predictionAxis(edition), yLabel: "L, |∂L/∂z|")
        options.plotSize = Size(420, 260)
        options.yRange = ValueRange(0, 3)
        let caption = ChartWords.lossFunctionsCaption(edition, ["lowest": NumberFormat.compact(ys[0])])
        return figure(series, options: options, caption: caption, source: ("loss-functions", nil, ["mse", "binary_crossentropy"]), kind: "loss-functions")
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
        case .sigmoid: return "σ(z)"
        case .tanh: return "tanh(z)"
        case .relu: return "ReLU(z)"
        }
    }

    var derivativeMarkup: String {
        switch self {
        case .sigmoid: return "σ′(z) = σ(1 − σ)"
        case .tanh: return "tanh′(z) = 1 − tanh²"
        case .relu: return "ReLU′(z)"
        }
    }
}
