import StepwiseWords
import Foundation

/// What the neuron-plane figure draws: the output of one or more neurons of a layer over the
/// input plane of a 2-input network (TensorFlow Playground's per-neuron view). The renderer
/// cannot run a model, so the caller fills each neuron's grid (`DecisionGrid` layout: row 0 at
/// the bottom); `values` are the neuron's outputs a, not probabilities.
public struct NeuronPlaneInput: Sendable {
    /// One neuron: its reader's name ("hidden neuron 2", markup) and its outputs on the grid.
    public struct Panel: Sendable {
        public var name: String
        public var grid: DecisionGrid
        public init(name: String, grid: DecisionGrid) {
            self.name = name
            self.grid = grid
        }
    }

    /// Every panel's grid spans the same ranges.
    public var panels: [Panel]
    /// The training data, drawn on every panel.
    public var points: [LabeledPoint]
    /// The colour scale of the outputs: the activation's range (tanh −1…1, sigmoid 0…1) or,
    /// for unbounded ones, the outputs' own.
    public var range: ValueRange
    public var map: ColorMap = .blueWhiteRed
    /// The output where the neuron switches (tanh 0, sigmoid ½), drawn as a black line; nil
    /// draws none.
    public var switchLevel: Double?
    /// The reader's name of the layer ("hidden layer", "first hidden layer").
    public var layer: String
    /// The activation in words, for the subtitle ("tanh").
    public var activation: String
    public var model: String
    public var step: Int?
    public var xLabel = "x<sub>1</sub>"
    public var yLabel = "x<sub>2</sub>"

    public init(panels: [Panel], points: [LabeledPoint], range: ValueRange, layer: String, activation: String, model: String, step: Int?) {
        self.panels = panels
        self.points = points
        self.range = range
        self.layer = layer
        self.activation = activation
        self.model = model
        self.step = step
    }
}

