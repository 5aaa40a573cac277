import StepwiseWords

/// The head view (as bertviz draws it): the tokens twice, in two columns, and a line from each
/// token on the left to every token on the right it attends to, as opaque as the attention
/// weight; one colour per head, with a legend.
public enum BertHeadView {
    /// One colour per head: Okabe–Ito's eight, then four more that stay apart from them.
    static let headColors: [Color] = Color.series + [
        Color(hex: 0x882255), Color(hex: 0x44aa99), Color(hex: 0x999933), Color(hex: 0x332288),
    ]

    /// The colour of `head` (from 1).
    static func color(head: Int) -> Color { headColors[(head - 1) % headColors.count] }

    /// `layer` and `heads` from 1 (`heads` empty: every head of the layer).
    public static func figure(_ view: BertTraceView, layer: Int, heads: [Int] = [], measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let heads = try view.checked(layer: layer, heads: heads)
        let weights = try heads.map { try view.attention(layer: layer, head: $0) }
        let tokens = view.tokens.map(Markup.escape)
        let count = tokens.count
        var builder = FigureBuilder(measurer: measurer)
        let headsText = heads.count == view.headCount ? BertWords.allHeads(edition, ["n": String(heads.count)])
            : (heads.count == 1 ? BertWords.head(edition, ["n": String(heads[0])])
                : BertWords.headsNamed(edition, ["list": heads.map(String.init).joined(separator: ChartWords.enumerationComma(edition))]))
        let title = BertWords.headViewTitle(edition, ["layer": String(layer), "heads": headsText])
        let scope = "encoder/layer\(layer - 1)/attention/head\(heads.count == 1 ? String(heads[0]) : "…")/weights"
        var y = builder.title(title, subtitle: BertWords.headViewSubtitle(edition, ["trace": ChartWords.traceNote(edition, ["trace": scope])]))
        let (reading, read) = (BertWords.tokenReading(edition), BertWords.tokensItReads(edition))
        let tokenWidth = max(tokens.map { measurer.width($0, size: Style.labelSize) }.max() ?? 0,
                             measurer.width(reading, size: Style.smallSize))
        let rowHeight = 22.0
        let gap = 150.0
        let leftX = Style.margin + tokenWidth
        let rightX = leftX + gap
        let headerLeft = builder.text(reading, at: Point(leftX, y), horizontal: .end, vertical: .top, size: Style.smallSize, color: .mutedInk)
        builder.text(read, at: Point(rightX, y), horizontal: .start, vertical: .top, size: Style.smallSize, color: .mutedInk)
        y = headerLeft.maxY + 10
        func rowY(_ index: Int) -> Double { y + (Double(index) + 0.5) * rowHeight }
        for (offset, head) in heads.enumerated() {
            builder.record(weights[offset].flatMap { $0 })
            let color = color(head: head)
            for query in 0..<count {
                for key in 0..<count {
                    let weight = weights[offset][query][key]
                    guard weight.isFinite, weight > 0.01 else { continue }
                    builder.line(Point(leftX + 6, rowY(query)), Point(rightX - 6, rowY(key)),
                                 Stroke(color.withAlpha(min(1, weight) * (heads.count > 1 ? 0.8 : 1)), width: 2))
                }
            }
        }
        var right = rightX
        for (index, token) in tokens.enumerated() {
            builder.text(token, at: Point(leftX, rowY(index)), horizontal: .end, vertical: .center)
            let box = builder.text(token, at: Point(rightX, rowY(index)), horizontal: .start, vertical: .center)
            right = max(right, box.maxX)
        }
        var bottom = rowY(count - 1) + rowHeight / 2 + 12
        // Legend: a swatch per head, wrapped to the figure's width.
        let legendWidth = max(right, 300) - Style.margin
        var x = Style.margin
        for head in heads {
            let label = BertWords.head(edition, ["n": String(head)])
            let width = 14 + 4 + measurer.width(label, size: Style.smallSize) + 12
            if x + width > Style.margin + legendWidth && x > Style.margin {
                x = Style.margin
                bottom += 18
            }
            builder.rect(Rect(x: x, y: bottom, width: 14, height: 14), fill: color(head: head))
            builder.text(label, at: Point(x + 18, bottom + 7), vertical: .center, size: Style.smallSize)
            x += width
        }
        bottom += 14
        let caption = BertWords.captionOf(edition, ["title": title, "model": view.model]) + BertWords.headViewCaption(edition, ["count": String(count)])
        return builder.figure(kind: "head-view", size: Size(max(right, Style.margin + legendWidth) + Style.margin, bottom + Style.margin),
                              title: title, caption: caption,
                              source: (view.model, view.step, heads.map { BertTraceView.weightsScope(layer: layer, head: $0) }))
    }
}
