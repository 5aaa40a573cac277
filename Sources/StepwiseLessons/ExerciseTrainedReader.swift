import StepwiseEngine
import StepwiseRender
import StepwiseTrace
import StepwiseWords

/// Where an exercise's numbers come from; each quantity is read as the page shows it, named
/// in `edition`'s words.
protocol ExerciseReader {
    func read(_ quantity: ExerciseQuantity, edition: Edition) throws -> Exercise.Reading
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
    func read(_ quantity: ExerciseQuantity, edition: Edition) throws -> Exercise.Reading {
        let reference = directive.source
        if traced.gan == nil, directive.phase != nil {
            throw reference.error("phase is for GAN specs (kind: gan); spec \"\(Excerpt(reference.spec))\" is a single model")
        }
        let labels = ReaderLabel(traced.trace.architecture, edition: edition)
        let during = { (step: Int) in self.during(step, edition) }
        let lossWords = self.lossWords(edition)
        let stepName = { (step: Int) in ExerciseWords.stepName(edition, ["step": String(step)]) }
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
            let label = traced.gan == nil ? labels.parameter(name, index: full) : try ganWords(name, index: full, edition)
            let words: String
            switch (part, directive.phase) {
            case (.before, nil): words = ExerciseWords.labelAt(edition, ["label": label, "when": Exercise.after(stepNumber - 1, edition)])
            case (.after, nil): words = ExerciseWords.labelAt(edition, ["label": label, "when": Exercise.after(stepNumber, edition)])
            case (.before, let phase?):
                words = ExerciseWords.beforeUpdate(edition, ["label": label, "step": String(stepNumber), "network": network(phase, edition)])
            case (.after, let phase?):
                words = ExerciseWords.afterUpdate(edition, ["label": label, "step": String(stepNumber), "network": network(phase, edition)])
            case (.grad, _): words = ExerciseWords.gradientOf(edition, ["loss": lossWords, "label": label, "when": during(stepNumber)])
            }
            return Exercise.Reading(text: format(tensor.data[flat]), words: words,
                                    traceName: "\(stepName(stepNumber))\(phaseName) · \(Exercise.traceName(name, full)) · \(part.rawValue)")
        case .op(let scope, let index, let part, let stepNumber):
            let step = try self.step(stepNumber)
            let record = try traced.op(scope, in: step, reference)
            let shape = record.value.shape
            let flat = try Exercise.flatIndex(index, in: shape, of: scope, reference)
            let full = Exercise.full(index, shape)
            let label = traced.gan == nil ? labels.element(scope, index: full, shape: shape) : try ganWords(scope, index: full, edition)
            let value: Double
            let words: String
            switch part {
            case .value:
                value = record.value.data[flat]
                words = ExerciseWords.labelAt(edition, ["label": label, "when": during(stepNumber)])
            case .grad:
                guard let grad = record.grad else { throw reference.error("\(Excerpt(scope)) has no gradient in the trace") }
                value = grad.data[flat]
                words = ExerciseWords.gradientOf(edition, ["loss": lossWords, "label": label, "when": during(stepNumber)])
            }
            return Exercise.Reading(text: format(value), words: words,
                                    traceName: "\(stepName(stepNumber))\(phaseName) · \(Exercise.traceName(scope, full)) · \(part.rawValue)")
        case .loss(let stepNumber):
            let step = try self.step(stepNumber)
            let words: String
            switch directive.phase {
            case nil: words = ExerciseWords.lossOfStep(edition, ["step": String(stepNumber), "after": Exercise.after(stepNumber - 1, edition)])
            case "generator"?: words = ExerciseWords.generatorLoss(edition, ["step": String(stepNumber)])
            default: words = ExerciseWords.discriminatorLoss(edition, ["step": String(stepNumber)])
            }
            return Exercise.Reading(text: format(step.loss), words: words, traceName: "\(stepName(stepNumber))\(phaseName) · loss")
        case .accuracy(let stepNumber):
            guard traced.gan == nil else { throw reference.error("accuracy is a classifier's; spec \"\(Excerpt(reference.spec))\" is a GAN") }
            let step = try self.step(stepNumber)
            let data = traced.spec.dataset
            guard let accuracy = traced.model(after: step).accuracy(inputs: data.inputs, targets: data.targets) else {
                throw reference.error("an accuracy needs a classification loss; spec \"\(Excerpt(reference.spec))\" uses \(traced.spec.loss.rawValue)")
            }
            return Exercise.Reading(text: format(accuracy),
                                    words: ExerciseWords.accuracy(edition, ["after": Exercise.after(stepNumber, edition)]),
                                    traceName: "\(stepName(stepNumber)) · accuracy")
        case .parameterCount(let layer):
            if traced.gan != nil { return try ganParameterCount(layer, edition) }
            let shapes = try self.step(traced.trace.steps.first?.step ?? 1).params.mapValues(\.before.shape)
            let summary = ModelSummary(model: traced.trace.model, architecture: traced.trace.architecture, parameterShapes: shapes)
            guard let layer else {
                return Exercise.Reading(text: ModelSummary.count(summary.totalParameters), words: ExerciseWords.wholeModelParameters(edition),
                                        traceName: ExerciseWords.parametersName(edition))
            }
            guard let position = traced.trace.architecture.layers.firstIndex(where: { $0.name == layer }) else {
                throw reference.error("the model of \"\(Excerpt(reference.spec))\" has no layer \"\(Excerpt(layer))\" (it has: \(traced.trace.architecture.layers.map(\.name).joined(separator: ", ")))")
            }
            return Exercise.Reading(text: ModelSummary.count(summary.rows[position].parameters), words: ExerciseWords.layerParameters(edition, ["layer": Exercise.named(labels.layer(layer), edition)]),
                                    traceName: ExerciseWords.namedParameters(edition, ["name": layer]))
        }
    }

    /// A GAN's parameter count: both networks' recorded parameters, or those of one network or
    /// layer named by prefix (`generator`, `discriminator/hidden`).
    private func ganParameterCount(_ prefix: String?, _ edition: Edition) throws -> Exercise.Reading {
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
        let words: String
        switch prefix?.split(separator: "/", maxSplits: 1).map(String.init) {
        case nil: words = ExerciseWords.bothNetworksParameters(edition)
        case let parts? where parts.count == 2:
            words = ExerciseWords.networkLayerParameters(edition, ["network": network(parts[0], edition), "layer": parts[1]])
        case let parts?: words = ExerciseWords.networkParameters(edition, ["network": network(parts[0], edition)])
        }
        return Exercise.Reading(text: ModelSummary.count(own.values.map { $0.reduce(1, *) }.reduce(0, +)), words: words,
                                traceName: prefix.map { ExerciseWords.namedParameters(edition, ["name": $0]) } ?? ExerciseWords.parametersName(edition))
    }

    /// "in training step 3", or for a GAN "in step 3's generator update".
    private func during(_ step: Int, _ edition: Edition) -> String {
        directive.phase.map { ExerciseWords.inUpdate(edition, ["step": String(step), "network": network($0, edition)]) }
            ?? ExerciseWords.inTrainingStep(edition, ["step": String(step)])
    }

    /// "the loss", or a GAN's "the generator's loss".
    private func lossWords(_ edition: Edition) -> String {
        directive.phase.map { ExerciseWords.networkLoss(edition, ["network": network($0, edition)]) } ?? ExerciseWords.lossOf(edition)
    }

    /// A GAN's network (`generator`, `discriminator`) in `edition`'s words; another name as it is.
    private func network(_ name: String, _ edition: Edition) -> String {
        switch name {
        case "generator": return ExerciseWords.generator(edition)
        case "discriminator": return ExerciseWords.discriminator(edition)
        default: return name
        }
    }

    /// " · generator" in the trace line of a GAN's quantity.
    private var phaseName: String { directive.phase.map { " · \($0)" } ?? "" }

    /// A GAN's parameter or op element in a reader's words (its names are `network/layer/…`):
    /// "w, weight from input 1 to unit 2 of layer 1 of the generator", "D(x), the
    /// discriminator's output, for row 3 of its batch".
    private func ganWords(_ name: String, index: [Int], _ edition: Edition) throws -> String {
        let parts = name.split(separator: "/").map(String.init)
        let architecture = traced.trace.architecture
        let i = index.first ?? 0, j = index.count > 1 ? index[1] : 0
        switch parts {
        case ["generator", "input"]: return ExerciseWords.noiseEntry(edition, ["i": String(i + 1), "j": String(j + 1)])
        case ["discriminator", "input"]: return ExerciseWords.discriminatorInput(edition, ["i": String(i + 1), "j": String(j + 1)])
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
        let values = ["i": String(i + 1), "j": String(j + 1),
                      "layer": ExerciseWords.ganLayer(edition, ["n": String(number), "network": self.network(parts[0], edition)])]
        switch parts[2] {
        case "kernel": return ExerciseWords.ganWeight(edition, values)
        case "bias": return ExerciseWords.ganBias(edition, values)
        case "bias_add": return ExerciseWords.ganWeightedSum(edition, values)
        case "activation" where isLast && network == 1: return ExerciseWords.ganDiscriminatorOutput(edition, values)
        case "activation" where isLast: return ExerciseWords.ganGenerated(edition, values)
        case "activation": return ExerciseWords.ganUnitOutput(edition, values)
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
