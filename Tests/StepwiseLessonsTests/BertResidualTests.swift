import Foundation
import StepwiseRender
import Testing
@testable import StepwiseLessons

/// Lesson 11's residual walkthrough (`show: bert-residual`, token "dog", the feed-forward block of
/// layer 1): the sum x + F(x), LayerNorm's μ and σ² and the block's output recomputed here from
/// the block's input, its dense output, γ and β, and each number found on the page.
@Suite struct BertResidualTests {
    typealias C = CurriculumTests
    typealias II = CurriculumIITests

    @Test func residualAndLayerNormByHand() throws {
        let hello = try BertLessonClaimsTests.view("hello")
        let dog = 4
        #expect(hello.tokens[dog] == "dog")
        let x = try hello.tokenRows("encoder/layer0/attention/layer_norm/shift")[dog]
        let change = try hello.tokenRows("encoder/layer0/feed_forward/output_dense")[dog]
        let s = zip(x, change).map { $0 + $1 }
        #expect(s == (try hello.tokenRows("encoder/layer0/feed_forward/residual")[dog]))
        let width = Double(s.count)
        #expect(s.count == 384)
        let mu = s.reduce(0, +) / width
        let variance = s.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / width
        // MiniLM's config.json: layer_norm_eps 1e-12.
        let epsilon = 1e-12
        #expect(try hello.tensor("encoder/layer0/feed_forward/layer_norm/epsilon").data == [epsilon])
        let gamma = try hello.tensor("encoder/layer0/feed_forward/layer_norm/gamma").data
        let beta = try hello.tensor("encoder/layer0/feed_forward/layer_norm/beta").data
        let y = (0..<4).map { gamma[$0] * (s[$0] - mu) / (variance + epsilon).squareRoot() + beta[$0] }
        let layerOutput = try hello.hiddenStates(after: 1)[dog]
        for j in 0..<4 { #expect(II.close(y[j], layerOutput[j], 1e-12), "feature \(j + 1)") }
        let page = try C.page("bert")
        let shown = Array(x[0..<4]) + Array(change[0..<4]) + Array(s[0..<4]) + [mu, variance, (variance + epsilon).squareRoot()] + y
        for value in shown where value != 0 { #expect(C.shows(page, value, digits: 4), "\(value)") }
        #expect(page.contains("id=\"the-residual-connection-and-layernorm\""))
    }

    @Test func blockIsCheckedWhereItIsWritten() throws {
        let specs = ["hello": URL(fileURLWithPath: "/tmp/hello.json")]
        for (text, problem) in [("show: bert-residual\nlayer: 1\nblock: output", "expected attention or feed-forward"),
                                ("show: bert-feed-forward\nlayer: 1\nblock: attention", "block applies to show: bert-residual only")] {
            let field = try YAMLField.parse("spec: hello\n" + text, file: "lesson.md", lineOffset: 0, what: "walkthrough")
            let error = #expect(throws: LessonError.self) { try WalkthroughDirective(field, specs: specs) }
            #expect(error.map { "\($0)".contains(problem) } == true, "\(String(describing: error))")
        }
    }
}
