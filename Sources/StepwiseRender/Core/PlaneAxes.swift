/// The axes of a plot over a plane of data (x across, y up), shared by the figures that shade a
/// grid over two quantities: the frame, the ticks inside the ranges with their labels, and the
/// axis titles (x under the plot, y rotated at the left margin).
extension FigureBuilder {
    /// Draws the frame of `plot` and its axes for `xRange` × `yRange` with `xTicks`, `yTicks`;
    /// returns the height the tick labels take under the plot.
    @discardableResult
    public mutating func planeAxes(_ plot: Rect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, xTicks: Ticks, yTicks: Ticks,
                                   xLabel: String, yLabel: String) -> Double {
        rect(plot, fill: nil, stroke: Stroke(.axis, width: 1))
        for (value, label) in zip(xTicks.values, xTicks.labels) where xRange.contains(value) {
            let x = plot.minX + (value - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound) * plot.width
            line(Point(x, plot.maxY), Point(x, plot.maxY + Style.tickLength), Stroke(.axis, width: 1))
            text(label, at: Point(x, plot.maxY + Style.tickLength + 2), horizontal: .center, vertical: .top, size: Style.tickSize, color: .mutedInk)
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) where yRange.contains(value) {
            let y = plot.maxY - (value - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound) * plot.height
            line(Point(plot.minX - Style.tickLength, y), Point(plot.minX, y), Stroke(.axis, width: 1))
            text(label, at: Point(plot.minX - Style.tickLength - 3, y), horizontal: .end, vertical: .center, size: Style.tickSize, color: .mutedInk)
        }
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        text(xLabel, at: Point(plot.center.x, plot.maxY + Style.tickLength + 6 + tickHeight), horizontal: .center, vertical: .top)
        text(yLabel, at: Point(Style.margin, plot.center.y), horizontal: .center, vertical: .top, rotation: 90)
        return tickHeight
    }
}
