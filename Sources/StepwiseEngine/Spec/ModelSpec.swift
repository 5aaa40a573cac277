import Foundation
import StepwiseTrace
import Yams

/// A parsed, checked model spec (see the contract in model-spec.md): everything needed to run.
///
/// Read one with `ModelSpec.load(contentsOf:)` or `ModelSpec.parse(_:file:)`; every problem is
/// a `SpecError` naming the file and the field path.
public struct ModelSpec: Sendable {
    public var name: String
    public var seed: UInt64
    /// One sample's input shape, no batch axis.
    public var inputShape: [Int]
    public var layers: [any Layer]
    /// Weights the spec gave, keyed `"<layer>/<param>"`; the rest are initialised from `seed`.
    public var weights: [String: Tensor]
    public var loss: Loss
    public var optimizer: OptimizerSpec
    public var dataset: Dataset
    public var plan: TrainingPlan

    /// The largest model and data a spec may ask for without `allowLarge`.
    public static let maxParameters = 1_000_000
    public static let maxDataNumbers = 10_000_000
    public static let maxSteps = 1_000_000

    /// Why a run of `steps` steps is refused (beyond `maxSteps` without `--allow-large`: almost
    /// surely a typo, and it would run for days), or nil.
    public static func stepsProblem(_ steps: Int, allowLarge: Bool) -> String? {
        if steps < 1 { return "expected at least 1 step, found \(steps)" }
        if !allowLarge && steps > maxSteps {
            return "\(steps) steps are more than the limit of \(maxSteps) (pass --allow-large to run them anyway)"
        }
        return nil
    }

