import Foundation
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// An exercise's numbers from a BERT spec's forward pass (no training: no loss, parameters or
/// gradients): `{scope: …, index: […]}` of an attention weight or score, a feed-forward value
/// before or after GELU, or a feature of the sentence vector, named with the tokens they belong to.
struct BertExerciseReader: ExerciseReader {
    let directive: ExerciseDirective
    let view: BertTraceView

    func read(_ quantity: ExerciseQuantity, edition: Edition) throws -> Exercise.Reading {
        let reference = directive.source
        guard case .op(let scope, let index, .value, _) = quantity else {
            throw reference.error("an exercise on a BERT spec reads {scope: …, index: […]} values of its forward pass (it has no training: no loss, parameters or gradients)")
        }
        if directive.phase != nil { throw reference.error("phase is for GAN specs (kind: gan); spec \"\(Excerpt(reference.spec))\" is a BERT encoder") }
        let value: TensorValue
        do {
            value = try view.tensor(scope)
        } catch {
            throw reference.error("the trace of \"\(Excerpt(reference.spec))\" has no scope \"\(Excerpt(scope))\"")
        }
        let flat = try Exercise.flatIndex(index, in: value.shape, of: scope, reference)
        let full = Exercise.full(index, value.shape)
        return Exercise.Reading(text: NumberFormat.format(value.data[flat], digits: directive.digits), words: try words(scope, full, edition),
                                traceName: "\(Exercise.traceName(scope, full)) · value")
    }

    /// The reader's words for one element of a BERT scope, layers and heads counted from 1.
    private func words(_ scope: String, _ index: [Int], _ edition: Edition) throws -> String {
        let token = { (position: Int) in ExerciseWords.token(edition, ["n": String(position + 1), "token": view.tokens[position]]) }
        let numbers = Self.numbers(in: scope)
        let last = index.last ?? 0
        if scope.hasPrefix("encoder/layer"), scope.contains("/attention/head"), numbers.count == 2, index.count == 3 {
            let values = ["from": token(index[1]), "to": token(last),
                          "place": ExerciseWords.attentionPlace(edition, ["head": String(numbers[1]), "layer": String(numbers[0] + 1)])]
            if scope.hasSuffix("/weights") { return ExerciseWords.attentionWeight(edition, values) }
            if scope.hasSuffix("/scores") { return ExerciseWords.attentionScore(edition, values) }
            if scope.hasSuffix("/dot_products") { return ExerciseWords.attentionDotProduct(edition, values) }
        }
        if scope.hasPrefix("encoder/layer"), numbers.count == 1, index.count == 3 {
            let values = ["n": String(last + 1),
                          "place": ExerciseWords.feedForwardPlace(edition, ["token": token(index[1]), "layer": String(numbers[0] + 1)])]
            if scope.hasSuffix("/feed_forward/gelu") { return ExerciseWords.afterGELU(edition, values) }
            if scope.hasSuffix("/feed_forward/preactivation") { return ExerciseWords.beforeGELU(edition, values) }
        }
        if scope == "sentence_embedding" { return ExerciseWords.sentenceFeature(edition, ["n": String(last + 1)]) }
        if scope == "sentence_embedding/mean" { return ExerciseWords.meanFeature(edition, ["n": String(last + 1)]) }
        if scope == "sentence_embedding/norm" { return ExerciseWords.meanLength(edition) }
        throw directive.source.error("an exercise on a BERT spec reads …/attention/head<h>/weights, scores or dot_products, …/feed_forward/gelu or preactivation, or sentence_embedding (/mean, /norm), not \"\(Excerpt(scope))\"")
    }

    /// The numbers in a scope: [0, 3] for encoder/layer0/attention/head3/weights.
    private static func numbers(in scope: String) -> [Int] {
        scope.split(separator: "/").compactMap { part in Int(part.drop { !$0.isNumber }) }
    }
}
