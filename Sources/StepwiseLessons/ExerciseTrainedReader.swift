import StepwiseEngine
import StepwiseRender
import StepwiseTrace

/// Where an exercise's numbers come from; each quantity is read as the page shows it.
protocol ExerciseReader {
    func read(_ quantity: ExerciseQuantity) throws -> Exercise.Reading
}

/// An exercise's numbers from a training run: a model spec's, or a GAN spec's (each step two
/// updates; the exercise's `phase` says which one its quantities read).
struct TrainedExerciseReader: ExerciseReader {
    let directive: ExerciseDirective
    let traced: TracedSpec
    /// The spec's `every` in the front matter: an exercise reads only steps the lesson keeps anyway,
    /// so that it never adds a point to the spec's loss or accuracy charts.
    var every = 1

    /// The value `quantity` names in this exercise's run, as the page shows it.
    func read(_ quantity: ExerciseQuantity) throws -> Exercise.Reading {
        let reference = directive.source
        if traced.gan == nil, directive.phase != nil {
            throw reference.error("phase is for GAN specs (kind: gan); spec \"\(Excerpt(reference.spec))\" is a single model")
        }
        let labels = ReaderLabel(traced.trace.architecture)
        let format = { (value: Double) in NumberFormat.format(value, digits: directive.digits) }
        switch quantity {
        case .parameter(let name, let index, let part, let stepNumber):
            let step = try self.step(stepNumber)
            guard let param = step.params[name] else {
                throw reference.error("the trace of \"\(Excerpt(reference.spec))\" has no parameter \"\(Excerpt(name))\" (it has: \(step.params.keys.sorted().joined(separator: ", ")))")
            }
            let flat = try Exercise.flatIndex(index, in: param.before.shape, of: name, reference)
            let tensor = part == .before ? param.before : (part == .grad ? param.grad : param.after)
            let full = Exercise.full(index, param.before.shape)
            let label = traced.gan == nil ? labels.parameter(name, index: full) : try ganWords(name, index: full)
            let words: String
            switch (part, directive.phase) {
            case (.before, nil): words = "\(label), after \(Exercise.updates(stepNumber - 1))"
            case (.after, nil): words = "\(label), after \(Exercise.updates(stepNumber))"
            case (.before, let phase?): words = "\(label), before step \(stepNumber)'s \(phase) update"
            case (.after, let phase?): words = "\(label), after step \(stepNumber)'s \(phase) update"
            case (.grad, _): words = "the gradient of \(lossWords) with respect to \(label), \(during(stepNumber))"
            }
            return Exercise.Reading(text: format(tensor.data[flat]), words: words,
                                    traceName: "step \(stepNumber)\(phaseName) · \(Exercise.traceName(name, full)) · \(part.rawValue)")
        case .op(let scope, let index, let part, let stepNumber):
            let step = try self.step(stepNumber)
            let record = try traced.op(scope, in: step, reference)
            let shape = record.value.shape
            let flat = try Exercise.flatIndex(index, in: shape, of: scope, reference)
            let full = Exercise.full(index, shape)
            let label = traced.gan == nil ? labels.element(scope, index: full, shape: shape) : try ganWords(scope, index: full)
            let value: Double
            let words: String
            switch part {
            case .value:
                value = record.value.data[flat]
                words = "\(label), \(during(stepNumber))"
            case .grad:
                guard let grad = record.grad else { throw reference.error("\(Excerpt(scope)) has no gradient in the trace") }
                value = grad.data[flat]
                words = "the gradient of \(lossWords) with respect to \(label), \(during(stepNumber))"
            }
            return Exercise.Reading(text: format(value), words: words,
                                    traceName: "step \(stepNumber)\(phaseName) · \(Exercise.traceName(scope, full)) · \(part.rawValue)")
        case .loss(let stepNumber):
            let step = try self.step(stepNumber)
            let words: String
            switch directive.phase {
            case nil: words = "the loss of training step \(stepNumber), computed with the parameters after \(Exercise.updates(stepNumber - 1))"
            case "generator"?: words = "the generator's loss in step \(stepNumber), computed after that step's discriminator update"
            default: words = "the discriminator's loss in step \(stepNumber), computed before its update"
            }
            return Exercise.Reading(text: format(step.loss), words: words, traceName: "step \(stepNumber)\(phaseName) · loss")
        case .accuracy(let stepNumber):
            guard traced.gan == nil else { throw reference.error("accuracy is a classifier's; spec \"\(Excerpt(reference.spec))\" is a GAN") }
            let step = try self.step(stepNumber)
            let data = traced.spec.dataset
            guard let accuracy = traced.model(after: step).accuracy(inputs: data.inputs, targets: data.targets) else {
                throw reference.error("an accuracy needs a classification loss; spec \"\(Excerpt(reference.spec))\" uses \(traced.spec.loss.rawValue)")
            }
            return Exercise.Reading(text: format(accuracy),
                                    words: "the fraction of the training set classified right after \(Exercise.updates(stepNumber))",
                                    traceName: "step \(stepNumber) · accuracy")
        case .parameterCount(let layer):
            if traced.gan != nil { return try ganParameterCount(layer) }
            let shapes = try self.step(traced.trace.steps.first?.step ?? 1).params.mapValues(\.before.shape)
            let summary = ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture, parameterShapes: shapes)
            guard let layer else {
                return Exercise.Reading(text: ModelSummary.count(summary.totalParameters), words: "the parameters of the whole model",
                                        traceName: "parameters")
            }
            guard let position = traced.trace.architecture.layers.firstIndex(where: { $0.name == layer }) else {
                throw reference.error("the model of \"\(Excerpt(reference.spec))\" has no layer \"\(Excerpt(layer))\" (it has: \(traced.trace.architecture.layers.map(\.name).joined(separator: ", ")))")
            }
            return Exercise.Reading(text: ModelSummary.count(summary.rows[position].parameters), words: "the parameters of \(Exercise.named(labels.layer(layer)))",
                                    traceName: "parameters of \(layer)")
        }
    }

    /// A GAN's parameter count: both networks' recorded parameters, or those of one network or
    /// layer named by prefix (`generator`, `discriminator/hidden`).
    private func ganParameterCount(_ prefix: String?) throws -> Exercise.Reading {
        let first = traced.trace.steps.first?.step ?? 1
        var shapes: [String: [Int]] = [:]
        for record in traced.trace.steps where record.step == first {
            shapes.merge(record.params.mapValues(\.before.shape)) { old, _ in old }
        }
        let own = prefix.map { prefix in shapes.filter { $0.key.hasPrefix(prefix + "/") } } ?? shapes
        guard !own.isEmpty else {
            let names = Set(shapes.keys.map { $0.split(separator: "/").dropLast().joined(separator: "/") }).sorted()
            throw directive.source.error("the GAN \"\(Excerpt(directive.source.spec))\" has no network or layer \"\(Excerpt(prefix ?? ""))\" with parameters (it has: \(names.joined(separator: ", ")))")
        }
        let words = prefix.map { "the parameters of the \($0.replacingOccurrences(of: "/", with: "'s layer "))" } ?? "the parameters of both networks"
        return Exercise.Reading(text: ModelSummary.count(own.values.map { $0.reduce(1, *) }.reduce(0, +)), words: words,
                                traceName: prefix.map { "parameters of \($0)" } ?? "parameters")
    }

    /// "in training step 3", or for a GAN "in step 3's generator update".
    private func during(_ step: Int) -> String {
        directive.phase.map { "in step \(step)'s \($0) update" } ?? "in training step \(step)"
    }

    /// "the loss", or a GAN's "the generator's loss".
    private var lossWords: String { directive.phase.map { "the \($0)'s loss" } ?? "the loss" }

    /// " · generator" in the trace line of a GAN's quantity.
    private var phaseName: String { directive.phase.map { " · \($0)" } ?? "" }

    /// A GAN's parameter or op element in a reader's words (its names are `network/layer/…`):
    /// "w, weight from input 1 to unit 2 of layer 1 of the generator", "D(x), the
    /// discriminator's output, for row 3 of its batch".
    private func ganWords(_ name: String, index: [Int]) throws -> String {
        let parts = name.split(separator: "/").map(String.init)
        let architecture = traced.trace.architecture
        let i = index.first ?? 0, j = index.count > 1 ? index[1] : 0
        switch parts {
        case ["generator", "input"]: return "entry \(j + 1) of the noise z of row \(i + 1)"
        case ["discriminator", "input"]: return "coordinate \(j + 1) of sample \(i + 1) the discriminator reads"
        default: break
        }
        guard parts.count == 3, let networks = architecture.networks,
              let network = networks.firstIndex(where: { $0.name == parts[0] }),
              let position = architecture.layers.firstIndex(where: { $0.name == "\(parts[0])/\(parts[1])" }) else {
            throw directive.source.error("an exercise on a GAN reads a network's input or a layer's kernel, bias, bias_add or activation (network/layer/part), not \"\(Excerpt(name))\"")
        }
        let first = network == 0 ? 0 : networks[0].layerCount
        let number = position - first + 1
        let isLast = number == networks[network].layerCount
        let layer = "layer \(number) of the \(parts[0])"
        switch parts[2] {
        case "kernel": return "w, weight from input \(i + 1) to unit \(j + 1) of \(layer)"
        case "bias": return "b, bias of unit \(i + 1) in \(layer)"
        case "bias_add": return "s, weighted sum of unit \(j + 1) in \(layer), for row \(i + 1) of its batch"
        case "activation" where isLast && network == 1: return "D(x), the discriminator's output, for row \(i + 1) of its batch"
        case "activation" where isLast: return "coordinate \(j + 1) of generated sample \(i + 1), G(z) for noise row \(i + 1)"
        case "activation": return "output of unit \(j + 1) in \(layer), for row \(i + 1) of its batch"
        default:
            throw directive.source.error("an exercise on a GAN reads a layer's kernel, bias, bias_add or activation, not \"\(Excerpt(name))\"")
        }
    }

    /// The record of step `number` (a GAN's: its update of the exercise's phase), if the lesson keeps it.
    private func step(_ number: Int) throws -> TraceStep {
        let reference = directive.source
        let lastStep = traced.plannedSteps
        guard number > lastStep || TrainingRun.keeps(step: number, every: every, lastStep: lastStep) else {
            throw reference.error("step \(number) of \"\(Excerpt(reference.spec))\" is not kept (its front-matter entry says every: \(every)): name step 1, \(lastStep), or a multiple of \(every)")
        }
        let record = try traced.step(TraceReference(reference, step: number))
        guard traced.gan != nil else { return record }
        guard let phase = directive.phase else { throw reference.error("an exercise on a GAN spec needs phase: discriminator or generator") }
        guard let update = traced.trace.steps.last(where: { $0.step == number && $0.phase == phase }) else {
            throw reference.error("step \(number) of \"\(Excerpt(reference.spec))\" has no \(phase) update")
        }
        return update
    }
}
