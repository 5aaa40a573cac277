import Foundation
import Testing
@testable import StepwiseEngine

/// WordPiece as BertTokenizer(do_lower_case=True); expected pieces from transformers 5.25
/// (Tools/bert_reference.py), or worked out by hand from the rule and the vocabulary (each
/// hand case also checked once against that BertTokenizer).
@Suite struct BERTTokenizerTests {
    private func tinyTokenizer() throws -> WordPieceTokenizer {
        try BertCheckpoint.readTokenizer(folder: BERTReference.tinyCheckpoint, shownAs: "tiny").1
    }

    @Test func referenceTextsTokeniseExactly() throws {
        let tokenizer = try tinyTokenizer()
        for reference in try BERTReference.cases("tiny-bert-expected.json") {
            let encoded = tokenizer.encode(reference.text)
            #expect(encoded.tokens == reference.tokens)
            #expect(encoded.ids == reference.input_ids)
        }
    }

    @Test(.enabled(if: BERTReference.miniLM != nil))
    func miniLMTokenisesThePrimersSentenceAndTheHardCases() throws {
        let tokenizer = try BertCheckpoint.readTokenizer(folder: BERTReference.miniLM!, shownAs: "minilm").1
        for reference in try BERTReference.cases("minilm-expected.json") {
            let encoded = tokenizer.encode(reference.text)
            #expect(encoded.tokens == reference.tokens)
            #expect(encoded.ids == reference.input_ids)
        }
        // Special tokens typed in the text stay whole, case-sensitively (BertTokenizer's pieces).
        #expect(tokenizer.tokenize("x[SEP]y [mask] [UNK]z") == ["x", "[SEP]", "y", "[", "mask", "]", "[UNK]", "z"])
        #expect(tokenizer.tokenize("Paris is the [MASK] of France.") == ["paris", "is", "the", "[MASK]", "of", "france", "."])
        // "Hello, my dog is cute": the primer's ids, as its BertTokenizer prints them.
        #expect(tokenizer.encode("Hello, my dog is cute").ids == [101, 7592, 1010, 2026, 3899, 2003, 10140, 102])
    }

    @Test func wordPieceSplitsGreedilyAndFallsBackToUnknown() throws {
        let tokenizer = try tinyTokenizer()
        // "unaffable": "un" is the longest piece from the left, then "##aff", then "##able".
        #expect(tokenizer.wordPieces("unaffable") == ["un", "##aff", "##able"])
        // "dogs" = "dog" + "##s"; "hello" is whole (not "hell" + "##o").
        #expect(tokenizer.wordPieces("dogs") == ["dog", "##s"])
        #expect(tokenizer.wordPieces("hello") == ["hello"])
        // "zebra" has no first piece: the whole word is [UNK]; so is "dogz" ("##z" is missing).
        #expect(tokenizer.wordPieces("zebra") == ["[UNK]"])
        #expect(tokenizer.wordPieces("dogz") == ["[UNK]"])
        // Over 100 code points: [UNK] without trying.
        #expect(tokenizer.wordPieces(String(repeating: "a", count: 101)) == ["[UNK]"])
    }

    @Test func basicStepsCleanSplitLowerAndStrip() {
        // Control characters dropped, tabs and no-break spaces are spaces, accents stripped.
        #expect(WordPieceTokenizer.basicTokens("Caf\u{E9}\u{0007}\tNA\u{EF}VE\u{A0}x") == ["cafe", "naive", "x"])
        // Every punctuation mark is a word; ASCII symbols such as $ and ^ count as punctuation.
        #expect(WordPieceTokenizer.basicTokens("it's $5^2...") == ["it", "'", "s", "$", "5", "^", "2", ".", ".", "."])
        // CJK ideographs are split apart; kana stays in its word, and losing its accents loses
        // the voicing mark of が (U+3099 after NFD), as BertTokenizer's does.
        #expect(WordPieceTokenizer.basicTokens("北京abc ひらがな") == ["北", "京", "abc", "ひらかな"])
        #expect(WordPieceTokenizer.basicTokens(" \n ") == [])
    }

    @Test func specialTokensInTheTextStayWhole() throws {
        let tokenizer = try tinyTokenizer()
        // "[" and "]" are not in the tiny vocabulary, so a lower-case [mask] is three [UNK]s.
        #expect(tokenizer.tokenize("my dog [MASK] cute[SEP]is [mask]")
                == ["my", "dog", "[MASK]", "cute", "[SEP]", "is", "[UNK]", "[UNK]", "[UNK]"])
        #expect(tokenizer.encode("[MASK]").ids == [2, 4, 3])
    }

    @Test func chineseCharactersOutsideTheVocabularyBecomeUnknown() throws {
        let tokenizer = try tinyTokenizer()
        // 狗 is in the tiny vocabulary, 猫 is not: each character is its own word.
        #expect(tokenizer.encode("狗猫").tokens == ["[CLS]", "狗", "[UNK]", "[SEP]"])
    }
}
