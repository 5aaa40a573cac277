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
        let title = "How alike the sentences are: cosine similarity of their sentence vectors"
        var y = builder.title(title, subtitle: "each sentence's tokens averaged into one vector of \(embeddings[0].count) numbers · trace: sentence_embedding")
        y += 4
        let numbers = (1...count).map(String.init)
        let cell = MatrixPanel.cellSize(fitting: values, decimals: decimals, measurer: measurer, minimum: 40)
        var panel = MatrixPanel(values: values, rows: count, columns: count, map: .viridis, range: ValueRange.covering(values + [0, 1]), cellSize: cell, decimals: decimals)
        panel.rowLabels = numbers
        panel.columnLabels = numbers
        panel.rowAxisLabel = "sentence"
        panel.columnAxisLabel = "sentence"
        let layout = builder.draw(panel, at: Point(Style.margin, y))
        var listY = layout.bounds.maxY + 14
        var right = layout.bounds.maxX
        for (index, view) in views.enumerated() {
            let box = builder.text("\(index + 1). \(Markup.escape(view.sentence))", at: Point(Style.margin, listY), vertical: .top, size: Style.labelSize)
            listY = box.maxY + 3
            right = max(right, box.maxX)
        }
        let caption = "\(title): \(count) sentences (" + views.enumerated().map { "\($0.offset + 1): \($0.element.sentence)" }.joined(separator: "; ")
            + "); 1 means the same direction, 0 unrelated directions."
        return builder.figure(kind: "sentence-similarity", size: Size(right + Style.margin, listY + Style.margin), title: title, caption: caption,
                              source: (views.map(\.model).joined(separator: ", "), views[0].step, ["sentence_embedding"]))
    }
}
