import Foundation
import Testing
import StepwiseWords
import Yams

/// One Chinese word per concept: no Chinese lesson, glossary entry or catalogue entry uses a
/// word `docs/chinese-vocabulary.yaml` rejects (`not-zh`) for a term of the vocabulary.
@Suite struct ChineseVocabularyTests {
    /// One term of the vocabulary: the Chinese word chosen for it and the words rejected for it.
    struct Term {
        let english: String
        let chosen: String
        let rejected: [String]
    }

    /// A rejected word found in a text: the word and the term it was rejected for.
    struct Finding: Equatable, CustomStringConvertible {
        let word: String
        let term: String
        let chosen: String
        var description: String { "\(word) (write \(chosen) for “\(term)”)" }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lessons = root.appendingPathComponent("lessons")
    static let vocabularyFile = root.appendingPathComponent("docs/chinese-vocabulary.yaml")

    /// The terms of `docs/chinese-vocabulary.yaml`, in file order.
    static let vocabulary: [Term] = {
        let text = try! String(contentsOf: vocabularyFile, encoding: .utf8)
        let entries = try! Yams.load(yaml: text) as! [[String: Any]]
        return entries.map { entry in
            Term(english: entry["term"] as! String, chosen: entry["zh"] as! String,
                 rejected: (entry["not-zh"] as! [Any]).map { "\($0)" })
        }
    }()

    /// The rejected words `text` uses. An occurrence inside an occurrence of a chosen word
    /// (演算 inside 逐步演算, 色标 inside 颜色标尺) is that word, not the rejected one.
    static func rejectedWords(in text: String) -> [Finding] {
        var findings: [Finding] = []
        for term in vocabulary {
            for word in term.rejected {
                let hosts = vocabulary.map(\.chosen).filter { $0 != word && $0.contains(word) }
                let hostRanges = hosts.flatMap { ranges(of: $0, in: text) }
                for range in ranges(of: word, in: text)
                where !hostRanges.contains(where: { $0.lowerBound <= range.lowerBound && range.upperBound <= $0.upperBound }) {
                    findings.append(Finding(word: word, term: term.english, chosen: term.chosen))
                }
            }
        }
        return findings
    }

    static func ranges(of word: String, in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = [], start = text.startIndex
        while let range = text.range(of: word, range: start..<text.endIndex) {
            found.append(range)
            start = range.upperBound
        }
        return found
    }

    /// The Chinese sources of the course: every `lesson.zh.md` and the glossary's table.
    static func chineseSources() throws -> [URL] {
        let folders = try FileManager.default.contentsOfDirectory(atPath: lessons.path).sorted()
        let translations = folders.map { lessons.appendingPathComponent("\($0)/lesson.zh.md") }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        return translations + [lessons.appendingPathComponent("glossary/terms.yaml")]
    }

    @Test func theVocabularyIsWellFormed() {
        #expect(Self.vocabulary.count >= 40)
        for term in Self.vocabulary {
            #expect(!term.chosen.isEmpty && !term.rejected.isEmpty, "\(term.english)")
            #expect(!term.rejected.contains(term.chosen), "\(term.english)")
        }
        let chosen = Self.vocabulary.map(\.chosen)
        #expect(Set(chosen).count == chosen.count, "a word chosen for two terms")
        // A word rejected for one term must not be the word chosen for another.
        for term in Self.vocabulary {
            for word in term.rejected { #expect(!chosen.contains(word), "\(word) (\(term.english))") }
        }
    }

    /// docs/chinese-edition.md names every chosen word, so its tables and the YAML agree.
    @Test func theEditionGuideNamesEveryChosenWord() throws {
        let guide = try String(contentsOf: Self.root.appendingPathComponent("docs/chinese-edition.md"), encoding: .utf8)
        #expect(guide.contains("chinese-vocabulary.yaml"))
        for term in Self.vocabulary { #expect(guide.contains(term.chosen), "\(term.english): \(term.chosen)") }
    }

    /// The check itself: it finds a rejected word, also next to its chosen word, and not inside one.
    @Test func theCheckFindsRejectedWordsOnly() throws {
        let walkthrough = try #require(Self.vocabulary.first { $0.english == "walkthrough" })
        #expect(Self.rejectedWords(in: "上面的\(walkthrough.rejected[0])").map(\.word) == [walkthrough.rejected[0]])
        #expect(Self.rejectedWords(in: "上面的\(walkthrough.chosen)").isEmpty)
        #expect(Self.rejectedWords(in: "\(walkthrough.chosen)，\(walkthrough.rejected[0])").count == 1)
        for term in Self.vocabulary {
            #expect(Self.rejectedWords(in: "见\(term.chosen)。").isEmpty, "\(term.english)")
            for word in term.rejected { #expect(Self.rejectedWords(in: "见\(word)。").contains { $0.word == word }, "\(word)") }
        }
    }

    @Test func theChineseLessonsAndGlossaryUseTheChosenWords() throws {
        for file in try Self.chineseSources() {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                let found = Self.rejectedWords(in: line)
                #expect(found.isEmpty, "\(file.deletingLastPathComponent().lastPathComponent)/\(file.lastPathComponent):\(index + 1): \(found)")
            }
        }
    }

    @Test func theCatalogueUsesTheChosenWords() {
        for (key, phrase) in Catalogue.entries {
            let found = Self.rejectedWords(in: phrase.zh)
            #expect(found.isEmpty, "\(key): \(found)")
        }
    }
}
