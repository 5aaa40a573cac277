import StepwiseTrace

/// Reads a GAN spec document into a `GANSpec`, checking every field against the others: the
/// generator's output against the data's samples, the discriminator's last layer, the noise's
/// shape against the plan, and every size before it sizes memory.
extension GANSpec {
    private static let topLevelFields = ["name", "kind", "seed", "latent_dim", "generator", "discriminator", "optimizer",
                                         "generator_optimizer", "discriminator_optimizer", "data", "train"]

    static func read(_ root: SpecField, defaultName: String, allowLarge: Bool, memoryCeiling: Double) throws -> GANSpec {
        let object = try root.object(allowed: topLevelFields)
        let name = try object.optional("name").map { try SpecName.checked($0.string(), at: $0) } ?? defaultName
        let seedField = object.optional("seed")
        let seedValue = try seedField?.integer() ?? 0
        guard seedValue >= 0 else { throw seedField!.error("expected an integer ≥ 0, found \(seedValue)") }
        let seed = UInt64(seedValue)
        let latentField = try object.required("latent_dim")
        let latentDim = try latentField.positiveInteger()
        guard CheckedSize.product([latentDim]) != nil else { throw latentField.error("\(latentDim) values do not fit") }

        let generatorField = try object.required(generatorName)
        let generator = try network(generatorField, inputShape: [latentDim])
        let sampleShape = generator.outputShape

        // Optimizers: `optimizer` for both, unless a network has its own.
        let shared = try object.optional("optimizer").map(OptimizerSpec.read)
        func optimizer(_ key: String) throws -> OptimizerSpec {
            if let own = object.optional(key) { return try OptimizerSpec.read(own) }
            guard let shared else {
                throw object.field.child("optimizer", .scalar(.init(""))).error("missing required field (or give both generator_optimizer and discriminator_optimizer)")
            }
            return shared
        }
        let generatorOptimizer = try optimizer("generator_optimizer")
        let discriminatorOptimizer = try optimizer("discriminator_optimizer")

        let (plan, discriminatorSteps) = try readPlan(object.optional("train"), allowLarge: allowLarge)
        let dataField = try object.required("data")
        let data = try dataField.object(allowed: ["inputs", "generate", "noise"])
        let real = try realSamples(data, dataField: dataField, sampleShape: sampleShape, generatorField: generatorField,
                                   seed: seed, allowLarge: allowLarge)

        let discriminatorField = try object.required(discriminatorName)
        let discriminator = try network(discriminatorField, inputShape: sampleShape)
        let last = discriminator.layerFields.count - 1
        guard discriminator.outputShape == [1], let dense = discriminator.layers[last] as? Dense, dense.activation == .sigmoid else {
            let found = discriminator.layers[last]
            let activation = (found as? Dense).map { ", activation \($0.activation.rawValue)" } ?? ""
            throw discriminator.layerFields[last].error("the discriminator's last layer must be one sigmoid unit (dense, units 1, activation sigmoid), found \(found.type) with output shape \(discriminator.outputShape)\(activation)")
        }
        let parameterCount = generator.parameterCount + discriminator.parameterCount
        if !allowLarge && parameterCount > ModelSpec.maxParameters {
            throw root.error("the two networks have \(parameterCount) parameters, more than the limit of \(ModelSpec.maxParameters) (pass --allow-large to run them anyway)")
        }

        let batch = Swift.min(plan.batchSize ?? real.shape[0], real.shape[0])
        var noise: Tensor?
        if let noiseField = data.optional("noise") {
            let value = try noiseField.tensor()
            let updates = plan.steps * discriminatorSteps
            let expected = [updates, plan.batchSize ?? real.shape[0], latentDim]
            guard value.shape == expected else {
                throw noiseField.error("expected shape \(expected) (steps × discriminator_steps, batch_size, latent_dim), found \(value.shape)")
            }
            if !allowLarge && value.count + real.count > ModelSpec.maxDataNumbers {
                throw noiseField.error("the data holds \(value.count + real.count) numbers, more than the limit of \(ModelSpec.maxDataNumbers) (pass --allow-large to run it anyway)")
            }
            noise = value
        }

        // Working memory: a discriminator update on 2·batch rows (and the generator's forward
        // pass), a generator update through both networks on batch rows, and the data.
        let samples = real.shape[0]
        let generatorMemory = WorkingMemory.estimate(layers: generator.layers, inputShape: [latentDim], parameterCount: generator.parameterCount,
                                                     samples: batch, targetNumbers: 0, batchSize: batch)
        let discriminatorMemory = WorkingMemory.estimate(layers: discriminator.layers, inputShape: sampleShape,
                                                         parameterCount: discriminator.parameterCount,
                                                         samples: samples, targetNumbers: 0, batchSize: 2 * batch)
        let bytes = 2 * generatorMemory.bytes + discriminatorMemory.bytes + 8 * Double(noise?.count ?? 0)
        let needs = "the run needs about \(WorkingMemory.spelled(bytes)) of working memory (estimated from the shapes)"
        if bytes > memoryCeiling {
            throw root.error("\(needs), more than the ceiling of \(WorkingMemory.spelled(memoryCeiling)) (three quarters of this machine's memory), even with --allow-large")
        }
        if !allowLarge && bytes > WorkingMemory.limitBytes {
            throw root.error("\(needs), more than the limit of \(WorkingMemory.spelled(WorkingMemory.limitBytes)) (pass --allow-large to run it anyway)")
        }

        return GANSpec(name: name, seed: seed, latentDim: latentDim, generatorLayers: generator.layers,
                       discriminatorLayers: discriminator.layers, generatorWeights: generator.weights,
                       discriminatorWeights: discriminator.weights, generatorOptimizer: generatorOptimizer,
                       discriminatorOptimizer: discriminatorOptimizer, realSamples: real, sampleShape: sampleShape,
                       noise: noise, plan: plan, discriminatorSteps: discriminatorSteps)
    }

