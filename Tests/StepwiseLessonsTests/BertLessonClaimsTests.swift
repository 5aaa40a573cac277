import Foundation
import StepwiseEngine
import StepwiseRender
import Testing
@testable import StepwiseLessons

/// What lesson 11 ("BERT, layer by layer") says about MiniLM's run holds for the engine's
/// trace (the lesson needs `models/`, which scripts/test fetches).
@Suite struct BertLessonClaimsTests {
    static let folder = CurriculumTests.lessons.appendingPathComponent("bert")
    static let library = BertTraceLibrary()

    static func view(_ spec: String) throws -> BertTraceView {
        try BertTraceView(library.trace(of: folder.appendingPathComponent("\(spec).json")).trace)
    }

    /// The token each token gives its largest weight, in `layer`'s `head` (both from 1).
    static func strongest(_ view: BertTraceView, layer: Int, head: Int) throws -> [Int] {
        try view.attention(layer: layer, head: head).map { row in row.indices.max { row[$0] < row[$1] }! }
    }

    @Test func theHeadsDoWhatTheLessonSays() throws {
        let hello = try Self.view("hello")
        #expect(hello.tokens == ["[CLS]", "hello", ",", "my", "dog", "is", "cute", "[SEP]"])
        // Layer 1, head 3: each token reads the one before it (the first itself), nearly all its weight.
        let previous = try hello.attention(layer: 1, head: 3)
        for token in 1..<hello.tokens.count { #expect(previous[token][token - 1] > 0.99) }
        #expect(previous[0][0] > 0.99)
        // Layer 2, head 9: several tokens read the token after them.
        let next = try Self.strongest(hello, layer: 2, head: 9)
        #expect(next.indices.filter { next[$0] == $0 + 1 }.count >= 3)
        // Layer 3, head 10: nearly everything goes to [CLS].
        let cls = try hello.attention(layer: 3, head: 10)
        #expect(cls.allSatisfy { $0[0] > 0.7 })
        // Layer 6, head 12: many tokens, [CLS] and [SEP] included, read "dog".
        let dog = try Self.strongest(hello, layer: 6, head: 12)
        #expect(dog.first == 4 && dog.last == 4 && dog.filter { $0 == 4 }.count >= 4)
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        let dot: Double = zip(a, b).map { $0 * $1 }.reduce(0, +)
        let lengths: Double = a.map { $0 * $0 }.reduce(0, +).squareRoot() * b.map { $0 * $0 }.reduce(0, +).squareRoot()
        return dot / lengths
    }

    @Test func theLastLayerTurnsEveryTokenMost() throws {
        let hello = try Self.view("hello")
        var before = try hello.hiddenStates(after: 0)
        var cosines: [[Double]] = []
        for layer in 1...hello.layerCount {
            let after = try hello.hiddenStates(after: layer)
            cosines.append(zip(before, after).map { Self.cosine($0, $1) })
            before = after
        }
        for token in hello.tokens.indices {
            #expect(cosines.indices.min { cosines[$0][token] < cosines[$1][token] } == hello.layerCount - 1, "token \(token + 1)")
        }
    }

    @Test func theTwoDogSentencesAreTheClosestPair() throws {
        let names = ["hello", "puppy", "cat", "rain", "stocks"]
        let vectors = try names.map { try Self.view($0).sentenceEmbedding() }
        var best = (0.0, "", "")
        for i in vectors.indices { for j in vectors.indices where j > i {
            let cosine = zip(vectors[i], vectors[j]).map { $0 * $1 }.reduce(0, +)
            if cosine > best.0 { best = (cosine, names[i], names[j]) }
        } }
        #expect(best.1 == "hello" && best.2 == "puppy")
    }

    @Test func theTokenizerSplitsAndLosesWhatTheLessonSays() throws {
        let (_, tokenizer, _) = try Self.library.tokenizer(of: Self.folder.appendingPathComponent("hello.json"))
        #expect(tokenizer.tokenize("The unaffable puppies").filter { $0.hasPrefix("##") }.count >= 2)
        #expect(tokenizer.tokenize("Café naïve tokenization") == ["cafe", "naive", "token", "##ization"])
        #expect(tokenizer.tokenize("我爱狗").count == 3 && tokenizer.tokenize("我爱狗").contains("[UNK]"))
    }
}
