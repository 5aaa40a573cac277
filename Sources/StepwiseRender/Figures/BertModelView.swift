import StepwiseWords

/// The model view: every layer's every head as a small attention map (T query rows × T key
/// columns, weight 0 to 1), layers down and heads across. Tokens label the outer axes only:
/// query tokens left of the first column, key tokens under the last row.
public enum BertModelView {
    /// `heads` from 1 (empty: every head).
    public static func figure(_ view: BertTraceView, heads: [Int] = [], measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let heads = try view.checked(layer: 1, heads: heads)
        let layers = Array(1...view.layerCount)
        let count = view.tokens.count
        let tokens = view.tokens.map(Markup.escape)
        let cell = max(4, min(12, (110 / Double(count)).rounded(.down)))
        let showTokens = cell >= 10
        let gap = 8.0
        let map = Double(count) * cell
        var builder = FigureBuilder(measurer: measurer)
        let title = heads.count == view.headCount ? BertWords.modelViewAllTitle(edition)
            : BertWords.modelViewHeadsTitle(edition, ["list": heads.map(String.init).joined(separator: ChartWords.enumerationComma(edition))])
        var y = builder.title(title, subtitle: BertWords.modelViewSubtitle(edition, [
            "trace": ChartWords.traceNote(edition, ["trace": "encoder/layer…/attention/head…/weights"]),
        ]))
        let layerLabelWidth = measurer.width(BertWords.layerNumber(edition, ["n": String(view.layerCount)]), size: Style.labelSize, bold: true) + 10
        let tokenWidth = showTokens ? (tokens.map { measurer.width($0, size: Style.smallSize) }.max() ?? 0) + 4 : 0
        let left = Style.margin + layerLabelWidth + tokenWidth
        for (column, head) in heads.enumerated() {
            builder.text(BertWords.head(edition, ["n": String(head)]), at: Point(left + Double(column) * (map + gap) + map / 2, y), horizontal: .center, vertical: .top,
                         size: Style.smallSize, bold: true)
        }
        y += measurer.measure(BertWords.head(edition, ["n": "1"]), size: Style.smallSize, bold: true).height + 6
        for (row, layer) in layers.enumerated() {
            let top = y + Double(row) * (map + gap)
            builder.text(BertWords.layerNumber(edition, ["n": String(layer)]), at: Point(Style.margin, top + map / 2), vertical: .center, size: Style.labelSize, bold: true)
            for (column, head) in heads.enumerated() {
                let weights = try view.attention(layer: layer, head: head).flatMap { $0 }
                var panel = MatrixPanel(values: weights, rows: count, columns: count, map: .viridis, range: ValueRange(0, 1), cellSize: cell)
                if showTokens && column == 0 { panel.rowLabels = tokens }
                builder.draw(panel, at: Point(left + Double(column) * (map + gap) - (panel.rowLabels == nil ? 0 : tokenWidth), top))
            }
        }
        var bottom = y + Double(layers.count) * (map + gap) - gap
        if showTokens, let lastColumn = heads.indices.last {
            let x0 = left + Double(lastColumn) * (map + gap)
            var lowest = bottom
            for (index, token) in tokens.enumerated() {
                let box = builder.text(token, at: Point(x0 + (Double(index) + 0.5) * cell, bottom + 3), horizontal: .end, vertical: .center,
                                       size: Style.smallSize, color: .mutedInk, rotation: 90)
                lowest = max(lowest, box.maxY)
            }
            bottom = lowest
        }
        let right = left + Double(heads.count) * (map + gap) - gap
        let bar = builder.colorBar(.viridis, range: ValueRange(0, 1), in: Rect(x: right + 20, y: y + 16, width: Style.colorBarWidth, height: 100), label: CommonWords.weight(edition))
        let caption = BertWords.captionOf(edition, ["title": title, "model": view.model])
            + BertWords.modelViewCaption(edition, ["layers": String(layers.count), "heads": String(heads.count), "count": String(count)])
            + (showTokens ? BertWords.modelViewTokens(edition, ["tokens": view.tokens.joined(separator: " ")]) : ChartWords.period(edition))
        return builder.figure(kind: "model-view", size: Size(bar.maxX + Style.margin, bottom + Style.margin), title: title, caption: caption,
                              source: (view.model, view.step, []))
    }
}