    /// `generator` or `discriminator`: `{"layers": [...]}`, of real-valued layers.
    private static func network(_ field: SpecField, inputShape: [Int]) throws -> NetworkSpec {
        let object = try field.object(allowed: ["layers"])
        let network = try NetworkSpecReader.read(try object.required("layers"), inputShape: inputShape)
        if network.layers.first is Embedding {
            throw network.layerFields[0].error("a GAN's networks read real numbers (noise, samples), but embedding reads token ids")
        }
        return network
    }

    /// `data.inputs` (samples of the generator's output shape) or `data.generate`.
    private static func realSamples(
        _ data: SpecObject, dataField: SpecField, sampleShape: [Int], generatorField: SpecField, seed: UInt64, allowLarge: Bool
    ) throws -> Tensor {
        if let generateField = data.optional("generate") {
            if let inputs = data.optional("inputs") { throw inputs.error("not allowed together with data.generate") }
            return try generated(generateField, sampleShape: sampleShape, seed: seed, allowLarge: allowLarge)
        }
        let inputsField = try data.required("inputs")
        let inputs = try inputsField.tensor()
        guard inputs.rank >= 1, inputs.shape[0] > 0 else { throw inputsField.error("expected at least one sample, found none") }
        let samples = Array(inputs.shape.dropFirst())
        guard samples == sampleShape else {
            throw generatorField.error("the generator makes samples of shape \(sampleShape), but data.inputs holds samples of shape \(samples)")
        }
        if !allowLarge && inputs.count > ModelSpec.maxDataNumbers {
            throw inputsField.error("the data holds \(inputs.count) numbers, more than the limit of \(ModelSpec.maxDataNumbers) (pass --allow-large to run it anyway)")
        }
        return inputs
    }

