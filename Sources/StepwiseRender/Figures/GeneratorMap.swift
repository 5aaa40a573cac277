import StepwiseTrace
import StepwiseWords

/// What the generator-map figure draws: a grid of noise points and where a GAN's generator
/// sends it. The renderer cannot run the generator: the caller (the CLI, the lesson builder,
/// a test — which may use the engine) fills it.
public struct GeneratorMapInput: Sendable {
    /// Grid lines in the noise plane (z₁, z₂), each a polyline; `isRow` says which are lines of
    /// constant z₂ (rows) and which of constant z₁ (columns).
    public var noiseLines: [[Point]]
    /// The same lines through the generator, point for point, in the sample plane.
    public var sampleLines: [[Point]]
    public var isRow: [Bool]
    /// Real samples drawn under the warped grid.
    public var real: [Point]
    public var model: String
    public var step: Int?

    public init(noiseLines: [[Point]], sampleLines: [[Point]], isRow: [Bool], real: [Point], model: String, step: Int?) {
        precondition(noiseLines.count == sampleLines.count && noiseLines.count == isRow.count, "one image per grid line")
        self.noiseLines = noiseLines
        self.sampleLines = sampleLines
        self.isRow = isRow
        self.real = real
        self.model = model
        self.step = step
    }
}

public enum GeneratorMap {
    /// Two panels: the noise grid, and the same grid warped by the generator over the real samples.
    public static func figure(_ input: GeneratorMapInput, measurer: TextMeasurer = .pango, edition: Edition = .en) -> Figure {
        var builder = FigureBuilder(measurer: measurer)
        let title = GANWords.mapTitle(edition, ["model": input.model])
        let top = builder.title(Markup.escape(title),
                                subtitle: (input.step.map { GANWords.afterStep(edition, ["step": String($0)]) } ?? "")
                                    + GANWords.mapSubtitle(edition, ["lines": String(input.noiseLines.count)]))
        let rowColor = Color.series[0], columnColor = Color.series[2]
        let side = 260.0
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        var right = 0.0
        var panelLeft = Style.margin
        let panels: [(lines: [[Point]], points: [Point], heading: String, x: String, y: String)] = [
            (input.noiseLines, [], GANWords.noisePanel(edition), "z<sub>1</sub>", "z<sub>2</sub>"),
            (input.sampleLines, input.real, GANWords.samplesPanel(edition), "x<sub>1</sub>", "x<sub>2</sub>"),
        ]
        for panel in panels {
            let all = panel.lines.flatMap { $0 } + panel.points
            let finite = all.filter { $0.x.isFinite && $0.y.isFinite }
            func padded(_ values: [Double]) -> ClosedRange<Double> {
                let (low, high) = (values.min() ?? 0, values.max() ?? 1)
                let pad = max(0.08 * (high - low), 0.1)
                return (low - pad)...(high + pad)
            }
            let (xRange, yRange) = (padded(finite.map(\.x)), padded(finite.map(\.y)))
            let xTicks = Ticks.nice(xRange.lowerBound, xRange.upperBound, target: 5)
            let yTicks = Ticks.nice(yRange.lowerBound, yRange.upperBound, target: 5)
            let yLabelWidth = yTicks.labels.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0
            let left = panelLeft + measurer.measure(panel.y, size: Style.labelSize).height + 8 + yLabelWidth + Style.tickLength
            let headingBox = builder.text(Markup.escape(panel.heading), at: Point(left, top), vertical: .top, size: Style.labelSize, bold: true)
            let plot = Rect(x: left, y: headingBox.maxY + 6, width: side, height: side)
            func position(_ p: Point) -> Point {
                Point(plot.minX + (p.x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width,
                      plot.maxY - (p.y - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height)
            }
            for point in panel.points where point.x.isFinite && point.y.isFinite {
                let c = position(point)
                builder.rect(Rect(x: c.x - 3.5, y: c.y - 3.5, width: 7, height: 7), fill: Color.series[1].mixed(with: .white, 0.3))
                builder.record([point.x, point.y])
            }
            for (line, isRow) in zip(panel.lines, input.isRow) {
                let points = line.filter { $0.x.isFinite && $0.y.isFinite }.map(position)
                guard points.count > 1 else { continue }
                builder.add(.polyline(points, stroke: Stroke(isRow ? rowColor : columnColor, width: 1.5)))
                builder.record(line.flatMap { [$0.x, $0.y] })
            }
            builder.rect(plot, fill: nil, stroke: Stroke(.axis, width: 1))
            for (value, label) in zip(xTicks.values, xTicks.labels) where xRange.contains(value) {
                let x = position(Point(value, yRange.lowerBound)).x
                builder.line(Point(x, plot.maxY), Point(x, plot.maxY + Style.tickLength), Stroke(.axis, width: 1))
                builder.text(label, at: Point(x, plot.maxY + Style.tickLength + 2), horizontal: .center, vertical: .top, size: Style.tickSize, color: .mutedInk)
            }
            for (value, label) in zip(yTicks.values, yTicks.labels) where yRange.contains(value) {
                let y = position(Point(xRange.lowerBound, value)).y
                builder.line(Point(plot.minX - Style.tickLength, y), Point(plot.minX, y), Stroke(.axis, width: 1))
                builder.text(label, at: Point(plot.minX - Style.tickLength - 3, y), horizontal: .end, vertical: .center, size: Style.tickSize, color: .mutedInk)
            }
            builder.text(panel.x, at: Point(plot.center.x, plot.maxY + Style.tickLength + 6 + tickHeight), horizontal: .center, vertical: .top)
            builder.text(panel.y, at: Point(panelLeft, plot.center.y), horizontal: .center, vertical: .top, rotation: 90)
            right = max(plot.maxX, headingBox.maxX)
            panelLeft = right + 30
        }
        let plotBottom = top + measurer.measure("x", size: Style.labelSize, bold: true).height + 6 + side
        let legendY = plotBottom + Style.tickLength + 6 + tickHeight + measurer.measure("x", size: Style.labelSize).height + 10
        var x = Style.margin
        for (name, color, square) in [(GANWords.constantZ2(edition), rowColor, false), (GANWords.constantZ1(edition), columnColor, false),
                                      (GANWords.realSamples(edition), Color.series[1].mixed(with: .white, 0.3), true)] {
            if square {
                builder.rect(Rect(x: x, y: legendY - 3.5, width: 7, height: 7), fill: color)
            } else {
                builder.line(Point(x, legendY), Point(x + 16, legendY), Stroke(color, width: 2))
            }
            x = builder.text(name, at: Point(x + 22, legendY), vertical: .center, size: Style.tickSize).maxX + 18
        }
        let caption = GANWords.mapCaption(edition, [
            "title": title, "after": input.step.map { GANWords.mapCaptionStep(edition, ["step": String($0)]) } ?? "",
            "rows": String(input.isRow.filter { $0 }.count), "columns": String(input.isRow.filter { !$0 }.count), "real": String(input.real.count),
        ])
        return builder.figure(kind: "generator-map", size: Size(max(right, x) + Style.margin, legendY + 10 + Style.margin), title: title,
                              caption: caption, source: (input.model, input.step, ["generator"]))
    }
}
