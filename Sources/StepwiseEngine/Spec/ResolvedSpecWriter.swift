import Foundation
import StepwiseTrace

/// Writes a spec back as JSON with every weight filled in (`stepwise trace --resolved-spec`).
/// Tracing the written spec gives the same trace as the original.
public enum ResolvedSpecWriter {
    /// The JSON of `spec` with the weights of `model` (a fresh model of the spec), keys sorted.
    public static func json(for spec: ModelSpec, model: Model) throws -> Data {
        var train: [String: SpecValue] = ["steps": .integer(spec.plan.steps), "shuffle": .bool(spec.plan.shuffle)]
        if let batchSize = spec.plan.batchSize { train["batch_size"] = .integer(batchSize) }
        let document: [String: SpecValue] = [
            "name": .string(spec.name),
            "seed": .integer(Int(spec.seed)),
            "input_shape": .list(spec.inputShape.map { .integer($0) }),
            "layers": layerList(model),
            "loss": .string(spec.loss.rawValue),
            "optimizer": optimizerValue(spec.optimizer),
            "train": .object(train),
            "data": .object(["inputs": SpecValue(tensor: spec.dataset.inputs),
                             "targets": SpecValue(tensor: spec.dataset.targets)]),
        ]
        return try encoded(document)
    }

    /// The JSON of a GAN spec with the weights of its fresh `generator` and `discriminator`:
    /// each optimizer written per network, the real samples as `data.inputs`, and the noise when
    /// the spec gave it (otherwise the seed draws the same noise again).
    public static func json(for spec: GANSpec, generator: Model, discriminator: Model) throws -> Data {
        var train: [String: SpecValue] = ["steps": .integer(spec.plan.steps), "shuffle": .bool(spec.plan.shuffle),
                                          "discriminator_steps": .integer(spec.discriminatorSteps)]
        if let batchSize = spec.plan.batchSize { train["batch_size"] = .integer(batchSize) }
        var data: [String: SpecValue] = ["inputs": SpecValue(tensor: spec.realSamples)]
        if let noise = spec.noise { data["noise"] = SpecValue(tensor: noise) }
        let document: [String: SpecValue] = [
            "name": .string(spec.name),
            "kind": .string("gan"),
            "seed": .integer(Int(spec.seed)),
            "latent_dim": .integer(spec.latentDim),
            "generator": .object(["layers": layerList(generator)]),
            "discriminator": .object(["layers": layerList(discriminator)]),
            "generator_optimizer": optimizerValue(spec.generatorOptimizer),
            "discriminator_optimizer": optimizerValue(spec.discriminatorOptimizer),
            "train": .object(train),
            "data": .object(data),
        ]
        return try encoded(document)
    }

    /// Sorted, pretty JSON with a final newline.
    private static func encoded(_ document: [String: SpecValue]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(SpecValue.object(document))
        data.append(0x0A)
        return data
    }

    /// A model's layers as spec entries, each with its config, regularizer and weights.
    private static func layerList(_ model: Model) -> SpecValue {
        var layers: [[String: SpecValue]] = []
        for layer in model.layers {
            var entry: [String: SpecValue] = ["type": .string(layer.type), "name": .string(layer.name)]
            for (key, value) in layer.config { entry[key] = SpecValue(value) }
            if let regularizer = layer.regularizer {
                entry["regularizer"] = .object(["l1": .number(regularizer.l1), "l2": .number(regularizer.l2)])
            }
            let params = model.parameterNames.filter { $0.hasPrefix(layer.name + "/") }
            if !params.isEmpty {
                var weights: [String: SpecValue] = [:]
                for param in params {
                    weights[String(param.dropFirst(layer.name.count + 1))] = SpecValue(tensor: model.parameters[param]!)
                }
                entry["weights"] = .object(weights)
            }
            layers.append(entry)
        }
        return .list(layers.map { .object($0) })
    }

    private static func optimizerValue(_ optimizer: OptimizerSpec) -> SpecValue {
        switch optimizer {
        case .sgd(let learningRate, let momentum, let nesterov):
            return .object(["type": .string("sgd"), "learning_rate": .number(learningRate),
                            "momentum": .number(momentum), "nesterov": .bool(nesterov)])
        case .adam(let learningRate, let beta1, let beta2, let epsilon):
            return .object(["type": .string("adam"), "learning_rate": .number(learningRate),
                            "beta_1": .number(beta1), "beta_2": .number(beta2), "epsilon": .number(epsilon)])
        }
    }
}

/// A JSON value of a spec document, nested lists for tensors.
enum SpecValue: Encodable {
    case number(Double)
    case integer(Int)
    case string(String)
    case bool(Bool)
    case list([SpecValue])
    case object([String: SpecValue])

    init(_ attribute: AttributeValue) {
        switch attribute {
        case .int(let value): self = .integer(value)
        case .double(let value): self = .number(value)
        case .ints(let values): self = .list(values.map { .integer($0) })
        case .string(let value): self = .string(value)
        case .bool(let value): self = .bool(value)
        case .strings(let values): self = .list(values.map { .string($0) })
        }
    }

    /// A tensor as nested lists, row-major.
    init(tensor: Tensor) {
        func nest(_ shape: ArraySlice<Int>, _ offset: Int) -> SpecValue {
            guard let first = shape.first else { return .number(tensor.data[offset]) }
            let stride = shape.dropFirst().reduce(1, *)
            return .list((0..<first).map { nest(shape.dropFirst(), offset + $0 * stride) })
        }
        self = nest(tensor.shape[...], 0)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .list(let values): try container.encode(values)
        case .object(let fields): try container.encode(fields)
        }
    }
}
