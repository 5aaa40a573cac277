import Testing
@testable import StepwiseWords

/// A Chinese phrase's spaces at its placeholders: kept beside Latin letters and digits, dropped
/// between two Chinese characters; the value's own spaces are never touched.
@Suite struct HanSpacingTests {
    @Test func spacesStayBesideLatinAndDigits() {
        #expect(ChineseSpacing.fill("{layer} 按 {n} 个时间步展开", with: ["layer": "LSTM 层 1", "n": "5"]) == "LSTM 层 1 按 5 个时间步展开")
        #expect(ChineseSpacing.fill("第 {n} 步", with: ["n": "3"]) == "第 3 步")
    }

    @Test func spacesGoBetweenChineseCharacters() {
        #expect(ChineseSpacing.fill("{layer} 按 {n} 个时间步展开", with: ["layer": "隐藏层", "n": "5"]) == "隐藏层按 5 个时间步展开")
        #expect(ChineseSpacing.fill("第 {n} 个头", with: ["n": "一"]) == "第一个头")
        #expect(ChineseSpacing.fill("{a}（{b}）", with: ["a": "标题", "b": "tiny"]) == "标题（tiny）")
    }

    @Test func theValuesOwnSpacesStay() {
        #expect(ChineseSpacing.fill("句子 {s} 之后", with: ["s": "你好 世界"]) == "句子你好 世界之后")
        #expect(ChineseSpacing.fill("", with: [:]) == "")
    }

    @Test func spacedBooksUseItInChineseOnly() {
        #expect(SequenceWords.lstmShortTitle(.zh, ["layer": "隐藏层"]) == "隐藏层按时间步展开")
        #expect(SequenceWords.lstmShortTitle(.en, ["layer": "hidden layer"]) == "The hidden layer unrolled")
        #expect(SequenceWords.throughTimeTitle(.zh, ["layer": "LSTM 层"]) == "LSTM 层中随时间回传的梯度")
    }
}
