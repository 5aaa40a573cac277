import StepwiseTrace
import StepwiseWords

/// Figures of a GAN trace (`architecture.networks`) that need the trace alone.
public enum GANFigures {
    /// What the discriminator says in step `step`'s last discriminator update (nil: the last
    /// step): histograms of D(x) on 0…1 in ten bins, the real rows and the generated rows side
    /// by side in each bin, with ½ — the output that cannot tell them apart — dashed.
    public static func discriminatorOutputs(trace: Trace, step: Int?, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        guard let networks = trace.architecture.networks, networks.count == 2,
              let last = trace.architecture.layers.last, trace.architecture.layers.count == networks[0].layerCount + networks[1].layerCount else {
            throw RenderError.invalidInput("discriminator-outputs needs the trace of a GAN spec (kind: gan); \(trace.model) is a single model")
        }
        let number = step ?? trace.steps.last?.step ?? 0
        guard let update = trace.steps.last(where: { $0.step == number && $0.phase == "discriminator" }) else {
            throw RenderError.invalidInput("step \(number) of \(trace.model) has no recorded discriminator update")
        }
        guard let outputs = update.outputs[last.name], outputs.data.count % 2 == 0, !outputs.data.isEmpty else {
            throw RenderError.invalidInput("discriminator-outputs needs a trace recorded at the layers or ops level (the discriminator's outputs)")
        }
        let rows = outputs.data.count / 2
        let bins = 10
        func counts(_ values: ArraySlice<Double>) -> [Int] {
            var counts = [Int](repeating: 0, count: bins)
            for value in values where value.isFinite { counts[min(bins - 1, max(0, Int(value * Double(bins))))] += 1 }
            return counts
        }
        let real = counts(outputs.data[0..<rows])
        let generated = counts(outputs.data[rows...])

        var builder = FigureBuilder(measurer: measurer)
        let title = GANWords.outputsTitle(edition, ["model": trace.model])
        let top = builder.title(Markup.escape(title), subtitle: GANWords.outputsSubtitle(edition, ["step": String(number), "rows": String(rows)]))
        let samples = GANWords.samplesAxis(edition)
        let yTicks = Ticks.nice(0, Double(max(real.max()!, generated.max()!, 1)), target: 5, integers: true)
        let yLabelWidth = yTicks.labels.map { measurer.width($0, size: Style.tickSize) }.max() ?? 0
        let left = Style.margin + measurer.measure(samples, size: Style.labelSize).height + 8 + yLabelWidth + Style.tickLength
        let plot = Rect(x: left, y: top + 6, width: 360, height: 220)
        let yTop = yTicks.values.last ?? 1
        func x(_ value: Double) -> Double { plot.minX + value * plot.width }
        func y(_ count: Double) -> Double { plot.maxY - count / yTop * plot.height }
        let colors = (real: Color.series[1], generated: Color.series[0])
        let binWidth = plot.width / Double(bins)
        for bin in 0..<bins {
            let start = plot.minX + Double(bin) * binWidth
            for (offset, count, color) in [(0.1, real[bin], colors.real), (0.5, generated[bin], colors.generated)] where count > 0 {
                builder.rect(Rect(x: start + offset * binWidth, y: y(Double(count)), width: 0.4 * binWidth, height: plot.maxY - y(Double(count))),
                             fill: color)
            }
        }
        builder.record(real.map(Double.init) + generated.map(Double.init))
        builder.add(.polyline([Point(x(0.5), plot.minY), Point(x(0.5), plot.maxY)], stroke: Stroke(.mutedInk, width: 1.5, dash: [5, 4])))
        builder.rect(plot, fill: nil, stroke: Stroke(.axis, width: 1))
        for value in stride(from: 0.0, through: 1.0, by: 0.2) {
            builder.line(Point(x(value), plot.maxY), Point(x(value), plot.maxY + Style.tickLength), Stroke(.axis, width: 1))
            builder.text(NumberFormat.compact(value), at: Point(x(value), plot.maxY + Style.tickLength + 2), horizontal: .center, vertical: .top,
                         size: Style.tickSize, color: .mutedInk)
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            builder.line(Point(plot.minX - Style.tickLength, y(value)), Point(plot.minX, y(value)), Stroke(.axis, width: 1))
            builder.text(label, at: Point(plot.minX - Style.tickLength - 3, y(value)), horizontal: .end, vertical: .center,
                         size: Style.tickSize, color: .mutedInk)
        }
        let tickHeight = measurer.measure("0", size: Style.tickSize).height
        builder.text(GANWords.probabilityAxis(edition), at: Point(plot.center.x, plot.maxY + Style.tickLength + 6 + tickHeight),
                     horizontal: .center, vertical: .top)
        builder.text(samples, at: Point(Style.margin, plot.center.y), horizontal: .center, vertical: .top, rotation: 90)
        let legendX = plot.maxX + 20
        var legendRight = legendX
        for (index, (name, color)) in [(GANWords.realSamples(edition), colors.real), (GANWords.generatedSamples(edition), colors.generated)].enumerated() {
            let rowY = plot.minY + 8 + 20 * Double(index)
            builder.rect(Rect(x: legendX, y: rowY - 5, width: 12, height: 10), fill: color)
            legendRight = max(legendRight, builder.text(name, at: Point(legendX + 18, rowY), vertical: .center, size: Style.tickSize).maxX)
        }
        let halfY = plot.minY + 48
        builder.add(.polyline([Point(legendX, halfY), Point(legendX + 12, halfY)], stroke: Stroke(.mutedInk, width: 1.5, dash: [5, 4])))
        legendRight = max(legendRight, builder.text(GANWords.cannotTell(edition), at: Point(legendX + 18, halfY), vertical: .center, size: Style.tickSize).maxX)
        func spelled(_ counts: [Int]) -> String {
            counts.enumerated().filter { $0.element > 0 }.map {
                GANWords.countInBin(edition, ["count": String($0.element), "low": NumberFormat.compact(Double($0.offset) / 10),
                                              "high": NumberFormat.compact(Double($0.offset + 1) / 10)])
            }.joined(separator: ChartWords.comma(edition))
        }
        let caption = GANWords.outputsCaption(edition, ["step": String(number), "model": trace.model, "real": spelled(real), "generated": spelled(generated)])
        let height = plot.maxY + Style.tickLength + 6 + tickHeight + measurer.measure("x", size: Style.labelSize).height + Style.margin
        return builder.figure(kind: "discriminator-outputs", size: Size(legendRight + Style.margin, height), title: title, caption: caption,
                              source: (trace.model, number, [last.name]))
    }
}
