import Ink
import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// A `stepwise-exercise` on the page: "Exercise N", the question (its `{name}` placeholders
/// replaced by the trace's numbers), and the answer read from the trace inside a `<details>`
/// element ("Show the answer"), which opens without JavaScript and prints open. The answer names
/// what it is in a reader's words; the trace's own name stays in the small "trace: …" line.
struct Exercise {
    let directive: ExerciseDirective
    /// Where the numbers come from: a training run (`TrainedExerciseReader`) or a BERT spec's
    /// forward pass (`BertExerciseReader`).
    let reader: any ExerciseReader
    /// The exercise's number on its page, from 1.
    let number: Int
    /// The edition whose words it writes.
    var edition: Edition = .en

    /// A number read from the trace, with the reader's words for it and the trace's name.
    struct Reading {
        /// As the page shows it: "0.0359", "−4.1 × 10⁻⁵", "1,234".
        let text: String
        let words: String
        let traceName: String
    }

    /// The section, with id `anchor`; `worked` is the rendered walkthrough shown under the
    /// answer, if any.
    func render(worked: Node<HTML.BodyContext>?, anchor: String) throws -> Node<HTML.BodyContext> {
        var question = directive.question
        for (name, quantity) in directive.given {
            question = question.replacingOccurrences(of: "{\(name)}", with: try reader.read(quantity, edition: edition).text)
        }
        let answer = try reader.read(directive.answer, edition: edition)
        let inside: Node<HTML.BodyContext> = .group([
            .p(.class("answer"), .text(ExerciseWords.answer(edition)), .strong(.class("answer-value"), .literal(answer.text)),
               .literal(ExerciseWords.answerWords(edition, ["words": answer.words])),
               .span(.class("trace"), .literal(ExerciseWords.traceLine(edition, ["spec": directive.source.spec, "name": answer.traceName])))),
            worked ?? .empty,
        ])
        return .section(.class("exercise"), .escaped("id", anchor),
                        .h3(.literal(ExerciseWords.heading(edition, ["n": String(number)]))),
                        .div(.class("question"), .raw(MarkdownParser().html(from: question))),
                        .details(.class("answer"), .summary(.text(ExerciseWords.showAnswer(edition))), .raw(inside.render())))
    }

    /// "after 1 update", "after 2 updates"; after 0 updates is the untrained network.
    static func after(_ count: Int, _ edition: Edition) -> String {
        switch count {
        case 0: return ExerciseWords.afterNoUpdates(edition)
        case 1: return ExerciseWords.afterOneUpdate(edition)
        default: return CommonWords.afterUpdates(edition, ["n": String(count)])
        }
    }

    /// `index`, or all zeros for a tensor of one element named without one.
    static func full(_ index: [Int], _ shape: [Int]) -> [Int] {
        index.isEmpty ? Array(repeating: 0, count: shape.count) : index
    }

    /// The row-major position of `index` in `shape`; an index outside it is an error at the directive.
    static func flatIndex(_ index: [Int], in shape: [Int], of name: String, _ reference: TraceReference) throws -> Int {
        let count = shape.reduce(1, *)
        if index.isEmpty {
            guard count == 1 else { throw reference.error("\(Excerpt(name)) has shape \(shape): give an index, one number per axis, from 0") }
            return 0
        }
        guard index.count == shape.count, zip(index, shape).allSatisfy({ $0 >= 0 && $0 < $1 }) else {
            throw reference.error("index \(index) is outside \(Excerpt(name))'s shape \(shape) (one number per axis, from 0)")
        }
        return zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }

    /// "the hidden layer", but "convolution layer 3" (a numbered name takes no article);
    /// Chinese has no article.
    static func named(_ layer: String, _ edition: Edition) -> String {
        edition == .zh || layer.last?.isNumber == true ? layer : "the " + layer
    }

    static func traceName(_ name: String, _ index: [Int]) -> String {
        name + (index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]")
    }
}
