import StepwiseWords

/// The embedding sum: per token (rows), the word, position and type embeddings, their sum, and
/// the sum after LayerNorm (the encoder's input), as heatmaps of the first few features with
/// their numbers.
public enum BertEmbeddingSum {
    /// The panels in order: trace scope and the learner's name.
    static let parts: [(scope: String, name: BertWords)] = [
        ("embeddings/word", .partWord), ("embeddings/position", .partPosition), ("embeddings/type", .partType),
        ("embeddings/sum", .partSum), ("embeddings", .partNormalised),
    ]

    /// `features`: how many of the d features to show (from the first).
    public static func figure(_ view: BertTraceView, features: Int = 4, decimals: Int = 2, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let rows = try parts.map { try view.tokenRows($0.scope) }
        let width = rows[0].first?.count ?? 0
        guard features >= 1 else { throw RenderError.invalidInput("features: expected a number from 1, found \(features)") }
        let shown = min(features, width)
        let count = view.tokens.count
        let values = rows.map { part in part.flatMap { $0.prefix(shown) } }
        let range = ValueRange.symmetric(values.flatMap { $0 })
        let cell = MatrixPanel.cellSize(fitting: values.flatMap { $0 }, decimals: decimals, measurer: measurer)
        var builder = FigureBuilder(measurer: measurer)
        let title = BertWords.sumTitle(edition)
        var y = builder.title(title, subtitle: BertWords.sumSubtitle(edition, [
            "shown": String(shown), "width": String(width), "trace": ChartWords.traceNote(edition, ["trace": "embeddings/word, position, type, sum, layer_norm"]),
        ]))
        y += 4
        var x = Style.margin
        var bottom = y
        let operators = ["+", "+", "=", "→"]
        for (index, part) in parts.enumerated() {
            var panel = MatrixPanel(values: values[index], rows: count, columns: shown, map: .blueWhiteRed, range: range, cellSize: cell, decimals: decimals)
            panel.title = part.name(edition)
            panel.columnLabels = (1...shown).map(String.init)
            if index == 0 { panel.rowLabels = view.tokens.map(Markup.escape) }
            let layout = builder.draw(panel, at: Point(x, y))
            bottom = max(bottom, layout.bounds.maxY)
            x = layout.bounds.maxX + 8
            if index < operators.count {
                let box = builder.text(operators[index], at: Point(x, layout.grid.center.y), vertical: .center, size: Style.titleSize, bold: true)
                x = box.maxX + 8
            }
        }
        let feature = BertWords.feature(edition)
        builder.text(feature, at: Point(Style.margin, bottom + 6), vertical: .top, size: Style.smallSize, color: .mutedInk)
        bottom += 6 + measurer.measure(feature, size: Style.smallSize).height
        let bar = builder.colorBar(.blueWhiteRed, range: range, in: Rect(x: x + 12, y: y + 20, width: Style.colorBarWidth, height: 100), label: CommonWords.value(edition))
        let caption = BertWords.captionOf(edition, ["title": title, "model": view.model])
            + BertWords.sumCaption(edition, ["count": String(count), "shown": String(shown), "width": String(width)])
        return builder.figure(kind: "embedding-sum", size: Size(bar.maxX + Style.margin, max(bottom, bar.maxY) + Style.margin), title: title, caption: caption,
                              source: (view.model, view.step, parts.map(\.scope)))
    }
}