    /// Reads and checks a spec file: a `.json` file with the JSON parser, any other as YAML.
    /// `memoryCeiling` bounds the estimated working memory even with `allowLarge` (by default
    /// three quarters of the machine's memory, `WorkingMemory.machineCeilingBytes`).
    public static func load(contentsOf url: URL, allowLarge: Bool = false, memoryCeiling: Double? = nil) throws -> ModelSpec {
        let file = url.path
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw SpecError(file: file, location: "", message: "cannot be read as UTF-8 text")
        }
        let stem = url.deletingPathExtension().lastPathComponent
        return try parse(text, file: file, defaultName: stem, allowLarge: allowLarge, memoryCeiling: memoryCeiling)
    }

    /// Reads and checks a spec from text; `file` names it in errors, and a name ending in
    /// `.json` reads it with the JSON parser (YAML reads JSON too, but not every escape).
    public static func parse(
        _ text: String, file: String, defaultName: String = "model", allowLarge: Bool = false, memoryCeiling: Double? = nil
    ) throws -> ModelSpec {
        try read(document(text, file: file), defaultName: defaultName, allowLarge: allowLarge, memoryCeiling: memoryCeiling)
    }

    /// Checks a parsed document as a model spec (one without a `kind`).
    static func read(_ root: SpecField, defaultName: String, allowLarge: Bool, memoryCeiling: Double?) throws -> ModelSpec {
        if let kind = SpecKind.field(of: root) {
            throw kind.error("\(kind.shown) specs are read by stepwise trace, report and bench, not here (a model spec has no kind)")
        }
        let limits = Limits(allowLarge: allowLarge, memoryCeiling: memoryCeiling ?? WorkingMemory.machineCeilingBytes)
        return try read(root, defaultName: defaultName, limits: limits)
    }

    /// The parsed document of a spec file (JSON or YAML, aliases checked), before any field is read.
    static func document(_ text: String, file: String) throws -> SpecField {
        let root = file.lowercased().hasSuffix(".json")
            ? try JSONSpecDocument.node(text, file: file)
            : try yamlNode(text, file: file)
        try refuseAliasExpansion(root, textBytes: text.utf8.count, file: file)
        return SpecField(node: root, path: "", file: file)
    }

    private static func yamlNode(_ text: String, file: String) throws -> Node {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw SpecError(file: file, location: "", message: "the file is empty")
            }
            return node
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        }
    }

    /// YAML aliases (`*name`) repeat an anchored node without repeating its text, so nested
    /// anchors let a file of a few hundred bytes stand for billions of nodes ("billion laughs").
    /// Counts the nodes the document stands for, stopping as soon as they exceed 16 per byte of
    /// text (a spec without aliases has fewer than one per byte), so such a file is refused at once.
    private static func refuseAliasExpansion(_ root: Node, textBytes: Int, file: String) throws {
        let ceiling = 16 * textBytes + 1_000
        var count = 0
        var pending = [root]
        while let node = pending.popLast() {
            count += 1
            if count > ceiling {
                throw SpecError(file: file, location: "",
                                message: "aliases (*name) expand the document to more than \(ceiling) values, more than 16 per byte of text: refused as an alias bomb")
            }
            switch node {
            case .mapping(let mapping): for (key, value) in mapping { pending.append(key); pending.append(value) }
            case .sequence(let sequence): pending.append(contentsOf: sequence)
            case .scalar, .alias: break
            }
        }
    }

    /// True when the inputs are integer token ids: the first layer is an `embedding`.
    public var integerInputs: Bool { layers.first is Embedding }

    /// A fresh model with the spec's weights, the rest initialised from the seed.
    public func makeModel() -> Model {
        Model(name: name, inputShape: inputShape, layers: layers, loss: loss, seed: seed, weights: weights,
              integerInputs: integerInputs)
    }

    /// A training run of the spec from its first step; `steps` overrides `train.steps`.
    public func makeRun(steps: Int? = nil) -> TrainingRun {
        var plan = self.plan
        if let steps { plan.steps = steps }
        return TrainingRun(trainer: Trainer(model: makeModel(), optimizer: optimizer.make()), dataset: dataset,
                           plan: plan, seed: seed)
    }

    // MARK: Reading

    private static let topLevelFields = ["name", "seed", "input_shape", "layers", "loss", "optimizer", "data", "train"]

    /// The size rules a spec is read under.
    private struct Limits {
        /// `--allow-large`: lifts the parameter, data and working-memory limits (not the ceiling).
        var allowLarge: Bool
        /// Bytes of working memory no run may need.
        var memoryCeiling: Double
    }

    private static func read(_ root: SpecField, defaultName: String, limits: Limits) throws -> ModelSpec {
        let allowLarge = limits.allowLarge
        let object = try root.object(allowed: topLevelFields)
        let name = try object.optional("name").map { try SpecName.checked($0.string(), at: $0) } ?? defaultName
        let seedField = object.optional("seed")
        let seedValue = try seedField?.integer() ?? 0
        guard seedValue >= 0 else { throw seedField!.error("expected an integer ≥ 0, found \(seedValue)") }
        let inputShapeField = try object.required("input_shape")
        let inputShape = try inputShapeField.positiveIntegers()
        guard !inputShape.isEmpty else { throw inputShapeField.error("expected at least one dimension, found []") }
        guard CheckedSize.product(inputShape) != nil else {
            throw inputShapeField.error("\(CheckedSize.spelled(inputShape)) values do not fit")
        }

        // Layers, each checked against the shape that reaches it.
        let layersField = try object.required("layers")
        let network = try NetworkSpecReader.read(layersField, inputShape: inputShape)
        let (layers, weights, parameterCount, layerFields) = (network.layers, network.weights, network.parameterCount, network.layerFields)
        let shape = network.outputShape
        if !allowLarge && parameterCount > maxParameters {
            throw layersField.error("the model has \(parameterCount) parameters, more than the limit of \(maxParameters) (pass --allow-large to run it anyway)")
        }

        let lossField = try object.required("loss")
        let loss = Loss(rawValue: try lossField.choice(Loss.allCases.map(\.rawValue)))!
        let optimizer = try OptimizerSpec.read(try object.required("optimizer"))
        let tokenCount = (layers.first as? Embedding)?.inputDim
        let plan = try readPlan(object.optional("train"), allowLarge: allowLarge)
        let outputShape = shape
        /// Refuses a run whose estimated working memory is beyond the limit (or the ceiling).
        func checkMemory(samples: Int) throws {
            let memory = WorkingMemory.estimate(layers: layers, inputShape: inputShape, parameterCount: parameterCount,
                                                samples: samples, targetNumbers: CheckedSize.product(outputShape)!,
                                                batchSize: plan.batchSize ?? samples)
            let field = memory.largestLayer.map { layerFields[$0] } ?? layersField
            let needs = "the run needs about \(WorkingMemory.spelled(memory.bytes)) of working memory (estimated from the shapes)"
            if memory.bytes > limits.memoryCeiling {
                throw field.error("\(needs), more than the ceiling of \(WorkingMemory.spelled(limits.memoryCeiling)) (three quarters of this machine's memory), even with --allow-large")
            }
            if !allowLarge && memory.bytes > WorkingMemory.limitBytes {
                throw field.error("\(needs), more than the limit of \(WorkingMemory.spelled(WorkingMemory.limitBytes)) (pass --allow-large to run it anyway)")
            }
        }
        let dataset = try readData(try object.required("data"), inputShape: inputShape, outputShape: shape,
                                   loss: loss, tokenCount: tokenCount, seed: UInt64(seedValue), allowLarge: allowLarge,
                                   checkMemory: checkMemory)
        return ModelSpec(name: name, seed: UInt64(seedValue), inputShape: inputShape, layers: layers, weights: weights,
                         loss: loss, optimizer: optimizer, dataset: dataset, plan: plan)
    }

    private static func readData(
        _ field: SpecField, inputShape: [Int], outputShape: [Int], loss: Loss, tokenCount: Int?, seed: UInt64, allowLarge: Bool,
        checkMemory: (_ samples: Int) throws -> Void
    ) throws -> Dataset {
        let object = try field.object(allowed: ["inputs", "targets", "generate"])
        if let generateField = object.optional("generate") {
            if let other = object.optional("inputs") ?? object.optional("targets") {
                throw other.error("not allowed together with data.generate")
            }
            let generate = try generateField.object(allowed: ["samples", "kind", "noise", "weights", "bias"])
            let samplesField = try generate.required("samples")
            let samples = try samplesField.positiveInteger()
            let kindField = generate.optional("kind")
            let kind = try kindField.map { DataGenerator(rawValue: try $0.choice(DataGenerator.allCases.filter { !$0.isUnlabelled }.map(\.rawValue)))! } ?? .random
            var settings = DataGenerator.Settings()
            if let noiseField = generate.optional("noise") {
                guard kind.takesNoise else {
                    throw noiseField.error("\(kind.rawValue) data takes no noise (only blobs, moons, circles, spirals, xor, linear and bars do)")
                }
                settings.noise = try noiseField.number()
                guard settings.noise >= 0 && settings.noise.isFinite else {
                    throw noiseField.error("expected a standard deviation ≥ 0, found \(format(settings.noise))")
                }
            }
            for key in ["weights", "bias"] {
                if let field = generate.optional(key), kind != .linear {
                    throw field.error("only linear data takes \(key)")
                }
            }
            if let weightsField = generate.optional("weights") {
                let weights = try weightsField.tensor()
                guard weights.rank == 1 else { throw weightsField.error("expected a list of numbers, found shape \(weights.shape)") }
                settings.weights = weights.data
            }
            settings.bias = try generate.optional("bias")?.number() ?? 0
            if let problem = kind.problem(inputShape: inputShape, outputShape: outputShape, loss: loss, tokenCount: tokenCount,
                                          settings: settings) {
                throw (kindField ?? generateField).error(problem)
            }
            guard let numbers = CheckedSize.product([samples] + inputShape) else {
                throw samplesField.error("\(CheckedSize.spelled([samples] + inputShape)) values do not fit")
            }
            if !allowLarge && numbers > maxDataNumbers {
                throw samplesField.error("the data would hold \(numbers) numbers, more than the limit of \(maxDataNumbers) (pass --allow-large to run it anyway)")
            }
            try checkMemory(samples)
            return kind.make(samples: samples, inputShape: inputShape, outputShape: outputShape, loss: loss,
                             tokenCount: tokenCount, seed: seed, settings: settings)
        }
        let inputsField = try object.required("inputs")
        let inputs = try inputsField.tensor()
        guard inputs.rank >= 1, inputs.shape[0] > 0 else { throw inputsField.error("expected at least one sample, found none") }
        let samples = inputs.shape[0]
        guard Array(inputs.shape.dropFirst()) == inputShape else {
            throw inputsField.error("expected shape [\(samples), \(inputShape.map(String.init).joined(separator: ", "))] (samples × input_shape), found \(inputs.shape)")
        }
        if !allowLarge && inputs.count > maxDataNumbers {
            throw inputsField.error("the data holds \(inputs.count) numbers, more than the limit of \(maxDataNumbers) (pass --allow-large to run it anyway)")
        }
        try checkMemory(samples)
        if let tokenCount, let bad = inputs.data.firstIndex(where: { $0 != $0.rounded() || $0 < 0 || $0 >= Double(tokenCount) }) {
            throw inputsField.error("expected token ids in 0..<\(tokenCount), found \(format(inputs.data[bad])) at flat index \(bad)")
        }
        let targetsField = try object.required("targets")
        let targets = try targetsField.tensor()
        if loss.usesClassIndices {
            let expected = [samples] + outputShape.dropLast()
            guard targets.shape == expected else {
                throw targetsField.error("expected class indices of shape \(expected), found \(targets.shape)")
            }
            let classes = outputShape.last ?? 1
            if let bad = targets.data.firstIndex(where: { $0 != $0.rounded() || $0 < 0 || $0 >= Double(classes) }) {
                throw targetsField.error("expected class indices in 0..<\(classes), found \(format(targets.data[bad])) at flat index \(bad)")
            }
        } else {
            let expected = [samples] + outputShape
            guard targets.shape == expected else {
                throw targetsField.error("expected shape \(expected) (samples × the model's output shape), found \(targets.shape)")
            }
        }
        return Dataset(inputs: inputs, targets: targets)
    }

    private static func readPlan(_ field: SpecField?, allowLarge: Bool) throws -> TrainingPlan {
        guard let field else { return TrainingPlan() }
        let object = try field.object(allowed: ["steps", "batch_size", "shuffle"])
        var steps = 1
        if let stepsField = object.optional("steps") {
            steps = try stepsField.positiveInteger()
            if let problem = stepsProblem(steps, allowLarge: allowLarge) { throw stepsField.error(problem) }
        }
        return TrainingPlan(steps: steps,
                            batchSize: try object.optional("batch_size")?.positiveInteger(),
                            shuffle: try object.optional("shuffle")?.boolean() ?? false)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && Swift.abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// `file:line:column: malformed spec: problem` from the parser's error.
    private static func syntaxError(_ error: YamlError, file: String) -> SpecError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return SpecError(file: "\(file):\(mark.line):\(mark.column)", location: "", message: "malformed JSON/YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return SpecError(file: "\(file):\(context.mark.line):\(context.mark.column)", location: "",
                             message: "malformed JSON/YAML: duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return SpecError(file: file, location: "", message: "malformed JSON/YAML: \(problem)")
        default:
            let firstLine = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable"
            return SpecError(file: file, location: "", message: "malformed JSON/YAML: \(firstLine)")
        }
    }
}
