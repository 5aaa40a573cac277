import StepwiseWords

/// Sentence similarity: the cosine similarity of the sentence embeddings (mean-pooled and
/// normalised, `sentence_embedding`) of several sentences, one BERT trace each, as a matrix with
/// numbers; the sentences are numbered from 1 and listed beside it.
public enum BertSentenceSimilarity {
    public static func figure(_ views: [BertTraceView], decimals: Int = 2, measurer: TextMeasurer = .pango, edition: Edition = .en) throws -> Figure {
        guard views.count >= 2 else {
            throw RenderError.invalidInput("sentence-similarity compares sentences: give at least two BERT traces (--with)")
        }
        let embeddings = try views.map { try $0.sentenceEmbedding() }
        guard Set(embeddings.map(\.count)).count == 1 else {
            throw RenderError.invalidInput("sentence-similarity: the traces' sentence embeddings differ in size (\(embeddings.map { String($0.count) }.joined(separator: ", "))): use one checkpoint")
        }
        let count = views.count
        var values: [Double] = []
        for a in embeddings { for b in embeddings { values.append(BertHiddenChange.cosine(a, b)) } }
        var builder = FigureBuilder(measurer: measurer)
        let title = BertWords.similarityTitle(edition)
        var y = builder.title(title, subtitle: BertWords.similaritySubtitle(edition, [
            "size": String(embeddings[0].count), "trace": ChartWords.traceNote(edition, ["trace": "sentence_embedding"]),
        ]))
        y += 4
        let numbers = (1...count).map(String.init)
        let cell = MatrixPanel.cellSize(fitting: values, decimals: decimals, measurer: measurer, minimum: 40)
        var panel = MatrixPanel(values: values, rows: count, columns: count, map: .viridis, range: ValueRange.covering(values + [0, 1]), cellSize: cell, decimals: decimals)
        panel.rowLabels = numbers
        panel.columnLabels = numbers
        panel.rowAxisLabel = BertWords.sentence(edition)
        panel.columnAxisLabel = BertWords.sentence(edition)
        let layout = builder.draw(panel, at: Point(Style.margin, y))
        var listY = layout.bounds.maxY + 14
        var right = layout.bounds.maxX
        for (index, view) in views.enumerated() {
            let box = builder.text("\(index + 1). \(Markup.escape(view.sentence))", at: Point(Style.margin, listY), vertical: .top, size: Style.labelSize)
            listY = box.maxY + 3
            right = max(right, box.maxX)
        }
        let list = views.enumerated().map { BertWords.similarityItem(edition, ["n": String($0.offset + 1), "sentence": $0.element.sentence]) }
        let caption = BertWords.similarityCaption(edition, ["title": title, "count": String(count), "list": list.joined(separator: BertWords.itemSeparator(edition))])
        return builder.figure(kind: "sentence-similarity", size: Size(right + Style.margin, listY + Style.margin), title: title, caption: caption,
                              source: (views.map(\.model).joined(separator: ", "), views[0].step, ["sentence_embedding"]))
    }
}
