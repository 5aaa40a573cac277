import StepwiseTrace

/// A parsed, checked GAN spec (`"kind": "gan"`, the "GAN specs" section of model-spec.md): a
/// generator from `[latent_dim]` noise to one sample, a discriminator from one sample to the
/// probability that it is real, an optimizer each, the real samples, and the noise.
///
/// Read one with `SpecFile.load(contentsOf:)`; every problem is a `SpecError` naming the file
/// and the field path.
public struct GANSpec: Sendable {
    public var name: String
    public var seed: UInt64
    public var latentDim: Int
    /// The generator's layers: `[latent_dim]` → one sample.
    public var generatorLayers: [any Layer]
    /// The discriminator's layers: one sample → `[1]`, the last one sigmoid unit.
    public var discriminatorLayers: [any Layer]
    /// Weights the spec gave, keyed `"<layer>/<param>"` within each network.
    public var generatorWeights: [String: Tensor]
    public var discriminatorWeights: [String: Tensor]
    public var generatorOptimizer: OptimizerSpec
    public var discriminatorOptimizer: OptimizerSpec
    /// The real samples `[n, …sampleShape]`.
    public var realSamples: Tensor
    /// One sample's shape: the generator's output and the discriminator's input.
    public var sampleShape: [Int]
    /// `data.noise`, `[steps · discriminator_steps, batch_size, latent_dim]`; nil: standard normal
    /// from `seed` (stream `noise`).
    public var noise: Tensor?
    /// `steps` GAN steps; real batches of `batchSize` (nil: all samples), shuffled or not.
    public var plan: TrainingPlan
    /// Discriminator updates per GAN step (≥ 1), each followed in its step by one generator update.
    public var discriminatorSteps: Int

    /// The names of the two networks, the prefixes of their scopes, outputs and params.
    public static let generatorName = "generator"
    public static let discriminatorName = "discriminator"

    /// The number of samples in one real batch (the last batch of an epoch may hold fewer).
    public var batchSize: Int { Swift.min(plan.batchSize ?? realSamples.shape[0], realSamples.shape[0]) }

    /// Why a run of `steps` GAN steps is refused (see `ModelSpec.stepsProblem`; explicit noise
    /// must also cover every discriminator update), or nil.
    public func stepsProblem(_ steps: Int, allowLarge: Bool) -> String? {
        if let problem = ModelSpec.stepsProblem(steps, allowLarge: allowLarge) { return problem }
        guard let updates = CheckedSize.product([steps, discriminatorSteps]), allowLarge || updates <= ModelSpec.maxSteps else {
            return "\(steps) steps × \(discriminatorSteps) discriminator updates are more than the limit of \(ModelSpec.maxSteps) updates (pass --allow-large to run them anyway)"
        }
        if let noise, noise.shape[0] < steps * discriminatorSteps {
            return "data.noise holds \(noise.shape[0]) noise batches, enough for \(noise.shape[0] / discriminatorSteps) steps of \(discriminatorSteps) discriminator update\(discriminatorSteps == 1 ? "" : "s"), not \(steps)"
        }
        return nil
    }

    /// A fresh generator with the spec's weights, the rest initialised from the seed (from the
    /// seed of stream `generator`, so the two networks' default names draw different numbers).
    public func makeGenerator() -> Model {
        var random = SeededRandom(seed: seed, label: GANSpec.generatorName)
        return Model(name: GANSpec.generatorName, inputShape: [latentDim], layers: generatorLayers, loss: .binaryCrossentropy,
                     seed: random.next(), weights: generatorWeights)
    }

    /// A fresh discriminator, as `makeGenerator` (seed of stream `discriminator`).
    public func makeDiscriminator() -> Model {
        var random = SeededRandom(seed: seed, label: GANSpec.discriminatorName)
        return Model(name: GANSpec.discriminatorName, inputShape: sampleShape, layers: discriminatorLayers,
                     loss: .binaryCrossentropy, seed: random.next(), weights: discriminatorWeights)
    }

    /// A run of the spec from its first step; `steps` overrides `train.steps` (check it with
    /// `stepsProblem` first).
    public func makeRun(steps: Int? = nil) -> GANRun {
        var plan = self.plan
        if let steps { plan.steps = steps }
        let trainer = GANTrainer(generator: makeGenerator(), discriminator: makeDiscriminator(),
                                 generatorOptimizer: generatorOptimizer.make(), discriminatorOptimizer: discriminatorOptimizer.make())
        return GANRun(trainer: trainer, realSamples: realSamples, noise: noise, plan: plan,
                      discriminatorSteps: discriminatorSteps, seed: seed)
    }

    /// The two networks as a trace describes them (see `Architecture.networks`).
    public func architecture() -> Architecture {
        let networks = [(makeGenerator(), generatorOptimizer), (makeDiscriminator(), discriminatorOptimizer)]
        var layers: [LayerInfo] = []
        var infos: [NetworkInfo] = []
        for (model, optimizer) in networks {
            for var layer in model.architecture(optimizer: optimizer.type).layers {
                layer.name = "\(model.name)/\(layer.name)"
                layers.append(layer)
            }
            infos.append(NetworkInfo(name: model.name, inputShape: model.inputShape, layerCount: model.layers.count,
                                     optimizer: optimizer.type))
        }
        let optimizer = generatorOptimizer.type == discriminatorOptimizer.type
            ? generatorOptimizer.type
            : "\(GANSpec.generatorName): \(generatorOptimizer.type), \(GANSpec.discriminatorName): \(discriminatorOptimizer.type)"
        return Architecture(inputShape: [latentDim], integerInputs: false, layers: layers,
                            loss: Loss.binaryCrossentropy.rawValue, optimizer: optimizer, networks: infos)
    }
}