    /// `data.generate`: `samples`, `kind`, and the kind's settings (`noise`; `modes`, `radius`,
    /// `spread` for `ring` and `grid`). Samples have the generator's output shape.
    private static func generated(_ field: SpecField, sampleShape: [Int], seed: UInt64, allowLarge: Bool) throws -> Tensor {
        let generate = try field.object(allowed: ["samples", "kind", "noise", "modes", "radius", "spread"])
        let samplesField = try generate.required("samples")
        let samples = try samplesField.positiveInteger()
        let kindField = try generate.required("kind")
        let choices = DataGenerator.allCases.filter(\.makesGANSamples)
        let kind = DataGenerator(rawValue: try kindField.choice(choices.map(\.rawValue)))!
        var settings = DataGenerator.Settings()
        func number(_ key: String, _ check: (Double) -> Bool, _ expected: String) throws -> Double? {
            guard let field = generate.optional(key) else { return nil }
            let value = try field.number()
            guard check(value) else { throw field.error("expected \(expected), found \(field.shown)") }
            return value
        }
        if let noiseField = generate.optional("noise"), !kind.takesNoise {
            throw noiseField.error("\(kind.rawValue) data takes no noise (only blobs, moons, circles, spirals, xor and bars do)")
        }
        settings.noise = try number("noise", { $0 >= 0 }, "a standard deviation ≥ 0") ?? settings.noise
        for key in ["modes", "radius", "spread"] {
            if let other = generate.optional(key), !kind.isUnlabelled { throw other.error("only ring and grid data take \(key)") }
        }
        if let modesField = generate.optional("modes") {
            settings.modes = try modesField.positiveInteger()
            if !allowLarge && settings.modes! > ModelSpec.maxDataNumbers {
                throw modesField.error("\(settings.modes!) modes are more than the limit of \(ModelSpec.maxDataNumbers)")
            }
        }
        settings.radius = try number("radius", { $0 > 0 }, "a positive number") ?? settings.radius
        settings.spread = try number("spread", { $0 >= 0 }, "a standard deviation ≥ 0") ?? settings.spread
        if let problem = kind.problem(inputShape: sampleShape, outputShape: [1], loss: .binaryCrossentropy, settings: settings) {
            throw kindField.error("\(problem) (the generator's output shape is the samples' shape)")
        }
        guard let numbers = CheckedSize.product([samples] + sampleShape) else {
            throw samplesField.error("\(CheckedSize.spelled([samples] + sampleShape)) values do not fit")
        }
        if !allowLarge && numbers > ModelSpec.maxDataNumbers {
            throw samplesField.error("the data would hold \(numbers) numbers, more than the limit of \(ModelSpec.maxDataNumbers) (pass --allow-large to run it anyway)")
        }
        return kind.make(samples: samples, inputShape: sampleShape, outputShape: [1], loss: .binaryCrossentropy, seed: seed,
                         settings: settings).inputs
    }

    /// `train`: `steps`, `batch_size`, `shuffle` as for model specs, and `discriminator_steps`.
    private static func readPlan(_ field: SpecField?, allowLarge: Bool) throws -> (TrainingPlan, Int) {
        guard let field else { return (TrainingPlan(), 1) }
        let object = try field.object(allowed: ["steps", "batch_size", "shuffle", "discriminator_steps"])
        var steps = 1
        if let stepsField = object.optional("steps") {
            steps = try stepsField.positiveInteger()
            if let problem = ModelSpec.stepsProblem(steps, allowLarge: allowLarge) { throw stepsField.error(problem) }
        }
        let discriminatorSteps = try object.optional("discriminator_steps")?.positiveInteger() ?? 1
        if let dField = object.optional("discriminator_steps"), CheckedSize.product([steps, discriminatorSteps]).map({ $0 > ModelSpec.maxSteps && !allowLarge }) ?? true {
            throw dField.error("\(steps) steps × \(discriminatorSteps) discriminator updates are more than the limit of \(ModelSpec.maxSteps) updates (pass --allow-large to run them anyway)")
        }
        let plan = TrainingPlan(steps: steps, batchSize: try object.optional("batch_size")?.positiveInteger(),
                                shuffle: try object.optional("shuffle")?.boolean() ?? false)
        return (plan, discriminatorSteps)
    }
}
