import Ink
import Plot
import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// A `stepwise-exercise` on the page: "Exercise N", the question (its `{name}` placeholders
/// replaced by the trace's numbers), and the answer read from the trace inside a `<details>`
/// element ("Show the answer"), which opens without JavaScript and prints open. The answer names
/// what it is in a reader's words; the trace's own name stays in the small "trace: …" line.
struct Exercise {
    let directive: ExerciseDirective
    let traced: TracedSpec
    /// The exercise's number on its page, from 1.
    let number: Int
    /// The spec's `every` in the front matter: an exercise reads only steps the lesson keeps anyway,
    /// so that it never adds a point to the spec's loss or accuracy charts.
    var every = 1

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
            question = question.replacingOccurrences(of: "{\(name)}", with: try read(quantity).text)
        }
        let answer = try read(directive.answer)
        let inside: Node<HTML.BodyContext> = .group([
            .p(.class("answer"), .text("Answer: "), .strong(.class("answer-value"), .literal(answer.text)),
               .literal(" — \(answer.words)."),
               .span(.class("trace"), .literal("trace: \(directive.source.spec) · \(answer.traceName)"))),
            worked ?? .empty,
        ])
        return .section(.class("exercise"), .escaped("id", anchor),
                        .h3(.literal("Exercise \(number)")),
                        .div(.class("question"), .raw(MarkdownParser().html(from: question))),
                        .details(.class("answer"), .summary(.text("Show the answer")), .raw(inside.render())))
    }

    /// The value `quantity` names in this exercise's run, as the page shows it.
    func read(_ quantity: ExerciseQuantity) throws -> Reading {
        let reference = directive.source
        let labels = ReaderLabel(traced.trace.architecture)
        let format = { (value: Double) in NumberFormat.format(value, digits: directive.digits) }
        switch quantity {
        case .parameter(let name, let index, let part, let stepNumber):
            let step = try self.step(stepNumber)
            guard let param = step.params[name] else {
                throw reference.error("the trace of \"\(Excerpt(reference.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
            }
            let flat = try Self.flatIndex(index, in: param.before.shape, of: name, reference)
            let tensor = part == .before ? param.before : (part == .grad ? param.grad : param.after)
            let label = labels.parameter(name, index: Self.full(index, param.before.shape))
            let words: String
            switch part {
            case .before: words = "\(label), after \(Self.updates(stepNumber - 1))"
            case .grad: words = "the gradient of the loss with respect to \(label), in training step \(stepNumber)"
            case .after: words = "\(label), after \(Self.updates(stepNumber))"
            }
            return Reading(text: format(tensor.data[flat]), words: words,
                           traceName: "step \(stepNumber) · \(Self.traceName(name, Self.full(index, param.before.shape))) · \(part.rawValue)")
        case .op(let scope, let index, let part, let stepNumber):
            let step = try self.step(stepNumber)
            let record = try traced.op(scope, in: step, reference)
            let shape = record.value.shape
            let flat = try Self.flatIndex(index, in: shape, of: scope, reference)
            let label = labels.element(scope, index: Self.full(index, shape), shape: shape)
            let value: Double
            let words: String
            switch part {
            case .value:
                value = record.value.data[flat]
                words = "\(label), in training step \(stepNumber)"
            case .grad:
                guard let grad = record.grad else { throw reference.error("\(Excerpt(scope)) has no gradient in the trace") }
                value = grad.data[flat]
                words = "the gradient of the loss with respect to \(label), in training step \(stepNumber)"
            }
            return Reading(text: format(value), words: words,
                           traceName: "step \(stepNumber) · \(Self.traceName(scope, Self.full(index, shape))) · \(part.rawValue)")
        case .loss(let stepNumber):
            let step = try self.step(stepNumber)
            return Reading(text: format(step.loss),
                           words: "the loss of training step \(stepNumber), computed with the parameters after \(Self.updates(stepNumber - 1))",
                           traceName: "step \(stepNumber) · loss")
        case .accuracy(let stepNumber):
            if traced.gan != nil { throw reference.error("an accuracy needs a classifier; spec \"\(Excerpt(reference.spec))\" is a GAN") }
            let step = try self.step(stepNumber)
            let data = traced.spec.dataset
            guard let accuracy = traced.model(after: step).accuracy(inputs: data.inputs, targets: data.targets) else {
                throw reference.error("an accuracy needs a classification loss; spec \"\(Excerpt(reference.spec))\" uses \(traced.spec.loss.rawValue)")
            }
            return Reading(text: format(accuracy),
                           words: "the fraction of the training set classified right after \(Self.updates(stepNumber))",
                           traceName: "step \(stepNumber) · accuracy")
        case .parameterCount(let layer):
            // Every parameter the first step records (for a GAN, both networks' updates).
            let first = traced.trace.steps.first?.step ?? 1
            var shapes: [String: [Int]] = [:]
            for record in traced.trace.steps where record.step == first {
                shapes.merge(record.params.mapValues(\.before.shape)) { old, _ in old }
            }
            guard let layer else {
                return Reading(text: ModelSummary.count(shapes.values.map { $0.reduce(1, *) }.reduce(0, +)),
                               words: "the parameters of the whole model", traceName: "parameters")
            }
            let own = shapes.filter { $0.key.hasPrefix(layer + "/") }
            guard !own.isEmpty else {
                let layers = Set(shapes.keys.compactMap { $0.split(separator: "/").first.map(String.init) }).sorted()
                throw reference.error("the model of \"\(Excerpt(reference.spec))\" has no layer \"\(Excerpt(layer))\" with parameters (it has: \(layers.joined(separator: ", ")))")
            }
            return Reading(text: ModelSummary.count(own.values.map { $0.reduce(1, *) }.reduce(0, +)),
                           words: "the parameters of \(Self.named(labels.layer(layer)))", traceName: "parameters of \(layer)")
        }
    }

    /// The step `number` of the run (for a GAN, its update of the exercise's `phase`); only a
    /// step the lesson keeps anyway.
    private func step(_ number: Int) throws -> TraceStep {
        let reference = directive.source
        let lastStep = traced.plannedSteps
        guard number > lastStep || TrainingRun.keeps(step: number, every: every, lastStep: lastStep) else {
            throw reference.error("step \(number) of \"\(Excerpt(reference.spec))\" is not kept (its front-matter entry says every: \(every)): name step 1, \(lastStep), or a multiple of \(every)")
        }
        guard traced.gan != nil else {
            if directive.phase != nil { throw reference.error("phase is for GAN specs (kind: gan); spec \"\(Excerpt(reference.spec))\" is a single model") }
            return try traced.step(TraceReference(reference, step: number))
        }
        guard let phase = directive.phase else { throw reference.error("an exercise on a GAN trace needs phase: discriminator or generator") }
        guard let record = traced.trace.steps.last(where: { $0.step == number && $0.phase == phase }) else {
            throw reference.error("step \(number) of \"\(Excerpt(reference.spec))\" has no \(phase) update")
        }
        return record
    }

    /// "1 update", "2 updates"; 0 updates is the untrained network's.
    static func updates(_ count: Int) -> String {
        count == 0 ? "0 updates (untrained)" : (count == 1 ? "1 update" : "\(count) updates")
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

    /// "the hidden layer", but "convolution layer 3" (a numbered name takes no article).
    static func named(_ layer: String) -> String {
        layer.last?.isNumber == true ? layer : "the " + layer
    }

    static func traceName(_ name: String, _ index: [Int]) -> String {
        name + (index.isEmpty ? "" : "[" + index.map(String.init).joined(separator: ", ") + "]")
    }
}
