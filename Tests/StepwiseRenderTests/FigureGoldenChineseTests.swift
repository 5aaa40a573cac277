import StepwiseRender
import StepwiseTesting
import Testing

/// Goldens of part A's figure kinds in the Chinese edition, beside the English ones of
/// `FigureGoldenTests` (the same traces; looked at by a person before committing).
@Suite struct FigureGoldenChineseTests {
    @Test(arguments: ChineseFigures.cases)
    func chineseEdition(_ figure: ChineseFigures.Case) throws {
        assertFigureGolden(try figure.make(), named: "\(figure.name)-zh")
    }
}
