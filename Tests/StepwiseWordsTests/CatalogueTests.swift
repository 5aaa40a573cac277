import Foundation
import Testing
@testable import StepwiseWords

/// The catalogue's promises: every entry has both languages, the same placeholders in each, no
/// Chinese in English and no English words in Chinese, and keys unique.
@Suite struct CatalogueTests {
    @Test func everyEntryHasBothLanguages() {
        for (key, phrase) in Catalogue.entries {
            #expect(!phrase.en.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no English")
            #expect(!phrase.zh.trimmingCharacters(in: .whitespaces).isEmpty, "\(key): no Chinese")
        }
    }

    @Test func bothLanguagesHoldTheSamePlaceholders() {
        for (key, phrase) in Catalogue.entries {
            #expect(Set(Phrase.placeholders(in: phrase.en)) == Set(Phrase.placeholders(in: phrase.zh)), "\(key): \(phrase.en) / \(phrase.zh)")
        }
    }

    @Test func chineseEntriesAreChinese() {
        for (key, phrase) in Catalogue.entries where Self.isWords(phrase.en) {
            let text = Self.withoutPlaceholders(phrase.zh)
            #expect(LatinWords.hasHan(text), "\(key): \"\(phrase.zh)\" has no Chinese")
            #expect(LatinWords.unexpected(in: text) == [], "\(key): \"\(phrase.zh)\" keeps English words")
        }
    }

    @Test func englishEntriesHaveNoChinese() {
        for (key, phrase) in Catalogue.entries {
            #expect(!LatinWords.hasHan(phrase.en), "\(key): \"\(phrase.en)\" has Chinese")
        }
    }

    @Test func keysAreUnique() {
        let keys = Catalogue.entries.map(\.key)
        #expect(Set(keys).count == keys.count)
    }

    @Test func placeholdersAreFilledInEachLanguagesOrder() {
        #expect(CommonWords.afterUpdates(.en, ["n": "3"]) == "after 3 updates")
        #expect(CommonWords.afterUpdates(.zh, ["n": "3"]) == "3 次更新后")
        #expect(Phrase.fill("{a} of {b}", with: ["a": "1", "b": "2"]) == "1 of 2")
        #expect(Phrase.placeholders(in: "第 {n} 步，共 {total} 步") == ["n", "total"])
    }

    @Test func latinWordsSkipMarkupSymbolsAndNames() {
        #expect(LatinWords.unexpected(in: "w<sub>1</sub> 的梯度，sigmoid 与 ReLU") == [])
        #expect(LatinWords.unexpected(in: "隐藏 neuron 2 &amp; loss") == ["neuron", "loss"])
        #expect(LatinWords.unexpected(in: "“dog” 的注意力", allowing: ["dog"]) == [])
        #expect(Edition.zh.list(["a", "b", "c"]) == "a、b 和 c")
        #expect(Edition.en.list(["a", "b", "c"]) == "a, b and c")
    }

    /// Whether an English entry is words rather than a symbol or a number format.
    private static func isWords(_ english: String) -> Bool {
        LatinWords.words(in: withoutPlaceholders(english)).contains { $0.count > 1 }
    }

    private static func withoutPlaceholders(_ text: String) -> String {
        Phrase.fill(text, with: Dictionary(uniqueKeysWithValues: Set(Phrase.placeholders(in: text)).map { ($0, "") }))
    }
}
