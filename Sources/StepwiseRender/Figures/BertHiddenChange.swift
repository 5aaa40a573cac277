import Foundation
import StepwiseWords

/// How much each encoder layer changes each token's vector: per token (rows) and layer
/// (columns), the cosine similarity of the vector after the layer to the vector before it
/// (1 = same direction), and the length of the change ‖after − before‖.
public enum BertHiddenChange {
    public static func figure(_ view: BertTraceView, decimals: Int = 2, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        let count = view.tokens.count
        let layers = view.layerCount
        var cosines = [Double](repeating: 0, count: count * layers)
        var lengths = cosines
        var before = try view.hiddenStates(after: 0)
        for layer in 1...layers {
            let after = try view.hiddenStates(after: layer)
            for token in 0..<count {
                cosines[token * layers + layer - 1] = cosine(before[token], after[token])
                lengths[token * layers + layer - 1] = zip(before[token], after[token]).map { ($1 - $0) * ($1 - $0) }.reduce(0, +).squareRoot()
            }
            before = after
        }
        var builder = FigureBuilder(measurer: measurer)
        let title = BertWords.changeTitle(edition)
        var y = builder.title(title, subtitle: BertWords.changeSubtitle(edition, ["trace": ChartWords.traceNote(edition, ["trace": "embeddings, encoder/layer…"])]))
        y += 4
        let cell = MatrixPanel.cellSize(fitting: cosines + lengths, decimals: decimals, measurer: measurer, minimum: 36)
        var x = Style.margin
        var bottom = y
        let panels: [(values: [Double], title: String, map: ColorMap, range: ValueRange)] = [
            (cosines, BertWords.changeCosine(edition), .viridis, ValueRange.covering(cosines + [1])),
            (lengths, BertWords.changeLength(edition), .viridis, ValueRange.covering(lengths + [0])),
        ]
        for (index, part) in panels.enumerated() {
            var panel = MatrixPanel(values: part.values, rows: count, columns: layers, map: part.map, range: part.range, cellSize: cell, decimals: decimals)
            panel.title = part.title
            panel.columnLabels = (1...layers).map(String.init)
            panel.columnAxisLabel = BertWords.layer(edition)
            if index == 0 { panel.rowLabels = view.tokens.map(Markup.escape) }
            let layout = builder.draw(panel, at: Point(x, y))
            bottom = max(bottom, layout.bounds.maxY)
            x = layout.bounds.maxX + 28
        }
        let caption = BertWords.captionOf(edition, ["title": title, "model": view.model])
            + BertWords.changeCaption(edition, ["count": String(count), "layers": String(layers)])
        return builder.figure(kind: "hidden-change", size: Size(x - 28 + Style.margin, bottom + Style.margin), title: title, caption: caption,
                              source: (view.model, view.step, ["embeddings"] + (0..<layers).map { "encoder/layer\($0)" }))
    }

    /// cos(a, b) = a·b / (‖a‖‖b‖); NaN when either is all zeros.
    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot = zip(a, b).map { $0 * $1 }.reduce(0, +)
        let norms = a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot()
        return dot / norms
    }
}
