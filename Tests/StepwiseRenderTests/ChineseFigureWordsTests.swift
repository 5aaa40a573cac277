import StepwiseRender
import StepwiseWords
import Testing

/// A figure drawn in the Chinese edition shows no English words: every text it draws holds
/// only Chinese, numbers, symbols, the names `LatinWords` allows and the data it shows as it is.
@Suite struct ChineseFigureWordsTests {
    @Test(arguments: ChineseFigures.cases)
    func chineseFigureShowsNoEnglishWords(_ figure: ChineseFigures.Case) throws {
        let drawn = try figure.make()
        #expect(LatinWords.hasHan(drawn.texts.map(\.markup).joined()), "\(figure.name) draws no Chinese")
        for text in drawn.texts {
            let english = LatinWords.unexpected(in: text.markup, allowing: figure.data.union(ChineseFigures.pendingReaderLabels))
            #expect(english.isEmpty, "\(figure.name): \"\(text.markup)\" shows \(english)")
        }
    }

    /// The figure's title and caption (its alt text) are Chinese too.
    @Test(arguments: ChineseFigures.cases)
    func titleAndCaptionAreChinese(_ figure: ChineseFigures.Case) throws {
        let drawn = try figure.make()
        #expect(LatinWords.hasHan(drawn.title), "\(figure.name): \(drawn.title)")
        #expect(LatinWords.hasHan(drawn.caption), "\(figure.name): \(drawn.caption)")
    }

    /// The edition comes from the lesson's file or `--lang`, never from a figure's options.
    @Test func theEditionIsNotAFigureOption() {
        for key in ["edition", "lang", "language"] {
            #expect(throws: RenderError.self) { try FigureSettings(step: 1, scope: nil, options: [key: "zh"]) }
        }
    }
}