/// One neuron's output over the input plane, or a small multiple of every neuron of a layer:
/// each panel coloured by the neuron's output a, with the line where the neuron switches and
/// the training points on top, so a reader sees which part of the plane each neuron answers to.
public enum NeuronPlane {
    public static func figure(_ input: NeuronPlaneInput, measurer: TextMeasurer = .pango, edition: Edition = .en) -> Figure {
        precondition(!input.panels.isEmpty, "a neuron plane needs at least one neuron")
        let grid = input.panels[0].grid
        let count = input.panels.count
        let columns = count == 1 ? 1 : count <= 4 ? count : Int(Double(count).squareRoot().rounded(.up))
        let rows = (count + columns - 1) / columns
        let side = count == 1 ? 300.0 : count <= 4 ? 200 : 130
        var builder = FigureBuilder(measurer: measurer)
        let single = count == 1
        let title = single ? ChartWords.neuronPlaneTitle(edition, ["neuron": input.panels[0].name])
                           : ChartWords.neuronPlanesTitle(edition, ["layer": Markup.escape(input.layer)])
        let updates = input.step.map { ($0 == 1 ? ChartWords.afterUpdate : .afterUpdates)(edition, ["n": "\($0)"]) }
        let formula = input.activation.isEmpty ? "a = z" : "a = \(input.activation)(z)"
        let switchWords = input.switchLevel.map { " · " + ChartWords.blackLine(edition, ["formula": "a = \(NumberFormat.compact($0))"]) } ?? ""
        let top = builder.title(title, subtitle: Markup.escape([updates, ChartWords.outputOnGrid(edition, ["formula": formula, "grid": "\(grid.columns)×\(grid.rows)"])]
            .compactMap { $0 }.joined(separator: " · ")) + switchWords + " · " + ChartWords.traceNote(edition, ["trace": Markup.escape(input.model)]))

        let xTicks = Ticks.nice(grid.xRange.lowerBound, grid.xRange.upperBound, target: single ? 5 : 3)
        let yTicks = Ticks.nice(grid.yRange.lowerBound, grid.yRange.upperBound, target: single ? 5 : 3)
        let yLabelWidth = yTicks.labels.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0
        let left = Style.margin + measurer.measure(input.yLabel, size: Style.labelSize).height + 8 + yLabelWidth + Style.tickLength
        let nameHeight = measurer.measure("Ag", size: Style.labelSize, bold: true).height + 4
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        let gap = 14.0
        let cellHeight = nameHeight + side + Style.tickLength + 4 + tickHeight + gap
        let classColors = [Color.series[0], Color.series[1]]
        // Smaller markers on smaller panels, so that the neuron's field stays visible.
        let marker = single ? 5.0 : count <= 4 ? 3.5 : 2.2
        let markerStroke = Stroke(.white, width: count <= 4 ? 1 : 0.5)
        var gridRight = left
        for (index, panel) in input.panels.enumerated() {
            let (row, column) = (index / columns, index % columns)
            let origin = Point(left + Double(column) * (side + gap), top + Double(row) * cellHeight)
            let plot = Rect(x: origin.x, y: origin.y + nameHeight, width: side, height: side)
            gridRight = max(gridRight, plot.maxX)
            builder.text(panel.name, at: Point(plot.minX, plot.minY - 4), vertical: .bottom, size: Style.labelSize, bold: true)
            func position(_ x: Double, _ y: Double) -> Point {
                Point(plot.minX + (x - grid.xRange.lowerBound) / (grid.xRange.upperBound - grid.xRange.lowerBound) * plot.width,
                      plot.maxY - (y - grid.yRange.lowerBound) / (grid.yRange.upperBound - grid.yRange.lowerBound) * plot.height)
            }
            let values = panel.grid.values
            var colors: [Color] = []
            for r in stride(from: panel.grid.rows - 1, through: 0, by: -1) {
                for c in 0..<panel.grid.columns {
                    colors.append(input.map.color(for: values[r * panel.grid.columns + c], in: input.range).mixed(with: .white, 0.25))
                }
            }
            builder.record(values)
            builder.add(.raster(plot, columns: panel.grid.columns, rows: panel.grid.rows, colors: colors, smooth: false))
            if let level = input.switchLevel {
                for (a, b) in DecisionBoundary.contour(panel.grid, threshold: level) {
                    builder.line(position(a.x, a.y), position(b.x, b.y), Stroke(.black, width: single ? 2 : 1.5))
                }
            }
            for point in input.points {
                let center = position(point.x, point.y)
                guard plot.contains(center) else { continue }
                if point.label == 0 {
                    builder.add(.circle(center: center, radius: marker, fill: classColors[0], stroke: markerStroke))
                } else {
                    builder.rect(Rect(x: center.x - marker + 0.5, y: center.y - marker + 0.5, width: 2 * marker - 1, height: 2 * marker - 1),
                                 fill: classColors[1], stroke: markerStroke)
                }
            }
            builder.rect(plot, fill: nil, stroke: Stroke(.axis, width: 1))
            // Ticks on the left column and the bottom panel of each column only.
            if row == rows - 1 || index + columns >= count {
                for (value, label) in zip(xTicks.values, xTicks.labels) where grid.xRange.contains(value) {
                    let x = position(value, grid.yRange.lowerBound).x
                    builder.line(Point(x, plot.maxY), Point(x, plot.maxY + Style.tickLength), Stroke(.axis, width: 1))
                    builder.text(label, at: Point(x, plot.maxY + Style.tickLength + 2), horizontal: .center, vertical: .top,
                                 size: Style.tickSize, color: .mutedInk)
                }
            }
            if column == 0 {
                for (value, label) in zip(yTicks.values, yTicks.labels) where grid.yRange.contains(value) {
                    let y = position(grid.xRange.lowerBound, value).y
                    builder.line(Point(plot.minX - Style.tickLength, y), Point(plot.minX, y), Stroke(.axis, width: 1))
                    builder.text(label, at: Point(plot.minX - Style.tickLength - 3, y), horizontal: .end, vertical: .center,
                                 size: Style.tickSize, color: .mutedInk)
                }
            }
        }
        for point in input.points { builder.record([point.x, point.y, Double(point.label)]) }
        let gridBottom = top + Double(rows) * cellHeight - gap
        let gridCenterX = (left + gridRight) / 2
        builder.text(input.xLabel, at: Point(gridCenterX, gridBottom + 2), horizontal: .center, vertical: .top)
        builder.text(input.yLabel, at: Point(Style.margin, top + (gridBottom - top) / 2), horizontal: .center, vertical: .top, rotation: 90)

        // Legend: the two classes, the switching line, the colour bar.
        let legendX = gridRight + 24
        var y = top + nameHeight + 8
        builder.add(.circle(center: Point(legendX + 6, y), radius: 5, fill: classColors[0], stroke: Stroke(.white, width: 1.5)))
        var legendRight = builder.text(ChartWords.classNumber(edition, ["n": "0"]), at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize).maxX
        y += 20
        builder.rect(Rect(x: legendX + 1.5, y: y - 4.5, width: 9, height: 9), fill: classColors[1], stroke: Stroke(.white, width: 1.5))
        legendRight = max(legendRight, builder.text(ChartWords.classNumber(edition, ["n": "1"]), at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize).maxX)
        if let level = input.switchLevel {
            y += 20
            builder.line(Point(legendX, y), Point(legendX + 12, y), Stroke(.black, width: 2))
            legendRight = max(legendRight, builder.text("a = \(NumberFormat.compact(level))", at: Point(legendX + 18, y), vertical: .center, size: Style.tickSize).maxX)
        }
        let barBox = builder.colorBar(input.map, range: input.range, in: Rect(x: legendX, y: y + 40, width: Style.colorBarWidth, height: 150),
                                      label: ChartWords.outputA(edition))
        let xLabelHeight = measurer.measure(input.xLabel, size: Style.labelSize).height
        let width = max(barBox.maxX, legendRight) + Style.margin
        let height = max(gridBottom + 2 + xLabelHeight, barBox.maxY) + Style.margin

        let all = input.panels.flatMap(\.grid.values)
        let counts = [0, 1].map { label in input.points.filter { $0.label == label }.count }
        let names = input.panels.map { Markup.plain($0.name) }
        let what = single ? ChartWords.neuronPlaneOne(edition, ["formula": formula, "neuron": names[0]])
            : ChartWords.neuronPlaneMany(edition, ["n": "\(count)", "first": names.first!, "last": names.last!, "formula": formula])
        let caption = ChartWords.neuronPlaneCaption(edition, [
            "title": Markup.plain(title), "updates": updates.map { (edition == .en ? " " : "，") + $0 } ?? "", "what": what,
            "xLow": NumberFormat.compact(grid.xRange.lowerBound), "xHigh": NumberFormat.compact(grid.xRange.upperBound),
            "yLow": NumberFormat.compact(grid.yRange.lowerBound), "yHigh": NumberFormat.compact(grid.yRange.upperBound),
            "low": NumberFormat.compact(input.range.lower), "high": NumberFormat.compact(input.range.upper),
            "min": NumberFormat.compact(all.min() ?? 0), "max": NumberFormat.compact(all.max() ?? 0),
            "switch": input.switchLevel.map { ChartWords.switchLine(edition, ["formula": "a = \(NumberFormat.compact($0))"]) } ?? "",
            "count0": "\(counts[0])", "count1": "\(counts[1])"])
        return builder.figure(kind: "neuron-plane", size: Size(width, height), title: Markup.plain(title), caption: caption,
                              source: (input.model, input.step, ["neuron-grid"]))
    }
}
